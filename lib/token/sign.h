#ifndef OT_SIGN_H
#define OT_SIGN_H

#include "token/config.h"

struct ot_ruleset;

/*
 * Read normalized streams and write RuleId,Signature,RecordId: the rows
 * of each rule of rules per record, in its order (T1..T5 by default), an
 * empty Signature for a blank row; with cfg (rules unused), the streams
 * of its fields (ot-normalize --config) and a row for each of its rules.
 * Returns the exit status.
 */
int ot_sign_files(const struct ot_ruleset *rules, char *const *files,
    int nfiles, int outfd, const char *outname, const struct ot_config *cfg);

#endif
