#include "token/tokens.h"
#include "token/algs.h"
#include "token/crypto.h"
#include "jstring.h"
#include "token/jwe.h"
#include "token/mapcol.h"
#include "token/oltv1.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STR(x)	#x
#define XSTR(x)	STR(x)

/* arg NULL: the bare SHA-256 of the signature. */
static const char *hash_one(void *arg, const char *name, unsigned long line,
    const char *rule, size_t rulelen, const char *in, size_t len, char *out,
    size_t *outlen)
{
	(void)name;
	(void)line;
	(void)rule;
	(void)rulelen;
	if (len == 0) {
		memcpy(out, OT_BLANK_TOKEN, OT_BLANK_LEN);
		*outlen = OT_BLANK_LEN;
	} else if (arg == NULL) {
		ot_sha256_hex(in, len, out);
		*outlen = OT_SHA256_HEX_LEN;
	} else
		*outlen = ot_hash_signature(arg, in, len, out);
	return NULL;
}

/* Blank tokens are never encrypted: they pass both ways as they are. */
static bool pass_blank(const char *in, size_t len, char *out, size_t *outlen)
{
	if (!ot_is_blank_token(in, len))
		return false;
	memcpy(out, in, len);
	*outlen = len;
	return true;
}

struct ot_decryptor {
	struct ot_cipher *c;	/* NULL: no symmetric key */
	struct ot_v1 *v1;
	struct ot_oltv1 *olt;	/* NULL: no symmetric key */
	bool ignore_expiry;
	int64_t now;
};

struct ot_decryptor *ot_decryptor_new(const unsigned char *key,
    const struct ot_v1_keys *v1, bool ignore_expiry)
{
	struct ot_decryptor *d = calloc(1, sizeof(*d));

	if (d == NULL)
		err(1, NULL);
	/* a 32-byte key opens olt.V1 tokens too (a transport key) */
	if (key != NULL) {
		d->c = ot_cipher_new(key, false);
		d->olt = ot_oltv1_reader(key);
	}
	d->v1 = ot_v1_reader(v1);
	d->ignore_expiry = ignore_expiry;
	/* one time for the whole run, so that a token's fate does not
	 * depend on when its turn came */
	d->now = (int64_t)time(NULL);
	return d;
}

void ot_decryptor_free(struct ot_decryptor *d)
{
	if (d == NULL)
		return;
	ot_cipher_free(d->c);
	ot_v1_free(d->v1);
	ot_oltv1_free(d->olt);
	free(d);
}

const char *ot_decrypt_token_at(struct ot_decryptor *d, const char *name,
    unsigned long line, const char *in, size_t len, char *out,
    size_t *outlen, struct ot_v1_expiry *e)
{
	struct ot_v1_claims c;
	const char *why;

	j_trim(&in, &len);
	if (pass_blank(in, len, out, outlen))
		return NULL;
	if (len == 0)
		return "empty token";
	if (ot_is_oltv1_token(in, len))
		return d->olt != NULL ? ot_oltv1_open(d->olt, in, len, out,
		    outlen) : "an olt.V1 token, and no key to open it (the "
		    "exchange config's transport key)";
	if (ot_is_v1_token(in, len)) {
		if ((why = ot_v1_open(d->v1, in, len, out, outlen, &c)) != NULL)
			return why;
		return !d->ignore_expiry &&
		    ot_v1_expiry_count(e, &c, d->now, name, line) ?
		    ot_map_keep : NULL;
	}
	if (d->c == NULL)
		return "a legacy token, and no encryption key to open it";
	return ot_decrypt_token(d->c, in, len, out, outlen);
}

struct crypt {
	struct ot_cipher *c;	/* NULL: no symmetric key */
	struct ot_v1 *v1;	/* writing V1 */
	struct ot_oltv1 *olt;	/* writing olt.V1 */
	bool encrypt_blanks;
	struct ot_decryptor *d;	/* reading */
	struct ot_v1_expiry expiry;
};

/* "olt encrypt": blank tokens stay as they are, a row without a RuleId
 * gets the inner layer only, the others both. */
static const char *olt_encrypt_one(struct crypt *k, const char *rule,
    size_t rulelen, const char *in, size_t len, char *out, size_t *outlen)
{
	const char *why = NULL;

	if (pass_blank(in, len, out, outlen))
		return NULL;
	if (len == 0)
		return "empty token";
	if (len > OT_PLAIN_MAX)
		return "token longer than " XSTR(OT_PLAIN_MAX) " bytes";
	if (rulelen == 0)
		*outlen = ot_encrypt_token(k->c, in, len, out);
	else
		*outlen = ot_oltv1_seal(k->olt, rule, rulelen, in, len, out,
		    &why);
	return why;
}

static const char *encrypt_one(void *arg, const char *name,
    unsigned long line, const char *rule, size_t rulelen, const char *in,
    size_t len, char *out, size_t *outlen)
{
	struct crypt *k = arg;
	const char *why = NULL;

	(void)name;
	(void)line;
	if (k->olt != NULL)
		return olt_encrypt_one(k, rule, rulelen, in, len, out, outlen);
	if (k->v1 != NULL) {
		if (len == 0)
			return "empty token";
		*outlen = ot_v1_seal(k->v1, rule, rulelen, in, len, out, &why);
		return why;
	}
	if (!k->encrypt_blanks && pass_blank(in, len, out, outlen))
		return NULL;
	if (len == 0)
		return "empty token";
	if (len > OT_PLAIN_MAX)
		return "token longer than " XSTR(OT_PLAIN_MAX) " bytes "
		    "(ot-decrypt could not read its encryption)";
	*outlen = ot_encrypt_token(k->c, in, len, out);
	return NULL;
}

static const char *decrypt_one(void *arg, const char *name,
    unsigned long line, const char *rule, size_t rulelen, const char *in,
    size_t len, char *out, size_t *outlen)
{
	struct crypt *k = arg;

	(void)rule;
	(void)rulelen;
	return ot_decrypt_token_at(k->d, name, line, in, len, out, outlen,
	    &k->expiry);
}

void ot_warn_sha256_only(void)
{
	warnx("warning: --sha256-only tokens are the bare SHA-256 of each "
	    "signature, with no secret: anyone can recompute them from "
	    "guessed names and birth dates, so never send them to a partner "
	    "(1.12.5's --hash-only, keyed with the hashing secret, is the one "
	    "to share)");
}

int ot_hash_files(const struct ot_secret *secret,
    const struct ot_hash_opts *o, char *const *files, int nfiles, int outfd,
    const char *outname)
{
	struct ot_hasher *h = o->sha256_only ? NULL :
	    ot_hasher_new_algs(o->hash, o->mac, secret->buf, secret->len);
	struct ot_map m = { "Signature", "Token", hash_one, h, false, "",
	    false, NULL, false, o->parquet, true, o->hash_record_ids };
	int rc = ot_map_files(&m, files, nfiles, outfd, outname);

	ot_hasher_free(h);
	return rc;
}

void ot_require_key_len(const struct ot_secret *key)
{
	if (key->len != OT_KEY_LEN)
		errx(2, "the encryption key must be %d bytes, not %zu",
		    OT_KEY_LEN, key->len);
}

static int crypt_files(const struct ot_secret *key, bool encrypt,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname)
{
	struct crypt k = { NULL, NULL, NULL, o->encrypt_blanks, NULL,
	    { 0, 0, "" } };
	struct ot_map m = { "Token", "Token",
	    encrypt ? encrypt_one : decrypt_one, &k,
	    !encrypt && o->keep_going, "tokens", o->token_columns,
	    o->display, encrypt && (o->v1 || o->olt_ring != NULL),
	    o->parquet, encrypt, false };
	const char *why;
	const unsigned char *sym = key->len > 0 ? key->buf : NULL;
	struct ot_v1_keys vk = { sym, o->own, o->own_name, o->ring };
	bool public_alg = o->v1 &&
	    ot_jwe_alg_keytype((enum ot_jwe_alg)o->v1p.alg) != OT_JWE_OCT;
	int rc;

	if (sym != NULL || !(encrypt ? public_alg : o->own != NULL ||
	    o->ring != NULL))
		ot_require_key_len(key);
	if (encrypt && o->v1)
		k.v1 = ot_v1_writer(&o->v1p, sym, o->recipient);
	else if (encrypt)
		k.c = ot_cipher_new(sym, true);
	else
		k.d = ot_decryptor_new(sym, &vk, o->ignore_expiry);
	if (encrypt && o->olt_ring != NULL &&
	    (k.olt = ot_oltv1_writer(sym, o->olt_ring, &why)) == NULL)
		errx(2, "--ring-id: %s", why);
	rc = ot_map_files(&m, files, nfiles, outfd, outname);
	if (!encrypt && rc == 0 && ot_v1_expiry_report(&k.expiry))
		rc = 1;
	ot_cipher_free(k.c);
	ot_v1_free(k.v1);
	ot_decryptor_free(k.d);
	ot_oltv1_free(k.olt);
	return rc;
}

int ot_encrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname)
{
	return crypt_files(key, true, o, files, nfiles, outfd, outname);
}

int ot_decrypt_files(const struct ot_secret *key,
    const struct ot_token_opts *o, char *const *files, int nfiles,
    int outfd, const char *outname)
{
	return crypt_files(key, false, o, files, nfiles, outfd, outname);
}
