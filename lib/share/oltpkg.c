#include "share/oltpkg.h"
#include "output.h"
#include "share/kex.h"
#include "share/package.h"
#include "share/zipread.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#define META_ENTRY_MAX	(16 * 1024 * 1024)

int ot_oltpkg_write(const char *path, const struct ot_oltpkg_entry *e,
    int n)
{
	zip_source_t *src;
	zip_int64_t k = -1;
	char *tmp;
	zip_t *za;
	int fd, i, rc = 1;

	for (i = 0; i < n; i++)
		if (!ot_zip_plain_name(e[i].name)) {
			warnx("%s: its entry would be named %s, which is not a "
			    "plain file name: name the package otherwise", path,
			    e[i].name);
			return 1;
		}
	/* written under a private name, then made durable and renamed */
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		err(1, NULL);
	if ((fd = mkstemp(tmp)) < 0) {
		warn("%s", path);
		free(tmp);
		return 1;
	}
	close(fd);
	if ((za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &fd)) == NULL) {
		warnx("%s: cannot be written as a ZIP", path);
		goto out;
	}
	for (i = 0; i < n; i++)
		/* deflate, as the reference's; at level 1: tokens are random
		 * text, which more effort hardly shrinks */
		if ((src = zip_source_file(za, e[i].file, 0, -1)) == NULL ||
		    (k = zip_file_add(za, e[i].name, src, ZIP_FL_ENC_UTF_8)) < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_DEFLATE,
		    1) < 0) {
			warnx("%s: %s: %s", path, e[i].file, zip_strerror(za));
			if (k < 0)
				zip_source_free(src);
			zip_discard(za);
			goto out;
		}
	if (zip_close(za) < 0) {
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
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int ot_package_generation(const char *path)
{
	zip_t *za = ot_zip_open_read(path);
	zip_int64_t i, n;
	const char *name;
	int g = 1;

	if (za == NULL)
		return -1;
	/* 2.x: an exchange config, a .json that is not the metadata */
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n && g == 1; i++)
		if ((name = zip_get_name(za, (zip_uint64_t)i, 0)) != NULL &&
		    ot_zip_ends_with(name, ".json") &&
		    !ot_zip_ends_with(name, ".metadata.json"))
			g = 2;
	zip_discard(za);
	return g;
}

int ot_exchange_use(struct ot_exchange *x, const char *path, EVP_PKEY *own,
    struct ot_secret *key)
{
	if (ot_exchange_load(x, path) < 0 || ot_exchange_open(x, own) < 0) {
		warnx("%s: %s", path, x->err);
		ot_exchange_free(x);
		return 1;
	}
	ot_exchange_transport_key(x, key);
	return 0;
}

/* The lower-case hex SHA-256 of s. */
/* The metadata's secret hashes against the exchange's: 0, or 1. */
static int check_metadata(const struct ot_oltpkg *p, const char *json,
    const char *path, const char *name)
{
	static const char *const fields[2] = {
		"HashingSecretHash", "EncryptionSecretHash"
	};
	const struct ot_secret *secrets[2] = { &p->x.hashing, &p->key };
	cJSON *meta = cJSON_Parse(json);
	const cJSON *v;
	char want[65];
	int i, rc = 0;

	if (!cJSON_IsObject(meta)) {
		warnx("%s: entry %s: not a metadata file (JSON)", path, name);
		cJSON_Delete(meta);
		return 1;
	}
	for (i = 0; i < 2 && rc == 0; i++) {
		v = cJSON_GetObjectItemCaseSensitive(meta, fields[i]);
		ot_digest_hex(secrets[i]->buf, secrets[i]->len, want);
		if (!cJSON_IsString(v)) {
			warnx("%s: entry %s has no %s: not the metadata of an "
			    "OpenLinkToken package", path, name, fields[i]);
			rc = 1;
		} else if (strcmp(v->valuestring, want) != 0) {
			warnx("%s: its metadata names another exchange: its "
			    "%s is %s, this exchange's is %s (exchange %s)",
			    path, fields[i], v->valuestring, want, p->x.id);
			rc = 1;
		}
	}
	cJSON_Delete(meta);
	return rc;
}

/* The package's own config, opened as x with own: 0, or 1. */
static int own_config(struct ot_exchange *x, zip_t *za, zip_int64_t i,
    const char *path, EVP_PKEY *own)
{
	const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
	size_t len;
	char *text = ot_zip_read_entry(za, i, OT_EXCHANGE_MAX, &len, path);
	int rc = 0;

	if (text == NULL)
		return 1;
	if (ot_exchange_parse(x, text, len) < 0 || ot_exchange_open(x, own) < 0) {
		warnx("%s: entry %s: %s", path, name, x->err);
		ot_exchange_free(x);
		rc = 1;
	}
	free(text);
	return rc;
}

/* Find the entries: 0, or 1 after a message. */
static int entries(zip_t *za, const char *path, zip_int64_t *tok,
    zip_int64_t *meta, zip_int64_t *cfg)
{
	zip_int64_t i, n = zip_get_num_entries(za, 0), *slot;
	const char *name, *what;

	*tok = *meta = *cfg = -1;
	for (i = 0; i < n; i++) {
		name = zip_get_name(za, (zip_uint64_t)i, 0);
		if (ot_zip_ends_with(name, ".metadata.json")) {
			slot = meta;
			what = "metadata";
		} else if (ot_zip_ends_with(name, ".json")) {
			slot = cfg;
			what = "exchange config";
		} else if (ot_zip_ends_with(name, ".csv") ||
		    ot_zip_ends_with(name, ".parquet")) {
			slot = tok;
			what = "token";
		} else
			continue;
		if (*slot >= 0) {
			warnx("%s: two %s entries (%s and %s): not an "
			    "OpenLinkToken package", path, what,
			    zip_get_name(za, (zip_uint64_t)*slot, 0), name);
			return 1;
		}
		*slot = i;
	}
	what = *tok < 0 ? "token (.csv or .parquet)" : *cfg < 0 ?
	    "exchange config (.json)" : NULL;
	if (what != NULL) {
		warnx("%s: no %s entry: not an OpenLinkToken package", path,
		    what);
		return 1;
	}
	return 0;
}

int ot_oltpkg_open(struct ot_oltpkg *p, const char *path, EVP_PKEY *own,
    const char *config)
{
	struct ot_exchange inside;
	struct ot_secret key2;
	zip_int64_t tok, meta, cfg;
	char *json = NULL;
	size_t len;
	zip_t *za;
	int rc = 1;

	memset(p, 0, sizeof(*p));
	if ((za = ot_zip_open_read(path)) == NULL)
		return 1;
	if (ot_zip_check_names(za, path) != 0 ||
	    entries(za, path, &tok, &meta, &cfg) != 0 ||
	    own_config(&inside, za, cfg, path, own) != 0)
		goto out;
	if (config == NULL) {
		p->x = inside;
		ot_exchange_transport_key(&p->x, &p->key);
	} else {
		ot_exchange_transport_key(&inside, &key2);
		if (ot_exchange_use(&p->x, config, own, &p->key) != 0) {
			ot_exchange_free(&inside);
			goto out;
		}
		rc = strcmp(inside.id, p->x.id) != 0 ||
		    CRYPTO_memcmp(key2.buf, p->key.buf, 32) != 0;
		if (rc != 0)
			warnx("%s: a package of another exchange (%s) than %s "
			    "(%s)", path, inside.id, config, p->x.id);
		ot_secret_wipe(&key2);
		ot_exchange_free(&inside);
		if (rc != 0)
			goto out;
		rc = 1;
	}
	if (meta >= 0 && ((json = ot_zip_read_entry(za, meta, META_ENTRY_MAX,
	    &len, path)) == NULL || check_metadata(p, json, path,
	    zip_get_name(za, (zip_uint64_t)meta, 0)) != 0))
		goto out;
	rc = ot_zip_extract(za, tok, path, &p->dir, &p->tokens, &p->display);
out:
	zip_discard(za);
	free(json);
	if (rc != 0)
		ot_oltpkg_close(p);
	return rc;
}

void ot_oltpkg_close(struct ot_oltpkg *p)
{
	ot_zip_remove(p->dir, p->tokens);
	free(p->dir);
	free(p->tokens);
	free(p->display);
	ot_exchange_free(&p->x);
	ot_secret_wipe(&p->key);
	memset(p, 0, sizeof(*p));
}

int ot_oltpkg_config(struct ot_exchange *x, const char *path)
{
	zip_int64_t tok, meta, cfg;
	zip_t *za;
	size_t len;
	char *text = NULL;
	int rc = 1;

	memset(x, 0, sizeof(*x));
	if ((za = ot_zip_open_read(path)) == NULL)
		return 1;
	if (ot_zip_check_names(za, path) == 0 &&
	    entries(za, path, &tok, &meta, &cfg) == 0 &&
	    (text = ot_zip_read_entry(za, cfg, OT_EXCHANGE_MAX, &len,
	    path)) != NULL) {
		if (ot_exchange_parse(x, text, len) < 0)
			warnx("%s: entry %s: %s", path,
			    zip_get_name(za, (zip_uint64_t)cfg, 0), x->err);
		else
			rc = 0;
	}
	free(text);
	zip_discard(za);
	return rc;
}

int ot_package_tokens(const char *path, char **dir, char **file,
    char **display)
{
	zip_int64_t i, n;
	const char *name = NULL;
	zip_t *za;
	int rc = 1;

	*dir = *file = *display = NULL;
	if ((za = ot_zip_open_read(path)) == NULL)
		return 1;
	if (ot_zip_check_names(za, path) == 0) {
		n = zip_get_num_entries(za, 0);
		for (i = 0; i < n; i++) {
			name = zip_get_name(za, (zip_uint64_t)i, 0);
			if (ot_zip_ends_with(name, ".csv") ||
			    ot_zip_ends_with(name, ".parquet"))
				break;
		}
		if (i == n)
			warnx("%s: no token entry (.csv or .parquet): not a "
			    "token package", path);
		else
			rc = ot_zip_extract(za, i, path, dir, file, display);
	}
	zip_discard(za);
	return rc;
}
