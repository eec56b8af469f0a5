#include "share/audit.h"
#include "share/package.h"
#include "output.h"
#include "parquet/parquet.h"
#include "share/kex.h"
#include "share/zipread.h"
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
	if (!ot_zip_plain_name(name)) {
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
	ot_audit_package("sender", fp);
	ot_audit_package("receiver", meta_hash(meta, "ReceiverPublicKeyHash"));
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
	else {
		ot_audit_package("sender", theirs);
		ot_audit_package("receiver", mine);
		ot_audit_key("own", mine);
		ot_audit_key("partner", theirs);
		rc = 0;
	}
	cJSON_Delete(meta);
	return rc;
}

/* The sender key stored as entry i; NULL after a message. */
static EVP_PKEY *stored_sender(zip_t *za, zip_int64_t i, const char *path)
{
	const char *why;
	EVP_PKEY *k;
	size_t len;
	char *pem;

	if ((pem = ot_zip_read_entry(za, i, PEM_ENTRY_MAX, &len, path)) ==
	    NULL)
		return NULL;
	if ((k = ot_key_parse_public(pem, len, &why)) == NULL)
		warnx("%s: entry %s: %s", path, OT_PKG_KEY_ENTRY, why);
	free(pem);
	return k;
}

EVP_PKEY *ot_package_sender(const char *path)
{
	zip_t *za = ot_zip_open_read(path);
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
	char *json = NULL;
	const char *why;
	size_t len;
	zip_t *za;
	int rc = 1;

	memset(p, 0, sizeof(*p));
	if ((za = ot_zip_open_read(path)) == NULL)
		return 1;
	if (ot_zip_check_names(za, path) != 0)
		goto out;
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i,
		    ZIP_FL_ENC_RAW);

		if (strcmp(name, OT_PKG_KEY_ENTRY) == 0 && key < 0)
			key = i;
		else if (ot_zip_ends_with(name, ".metadata.json") && meta < 0)
			meta = i;
		else if ((ot_zip_ends_with(name, ".csv") ||
		    ot_zip_ends_with(name, ".parquet")) && tok < 0)
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
	if ((json = ot_zip_read_entry(za, meta, META_ENTRY_MAX, &len,
	    path)) == NULL ||
	    check_metadata(json, path, zip_get_name(za, (zip_uint64_t)meta,
	    0), own, p->sender) != 0)
		goto out;
	rc = ot_zip_extract(za, tok, path, &p->dir, &p->tokens, &p->display);
out:
	zip_discard(za);
	free(json);
	if (rc != 0)
		ot_package_close(p);
	return rc;
}

void ot_package_close(struct ot_package *p)
{
	ot_zip_remove(p->dir, p->tokens);
	free(p->tokens);
	free(p->dir);
	free(p->display);
	EVP_PKEY_free(p->sender);
	memset(p, 0, sizeof(*p));
}
