#include "token/algs.h"
#include "base64.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *digest;
	size_t len;
} hashes[OT_NHASH] = {
	[OT_SHA256] = { "SHA-256", "SHA256", 32 },
	[OT_SHA384] = { "SHA-384", "SHA384", 48 },
	[OT_SHA512] = { "SHA-512", "SHA512", 64 },
	[OT_SHA3_256] = { "SHA3-256", "SHA3-256", 32 },
	[OT_SHA3_384] = { "SHA3-384", "SHA3-384", 48 },
	[OT_SHA3_512] = { "SHA3-512", "SHA3-512", 64 },
}, macs[OT_NMAC] = {
	[OT_HS256] = { "HS256", "SHA256", 32 },
	[OT_HS384] = { "HS384", "SHA384", 48 },
	[OT_HS512] = { "HS512", "SHA512", 64 },
	[OT_HS3_256] = { "HS3-256", "SHA3-256", 32 },
	[OT_HS3_384] = { "HS3-384", "SHA3-384", 48 },
	[OT_HS3_512] = { "HS3-512", "SHA3-512", 64 },
};

const char *ot_hash_alg_name(enum ot_hash_alg a)
{
	return hashes[a].name;
}

const char *ot_mac_alg_name(enum ot_mac_alg m)
{
	return macs[m].name;
}

int ot_hash_alg_parse(const char *name)
{
	int a;

	for (a = 0; a < OT_NHASH; a++)
		if (strcmp(name, hashes[a].name) == 0)
			return a;
	return -1;
}

int ot_mac_alg_parse(const char *name)
{
	int m;

	for (m = 0; m < OT_NMAC; m++)
		if (strcmp(name, macs[m].name) == 0)
			return m;
	return -1;
}

const char *ot_hash_alg_digest(enum ot_hash_alg a)
{
	return hashes[a].digest;
}

const char *ot_mac_alg_digest(enum ot_mac_alg m)
{
	return macs[m].digest;
}

size_t ot_hash_alg_len(enum ot_hash_alg a)
{
	return hashes[a].len;
}

size_t ot_mac_alg_len(enum ot_mac_alg m)
{
	return macs[m].len;
}

size_t ot_mac_token_len(enum ot_mac_alg m)
{
	return (macs[m].len + 2) / 3 * 4;
}

bool ot_mac_token(enum ot_mac_alg m, const char *tok, size_t len,
    unsigned char key[32])
{
	unsigned char buf[OT_DIGEST_MAX + 3];

	/* the length with its padding first: the decoder takes padding
	 * as optional */
	if (len != ot_mac_token_len(m) ||
	    ot_b64_decode(tok, len, buf) != (long)macs[m].len)
		return false;
	if (key != NULL)
		memcpy(key, buf, 32);
	return true;
}

void ot_algs_init(struct ot_algs *s, int hash, int mac)
{
	memset(s, 0, sizeof(*s));
	s->from = hash >= 0 || mac >= 0 ? OT_ALGS_GIVEN : OT_ALGS_DEFAULT;
	s->hash = hash >= 0 ? hash : OT_SHA256;
	s->mac = mac >= 0 ? mac : OT_HS256;
}

static const char *pair(int hash, int mac, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", hashes[hash].name, macs[mac].name);
	return buf;
}

/* What fixed the algorithms, in a message. */
static const char *source(const struct ot_algs *s, char *buf, size_t size)
{
	char a[32];

	pair(s->hash, s->mac, a, sizeof(a));
	switch (s->from) {
	case OT_ALGS_GIVEN:
		snprintf(buf, size, "--hash-alg and --mac-alg say %s", a);
		break;
	case OT_ALGS_HASHED:
		snprintf(buf, size, "the hash-only tokens of %s are taken to "
		    "be %s (give --hash-alg and --mac-alg if they are not)",
		    s->where, a);
		break;
	default:
		snprintf(buf, size, "the V1 token of %s is %s", s->where, a);
	}
	return buf;
}

const char *ot_algs_v1(struct ot_algs *s, int hash, int mac,
    const char *name, unsigned long line, char *msg, size_t size)
{
	char a[32], b[512];

	if (s->from == OT_ALGS_DEFAULT) {
		s->hash = hash;
		s->mac = mac;
		s->from = OT_ALGS_V1;
		snprintf(s->where, sizeof(s->where), "%.140s:%lu", name, line);
	}
	if (hash == s->hash && mac == s->mac)
		return NULL;
	snprintf(msg, size, "a V1 token of %s, where %s: tokens of other "
	    "algorithms never match", pair(hash, mac, a, sizeof(a)),
	    source(s, b, sizeof(b)));
	return msg;
}

const char *ot_algs_hashed(struct ot_algs *s, const char *name,
    unsigned long line, char *msg, size_t size)
{
	char b[512];

	if (s->from == OT_ALGS_DEFAULT) {
		s->from = OT_ALGS_HASHED;
		snprintf(s->where, sizeof(s->where), "%.140s:%lu", name, line);
	}
	if (s->from != OT_ALGS_V1 || (s->hash == OT_SHA256 &&
	    s->mac == OT_HS256))
		return NULL;
	snprintf(msg, size, "a hash-only token, taken to be SHA-256/HS256, "
	    "where %s: give --hash-alg and --mac-alg if it is that",
	    source(s, b, sizeof(b)));
	return msg;
}
