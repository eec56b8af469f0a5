#include "share/audit.h"
#include "share/kex.h"
#include "share/slurp.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* A key file is a few hundred bytes; anything much larger is not one. */
#define PEM_MAX	(64 * 1024)

static const struct {
	const char *label;	/* the metadata's */
	const char *group;	/* OpenSSL's */
	const char *const aliases[5];
} curves[OT_NCURVE] = {
	[OT_P256] = { "P-256", "prime256v1",
	    { "p-256", "p256", "prime256v1", "secp256r1", NULL } },
	[OT_P384] = { "P-384", "secp384r1",
	    { "p-384", "p384", "prime384v1", "secp384r1", NULL } },
	[OT_P521] = { "P-521", "secp521r1",
	    { "p-521", "p521", "prime521v1", "secp521r1", NULL } },
};

int ot_curve_parse(const char *name)
{
	size_t n;
	int c, i;

	while (*name == ' ' || *name == '\t')
		name++;
	n = strlen(name);
	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	for (c = 0; c < OT_NCURVE; c++)
		for (i = 0; curves[c].aliases[i] != NULL; i++)
			if (strlen(curves[c].aliases[i]) == n &&
			    strncasecmp(curves[c].aliases[i], name, n) == 0)
				return c;
	return -1;
}

const char *ot_curve_label(enum ot_curve c)
{
	return curves[c].label;
}

int ot_key_curve(const EVP_PKEY *k)
{
	char group[64];
	int c;

	if (!EVP_PKEY_is_a(k, "EC") ||
	    !EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME,
	    group, sizeof(group), NULL))
		return -1;
	for (c = 0; c < OT_NCURVE; c++)
		if (strcmp(group, curves[c].group) == 0)
			return c;
	return -1;
}

_Noreturn void ot_ossl_fail(const char *what)
{
	unsigned long e = ERR_get_error();

	errx(1, "OpenSSL: %s: %s", what,
	    e ? ERR_reason_error_string(e) : "failed");
}

/* The file's bytes, NUL-terminated; exits 2 when it cannot be read. */
static char *read_pem(const char *path, size_t *len, bool private)
{
	struct stat st;
	char *buf;
	int fd;

	ot_secret_protect();
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err(2, "%s", path);
	if (fstat(fd, &st) < 0)
		err(2, "%s", path);
	if (S_ISDIR(st.st_mode))
		errx(2, "%s: is a directory, not a key file", path);
	if (private && S_ISREG(st.st_mode) &&
	    (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
		warnx("warning: private key file %s is readable by other users "
		    "(mode %03o): chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
	if ((buf = ot_read_bounded(fd, PEM_MAX, len)) == NULL) {
		if (*len > PEM_MAX)
			errx(2, "%s: too large for a key file", path);
		err(2, "%s", path);
	}
	close(fd);
	return buf;
}

/* The label of the first PEM block: "PRIVATE KEY", "PUBLIC KEY"...; ""
 * when there is none. */
static void pem_label(const char *pem, size_t len, char out[48])
{
	const char *b = memmem(pem, len, "-----BEGIN ", 11), *e;

	out[0] = '\0';
	if (b == NULL)
		return;
	b += 11;
	e = memmem(b, len - (size_t)(b - pem), "-----", 5);
	if (e != NULL && e - b < 48 && memchr(b, '\n', (size_t)(e - b)) == NULL) {
		memcpy(out, b, (size_t)(e - b));
		out[e - b] = '\0';
	}
}

/* Never ask a terminal for a passphrase. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* The bits of an RSA key JWE may use (RSA-OAEP-256): 2048 and more
 * (RFC 7518 section 4.3), and at most 8192, which bounds the encrypted
 * key a token carries. */
#define RSA_MIN_BITS	2048
#define RSA_MAX_BITS	8192

/* Checks an RSA key, which it frees when it fails. */
static const char *check_rsa(EVP_PKEY *k, bool private, char *buf,
    size_t size)
{
	EVP_PKEY_CTX *ctx;
	int bits = EVP_PKEY_get_bits(k);
	const char *why = NULL;

	if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
		snprintf(buf, size, "an RSA key of %d bits: RSA-OAEP-256 takes "
		    "%d to %d", bits, RSA_MIN_BITS, RSA_MAX_BITS);
		why = buf;
	} else if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL)) == NULL)
		ot_ossl_fail("EVP_PKEY_CTX");
	else {
		if (private ? EVP_PKEY_pairwise_check(ctx) != 1 :
		    EVP_PKEY_public_check(ctx) != 1)
			why = "not a valid RSA key";
		EVP_PKEY_CTX_free(ctx);
	}
	if (why != NULL) {
		ERR_clear_error();
		EVP_PKEY_free(k);
	}
	return why;
}

/* Checks k, which it frees when it fails: one of our curves, public
 * half valid (and, for a private key, that of its private half); or with
 * rsa, an RSA key fit for RSA-OAEP-256 (buf holds a message made).
 * NULL, or why not.  Whatever the file's encoding (a compressed point,
 * explicit curve parameters), an EC key is then encoded as the
 * references encode a key, by the curve's name and with the point
 * uncompressed: that one SubjectPublicKeyInfo is what a fingerprint
 * hashes, and what public keys ot writes hold. */
static const char *check_key(EVP_PKEY *k, bool private, bool rsa,
    char *buf, size_t size)
{
	EVP_PKEY_CTX *ctx;
	const char *why = NULL;

	if (rsa && EVP_PKEY_is_a(k, "RSA"))
		return check_rsa(k, private, buf, size);
	if (ot_key_curve(k) < 0)
		why = rsa ? "not an RSA key, nor an EC key on P-256, P-384 or "
		    "P-521" : "not a key on P-256, P-384 or P-521";
	else if (!EVP_PKEY_set_utf8_string_param(k,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
	    OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) ||
	    !EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_ENCODING,
	    OSSL_PKEY_EC_ENCODING_GROUP))
		why = "its point cannot be encoded";
	else if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL)) == NULL)
		ot_ossl_fail("EVP_PKEY_CTX");
	else {
		/* a stored public key that is not the private key's would
		 * give a false fingerprint */
		if (private ? EVP_PKEY_pairwise_check(ctx) != 1 :
		    EVP_PKEY_public_check(ctx) != 1)
			why = private ? "its public key does not belong to its "
			    "private key" : "not a valid point of its curve";
		EVP_PKEY_CTX_free(ctx);
	}
	if (why != NULL) {
		ERR_clear_error();
		EVP_PKEY_free(k);
	}
	return why;
}

/* Why a PEM block of this label is not the kind of key wanted, or NULL. */
static const char *label_problem(const char *label, bool private, bool rsa)
{
	if (rsa && private && strcmp(label, "RSA PRIVATE KEY") == 0)
		return NULL;
	if (!private)
		return strstr(label, "PRIVATE KEY") != NULL ? "is a private key, "
		    "where a public key (public_key.pem) is expected: never "
		    "send or ask for a private key" :
		    strcmp(label, "PUBLIC KEY") != 0 ?
		    "not a PEM public key (\"PUBLIC KEY\")" : NULL;
	if (strcmp(label, "PUBLIC KEY") == 0)
		return "is a public key, where a private key (keypair.pem) is "
		    "expected";
	if (strcmp(label, "ENCRYPTED PRIVATE KEY") == 0)
		return "is encrypted; ot reads unencrypted PKCS#8 or SEC1 keys, "
		    "as the references write them";
	if (strcmp(label, "PRIVATE KEY") != 0 &&
	    strcmp(label, "EC PRIVATE KEY") != 0)
		return rsa ? "not a PEM private key (PKCS#8 \"PRIVATE KEY\", "
		    "SEC1 \"EC PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\")" :
		    "not a PEM EC private key (PKCS#8 \"PRIVATE KEY\" or "
		    "SEC1 \"EC PRIVATE KEY\")";
	return NULL;
}

static EVP_PKEY *parse_pem(const char *pem, size_t len, bool private,
    bool rsa, const char **why)
{
	static _Thread_local char msg[128];
	EVP_PKEY *k;
	char label[48];
	BIO *b;

	if (len > PEM_MAX) {
		*why = "too large for a key file";
		return NULL;
	}
	pem_label(pem, len, label);
	if ((*why = label_problem(label, private, rsa)) != NULL)
		return NULL;
	if ((b = BIO_new_mem_buf(pem, (int)len)) == NULL)
		ot_ossl_fail("BIO");
	k = private ? PEM_read_bio_PrivateKey(b, NULL, no_passphrase, NULL) :
	    PEM_read_bio_PUBKEY(b, NULL, no_passphrase, NULL);
	BIO_free(b);
	if (k == NULL) {
		ERR_clear_error();
		*why = private ? "malformed private key" : "malformed public key";
		return NULL;
	}
	return (*why = check_key(k, private, rsa, msg, sizeof(msg))) == NULL ?
	    k : NULL;
}

EVP_PKEY *ot_key_parse_private(const char *pem, size_t len,
    const char **why)
{
	return parse_pem(pem, len, true, false, why);
}

EVP_PKEY *ot_key_parse_public(const char *pem, size_t len, const char **why)
{
	return parse_pem(pem, len, false, false, why);
}

EVP_PKEY *ot_key_parse_jwe_private(const char *pem, size_t len,
    const char **why)
{
	return parse_pem(pem, len, true, true, why);
}

/* The private key in pem, which it wipes and frees. */
static EVP_PKEY *private_from_pem(char *pem, size_t len, const char *path,
    bool rsa)
{
	const char *why;
	EVP_PKEY *k = parse_pem(pem, len, true, rsa, &why);

	OPENSSL_cleanse(pem, len);
	free(pem);
	if (k == NULL)
		errx(2, "%s: %s", path, why);
	return k;
}

/* The audit log names a key by its fingerprint, its file by its path. */
static EVP_PKEY *audited(EVP_PKEY *k, const char *path, const char *role)
{
	char fp[65];

	if (ot_audit_on()) {
		ot_key_fingerprint(k, fp);
		ot_audit_key(role, fp);
		ot_audit_input(strcmp(role, "own") == 0 ? "private-key" :
		    "public-key", path, strcmp(role, "own") == 0);
	}
	return k;
}

EVP_PKEY *ot_key_load_private(const char *path)
{
	size_t len;
	char *pem = read_pem(path, &len, true);

	return audited(private_from_pem(pem, len, path, false), path, "own");
}

EVP_PKEY *ot_key_load_jwe_private(const char *path)
{
	size_t len;
	char *pem = read_pem(path, &len, true);

	return audited(private_from_pem(pem, len, path, true), path, "own");
}

EVP_PKEY *ot_key_load_recipient(const char *path)
{
	size_t len;
	char *pem = read_pem(path, &len, false);
	const char *why;
	EVP_PKEY *k = parse_pem(pem, len, false, true, &why);

	free(pem);
	if (k == NULL)
		errx(2, "%s: %s", path, why);
	return k;
}

char *ot_key_describe(EVP_PKEY *k, char *buf, size_t size)
{
	int c = ot_key_curve(k);

	if (c >= 0)
		snprintf(buf, size, "an EC %s key",
		    ot_curve_label((enum ot_curve)c));
	else if (EVP_PKEY_is_a(k, "RSA"))
		snprintf(buf, size, "an RSA key of %d bits",
		    EVP_PKEY_get_bits(k));
	else
		snprintf(buf, size, "a key of type %s",
		    EVP_PKEY_get0_type_name(k));
	return buf;
}

EVP_PKEY *ot_key_public_from_pem(const char *pem, size_t len,
    const char *name, int status)
{
	const char *why;
	EVP_PKEY *k = ot_key_parse_public(pem, len, &why);

	if (k == NULL)
		errx(status, "%s: %s", name, why);
	return k;
}

EVP_PKEY *ot_key_load_public(const char *path)
{
	size_t len;
	char *pem = read_pem(path, &len, false);
	EVP_PKEY *k = ot_key_public_from_pem(pem, len, path, 2);

	free(pem);
	return audited(k, path, "partner");
}

EVP_PKEY *ot_key_load_either(const char *path)
{
	size_t len;
	char label[48], *pem = read_pem(path, &len, false);
	EVP_PKEY *k;

	pem_label(pem, len, label);
	if (strcmp(label, "PUBLIC KEY") != 0)
		return private_from_pem(pem, len, path, false);
	k = ot_key_public_from_pem(pem, len, path, 2);
	free(pem);
	return k;
}

char *ot_key_public_pem(EVP_PKEY *k, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out;
	long n;

	if (b == NULL || !PEM_write_bio_PUBKEY(b, k))
		ot_ossl_fail("public key PEM");
	n = BIO_get_mem_data(b, &data);
	if ((out = malloc((size_t)n + 1)) == NULL)
		err(1, NULL);
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return out;
}

static void bio_to_secret(BIO *b, struct ot_secret *s)
{
	char *data;
	long n = BIO_get_mem_data(b, &data);

	if (n <= 0 || (size_t)n > sizeof(s->buf))
		errx(1, "internal error: a key's PEM does not fit");
	memcpy(s->buf, data, (size_t)n);
	s->len = (size_t)n;
	OPENSSL_cleanse(data, (size_t)n);
	BIO_free(b);
}

void ot_key_private_pem(EVP_PKEY *k, struct ot_secret *s)
{
	BIO *b = BIO_new(BIO_s_secmem());

	if (b == NULL || !PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL,
	    NULL))
		ot_ossl_fail("private key PEM");
	bio_to_secret(b, s);
}

void ot_key_public_secret(EVP_PKEY *k, struct ot_secret *s)
{
	BIO *b = BIO_new(BIO_s_mem());

	if (b == NULL || !PEM_write_bio_PUBKEY(b, k))
		ot_ossl_fail("public key PEM");
	bio_to_secret(b, s);
}

void ot_digest_hex(const void *p, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen;
	int i;

	if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL))
		ot_ossl_fail("SHA-256");
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void ot_key_fingerprint(EVP_PKEY *k, char out[65])
{
	unsigned char *der = NULL;
	int n;

	if ((n = i2d_PUBKEY(k, &der)) <= 0)
		ot_ossl_fail("public key fingerprint");
	ot_digest_hex(der, (size_t)n, out);
	OPENSSL_free(der);
}

void ot_hkdf(const unsigned char *z, size_t zlen, const char *salt,
    const char *info, struct ot_secret *s)
{
	EVP_KDF *kdf;
	EVP_KDF_CTX *ctx;
	OSSL_PARAM p[5];

	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL ||
	    (ctx = EVP_KDF_CTX_new(kdf)) == NULL)
		ot_ossl_fail("HKDF");
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    "SHA256", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)z, zlen);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)salt, strlen(salt));
	p[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)info, strlen(info));
	p[4] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(ctx, s->buf, 32, p) != 1)
		ot_ossl_fail("HKDF");
	s->len = 32;
	EVP_KDF_CTX_free(ctx);	/* cleanses its copy of Z */
	EVP_KDF_free(kdf);
}

int ot_ecdh(EVP_PKEY *own, EVP_PKEY *peer, unsigned char z[OT_Z_MAX],
    size_t *zlen)
{
	EVP_PKEY_CTX *ctx;
	int ok;

	*zlen = OT_Z_MAX;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL)) == NULL)
		ot_ossl_fail("ECDH");
	ok = EVP_PKEY_derive_init(ctx) == 1 &&
	    EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) == 1 &&
	    EVP_PKEY_derive(ctx, z, zlen) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		ERR_clear_error();
	return ok ? 0 : -1;
}

const char *ot_curve_group(enum ot_curve c)
{
	return curves[c].group;
}

size_t ot_curve_bytes(enum ot_curve c)
{
	return c == OT_P256 ? 32 : c == OT_P384 ? 48 : 66;
}

void ot_kex_derive(EVP_PKEY *own, const char *own_name, EVP_PKEY *peer,
    const char *peer_name, struct ot_secret *hashing,
    struct ot_secret *encryption)
{
	unsigned char z[OT_Z_MAX];
	size_t zlen;
	int a = ot_key_curve(own), b = ot_key_curve(peer);

	if (a != b)
		errx(2, "%s is a %s key but %s is a %s key: both must be on "
		    "one curve", own_name, curves[a].label, peer_name,
		    curves[b].label);
	if (ot_ecdh(own, peer, z, &zlen) < 0)
		errx(2, "%s: not a usable peer key for %s", peer_name,
		    own_name);
	if (hashing != NULL)
		ot_hkdf(z, zlen, "HASHING", "OpenToken-Hash", hashing);
	if (encryption != NULL)
		ot_hkdf(z, zlen, "ENCRYPTION", "OpenToken-Encrypt", encryption);
	OPENSSL_cleanse(z, sizeof(z));
}

EVP_PKEY *ot_key_generate(enum ot_curve c)
{
	EVP_PKEY *k;

	ot_secret_protect();
	k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[c].group);

	if (k == NULL)
		ot_ossl_fail("EC key generation");
	if (check_key(k, true, false, NULL, 0) != NULL)
		errx(1, "internal error: a new key fails its checks");
	return k;
}

/* Create path new, never through a link. */
static int create_new(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
}

/* Why create_new() failed, and exit 2. */
static _Noreturn void create_failed(const char *path)
{
	struct stat st;

	if (errno == EEXIST && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		errx(2, "%s: exists (a symbolic link); ot never writes a key "
		    "through a link or over a file", path);
	if (errno == EEXIST)
		errx(2, "%s: exists; ot never overwrites a key (move it away "
		    "or choose another directory)", path);
	err(2, "%s", path);
}

static int write_pem(int fd, EVP_PKEY *k, bool private)
{
	BIO *b = BIO_new_fd(fd, BIO_NOCLOSE);
	int ok;

	if (b == NULL)
		return 0;
	ok = private ? PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL,
	    NULL) : PEM_write_bio_PUBKEY(b, k);
	ok = ok && BIO_flush(b) == 1;
	BIO_free(b);
	return ok && fsync(fd) == 0;
}

void ot_key_write(EVP_PKEY *k, const char *priv, const char *pub)
{
	int pfd, qfd;

	if ((pfd = create_new(priv, 0600)) < 0)
		create_failed(priv);
	if ((qfd = create_new(pub, 0666)) < 0) {
		int e = errno;

		close(pfd);
		unlink(priv);
		errno = e;
		create_failed(pub);
	}
	/* both new: the audit log's event before they hold the key */
	if (ot_audit_put(NULL, NULL) < 0) {
		close(pfd);
		close(qfd);
		unlink(priv);
		unlink(pub);
		exit(1);
	}
	if (!write_pem(pfd, k, true) || close(pfd) < 0) {
		unlink(priv);
		unlink(pub);
		errx(1, "%s: cannot write the private key", priv);
	}
	if (!write_pem(qfd, k, false) || close(qfd) < 0) {
		unlink(priv);
		unlink(pub);
		errx(1, "%s: cannot write the public key", pub);
	}
}
