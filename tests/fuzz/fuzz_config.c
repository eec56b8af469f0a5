/*
 * Fuzz target: the tokenization config reader (YAML by libyaml, then
 * the reference's schema and expression language), and the rules of a
 * config it accepts.  The input up to its first NUL byte is the config;
 * the rest, split at NUL bytes, the raw values of its fields in turn.
 * Oracle: no crash and no unbounded work whatever the YAML (aliases,
 * nesting, huge scalars); an accepted config's rules are in strictly
 * increasing id order, each entry names a field of the config, and a
 * rule's signature is valid UTF-8 when its values are.
 */
#include "person/compat.h"
#include "person/fields.h"
#include "token/config.h"
#include "csv/csvread.h"
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ot_norm_ctx ctx;
	static struct ot_xscratch xs;
	static char *sig;
	static size_t sigcap;
	static int ready;
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul != NULL ? (size_t)(nul - data) : size, i, k, off, len;
	struct ot_value *vals;
	struct ot_config *c;
	char **bufs;

	if (!ready) {
		ot_compat_use(&ot_compats[OT_COMPAT_21_PYTHON], false);
		ot_norm_init(&ctx);
		ready = 1;
	}
	if ((c = ot_config_parse("fuzz.yaml", (const char *)data, n)) == NULL)
		return 0;
	for (i = 1; i < c->nrules; i++) {
		size_t a = c->rules[i - 1].idlen, b = c->rules[i].idlen;
		int d = memcmp(c->rules[i - 1].id, c->rules[i].id, a < b ? a : b);

		if (d > 0 || (d == 0 && a >= b))
			abort();
	}
	if ((vals = calloc(c->fs.n + 1, sizeof(*vals))) == NULL ||
	    (bufs = calloc(c->fs.n + 1, sizeof(*bufs))) == NULL)
		abort();
	off = n + (nul != NULL);
	for (i = 0; i < c->fs.n; i++) {
		const uint8_t *end = off < size ? memchr(data + off, 0,
		    size - off) : NULL;
		struct ot_value raw = { "", 0, OT_V_MISSING };

		len = off < size ? (end != NULL ? (size_t)(end - (data + off)) :
		    size - off) : 0;
		if (off < size && utf8_invalid_at(data + off, len) == len) {
			raw.s = (const char *)data + off;
			raw.len = len;
			raw.state = OT_V_OK;
		}
		off += len + 1;
		if ((bufs[i] = malloc(OT_TYPE_OUT_MAX(raw.len))) == NULL)
			abort();
		ot_field_normalize(&ctx, c->fs.f[i], &raw, bufs[i], &vals[i]);
	}
	for (i = 0; i < c->nrules; i++) {
		enum ot_cresult r;
		int inv;

		for (k = 0; k < c->rules[i].nparts; k++)
			if (c->rules[i].parts[k].field >= c->fs.n)
				abort();
		r = ot_config_signature(c, i, vals, &xs, &sig, &sigcap, &len,
		    &inv);
		if (r == OT_CR_SIG && (len == 0 ||
		    utf8_invalid_at((const unsigned char *)sig, len) != len))
			abort();
	}
	for (i = 0; i < c->fs.n; i++)
		free(bufs[i]);
	free(bufs);
	free(vals);
	ot_config_free(c);
	return 0;
}
