/*
 * Normal forms remembered by key (see csvr.keys): a Parquet column kept
 * as a dictionary repeats a few thousand values over millions of rows,
 * and each of them is normalized once, not once a row.
 */
#ifndef OT_MEMO_H
#define OT_MEMO_H

#include "person/normalize.h"

#include <stdint.h>

struct ot_memo;

struct ot_memo *ot_memo_new(void);
void ot_memo_free(struct ot_memo *m);

/* ot_normalize_values(), a value whose key is not 0 taken from m when m
 * has it: the same values and reasons, the values in bufs or in m
 * (valid until the next call). */
void ot_normalize_keyed(struct ot_norm_ctx *ctx, struct ot_memo *m,
    const struct ot_value raw[OT_NATTR], const uint64_t key[OT_NATTR],
    char *const bufs[OT_NATTR], struct ot_value vals[OT_NATTR],
    enum ot_reason why[OT_NATTR]);

#endif
