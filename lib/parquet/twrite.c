/* The Thrift compact protocol, writing: the footer and page headers. */
#include "parquet/thrift.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

static void put(struct tw *t, const void *p, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;

		while (cap < t->len + n)
			cap *= 2;
		if ((t->buf = realloc(t->buf, cap)) == NULL)
			err(1, NULL);
		t->cap = cap;
	}
	memcpy(t->buf + t->len, p, n);
	t->len += n;
}

static void byte(struct tw *t, uint8_t b)
{
	put(t, &b, 1);
}

static void varint(struct tw *t, uint64_t v)
{
	while (v >= 0x80) {
		byte(t, (uint8_t)(v | 0x80));
		v >>= 7;
	}
	byte(t, (uint8_t)v);
}

void tw_zigzag(struct tw *t, int64_t v)
{
	varint(t, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void tw_bytes(struct tw *t, const void *p, size_t n)
{
	varint(t, n);
	put(t, p, n);
}

void tw_begin(struct tw *t)
{
	t->last[++t->depth] = 0;
}

void tw_end(struct tw *t)
{
	byte(t, TC_STOP);
	t->depth--;
}

void tw_field(struct tw *t, int16_t id, int type)
{
	int delta = id - t->last[t->depth];

	if (delta > 0 && delta <= 15)
		byte(t, (uint8_t)(delta << 4 | type));
	else {
		byte(t, (uint8_t)type);
		tw_zigzag(t, id);
	}
	t->last[t->depth] = id;
}

void tw_list(struct tw *t, int16_t id, int etype, uint32_t n)
{
	tw_field(t, id, TC_LIST);
	if (n < 15)
		byte(t, (uint8_t)(n << 4 | (uint32_t)etype));
	else {
		byte(t, (uint8_t)(0xf0 | etype));
		varint(t, n);
	}
}

void tw_i32(struct tw *t, int16_t id, int32_t v)
{
	tw_field(t, id, TC_I32);
	tw_zigzag(t, v);
}

void tw_i64(struct tw *t, int16_t id, int64_t v)
{
	tw_field(t, id, TC_I64);
	tw_zigzag(t, v);
}

void tw_binary(struct tw *t, int16_t id, const void *p, size_t n)
{
	tw_field(t, id, TC_BINARY);
	tw_bytes(t, p, n);
}

void tw_empty(struct tw *t, int16_t id)
{
	tw_field(t, id, TC_STRUCT);
	tw_begin(t);
	tw_end(t);
}

void tw_free(struct tw *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}
