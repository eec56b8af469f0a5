#include "share/package.h"
#include "output.h"
#include "parquet/parquet.h"
#include "share/kex.h"
#include "cli.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <zip.h>

#define PEM_ENTRY_MAX	(64 * 1024)
#define META_ENTRY_MAX	(16 * 1024 * 1024)

bool ot_is_package(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcasecmp(path + n - 4, ".zip") == 0;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		err(1, NULL);
	return d;
}

/* "DIR/NAME" */
static char *join(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		err(1, NULL);
	return p;
}

/*
 * The one rule for an entry's name, which the writer keeps and the
 * reader checks: a plain file name, that names no directory: not empty,
 * "." or "..", no '/' or '\\', no drive ("C:").  Dots elsewhere are
 * harmless ("acme..2026_temp.csv").
 */
static bool plain_name(const char *n)
{
	return n[0] != '\0' && strcmp(n, ".") != 0 && strcmp(n, "..") != 0 &&
	    strchr(n, '/') == NULL && strchr(n, '\\') == NULL &&
	    n[1] != ':';
}

/* The package's file name less ".zip". */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s = xstrdup(base != NULL ? base + 1 : path);

	s[strlen(s) - 4] = '\0';
	return s;
}

/* The SenderPublicKeyHash or ReceiverPublicKeyHash of the metadata. */
static const char *meta_hash(const cJSON *meta, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(meta, field);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static cJSON *read_json_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	cJSON *j;

	if (f == NULL) {
		warn("%s", path);
		return NULL;
	}
	if ((buf = malloc(META_ENTRY_MAX + 1)) == NULL)
		err(1, NULL);
	n = fread(buf, 1, META_ENTRY_MAX + 1, f);
	fclose(f);
	buf[n <= META_ENTRY_MAX ? n : META_ENTRY_MAX] = '\0';
	j = n <= META_ENTRY_MAX ? cJSON_Parse(buf) : NULL;
	free(buf);
	if (j == NULL)
		warnx("%s: not a metadata file (JSON)", path);
	return j;
}

int ot_package_check_name(const char *path)
{
	char *s = stem(path), *name;
	int rc = 0;

	if (asprintf(&name, "%s_temp.csv", s) < 0)
		err(1, NULL);
	if (!plain_name(name)) {
		warnx("%s: its entries would be named %s, which is not a plain "
		    "file name (a backslash, or a drive such as C:): name the "
		    "package otherwise", path, name);
		rc = 1;
	}
	free(name);
	free(s);
	return rc;
}

int ot_package_write(const char *path, const char *tokens,
    const char *metadata, EVP_PKEY *sender)
{
	char fp[65], *s = stem(path), *tname, *mname, *pem, *tmp = NULL;
	const char *named;
	zip_source_t *src;
	zip_t *za;
	size_t pemlen;
	cJSON *meta;
	int e, rc = 1;

	if ((meta = read_json_file(metadata)) == NULL) {
		free(s);
		return 1;
	}
	ot_key_fingerprint(sender, fp);
	named = meta_hash(meta, "SenderPublicKeyHash");
	if (named == NULL || strcmp(named, fp) != 0) {
		warnx("%s: its SenderPublicKeyHash is %s, not the sender key's "
		    "%s: tokens made with another key pair", metadata,
		    named != NULL ? named : "missing", fp);
		cJSON_Delete(meta);
		free(s);
		return 1;
	}
	cJSON_Delete(meta);
	if (ot_package_check_name(path) != 0) {
		free(s);
		return 1;
	}
	if (asprintf(&tname, "%s_temp.%s", s, pq_path_is_parquet(tokens) == 1 ?
	    "parquet" : "csv") < 0 ||
	    asprintf(&mname, "%s_temp.metadata.json", s) < 0)
		err(1, NULL);
	pem = ot_key_public_pem(sender, &pemlen);
	/* written under a private name, then made durable and renamed:
	 * the package appears whole or not at all */
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		err(1, NULL);
	if ((e = mkstemp(tmp)) < 0) {
		warn("%s", path);
		goto out;
	}
	close(e);
	if ((za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &e)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, e);
		warnx("%s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if ((src = zip_source_file(za, tokens, 0, -1)) == NULL ||
	    zip_file_add(za, tname, src, ZIP_FL_ENC_UTF_8) < 0 ||
	    (src = zip_source_file(za, metadata, 0, -1)) == NULL ||
	    zip_file_add(za, mname, src, ZIP_FL_ENC_UTF_8) < 0 ||
	    (src = zip_source_buffer(za, pem, pemlen, 0)) == NULL ||
	    zip_file_add(za, OT_PKG_KEY_ENTRY, src, ZIP_FL_ENC_UTF_8) < 0 ||
	    zip_close(za) < 0) {
		warnx("%s: %s", path, zip_strerror(za));
		zip_discard(za);
		goto out;
	}
	if (ot_durable_rename(-1, tmp, path) < 0) {
		warn("%s", path);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(pem);
	free(tname);
	free(mname);
	free(s);
	return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static void too_large(const char *path, const char *name, uint64_t bound)
{
	warnx("%s: entry %s: expands past %llu bytes, more than %d times "
	    "its compressed size: refused (a ZIP bomb?)", path, name,
	    (unsigned long long)bound, OT_PKG_RATIO);
}

/* Read entry i whole into a NUL-terminated buffer of at most max bytes. */
static char *read_entry(zip_t *za, zip_int64_t i, size_t max, size_t *len,
    const char *path, const char *name)
{
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
	char *buf;
	zip_int64_t n;

	if (f == NULL) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return NULL;
	}
	if ((buf = malloc(max + 1)) == NULL)
		err(1, NULL);
	*len = 0;
	while ((n = zip_fread(f, buf + *len, max + 1 - *len)) > 0) {
		*len += (size_t)n;
		if (*len > max) {
			warnx("%s: entry %s: larger than %zu bytes", path,
			    name, max);
			goto fail;
		}
	}
	if (n < 0) {
		warnx("%s: entry %s: %s", path, name, zip_file_strerror(f));
		goto fail;
	}
	zip_fclose(f);
	buf[*len] = '\0';
	return buf;
fail:
	zip_fclose(f);
	free(buf);
	return NULL;
}

/* The most bytes entry i may expand to: OT_PKG_RATIO times its
 * compressed size, and never less than OT_PKG_FLOOR (a small package
 * is never refused); 0 after a message when it says it holds more. */
static uint64_t entry_bound(zip_t *za, zip_int64_t i, const char *path,
    const char *name)
{
	zip_stat_t st;
	uint64_t bound = OT_PKG_FLOOR;

	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_COMP_SIZE) || !(st.valid & ZIP_STAT_SIZE)) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 0;
	}
	if (st.comp_size <= UINT64_MAX / OT_PKG_RATIO &&
	    st.comp_size * OT_PKG_RATIO > bound)
		bound = st.comp_size * OT_PKG_RATIO;
	if (st.size > bound) {
		too_large(path, name, bound);
		return 0;
	}
	return bound;
}

/* Copy entry i to the new file p->tokens, within its bound. */
static int extract(zip_t *za, zip_int64_t i, struct ot_package *p,
    const char *path, const char *name)
{
	uint64_t bound = entry_bound(za, i, path, name), done = 0;
	zip_file_t *f;
	char buf[65536];
	zip_int64_t n;
	int fd, rc = 1;

	if (bound == 0)
		return 1;
	if ((f = zip_fopen_index(za, (zip_uint64_t)i, 0)) == NULL) {
		warnx("%s: entry %s: %s", path, name, zip_strerror(za));
		return 1;
	}
	fd = open(p->tokens, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0) {
		warn("%s", p->tokens);
		zip_fclose(f);
		return 1;
	}
	while ((n = zip_fread(f, buf, sizeof(buf))) > 0) {
		/* its size said is not trusted */
		if ((done += (uint64_t)n) > bound) {
			too_large(path, name, bound);
			goto out;
		}
		if (ot_write_all(fd, buf, (size_t)n) < 0) {
			warn("%s", p->tokens);
			goto out;
		}
	}
	if (n < 0)
		warnx("%s: entry %s: %s", path, name, zip_file_strerror(f));
	else
		rc = 0;
out:
	if (close(fd) < 0 && rc == 0) {
		warn("%s", p->tokens);
		rc = 1;
	}
	zip_fclose(f);
	return rc;
}

/* Check the metadata entry against the receiver's and the stored sender
 * key. */
static int check_metadata(const char *json, const char *path,
    const char *name, EVP_PKEY *own, EVP_PKEY *sender)
{
	cJSON *meta = cJSON_Parse(json);
	char mine[65], theirs[65];
	const char *r, *s;
	int rc = 1;

	if (meta == NULL) {
		warnx("%s: entry %s: not valid JSON", path, name);
		return 1;
	}
	ot_key_fingerprint(own, mine);
	ot_key_fingerprint(sender, theirs);
	r = meta_hash(meta, "ReceiverPublicKeyHash");
	s = meta_hash(meta, "SenderPublicKeyHash");
	if (r == NULL || s == NULL)
		warnx("%s: entry %s: no ReceiverPublicKeyHash or "
		    "SenderPublicKeyHash: not a key-exchange package", path,
		    name);
	else if (strcmp(r, mine) != 0)
		warnx("%s: this package is for another receiver: it names "
		    "the receiver key %s, and yours is %s", path, r, mine);
	else if (strcmp(s, theirs) != 0)
		warnx("%s: tampered package: %s is not the sender key its "
		    "metadata names", path, OT_PKG_KEY_ENTRY);
	else
		rc = 0;
	cJSON_Delete(meta);
	return rc;
}

/* The package at path, opened to be read; NULL after a message. */
static zip_t *open_zip(const char *path)
{
	zip_t *za;
	int e;

	if ((za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &e)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, e);
		warnx("%s: not a readable ZIP package: %s", path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	return za;
}

/* The sender key stored as entry i; NULL after a message. */
static EVP_PKEY *stored_sender(zip_t *za, zip_int64_t i, const char *path)
{
	const char *why;
	EVP_PKEY *k;
	size_t len;
	char *pem;

	if ((pem = read_entry(za, i, PEM_ENTRY_MAX, &len, path,
	    OT_PKG_KEY_ENTRY)) == NULL)
		return NULL;
	if ((k = ot_key_parse_public(pem, len, &why)) == NULL)
		warnx("%s: entry %s: %s", path, OT_PKG_KEY_ENTRY, why);
	free(pem);
	return k;
}

EVP_PKEY *ot_package_sender(const char *path)
{
	zip_t *za = open_zip(path);
	zip_int64_t i;
	EVP_PKEY *k = NULL;

	if (za == NULL)
		return NULL;
	if ((i = zip_name_locate(za, OT_PKG_KEY_ENTRY, 0)) < 0)
		warnx("%s: no %s entry: not a token package", path,
		    OT_PKG_KEY_ENTRY);
	else
		k = stored_sender(za, i, path);
	zip_discard(za);
	return k;
}

int ot_package_check_sender(const char *path, EVP_PKEY *sender,
    EVP_PKEY *expected, const char *name, const char *opt)
{
	char a[65], b[65];

	ot_key_fingerprint(sender, a);
	ot_key_fingerprint(expected, b);
	if (strcmp(a, b) == 0)
		return 0;
	warnx("%s: made by the sender key %s (its %s), not by %s (%s %s): "
	    "from another sender, or that key is not theirs", path, a,
	    OT_PKG_KEY_ENTRY, b, opt, name);
	return 1;
}

int ot_package_open(struct ot_package *p, const char *path, EVP_PKEY *own)
{
	zip_int64_t i, n, tok = -1, meta = -1, key = -1;
	char *json = NULL, tmpl[4096];
	const char *tmpdir = getenv("TMPDIR"), *why;
	size_t len;
	zip_t *za;
	int rc = 1;

	memset(p, 0, sizeof(*p));
	if ((za = open_zip(path)) == NULL)
		return 1;
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i,
		    ZIP_FL_ENC_RAW);

		if (name == NULL || !plain_name(name)) {
			warnx("%s: entry \"%s\" is a path, not a file name: "
			    "refused", path, name != NULL ? name : "?");
			goto out;
		}
		if (strcmp(name, OT_PKG_KEY_ENTRY) == 0 && key < 0)
			key = i;
		else if (ends_with(name, ".metadata.json") && meta < 0)
			meta = i;
		else if ((ends_with(name, ".csv") ||
		    ends_with(name, ".parquet")) && tok < 0)
			tok = i;
	}
	why = key < 0 ? OT_PKG_KEY_ENTRY : meta < 0 ?
	    "metadata (.metadata.json)" : tok < 0 ?
	    "token (.csv or .parquet)" : NULL;
	if (why != NULL) {
		warnx("%s: no %s entry: not a token package", path, why);
		goto out;
	}
	if ((p->sender = stored_sender(za, key, path)) == NULL)
		goto out;
	if ((json = read_entry(za, meta, META_ENTRY_MAX, &len, path,
	    zip_get_name(za, (zip_uint64_t)meta, 0))) == NULL ||
	    check_metadata(json, path, zip_get_name(za, (zip_uint64_t)meta,
	    0), own, p->sender) != 0)
		goto out;
	snprintf(tmpl, sizeof(tmpl), "%s/ot-package.XXXXXX",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		warn("%s", tmpl);
		goto out;
	}
	p->dir = xstrdup(tmpl);
	/* the reader tells Parquet from CSV by its content */
	p->tokens = join(p->dir, ends_with(zip_get_name(za, (zip_uint64_t)tok,
	    0), ".parquet") ? "tokens.parquet" : "tokens.csv");
	/* gone at any exit and on any stop signal, whoever catches it */
	ot_temp_guard(p->tokens, p->dir);
	if (asprintf(&p->display, "%s:%s", path,
	    zip_get_name(za, (zip_uint64_t)tok, 0)) < 0)
		err(1, NULL);
	rc = extract(za, tok, p, path, zip_get_name(za, (zip_uint64_t)tok, 0));
out:
	zip_discard(za);
	free(json);
	if (rc != 0)
		ot_package_close(p);
	return rc;
}

void ot_package_close(struct ot_package *p)
{
	if (p->tokens != NULL)
		unlink(p->tokens);
	if (p->dir != NULL)
		rmdir(p->dir);
	ot_temp_unguard(p->tokens, p->dir);
	free(p->tokens);
	free(p->dir);
	free(p->display);
	EVP_PKEY_free(p->sender);
	memset(p, 0, sizeof(*p));
}
