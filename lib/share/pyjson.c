#include "share/pyjson.h"

#include <err.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

void ot_text_put(struct ot_text *t, const char *s, size_t n)
{
	size_t cap = t->cap;
	char *p;

	if (t->len + n + 1 > cap) {
		/* grown by hand, so that no copy of a secret is left behind
		 * unwiped in freed memory */
		while (cap < t->len + n + 1)
			cap = cap ? 2 * cap : 256;
		if ((p = malloc(cap)) == NULL)
			err(1, NULL);
		if (t->p != NULL) {
			memcpy(p, t->p, t->len);
			OPENSSL_cleanse(t->p, t->cap);
			free(t->p);
		}
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

void ot_text_puts(struct ot_text *t, const char *s)
{
	ot_text_put(t, s, strlen(s));
}

const char *ot_text_str(struct ot_text *t)
{
	ot_text_put(t, "", 0);
	t->p[t->len] = '\0';
	return t->p;
}

void ot_text_free(struct ot_text *t)
{
	if (t->p != NULL) {
		OPENSSL_cleanse(t->p, t->cap);
		free(t->p);
	}
	memset(t, 0, sizeof(*t));
}

/* The code point at s (of n bytes) and its length; a byte that starts no
 * well-formed sequence is taken as the code point of its value, as text
 * that went through the CSV reader never has one. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *k)
{
	uint32_t c = s[0];
	size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	size_t i;

	if (len == 1 || len > n) {
		*k = 1;
		return c;
	}
	c &= 0x3fu >> (len - 1);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*k = 1;
			return s[0];
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*k = len;
	return c;
}

static void put_u(struct ot_text *t, uint32_t c)
{
	static const char hex[] = "0123456789abcdef";
	char buf[6] = { '\\', 'u', hex[c >> 12 & 15], hex[c >> 8 & 15],
	    hex[c >> 4 & 15], hex[c & 15] };

	ot_text_put(t, buf, 6);
}

void ot_pyjson_string(struct ot_text *t, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, run;
	uint32_t c;

	ot_text_put(t, "\"", 1);
	while (i < n) {
		/* a run of characters written as they are */
		for (run = i; run < n && u[run] >= 0x20 && u[run] < 0x7f &&
		    u[run] != '"' && u[run] != '\\'; run++)
			;
		ot_text_put(t, s + i, run - i);
		if ((i = run) == n)
			break;
		c = next_cp(u + i, n - i, &k);
		i += k;
		switch (c) {
		case '"':
			ot_text_put(t, "\\\"", 2);
			break;
		case '\\':
			ot_text_put(t, "\\\\", 2);
			break;
		case '\n':
			ot_text_put(t, "\\n", 2);
			break;
		case '\r':
			ot_text_put(t, "\\r", 2);
			break;
		case '\t':
			ot_text_put(t, "\\t", 2);
			break;
		case '\b':
			ot_text_put(t, "\\b", 2);
			break;
		case '\f':
			ot_text_put(t, "\\f", 2);
			break;
		default:
			if (c > 0xffff) {
				c -= 0x10000;
				put_u(t, 0xd800 | (c >> 10));
				put_u(t, 0xdc00 | (c & 0x3ff));
			} else
				put_u(t, c);
		}
	}
	ot_text_put(t, "\"", 1);
}

static void newline(struct ot_text *t, int indent, int depth)
{
	ot_text_put(t, "\n", 1);
	for (int i = 0; i < indent * depth; i++)
		ot_text_put(t, " ", 1);
}

static void dump(struct ot_text *t, const cJSON *v, int indent,
    const char *isep, const char *ksep, int depth)
{
	const cJSON *c;
	char num[32];
	bool obj;

	if (cJSON_IsString(v)) {
		ot_pyjson_string(t, v->valuestring, strlen(v->valuestring));
		return;
	}
	if (cJSON_IsRaw(v)) {
		ot_text_puts(t, v->valuestring);
		return;
	}
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble > -9007199254740992.0 &&
		    v->valuedouble < 9007199254740992.0 &&
		    v->valuedouble == (double)(long long)v->valuedouble)
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
		else
			snprintf(num, sizeof(num), "%.17g", v->valuedouble);
		ot_text_puts(t, num);
		return;
	}
	if (cJSON_IsBool(v) || cJSON_IsNull(v)) {
		ot_text_puts(t, cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ?
		    "false" : "null");
		return;
	}
	obj = cJSON_IsObject(v);
	ot_text_put(t, obj ? "{" : "[", 1);
	for (c = v->child; c != NULL; c = c->next) {
		if (indent >= 0)
			newline(t, indent, depth + 1);
		if (obj) {
			ot_pyjson_string(t, c->string, strlen(c->string));
			ot_text_puts(t, indent >= 0 ? ": " : ksep);
		}
		dump(t, c, indent, isep, ksep, depth + 1);
		if (c->next != NULL)
			ot_text_puts(t, indent >= 0 ? "," : isep);
	}
	if (indent >= 0 && v->child != NULL)
		newline(t, indent, depth);
	ot_text_put(t, obj ? "}" : "]", 1);
}

void ot_pyjson_dump(struct ot_text *t, const cJSON *v, int indent,
    const char *isep, const char *ksep)
{
	dump(t, v, indent, isep, ksep, 0);
}
