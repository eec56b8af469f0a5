#include "token/tokens.h"
#include "token/algs.h"
#include "token/crypto.h"
#include "jstring.h"
#include "token/jwe.h"
#include "token/mapcol.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STR(x)	#x
#define XSTR(x)	STR(x)

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
	bool ignore_expiry;
	int64_t now;
};

struct ot_decryptor *ot_decryptor_new(const unsigned char *key,
    const struct ot_v1_keys *v1, bool ignore_expiry)
{
	struct ot_decryptor *d = calloc(1, sizeof(*d));

	if (d == NULL)
		err(1, NULL);
	if (key != NULL)
		d->c = ot_cipher_new(key, false);
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
	bool encrypt_blanks;
	struct ot_decryptor *d;	/* reading */
	struct ot_v1_expiry expiry;
};

static const char *encrypt_one(void *arg, const char *name,
    unsigned long line, const char *rule, size_t rulelen, const char *in,
    size_t len, char *out, size_t *outlen)
{
	struct crypt *k = arg;
	const char *why = NULL;

	(void)name;
	(void)line;
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

int ot_hash_files(const struct ot_secret *secret, int hash, int mac,
    bool parquet, char *const *files, int nfiles, int outfd,
    const char *outname)
{
	struct ot_hasher *h = ot_hasher_new_algs(hash, mac, secret->buf,
	    secret->len);
	struct ot_map m = { "Signature", "Token", hash_one, h, false, "",
	    false, NULL, false, parquet, true };
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
	struct crypt k = { NULL, NULL, o->encrypt_blanks, NULL, { 0, 0, "" } };
	struct ot_map m = { "Token", "Token",
	    encrypt ? encrypt_one : decrypt_one, &k,
	    !encrypt && o->keep_going, "tokens", o->token_columns,
	    o->display, encrypt && o->v1, o->parquet, encrypt };
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
	rc = ot_map_files(&m, files, nfiles, outfd, outname);
	if (!encrypt && rc == 0 && ot_v1_expiry_report(&k.expiry))
		rc = 1;
	ot_cipher_free(k.c);
	ot_v1_free(k.v1);
	ot_decryptor_free(k.d);
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
