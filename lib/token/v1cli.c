#include "token/v1cli.h"
#include "token/algs.h"
#include "share/kex.h"
#include "share/secretfd.h"
#include "uuid.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

/* exp and nbf within a century of 1970 and of now: a typo, otherwise */
#define DURATION_MAX	((int64_t)100 * 366 * 86400)
#define TIME_MAX	((int64_t)4102444800)	/* 2100-01-01 */

bool ot_v1_cli_option(struct ot_v1_cli *c, int ch, const char *arg)
{
	const char **slot;

	switch (ch) {
	case OT_OPT_ALG: slot = &c->alg; break;
	case OT_OPT_RING_ID: slot = &c->ring; break;
	case OT_OPT_RECIPIENT: slot = &c->recipient; break;
	case OT_OPT_HASH_ALG: slot = &c->hash; break;
	case OT_OPT_MAC_ALG: slot = &c->mac; break;
	case OT_OPT_EXPIRES: slot = &c->expires; break;
	case OT_OPT_NOT_BEFORE: slot = &c->not_before; break;
	case OT_OPT_ISSUER: slot = &c->issuer; break;
	case OT_OPT_DIMS: slot = &c->dims; break;
	case OT_OPT_LEGACY_PPID:
		c->legacy_ppid = c->any = true;
		return true;
	default:
		return false;
	}
	*slot = arg;
	c->any = true;
	return true;
}

bool ot_v1_rcli_option(struct ot_v1_rcli *c, int ch, const char *arg)
{
	switch (ch) {
	case OT_OPT_PRIVATE_KEY:
	case OT_OPT_PRIVATE_KEY_ENV:
		ot_key_option(&c->private_key, arg, ch == OT_OPT_PRIVATE_KEY,
		    "--private-key", "--private-key-env");
		return true;
	case OT_OPT_RING:
		c->ring = arg;
		return true;
	case OT_OPT_IGNORE_EXPIRY:
		c->ignore_expiry = true;
		return true;
	default:
		return false;
	}
}

int ot_parse_duration(const char *s, int64_t *secs)
{
	char *end;
	long long n;
	int64_t unit = 1;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || n < 1 || *s == '+' || *s == ' ')
		return -1;
	switch (*end) {
	case '\0': case 's': break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (n > DURATION_MAX / unit)
		return -1;
	*secs = (int64_t)n * unit;
	return 0;
}

int ot_parse_time(const char *s, int64_t *t)
{
	struct tm tm;
	const char *end;
	char *e;
	long long n;
	time_t v;

	if (s[0] == '@') {
		errno = 0;
		n = strtoll(s + 1, &e, 10);
		if (errno != 0 || e == s + 1 || *e != '\0' || n < 0 ||
		    n > TIME_MAX || s[1] == '+' || s[1] == '-')
			return -1;
		*t = (int64_t)n;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*end == 'T' && ((end = strptime(end + 1, "%H:%M:%S", &tm)) ==
	    NULL || strcmp(end, "Z") != 0))
		return -1;
	if (*end != '\0' && strcmp(end, "Z") != 0)
		return -1;
	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if ((v = timegm(&tm)) < 0 || v > TIME_MAX)
		return -1;
	*t = (int64_t)v;
	return 0;
}

static int alg_arg(const char *opt, const char *arg, int (*parse)(const char *),
    const char *names)
{
	int a = parse(arg);

	if (a < 0)
		errx(2, "%s %s: not %s", opt, arg, names);
	return a;
}

bool ot_algs_option(const char **hash, const char **mac, int ch,
    const char *arg)
{
	if (ch != OT_OPT_HASH_ALG && ch != OT_OPT_MAC_ALG)
		return false;
	*(ch == OT_OPT_HASH_ALG ? hash : mac) = arg;
	return true;
}

void ot_algs_args(const char *hash, const char *mac, int *h, int *m)
{
	*h = hash == NULL ? -1 : alg_arg("--hash-alg", hash,
	    ot_hash_alg_parse, "SHA-256, SHA-384, SHA-512, SHA3-256, "
	    "SHA3-384 or SHA3-512");
	*m = mac == NULL ? -1 : alg_arg("--mac-alg", mac, ot_mac_alg_parse,
	    "HS256, HS384, HS512, HS3-256, HS3-384 or HS3-512");
}

/* The recipient's key for the alg: of its type. */
static EVP_PKEY *recipient_key(const char *path, enum ot_jwe_alg alg)
{
	EVP_PKEY *k = ot_key_load_recipient(path);
	enum ot_jwe_keytype want = ot_jwe_alg_keytype(alg);
	char what[64];

	if (ot_jwe_pkey_type(k) != (int)want) {
		ot_key_describe(k, what, sizeof(what));
		EVP_PKEY_free(k);
		errx(2, "--alg %s takes %s, and %s is %s", ot_jwe_alg_name(alg),
		    want == OT_JWE_EC ? "an EC public key" :
		    "an RSA public key", path, what);
	}
	return k;
}

void ot_v1_cli_setup(const struct ot_v1_cli *c, bool v1,
    struct ot_v1_params *p, EVP_PKEY **recipient, char ring[37])
{
	int64_t d, now = (int64_t)time(NULL);
	char *end;
	long n;

	memset(p, 0, sizeof(*p));
	*recipient = NULL;
	if (!v1) {
		if (c->any)
			errx(2, "--alg, --ring-id, --recipient, --hash-alg, "
			    "--mac-alg, --expires-in, --not-before, --issuer, "
			    "--ppid-dims and --legacy-ppid make V1 tokens: give "
			    "--format v1 too");
		return;
	}
	p->alg = c->alg == NULL ? OT_JWE_DIR : alg_arg("--alg", c->alg,
	    ot_jwe_alg_parse, "dir, A256GCMKW, ECDH-ES, ECDH-ES+A256KW or "
	    "RSA-OAEP-256");
	ot_algs_args(c->hash, c->mac, &p->hash_alg, &p->mac_alg);
	if (p->hash_alg < 0)
		p->hash_alg = OT_SHA256;
	if (p->mac_alg < 0)
		p->mac_alg = OT_HS256;
	if (c->ring != NULL && (*c->ring == '\0' || strlen(c->ring) > 127))
		errx(2, "--ring-id: 1 to 127 bytes");
	if (c->issuer != NULL && (*c->issuer == '\0' ||
	    strlen(c->issuer) > 127))
		errx(2, "--issuer: 1 to 127 bytes");
	p->issuer = c->issuer;
	if (c->expires != NULL) {
		if (ot_parse_duration(c->expires, &d) < 0)
			errx(2, "--expires-in %s: not a duration (90d, 12h, "
			    "30m, 3600s or 3600)", c->expires);
		p->has_exp = true;
		p->exp = now + d;
	}
	if (c->not_before != NULL) {
		if (ot_parse_time(c->not_before, &p->nbf) < 0)
			errx(2, "--not-before %s: not a time (2026-07-01, "
			    "2026-07-01T08:00:00Z or @SECONDS)", c->not_before);
		p->has_nbf = true;
		if (p->has_exp && p->exp <= p->nbf)
			errx(2, "--expires-in %s ends before --not-before %s "
			    "begins", c->expires, c->not_before);
	}
	if (c->dims != NULL) {
		errno = 0;
		n = strtol(c->dims, &end, 10);
		if (errno != 0 || end == c->dims || *end != '\0' || n < 1 ||
		    n > OT_V1_DIMS_MAX || *c->dims == '+')
			errx(2, "--ppid-dims %s: not a number from 1 to %d",
			    c->dims, OT_V1_DIMS_MAX);
		p->dims = (unsigned)n;
	}
	if (ot_jwe_alg_keytype((enum ot_jwe_alg)p->alg) == OT_JWE_OCT) {
		if (c->recipient != NULL)
			errx(2, "--recipient is for --alg ECDH-ES, "
			    "ECDH-ES+A256KW and RSA-OAEP-256");
		p->legacy_ppid = c->legacy_ppid;
	} else {
		if (c->legacy_ppid)
			errx(2, "--legacy-ppid is for --alg dir and A256GCMKW, "
			    "whose key the legacy layer is under");
		if (c->recipient == NULL)
			errx(2, "--alg %s encrypts to a receiver's public key: "
			    "give --recipient", ot_jwe_alg_name(
			    (enum ot_jwe_alg)p->alg));
		*recipient = recipient_key(c->recipient,
		    (enum ot_jwe_alg)p->alg);
	}
	if (c->ring != NULL)
		p->ring = c->ring;
	else {
		ot_uuid4(ring);
		p->ring = ring;
		/* the user needs it to tell this run's tokens apart */
		warnx("ring id %s (give --ring-id to choose one)", ring);
	}
}

bool ot_v1_cli_symmetric(const struct ot_v1_params *p)
{
	return ot_jwe_alg_keytype((enum ot_jwe_alg)p->alg) == OT_JWE_OCT;
}

void ot_v1_rcli_load(const struct ot_v1_rcli *c, bool raw, EVP_PKEY **own,
    struct ot_ring **ring)
{
	*own = NULL;
	*ring = NULL;
	if (c->private_key != NULL && c->ring != NULL)
		errx(2, "--ring picks every V1 token's key: not with "
		    "--private-key (put it in the ring)");
	if (c->private_key != NULL)
		*own = ot_key_load_jwe_private(c->private_key);
	if (c->ring != NULL)
		*ring = ot_ring_load(c->ring, raw);
}
