#include "parquet/thrift.h"

#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 31

void tc_init(struct tc *t, const void *p, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->p = p;
	t->end = t->p + n;
}

static void fail(struct tc *t, const char *why)
{
	if (t->err == NULL)
		t->err = why;
	t->p = t->end;
}

/* The bytes at p, need of them at least when the input has them. */
static size_t avail(struct tc *t, size_t need)
{
	size_t have = (size_t)(t->end - t->p);

	if (have >= need || t->more == NULL || t->left == 0 || t->err != NULL)
		return have;
	return t->more(t, need);
}

/* What the input holds from p on. */
static uint64_t remaining(const struct tc *t)
{
	return (uint64_t)(t->end - t->p) + t->left;
}

static uint8_t byte(struct tc *t)
{
	if (t->p >= t->end && avail(t, 1) < 1) {
		fail(t, "metadata cut short");
		return 0;
	}
	return *t->p++;
}

static void skip_bytes(struct tc *t, uint64_t n)
{
	size_t a;

	if (n > remaining(t)) {
		fail(t, "metadata cut short");
		return;
	}
	while (n > 0 && t->err == NULL) {
		if ((a = avail(t, 1)) == 0) {
			fail(t, "metadata cut short");
			return;
		}
		if (a > n)
			a = (size_t)n;
		t->p += a;
		n -= a;
	}
}

static uint64_t varint(struct tc *t)
{
	uint64_t v = 0;
	int shift;

	for (shift = 0; shift < 64; shift += 7) {
		uint8_t b = byte(t);

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	fail(t, "a varint longer than 64 bits");
	return 0;
}

static int64_t zigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

void tc_begin(struct tc *t)
{
	if (t->depth >= MAX_DEPTH) {
		fail(t, "metadata nested too deep");
		return;
	}
	t->last[++t->depth] = 0;
}

bool tc_field(struct tc *t, int16_t *id, int *type)
{
	uint8_t b;
	int delta;

	if (t->err != NULL)
		return false;
	b = byte(t);
	if (t->err != NULL)
		return false;
	if (b == TC_STOP) {
		t->depth--;
		return false;
	}
	*type = b & 0x0f;
	delta = b >> 4;
	if (delta != 0)
		*id = (int16_t)(t->last[t->depth] + delta);
	else
		*id = (int16_t)zigzag(varint(t));
	t->last[t->depth] = *id;
	if (*type == TC_TRUE || *type == TC_FALSE)
		t->boolval = *type == TC_TRUE;
	if (*type < TC_TRUE || *type > TC_STRUCT) {
		fail(t, "a metadata field of unknown type");
		return false;
	}
	return t->err == NULL;
}

int64_t tc_int(struct tc *t, int type)
{
	switch (type) {
	case TC_BYTE:
		return (int8_t)byte(t);
	case TC_I16:
	case TC_I32:
	case TC_I64:
		return zigzag(varint(t));
	default:
		fail(t, "a metadata field of the wrong type");
		return 0;
	}
}

bool tc_bool(struct tc *t, int type)
{
	if (type == TC_TRUE || type == TC_FALSE)
		return t->boolval;
	fail(t, "a metadata field of the wrong type");
	return false;
}

const uint8_t *tc_binary(struct tc *t, size_t *n)
{
	uint64_t len = varint(t);
	const uint8_t *p;

	if (t->err == NULL && len <= remaining(t) && len <= SIZE_MAX)
		(void)avail(t, (size_t)len);
	if (t->err != NULL || len > (uint64_t)(t->end - t->p)) {
		fail(t, len <= remaining(t) ? "a metadata string larger than "
		    "ot reads" : "a metadata string past its end");
		*n = 0;
		return NULL;
	}
	p = t->p;
	t->p += len;
	*n = (size_t)len;
	return p;
}

uint32_t tc_list(struct tc *t, int *etype)
{
	uint8_t b = byte(t);
	uint64_t n = b >> 4;

	*etype = b & 0x0f;
	if (n == 15)
		n = varint(t);
	/* each element takes a byte at least */
	if (n > remaining(t)) {
		fail(t, "a metadata list longer than the metadata");
		return 0;
	}
	return (uint32_t)n;
}

/* A list's, set's or map's element, where a bool takes a byte. */
static void skip_element(struct tc *t, int type)
{
	if (type == TC_TRUE || type == TC_FALSE)
		byte(t);
	else
		tc_skip(t, type);
}

void tc_skip(struct tc *t, int type)
{
	uint64_t n64;
	uint32_t i, n;
	int16_t id;
	int et, kt;

	switch (type) {
	case TC_TRUE:
	case TC_FALSE:
		break;
	case TC_BYTE:
		byte(t);
		break;
	case TC_I16:
	case TC_I32:
	case TC_I64:
		varint(t);
		break;
	case TC_DOUBLE:
		skip_bytes(t, 8);
		break;
	case TC_BINARY:
		/* not needed whole: any size is passed over */
		n64 = varint(t);
		skip_bytes(t, n64);
		break;
	case TC_LIST:
	case TC_SET:
		if (t->depth >= MAX_DEPTH) {
			fail(t, "metadata nested too deep");
			break;
		}
		t->depth++;
		n = tc_list(t, &et);
		for (i = 0; i < n && t->err == NULL; i++)
			skip_element(t, et);
		t->depth--;
		break;
	case TC_MAP:
		if (t->depth >= MAX_DEPTH) {
			fail(t, "metadata nested too deep");
			break;
		}
		n64 = varint(t);
		if (n64 == 0)
			break;
		/* each entry takes two bytes at least */
		if (n64 > remaining(t) / 2) {
			fail(t, "a metadata map longer than the metadata");
			break;
		}
		n = (uint32_t)n64;
		t->depth++;
		et = byte(t);
		kt = et >> 4;
		et &= 0x0f;
		for (i = 0; i < n && t->err == NULL; i++) {
			skip_element(t, kt);
			skip_element(t, et);
		}
		t->depth--;
		break;
	case TC_STRUCT:
		tc_begin(t);
		while (tc_field(t, &id, &et))
			tc_skip(t, et);
		break;
	default:
		fail(t, "a metadata field of unknown type");
	}
}
