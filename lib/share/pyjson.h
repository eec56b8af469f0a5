/*
 * JSON text byte for byte as Python's json.dumps() writes it, for what
 * OpenLinkToken 2.x encrypts or authenticates as text (an olt.V1 token's
 * header and payload, an exchange config and its payload): ASCII only
 * (ensure_ascii: every other character as \uXXXX, in lower-case hex,
 * surrogate pairs past U+FFFF), keys in the order given, separators as
 * asked, or the indented layout of indent=N.
 */
#ifndef OT_PYJSON_H
#define OT_PYJSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* A growing text; wiped when freed (it may hold a secret). */
struct ot_text {
	char *p;
	size_t len, cap;
};

void ot_text_put(struct ot_text *t, const char *s, size_t n);
void ot_text_puts(struct ot_text *t, const char *s);
/* NUL-terminate it (not counted in len). */
const char *ot_text_str(struct ot_text *t);
void ot_text_free(struct ot_text *t);

/* s (UTF-8) as a JSON string, quotes included. */
void ot_pyjson_string(struct ot_text *t, const char *s, size_t n);

/* v as json.dumps(v, separators=(isep, ksep)) writes it when indent < 0,
 * or as json.dumps(v, indent=indent) does (",", ": ", a line per item).
 * Numbers are written as integers (cJSON raw items as they are). */
void ot_pyjson_dump(struct ot_text *t, const cJSON *v, int indent,
    const char *isep, const char *ksep);

#endif
