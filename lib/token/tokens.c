#include "token/tokens.h"
#include "token/crypto.h"
#include "jstring.h"
#include "token/jwe.h"
#include "token/mapcol.h"
#include "token/oltv1.h"

#include <err.h>

#define STR(x)	#x
#define XSTR(x)	STR(x)
#include <string.h>

/* hasher NULL: the bare SHA-256 of the signature. */
static const char *hash_one(void *arg, const char *rule, size_t rulelen,
    const char *in, size_t len, char *out, size_t *outlen)
{
	(void)rule;
	(void)rulelen;
	if (len == 0) {
		memcpy(out, OT_BLANK_TOKEN, OT_BLANK_LEN);
		*outlen = OT_BLANK_LEN;
	} else if (arg == NULL) {
		ot_sha256_hex(in, len, out);
		*outlen = OT_SHA256_HEX_LEN;
	} else {
		ot_hash_signature(arg, in, len, out);
		*outlen = OT_HASH_LEN;
	}
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

struct crypt {
	struct ot_cipher *c;	/* NULL: no symmetric key */
	struct ot_v1 *v1;	/* writing V1, or reading it */
	struct ot_oltv1 *olt;	/* writing olt.V1, or reading it */
	bool encrypt_blanks;
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

static const char *encrypt_one(void *arg, const char *rule, size_t rulelen,
    const char *in, size_t len, char *out, size_t *outlen)
{
	struct crypt *k = arg;
	const char *why = NULL;

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

static const char *decrypt_one(void *arg, const char *rule, size_t rulelen,
    const char *in, size_t len, char *out, size_t *outlen)
{
	struct crypt *k = arg;

	(void)rule;
	(void)rulelen;
	j_trim(&in, &len);
	if (pass_blank(in, len, out, outlen))
		return NULL;
	if (len == 0)
		return "empty token";
	if (ot_is_oltv1_token(in, len))
		return k->olt != NULL ? ot_oltv1_open(k->olt, in, len, out,
		    outlen) : "an olt.V1 token, and no key to open it (the "
		    "exchange config's transport key)";
	if (ot_is_v1_token(in, len))
		return ot_v1_open(k->v1, in, len, out, outlen);
	if (k->c == NULL)
		return "a legacy token, and no encryption key to open it";
	return ot_decrypt_token(k->c, in, len, out, outlen);
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
	    ot_hasher_new(secret->buf, secret->len);
	struct ot_map m = { "Signature", "Token", hash_one, h, false, "",
	    false, NULL, false, o->parquet, o->hash_record_ids };
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
	struct crypt k = { NULL, NULL, NULL, o->encrypt_blanks };
	struct ot_map m = { "Token", "Token",
	    encrypt ? encrypt_one : decrypt_one, &k,
	    !encrypt && o->keep_going, "tokens", o->token_columns,
	    o->display, encrypt && (o->v1 || o->olt_ring != NULL),
	    o->parquet, false };
	const char *why;
	const unsigned char *sym = key->len > 0 ? key->buf : NULL;
	int rc;

	if (sym != NULL || !(encrypt ? o->v1 && o->v1_alg == OT_V1_ECDH_ES :
	    o->own != NULL))
		ot_require_key_len(key);
	if (sym != NULL)
		k.c = ot_cipher_new(sym, encrypt);
	if (encrypt && o->v1)
		k.v1 = ot_v1_writer((enum ot_v1_alg)o->v1_alg, sym,
		    o->recipient, o->ring);
	else if (!encrypt)
		k.v1 = ot_v1_reader(sym, o->own);
	/* a 32-byte key opens olt.V1 tokens too (a transport key) */
	if (encrypt && o->olt_ring != NULL &&
	    (k.olt = ot_oltv1_writer(sym, o->olt_ring, &why)) == NULL)
		errx(2, "--ring-id: %s", why);
	else if (!encrypt && sym != NULL)
		k.olt = ot_oltv1_reader(sym);
	rc = ot_map_files(&m, files, nfiles, outfd, outname);
	ot_cipher_free(k.c);
	ot_v1_free(k.v1);
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
