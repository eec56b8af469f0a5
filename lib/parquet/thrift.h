/*
 * The Thrift compact protocol, reading only: what the Parquet footer and
 * page headers are written in.  Bounds are checked on every byte; a
 * malformed input sets err and yields zeros, never a read out of bounds.
 */
#ifndef OT_PQ_THRIFT_H
#define OT_PQ_THRIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	TC_STOP, TC_TRUE, TC_FALSE, TC_BYTE, TC_I16, TC_I32, TC_I64,
	TC_DOUBLE, TC_BINARY, TC_LIST, TC_SET, TC_MAP, TC_STRUCT
};

struct tc {
	const uint8_t *p, *end;
	const char *err;	/* the first problem, or NULL */
	int depth;
	int16_t last[32];	/* the last field id at each depth */
	bool boolval;		/* a boolean field's value */
	/*
	 * Input read a window at a time instead of held whole (a footer of
	 * millions of row groups): more() moves what is left of the window
	 * to its start and reads after it, so that need bytes (as many as
	 * fit) are at p, and returns how many there are; left is what the
	 * input holds past end.
	 */
	size_t (*more)(struct tc *t, size_t need);
	void *arg;
	uint64_t left;
};

void tc_init(struct tc *t, const void *p, size_t n);

/* Enter a struct; then tc_field() until it returns false (the struct's
 * end, or an error); each field must be read or skipped. */
void tc_begin(struct tc *t);
bool tc_field(struct tc *t, int16_t *id, int *type);

int64_t tc_int(struct tc *t, int type);		/* I8..I64 */
bool tc_bool(struct tc *t, int type);
/* A binary's bytes, pointing into the input. */
const uint8_t *tc_binary(struct tc *t, size_t *n);
/* A list's header: its element type and size. */
uint32_t tc_list(struct tc *t, int *etype);
void tc_skip(struct tc *t, int type);

/*
 * Writing: a struct is tw_begin() ... tw_end(); a field is its header
 * (tw_field) then its value; list elements are bare values.  The buffer
 * grows as needed (exits 1 when memory runs out).
 */
struct tw {
	uint8_t *buf;
	size_t len, cap;
	int depth;
	int16_t last[32];
};

void tw_begin(struct tw *t);
void tw_end(struct tw *t);
void tw_field(struct tw *t, int16_t id, int type);
void tw_list(struct tw *t, int16_t id, int etype, uint32_t n);
void tw_i32(struct tw *t, int16_t id, int32_t v);
void tw_i64(struct tw *t, int16_t id, int64_t v);
void tw_binary(struct tw *t, int16_t id, const void *p, size_t n);
/* A field holding an empty struct (a union's choice without data). */
void tw_empty(struct tw *t, int16_t id);
/* Bare values, for list elements. */
void tw_zigzag(struct tw *t, int64_t v);
void tw_bytes(struct tw *t, const void *p, size_t n);
void tw_free(struct tw *t);

#endif
