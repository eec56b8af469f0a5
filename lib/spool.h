/*
 * A spool: records of bytes written once and read back, held in memory
 * while the budget shared by all spools allows, else in a temporary file
 * that is unlinked as soon as it is made (private, 0600, in $TMPDIR), so
 * that nothing is left behind whatever ends the program.  When a spool
 * needs more than the budget has left, the largest spools go to their
 * files first (the one growing among them), so that a small spool keeps
 * to memory and files stay few however small the budget.
 */
#ifndef OT_SPOOL_H
#define OT_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct spool {
	unsigned char *buf;	/* in memory: the bytes, or NULL */
	size_t len, cap;
	FILE *f;		/* spilled: the file */
	uint64_t size;		/* bytes written */
	size_t pos;		/* reading: offset in buf */
	bool reading;		/* rewound since written */
	struct spool *prev, *next;	/* the spools holding memory */
};

/* The bytes all spools may hold in memory before they spill. */
void spool_budget(size_t bytes);

/* Whether any spool has spilled to a file. */
bool spool_spilled(void);

/* Bytes spools hold in memory now. */
size_t spool_in_memory(void);

void spool_write(struct spool *s, const void *p, size_t n);

/* Start reading from the beginning. */
void spool_rewind(struct spool *s);

/* Read n bytes; false at the end (or a short record: exits 1). */
bool spool_read(struct spool *s, void *p, size_t n);

/* Forget the contents. */
void spool_free(struct spool *s);

#endif
