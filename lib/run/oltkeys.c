/*
 * ot olt's commands of keys and exchange configs (generate-key-pair,
 * initiate-exchange) and how every command finds its private key and
 * exchange config.  Stricter than the reference: a key file or a config
 * is never overwritten (--force is accepted and changes nothing), nor
 * written through a link; the two parties' keys must be on one curve.
 */
#include "share/audit.h"
#include "run/oltcmd.h"
#include "cli.h"
#include "output.h"
#include "secret.h"
#include "share/kex.h"
#include "share/oltpkg.h"
#include "share/slurp.h"
#include "uuid.h"

#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/* A key file or a key's PEM is a few hundred bytes. */
#define PEM_MAX		(64 * 1024)

static const char *const curves[] = { "P-256", "P-384", "P-521" };

char *olt_home(void)
{
	const char *home = getenv("HOME");
	char *p;

	if (home == NULL || *home == '\0')
		errx(1, "HOME is not set: ot olt keeps keys in ~/.openlinktoken");
	if (asprintf(&p, "%s/.openlinktoken", home) < 0)
		err(1, NULL);
	return p;
}

/* The curve named exactly as the reference names them, or -1; a
 * message and exit 1 when given and not one. */
static int curve_of(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < 3; i++)
		if (strcmp(name, curves[i]) == 0)
			return ot_curve_parse(name);
	errx(1, "unsupported curve '%s': P-256, P-384 or P-521", name);
}

/* The key files' base name: given (spaces around dropped), or
 * openlinktoken-<today>; a plain file name either way. */
static char *key_name(const char *given)
{
	char day[16], *s;
	size_t n;
	time_t now = time(NULL);

	while (given != NULL && isspace((unsigned char)*given))
		given++;
	if (given == NULL || *given == '\0') {
		strftime(day, sizeof(day), "%Y-%m-%d", localtime(&now));
		if (asprintf(&s, "openlinktoken-%s", day) < 0)
			err(1, NULL);
		return s;
	}
	if ((s = strdup(given)) == NULL)
		err(1, NULL);
	for (n = strlen(s); n > 0 && isspace((unsigned char)s[n - 1]); n--)
		s[n - 1] = '\0';
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strpbrk(s, "/\\:"))
		errx(1, "%s: a key name must be a plain file name, without "
		    "path separators, \"..\" or a drive", s);
	return s;
}

/* ~/.openlinktoken made (0700) if need be; never a link. */
static void key_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		err(1, "%s", dir);
	if (lstat(dir, &st) < 0)
		err(1, "%s", dir);
	if (S_ISLNK(st.st_mode))
		errx(1, "%s: the key directory is a symbolic link: refused", dir);
	if (!S_ISDIR(st.st_mode))
		errx(1, "%s: exists and is not a directory", dir);
	if ((st.st_mode & 0777) != 0700 && chmod(dir, 0700) < 0)
		warn("warning: %s: cannot make it private (chmod 700)", dir);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void refuse_existing(const char *path, bool force, const char *what)
{
	errx(1, "%s: exists; ot never overwrites %s%s (move it away, or "
	    "choose another name)", path, what, force ?
	    ", with --force too" : "");
}

/* Print the absolute path after label. */
static void print_path(const char *label, const char *path)
{
	char abs[PATH_MAX];

	printf("%s%s\n", label, realpath(path, abs) != NULL ? abs : path);
}

/* A key's PEM from a file or a variable; exits 1 when there is none. */
static char *read_pem(const char *path, const char *var, size_t *len,
    bool private)
{
	struct stat st;
	char *pem, *v;

	if (var != NULL) {
		if ((v = getenv(var)) == NULL || strspn(v, " \t\r\n") ==
		    strlen(v))
			errx(1, "the environment variable %s holds no %s key",
			    var, private ? "private" : "public");
		*len = strlen(v);
		if ((pem = strdup(v)) == NULL)
			err(1, NULL);
		/* this process's copy of the environment holds it no more */
		if (private)
			OPENSSL_cleanse(v, *len);
		return pem;
	}
	if (ot_slurp(path, PEM_MAX, &pem, len) < 0) {
		if (errno == EFBIG)
			errx(1, "%s: too large for a key file", path);
		err(1, "%s", path);
	}
	if (private && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		warnx("warning: private key file %s is readable by other users "
		    "(mode %03o): chmod 600 it", path,
		    (unsigned)(st.st_mode & 0777));
	return pem;
}

static EVP_PKEY *parse_key(char *pem, size_t len, bool private,
    const char *name)
{
	const char *why;
	EVP_PKEY *k = private ? ot_key_parse_private(pem, len, &why) :
	    ot_key_parse_public(pem, len, &why);

	ot_slurp_free(pem, len);
	if (k == NULL)
		errx(1, "%s: %s", name, why);
	return k;
}

/* The audit log names the keys of a new exchange by ot's fingerprints. */
static void audit_parties(EVP_PKEY *sender, EVP_PKEY *partner)
{
	char s[65], r[65];

	if (!ot_audit_on())
		return;
	ot_key_fingerprint(sender, s);
	ot_key_fingerprint(partner, r);
	ot_audit_key("own", s);
	ot_audit_key("partner", r);
	ot_audit_package("sender", s);
	ot_audit_package("receiver", r);
}

EVP_PKEY *olt_load_private(const char *path, const char *var)
{
	size_t len;
	char *pem;

	ot_secret_protect();
	pem = read_pem(path, var, &len, true);
	return parse_key(pem, len, true, var != NULL ? var : path);
}

/* The private key beside the public key file in dir whose kid is kid,
 * or NULL. */
static EVP_PKEY *key_by_kid(const char *dir, const char *kid)
{
	char pkid[OT_OLT_KID_LEN + 1], *path, *priv;
	struct dirent **names;
	EVP_PKEY *k, *found = NULL;
	const char *why;
	size_t len, n;
	char *pem;
	int i, count;

	if ((count = scandir(dir, &names, NULL, alphasort)) < 0)
		return NULL;
	for (i = 0; i < count; i++) {
		n = strlen(names[i]->d_name);
		if (found != NULL || n <= 11 ||
		    strcmp(names[i]->d_name + n - 11, ".public.pem") != 0)
			continue;
		if (asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0)
			err(1, NULL);
		k = ot_slurp(path, PEM_MAX, &pem, &len) == 0 ?
		    ot_key_parse_public(pem, len, &why) : NULL;
		ot_slurp_free(pem, len);
		if (k != NULL) {
			ot_olt_kid(k, pkid);
			EVP_PKEY_free(k);
		}
		if (k != NULL && strcmp(pkid, kid) == 0) {
			if (asprintf(&priv, "%.*s.private.pem", (int)(strlen(path) -
			    11), path) < 0)
				err(1, NULL);
			if (exists(priv))
				found = olt_load_private(priv, NULL);
			else
				warnx("%s is the key of %s, but %s does not exist",
				    path, kid, priv);
			free(priv);
		}
		free(path);
	}
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return found;
}

EVP_PKEY *olt_private_key_for(const struct olt_args *a,
    const struct ot_exchange *x, const char *config)
{
	char *dir;
	EVP_PKEY *k = NULL;
	int i;

	if (a->private_key != NULL || a->private_key_env != NULL)
		return olt_load_private(a->private_key, a->private_key_env);
	dir = olt_home();
	for (i = 0; i < 2 && k == NULL; i++)
		if (ot_exchange_kid(x, i) != NULL)
			k = key_by_kid(dir, ot_exchange_kid(x, i));
	if (k == NULL)
		errx(1, "%s: no private key of this exchange in %s: give it "
		    "with --private-key or --private-key-env", config, dir);
	free(dir);
	return k;
}

char *olt_exchange(const struct olt_args *a, struct ot_exchange *x,
    struct ot_secret *key)
{
	char day[16], *config;
	time_t now = time(NULL);
	EVP_PKEY *own;

	strftime(day, sizeof(day), "%Y-%m-%d", localtime(&now));
	if (a->exchange_config != NULL ? (config = strdup(a->exchange_config))
	    == NULL : asprintf(&config, "openlinktoken-%s.exchange.json", day)
	    < 0)
		err(1, NULL);
	if (!exists(config))
		errx(1, "%s: no such exchange config: give one with "
		    "--exchange-config, or make it with ot olt initiate-exchange",
		    config);
	if (ot_exchange_load(x, config) < 0)
		errx(1, "%s: %s", config, x->err);
	own = olt_private_key_for(a, x, config);
	ot_exchange_free(x);
	if (ot_exchange_use(x, config, own, key) != 0)
		exit(1);
	EVP_PKEY_free(own);
	return config;
}

/* Write k's two files in dir under name, or find them there holding k
 * already (a key reused); never overwriting.  Their paths. */
static void write_pair(EVP_PKEY *k, const char *dir, const char *name,
    bool force, char **priv, char **pub)
{
	char a[65], b[65], mine[65];
	EVP_PKEY *old;
	size_t len;
	char *pem;

	if (asprintf(priv, "%s/%s.private.pem", dir, name) < 0 ||
	    asprintf(pub, "%s/%s.public.pem", dir, name) < 0)
		err(1, NULL);
	if (exists(*priv) || exists(*pub)) {
		/* the same key there already: nothing to write */
		if (exists(*priv) && exists(*pub)) {
			old = olt_load_private(*priv, NULL);
			ot_key_fingerprint(old, a);
			EVP_PKEY_free(old);
			pem = read_pem(*pub, NULL, &len, false);
			old = parse_key(pem, len, false, *pub);
			ot_key_fingerprint(old, b);
			EVP_PKEY_free(old);
			ot_key_fingerprint(k, mine);
			if (strcmp(a, mine) == 0 && strcmp(b, mine) == 0)
				return;
		}
		refuse_existing(exists(*priv) ? *priv : *pub, force,
		    "a key file");
	}
	key_dir(dir);
	/* the event before the first file is in place */
	ot_key_fingerprint(k, mine);
	ot_audit_key("own", mine);
	ot_audit_output_direct(*priv, true);
	ot_audit_output_direct(*pub, false);
	ot_key_write(k, *priv, *pub);
	if (chmod(*pub, 0644) < 0)
		warn("%s", *pub);
}

int olt_generate_key_pair(const struct olt_args *a)
{
	char *name = key_name(a->name), *dir = olt_home(), *priv, *pub;
	int c = curve_of(a->curve != NULL ? a->curve : "P-256");
	EVP_PKEY *k;

	k = ot_key_generate((enum ot_curve)c);
	write_pair(k, dir, name, a->force, &priv, &pub);
	print_path("Private key: ", priv);
	print_path("Public key:  ", pub);
	EVP_PKEY_free(k);
	free(priv);
	free(pub);
	free(name);
	free(dir);
	return fflush(stdout) == EOF ? 1 : 0;
}

/* All of standard input, for --public-key-stdin and
 * --hashingsecret-stdin; exits 1 when it is blank. */
static char *read_stdin(const char *opt, size_t *len)
{
	char *buf;

	if (ot_slurp("/dev/stdin", PEM_MAX, &buf, len) < 0)
		err(1, "%s: standard input", opt);
	if (strspn(buf, " \t\r\n") == *len)
		errx(1, "%s: standard input is empty", opt);
	return buf;
}

/* The hashing secret, as the options say, or 32 random bytes. */
static void hashing_secret(const struct olt_args *a, struct ot_secret *s)
{
	char *v, *buf;
	size_t n;

	ot_secret_protect();
	s->len = 0;
	if (a->hashing_secret_stdin) {
		buf = read_stdin("--hashingsecret-stdin", &n);
		if (n > 0 && buf[n - 1] == '\n' && --n > 0 && buf[n - 1] == '\r')
			n--;
		if (n >= sizeof(s->buf))
			errx(1, "--hashingsecret-stdin: longer than %d bytes",
			    OT_SECRET_MAX - 1);
		memcpy(s->buf, buf, n);
		s->len = n;
		ot_slurp_free(buf, n);
	} else if (a->hashing_secret_env != NULL) {
		if ((v = getenv(a->hashing_secret_env)) == NULL ||
		    strspn(v, " \t\r\n") == strlen(v))
			errx(1, "--hashingsecret-env: the environment variable %s "
			    "holds no hashing secret", a->hashing_secret_env);
		if ((n = strlen(v)) >= sizeof(s->buf))
			errx(1, "--hashingsecret-env: longer than %d bytes",
			    OT_SECRET_MAX - 1);
		memcpy(s->buf, v, n);
		s->len = n;
		OPENSSL_cleanse(v, n);
	} else if (a->hashing_secret != NULL && a->hashing_secret[0] != '\0') {
		warnx("warning: --hashingsecret puts the hashing secret where "
		    "other users can see it; use --hashingsecret-stdin or "
		    "--hashingsecret-env");
		if ((n = strlen(a->hashing_secret)) >= sizeof(s->buf))
			errx(1, "--hashingsecret: longer than %d bytes",
			    OT_SECRET_MAX - 1);
		memcpy(s->buf, a->hashing_secret, n);
		s->len = n;
		memset(a->hashing_secret, 'x', n);
	}
	if (s->len == 0) {
		if (RAND_priv_bytes(s->buf, 32) != 1)
			errx(1, "OpenSSL: RAND_priv_bytes failed");
		s->len = 32;
	}
}

/* Write the config text to path, new (mode 0600): never over a file. */
static void write_config(const char *path, const struct ot_text *t)
{
	char *tmp;
	int fd;

	char *dir = strdup(path), *slash;

	/* its directory made as the reference makes it */
	if (dir == NULL)
		err(1, NULL);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		ot_make_dirs(dir);
	}
	free(dir);
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		err(1, NULL);
	if ((fd = mkstemp(tmp)) < 0)
		err(1, "%s", path);
	if (ot_write_all(fd, t->p, t->len) < 0) {
		warn("%s", path);
		unlink(tmp);
		exit(1);
	}
	if (ot_durable_link(fd, tmp, path) < 0) {
		if (errno == EEXIST)
			refuse_existing(path, false, "an exchange config");
		err(1, "%s", path);
	}
	close(fd);
	free(tmp);
}

int olt_initiate_exchange(const struct olt_args *a)
{
	char *name = key_name(a->name), *dir = olt_home(), *out = NULL,
	    *priv = NULL, *pub = NULL, *pem;
	char created[32], id[37];
	int c = curve_of(a->curve);
	struct ot_exchange_spec spec;
	struct ot_text config = { NULL, 0, 0 };
	struct ot_secret secret;
	EVP_PKEY *partner, *sender;
	const char *why;
	time_t now = time(NULL);
	size_t len;

	if (a->public_key_stdin && a->hashing_secret_stdin)
		errx(1, "--public-key-stdin and --hashingsecret-stdin both read "
		    "standard input: give one of them otherwise");
	if (a->output == NULL && asprintf(&out, "%s.exchange.json", name) < 0)
		err(1, NULL);
	if (exists(a->output != NULL ? a->output : out))
		refuse_existing(a->output != NULL ? a->output : out, a->force,
		    "an exchange config");
	if (a->public_key_stdin)
		pem = read_stdin("--public-key-stdin", &len);
	else
		pem = read_pem(a->public_key, a->public_key_env, &len, false);
	partner = parse_key(pem, len, false, a->public_key != NULL ?
	    a->public_key : a->public_key_env != NULL ? a->public_key_env :
	    "standard input");
	if (a->sender_private_key != NULL || a->sender_private_key_env != NULL)
		sender = olt_load_private(a->sender_private_key,
		    a->sender_private_key_env);
	else
		sender = ot_key_generate((enum ot_curve)(c >= 0 ? c : OT_P256));
	if (c >= 0 && ot_key_curve(sender) != c)
		errx(1, "the sender key is on %s, not %s (--curve)",
		    ot_curve_label((enum ot_curve)ot_key_curve(sender)), a->curve);
	if (ot_key_curve(sender) != ot_key_curve(partner))
		errx(1, "curve mismatch: the partner's key is on %s and ours on "
		    "%s; both parties' keys must be on one curve (make ours "
		    "with -c %s)", ot_curve_label((enum ot_curve)
		    ot_key_curve(partner)), ot_curve_label((enum ot_curve)
		    ot_key_curve(sender)), ot_curve_label((enum ot_curve)
		    ot_key_curve(partner)));
	audit_parties(sender, partner);
	hashing_secret(a, &secret);
	ot_audit_output_direct(a->output != NULL ? a->output : out, false);
	if (a->sender_private_key_env == NULL)
		write_pair(sender, dir, name, a->force, &priv, &pub);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ot_uuid4(id);
	spec.name = name;
	spec.secret = secret.buf;
	spec.secretlen = secret.len;
	spec.sender = sender;
	spec.recipient = partner;
	spec.created = created;
	spec.id = id;
	if (ot_exchange_build(&spec, &config, &why) < 0)
		errx(1, "%s", why);
	ot_secret_wipe(&secret);
	write_config(a->output != NULL ? a->output : out, &config);
	if (priv != NULL) {
		print_path("Private key:     ", priv);
		print_path("Public key:      ", pub);
	} else {
		printf("Sender private key: $%s (environment variable, not "
		    "written locally)\n", a->sender_private_key_env);
		printf("Sender public key:  derived from the sender private key "
		    "(not written locally)\n");
	}
	print_path("Exchange config: ", a->output != NULL ? a->output : out);
	ot_text_free(&config);
	EVP_PKEY_free(partner);
	EVP_PKEY_free(sender);
	free(priv);
	free(pub);
	free(out);
	free(name);
	free(dir);
	return fflush(stdout) == EOF ? 1 : 0;
}
