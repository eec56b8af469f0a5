/*
 * ot olt's commands of token files: tokenize and package (person
 * records in), encrypt and decrypt (token files in).  File types come
 * from the extensions, as in the reference: .csv or .parquet, and .zip
 * for a package; ot's own reader then tells Parquet by its content.
 * Stricter than the reference: a token that does not decrypt is an
 * error naming its row (exit 1), not one passed on as it was; decrypt
 * reads a package (.zip) itself as well as its extracted token file.
 */
#include "share/audit.h"
#include "run/oltcmd.h"
#include "cli.h"
#include "meta/meta.h"
#include "person/compat.h"
#include "run/engine.h"
#include "run/frontend.h"
#include "token/loss.h"
#include "output.h"
#include "progress.h"
#include "share/kex.h"
#include "share/oltpkg.h"
#include "token/tokens.h"
#include "uuid.h"

#include <ctype.h>
#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

enum ftype { T_NONE, T_CSV, T_PARQUET, T_ZIP };

const char *olt_suffix(const char *path, char out[16])
{
	const char *name = strrchr(path, '/'), *dot;
	size_t n, i;

	name = name != NULL ? name + 1 : path;
	dot = strrchr(name, '.');
	out[0] = '\0';
	/* Python's: a final ".x" that is not the whole name */
	if (dot == NULL || dot == name || dot[1] == '\0')
		return out;
	n = strlen(dot);
	for (i = 0; i < n && i < 15; i++)
		out[i] = (char)tolower((unsigned char)dot[i]);
	out[i] = '\0';
	return out;
}

char *olt_stem(const char *path)
{
	const char *name = strrchr(path, '/');
	char suffix[16], *s;

	name = name != NULL ? name + 1 : path;
	if ((s = strdup(name)) == NULL)
		err(1, NULL);
	if (olt_suffix(path, suffix)[0] != '\0')
		*strrchr(s, '.') = '\0';
	return s;
}

char *olt_auto_output(const char *input, const char *cmd)
{
	const char *name = strrchr(input, '/'), *dot;
	char suffix[16], *stem = olt_stem(input), *out;
	int dirlen;

	name = name != NULL ? name + 1 : input;
	dirlen = (int)(name - input);
	dot = olt_suffix(input, suffix)[0] != '\0' ? strrchr(name, '.') : "";
	if ((strcmp(cmd, "package") == 0 ?
	    asprintf(&out, "%.*s%s_packaged.zip", dirlen, input, stem) :
	    asprintf(&out, "%.*s%s_%sed%s", dirlen, input, stem,
	    strcmp(cmd, "tokenize") == 0 ? "tokeniz" : strcmp(cmd, "encrypt")
	    == 0 ? "encrypt" : "decrypt", dot)) < 0)
		err(1, NULL);
	free(stem);
	return out;
}

static enum ftype type_of(const char *path)
{
	char s[16];

	olt_suffix(path, s);
	return strcmp(s, ".csv") == 0 ? T_CSV : strcmp(s, ".parquet") == 0 ?
	    T_PARQUET : strcmp(s, ".zip") == 0 ? T_ZIP : T_NONE;
}

/* The type of an input or output (what): one of those allowed, else
 * exit 1. */
static enum ftype checked_type(const char *path, bool zip, const char *what)
{
	enum ftype t = type_of(path);

	if (t == T_NONE || (t == T_ZIP && !zip))
		errx(1, "%s: not a .csv or .parquet%s %s (the type comes from "
		    "the file's extension)", path, zip ? " or .zip" : "", what);
	return t;
}

static enum ftype input_type(const char *path, bool zip)
{
	return checked_type(path, zip, "file");
}

static enum ftype output_type(const char *path, bool zip)
{
	return checked_type(path, zip, "output");
}

static void progress(const struct olt_args *a)
{
	ot_progress_start(a->quiet || getenv("NO_PROGRESS") != NULL ?
	    OT_PROGRESS_NEVER : OT_PROGRESS_AUTO);
}

/* The output file of a token command: a temporary file beside it, put
 * in place on success; its descriptor, a copy for the writer to close. */
static int open_output(struct ot_output *o, const char *path)
{
	int fd;

	ot_output_open(o, path);
	if (o->fd < 0) {
		/* a device or a FIFO: written as it is */
		if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			err(1, "%s", path);
		return fd;
	}
	ot_output_guard(o);
	if ((fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 3)) < 0)
		err(1, "%s", path);
	return fd;
}

/* The ring id: --ring-id with spaces around dropped, else a new UUID. */
static char *ring_id(const char *given, char uuid[37])
{
	char *s;
	size_t n;

	while (given != NULL && isspace((unsigned char)*given))
		given++;
	for (n = given != NULL ? strlen(given) : 0; n > 0 &&
	    isspace((unsigned char)given[n - 1]); n--)
		;
	if (n == 0) {
		ot_uuid4(uuid);
		return uuid;
	}
	if ((s = strndup(given, n)) == NULL)
		err(1, NULL);
	return s;
}

/* "DIR/NAME" in a new private directory beside path, for a file that
 * goes into the package path; the directory is guarded. */
static char *package_file(const char *path, const char *name, char **dir)
{
	char *f;

	if (asprintf(dir, "%s.XXXXXX", path) < 0)
		err(1, NULL);
	if (mkdtemp(*dir) == NULL)
		err(1, "%s", path);
	ot_output_guard_dir(*dir);
	if (asprintf(&f, "%s/%s", *dir, name) < 0)
		err(1, NULL);
	return f;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

int olt_encrypt(const struct olt_args *a)
{
	enum ftype in = input_type(a->input, false), out;
	char *output = a->output != NULL ? strdup(a->output) :
	    olt_auto_output(a->input, "encrypt"), *config, *stem, *entry,
	    *dir = NULL, *file, uuid[37],
	    *input = (char *)(uintptr_t)a->input;
	struct ot_token_opts o = { 0 };
	struct ot_output tok;
	struct ot_exchange x;
	struct ot_secret key;
	int rc;

	if (output == NULL)
		err(1, NULL);
	out = output_type(output, true);
	o.olt_ring = ring_id(a->ring_id, uuid);
	o.token_columns = true;
	o.parquet = out == T_PARQUET || (out == T_ZIP && in == T_PARQUET);
	config = olt_exchange(a, &x, &key);
	progress(a);
	if (out == T_ZIP) {
		/* the tokens as <stem>.<the input's type>, and the config */
		stem = olt_stem(output);
		if (asprintf(&entry, "%s.%s", stem, in == T_PARQUET ? "parquet" :
		    "csv") < 0)
			err(1, NULL);
		file = package_file(output, entry, &dir);
		rc = open_output(&tok, file);
		rc = ot_encrypt_files(&key, &o, &input, 1, rc, file);
		if (!ot_output_close(&tok, rc == 0))
			rc = 1;
		if (rc == 0) {
			struct ot_oltpkg_entry e[2] = {
				{ file, entry }, { config, base_name(config) }
			};

			rc = ot_oltpkg_write(output, e, 2);
		}
		unlink(file);
		rmdir(dir);
		free(file);
		free(entry);
		free(stem);
		free(dir);
	} else {
		rc = open_output(&tok, output);
		rc = ot_encrypt_files(&key, &o, &input, 1, rc, output);
		if (!ot_output_close(&tok, rc == 0))
			rc = 1;
	}
	ot_progress_end();
	ot_secret_wipe(&key);
	ot_exchange_free(&x);
	if (o.olt_ring != uuid)
		free((char *)(uintptr_t)o.olt_ring);
	free(config);
	free(output);
	return rc;
}

int olt_decrypt(const struct olt_args *a)
{
	enum ftype in = input_type(a->input, true);
	struct ot_token_opts o = { 0 };
	struct ot_output tok;
	struct ot_exchange x;
	struct ot_oltpkg p;
	struct ot_secret key;
	char *output = NULL, *config, *stem, *file;
	const char *input = a->input;
	EVP_PKEY *own;
	int rc, fd;

	memset(&p, 0, sizeof(p));
	if (in == T_ZIP) {
		/* the package's own config, unless one is given */
		if (a->exchange_config != NULL) {
			if (ot_exchange_load(&x, a->exchange_config) < 0)
				errx(1, "%s: %s", a->exchange_config, x.err);
		} else if (ot_oltpkg_config(&x, a->input) != 0)
			return 1;
		own = olt_private_key_for(a, &x, a->exchange_config != NULL ?
		    a->exchange_config : a->input);
		ot_exchange_free(&x);
		rc = ot_oltpkg_open(&p, a->input, own, a->exchange_config);
		EVP_PKEY_free(own);
		if (rc != 0)
			return 1;
		input = p.tokens;
		o.display = p.display;
		key = p.key;
		if (a->output == NULL) {
			stem = olt_stem(a->input);
			if (asprintf(&output, "%.*s%s_decrypted%s",
			    (int)(base_name(a->input) - a->input), a->input, stem,
			    strrchr(p.display, '.')) < 0)
				err(1, NULL);
			free(stem);
		}
	} else {
		config = olt_exchange(a, &x, &key);
		free(config);
		ot_exchange_free(&x);
	}
	if (output == NULL && (output = a->output != NULL ? strdup(a->output) :
	    olt_auto_output(a->input, "decrypt")) == NULL)
		err(1, NULL);
	o.parquet = output_type(output, false) == T_PARQUET;
	o.token_columns = true;
	o.keep_going = a->keep_going;
	progress(a);
	fd = open_output(&tok, output);
	file = (char *)(uintptr_t)input;
	rc = ot_decrypt_files(&key, &o, &file, 1, fd, output);
	if (!ot_output_close(&tok, rc == 0))
		rc = 1;
	ot_progress_end();
	ot_secret_wipe(&key);
	ot_oltpkg_close(&p);
	free(output);
	return rc;
}

/* The 2.x modes of tokens made from person records. */
enum mode { M_DEFAULT, M_HASH_ONLY, M_DEMO, M_PACKAGE };

/* What tokenize and package have: the options the reference refuses
 * together (exit 1, as it does), then the tokens and the metadata. */
static void check_mode(const struct olt_args *a, enum mode m)
{
	const char *name = m == M_DEMO ? "demo" : "hash-only";

	if (m != M_DEMO && m != M_HASH_ONLY)
		return;
	if (a->hash_record_ids)
		errx(1, "--mode %s cannot be combined with --hash-record-ids",
		    name);
	if (a->exchange_config != NULL)
		errx(1, "--mode %s cannot be combined with --exchange-config",
		    name);
	if (m == M_HASH_ONLY && (a->private_key != NULL ||
	    a->private_key_env != NULL))
		errx(1, "--mode hash-only cannot be combined with --private-key "
		    "or --private-key-env");
	warnx("warning: --mode %s: %s; never share them", name, m == M_DEMO ?
	    "the tokens are the signatures themselves, names and birth dates "
	    "in clear" : "the tokens are the bare SHA-256 of each signature, "
	    "with no secret: anyone can recompute them from guessed people");
}

/* Tokenize the input into file (and its metadata into meta), as mode
 * says: the exit status. */
static int tokens(const struct olt_args *a, enum mode m, const char *file,
    bool parquet, const char *meta, const struct ot_secret *hashing,
    const struct ot_secret *key, const char *ring,
    const struct ot_config *cfg, struct ot_idmap *map)
{
	struct ot_output out, mo;
	struct ot_engine e;
	struct ot_meta md;
	struct ot_ruleset rules;
	char metafd[32];
	int fd, rc;

	memset(&e, 0, sizeof(e));
	memset(&md, 0, sizeof(md));
	/* olt makes the reference's five rules */
	ot_ruleset_default(&rules);
	e.rules = &rules;
	md.rules = rules;
	e.input = a->input;
	e.jobs = ot_engine_cpus();
	e.hash_only = m != M_PACKAGE;
	e.hashing = hashing;
	e.key = key;
	e.sha256_only = m == M_HASH_ONLY || m == M_DEMO;
	e.signatures = m == M_DEMO;
	e.hash_record_ids = a->hash_record_ids;
	e.idmap = map;
	e.olt_ring = m == M_PACKAGE ? ring : NULL;
	e.parquet_out = parquet;
	e.outname = file;
	e.config = cfg;
	if (cfg != NULL)
		ot_meta_config(&md, cfg);
	if (m == M_DEFAULT || m == M_PACKAGE)
		ot_secret_hash(hashing, md.hashing_hash);
	if (m == M_PACKAGE)
		ot_secret_hash(key, md.encryption_hash);
	fd = open_output(&out, file);
	/* no metadata beside a null output (/dev/null, /dev/stdout) */
	if (ot_system_path(file))
		meta = NULL;
	else {
		ot_output_open(&mo, meta);
		ot_output_guard(&mo);
	}
	e.outfd = fd;
	progress(a);
	rc = ot_engine_run(&e, &md);
	ot_progress_end();
	if (close(fd) < 0 && rc == 0) {
		warn("%s", file);
		rc = 1;
	}
	if (rc == 0 && meta != NULL) {
		snprintf(metafd, sizeof(metafd), "/dev/fd/%d", mo.fd);
		ot_meta_write(&md, mo.fd >= 0 ? metafd : meta);
	}
	if (!ot_output_close(&out, rc == 0))
		rc = 1;
	if (meta != NULL && !ot_output_close(&mo, rc == 0))
		rc = 1;
	if (rc == 0)
		ot_loss_report();
	return rc;
}

/* --config: read before anything is written; a bad one is the
 * command's error (exit 1), as the reference's loader's is. */
static struct ot_config *load_config(const struct olt_args *a)
{
	struct ot_config *c;

	if (a->config == NULL)
		return NULL;
	if ((c = ot_config_load(a->config)) == NULL)
		exit(1);
	return c;
}

static enum mode mode_of(const char *name)
{
	return name == NULL || strcmp(name, "default") == 0 ? M_DEFAULT :
	    strcmp(name, "hash-only") == 0 ? M_HASH_ONLY : M_DEMO;
}

int olt_tokenize(const struct olt_args *a)
{
	enum mode m = mode_of(a->mode);
	struct ot_config *cfg;
	char *output, *meta, *config = NULL;
	struct ot_exchange x;
	struct ot_secret none = { { 0 }, 0 };
	int rc;

	input_type(a->input, false);
	if ((output = a->output != NULL ? strdup(a->output) :
	    olt_auto_output(a->input, "tokenize")) == NULL)
		err(1, NULL);
	output_type(output, false);
	check_mode(a, m);
	/* the 2.1.2 reference's normalization, its metadata */
	ot_compat_use(ot_compat_find("2.1"), true);
	cfg = load_config(a);
	memset(&x, 0, sizeof(x));
	if (m == M_DEFAULT) {
		config = olt_exchange(a, &x, &none);
		ot_secret_wipe(&none);
	}
	meta = ot_metadata_path(output);
	rc = tokens(a, m, output, type_of(output) == T_PARQUET, meta,
	    &x.hashing, NULL, NULL, cfg, NULL);
	ot_config_free(cfg);
	ot_exchange_free(&x);
	free(config);
	free(meta);
	free(output);
	return rc;
}

/* The record id map in place after the shared output (which the audit
 * log's event, written before the first file is put in place, names
 * with it); when it cannot be, that output is removed again. */
static int put_map(struct ot_idmap *map, int rc, const char *output,
    const char *meta)
{
	if (map == NULL || ot_idmap_close(map, rc == 0))
		return rc;
	if (rc == 0) {
		unlink(output);
		if (meta != NULL)
			unlink(meta);
	}
	return 1;
}

int olt_package(const struct olt_args *a)
{
	char *output, *meta, *config, *stem, *dir = NULL, *file, *mname,
	    uuid[37], *ring;
	struct ot_config *cfg;
	struct ot_exchange x;
	struct ot_secret key;
	struct ot_idmap idmap, *map = NULL;
	enum ftype out;
	int rc;

	input_type(a->input, false);
	if ((output = a->output != NULL ? strdup(a->output) :
	    olt_auto_output(a->input, "package")) == NULL)
		err(1, NULL);
	if (a->record_id_map != NULL) {
		ot_idmap_create(&idmap, a->record_id_map);
		map = &idmap;
	}
	out = output_type(output, true);
	ring = ring_id(a->ring_id, uuid);
	ot_compat_use(ot_compat_find("2.1"), true);
	cfg = load_config(a);
	config = olt_exchange(a, &x, &key);
	if (out != T_ZIP) {
		meta = ot_metadata_path(output);
		rc = tokens(a, M_PACKAGE, output, out == T_PARQUET, meta,
		    &x.hashing, &key, ring, cfg, map);
		rc = put_map(map, rc, output, meta);
		free(meta);
	} else {
		/* <stem>.parquet, <stem>.metadata.json and the config */
		stem = olt_stem(output);
		if (asprintf(&mname, "%s.metadata.json", stem) < 0 ||
		    asprintf(&meta, "%s.parquet", stem) < 0)
			err(1, NULL);
		file = package_file(output, meta, &dir);
		free(meta);
		if (asprintf(&meta, "%s/%s", dir, mname) < 0)
			err(1, NULL);
		/* what goes into the package is not an output */
		ot_audit_hold(true);
		rc = tokens(a, M_PACKAGE, file, true, meta, &x.hashing, &key,
		    ring, cfg, map);
		ot_audit_hold(false);
		if (rc == 0) {
			struct ot_oltpkg_entry e[3] = {
				{ file, base_name(file) }, { meta, mname },
				{ config, base_name(config) }
			};

			rc = ot_oltpkg_write(output, e, 3);
		}
		rc = put_map(map, rc, output, NULL);
		unlink(file);
		unlink(meta);
		rmdir(dir);
		free(file);
		free(meta);
		free(mname);
		free(stem);
		free(dir);
	}
	ot_secret_wipe(&key);
	ot_exchange_free(&x);
	ot_config_free(cfg);
	if (ring != uuid)
		free(ring);
	free(config);
	free(output);
	return rc;
}
