/*
 * Opaque record ids (--record-id-map): each RecordId of the shared
 * output replaced by a random UUID (version 4, from the CSPRNG), and
 * the map, "RecordId,OpaqueId" rows in input order, written as the
 * records go to a file of its own (mode 0600), never over an existing
 * file or through a link; and that map read back, to turn a partner's
 * pairs into our own ids.
 */
#ifndef OT_IDMAP_H
#define OT_IDMAP_H

#include "csv/csvwrite.h"

#include <stdbool.h>
#include <stddef.h>

#define OT_IDMAP_HEADER	"RecordId,OpaqueId\n"

struct ot_idmap {
	const char *path;	/* the caller's, kept as long as this */
	char *tmp;		/* the map being written, linked to path at the end */
	int fd;
	bool failed;
	bool placed;		/* linked to path by this run */
};

/* Start the map at path: a usage error (exit 2) when path exists, a
 * link too; exit 1 when it cannot be made. */
void ot_idmap_create(struct ot_idmap *m, const char *path);

/* A record's opaque id, new, into opaque, and its row of the map to w
 * (whose output goes on to ot_idmap_write()). */
void ot_idmap_row(struct csvw *w, const char *id, size_t len,
    char opaque[37]);

/* Rows in order; 0, or -1 after a message. */
int ot_idmap_write(struct ot_idmap *m, const char *buf, size_t len);

/* Put the map in place when ok (made durable, linked to its path, which
 * it never replaces), else remove it: returns ok, or false after a
 * message.  Undo removes a map put in place, for a run that then fails. */
bool ot_idmap_close(struct ot_idmap *m, bool ok);
void ot_idmap_undo(struct ot_idmap *m);

/* The map read back: opaque id to ours, held in memory, at most budget
 * bytes (a map needing more is refused, naming the option that sets
 * it); NULL after a message. */
struct ot_idmap_table;
struct ot_idmap_table *ot_idmap_load(const char *path, size_t budget,
    const char *opt);
/* The bytes it holds. */
size_t ot_idmap_bytes(const struct ot_idmap_table *t);
/* Our id for id when it is an opaque id of the map. */
bool ot_idmap_lookup(const struct ot_idmap_table *t, const char *id,
    size_t len, const char **own, size_t *ownlen);
void ot_idmap_free(struct ot_idmap_table *t);

#endif
