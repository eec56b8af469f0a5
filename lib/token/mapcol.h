/*
 * A filter that rewrites one column of every record and passes the
 * others through: ot-hash (Signature -> Token), ot-encrypt and ot-decrypt
 * (Token -> Token).  The header is written with the first record, so no
 * records in means no bytes out, as the reference writes an empty file.
 */
#ifndef OT_MAPCOL_H
#define OT_MAPCOL_H

#include <stdbool.h>
#include <stddef.h>

/* Rewrite in, of the record's rule rule (NULL unless the map wants it)
 * at name:line, into out (room for OT_MAP_OUT_MAX bytes); NULL, or the
 * reason the value cannot be rewritten, or ot_map_keep: the row is
 * written unchanged without a message (the map counts it itself). */
#define OT_MAP_OUT_MAX	(2 * 1024 * 1024 + 128)
typedef const char *(*ot_map_fn)(void *arg, const char *name,
    unsigned long line, const char *rule, size_t rulelen, const char *in,
    size_t len, char *out, size_t *outlen);

extern const char ot_map_keep[];

struct ot_map {
	const char *in_col;	/* the column read */
	const char *out_col;	/* its name in the output */
	ot_map_fn fn;
	void *arg;
	bool keep_going;	/* on failure write the row unchanged, go on */
	const char *noun;	/* "tokens", for the count of failures */
	bool token_columns;	/* write RuleId,<out_col>,RecordId only */
	const char *display;	/* the name of a single input in messages */
	bool want_rule;		/* hand fn the RuleId of each record */
	bool parquet;		/* write Parquet, not CSV */
	bool plain_out;		/* what fn writes never needs quotes */
	bool hash_record_ids;	/* RecordId written as its SHA-256 hex */
};

int ot_map_files(const struct ot_map *m, char *const *files, int nfiles,
    int outfd, const char *outname);

#endif
