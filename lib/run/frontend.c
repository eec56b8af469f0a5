#include "share/audit.h"
#include "run/frontend.h"
#include "run/engine.h"
#include "token/ruleset.h"
#include "cli.h"
#include "csv/stream.h"
#include "person/compat.h"
#include "share/kex.h"
#include "output.h"
#include "parquet/parquet.h"
#include "progress.h"
#include "share/package.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#define MAX_STAGES	6
#define MAX_ARGS	40
/* Secrets reach a stage on these descriptors, as -k /dev/fd/N read raw;
 * the metadata file on FD_META. */
#define FD_HASHING	3
#define FD_KEY		4
#define FD_META		5

struct stage {
	const char *argv[MAX_ARGS];
	int argc;
	const struct ot_secret *secret[2];	/* on FD_HASHING, FD_KEY */
	int meta_fd;				/* on FD_META, or -1 */
	pid_t pid;
};

/* Stages to pass an interrupt on to; the interrupt, once all have ended
 * and the temporary files are gone, ends ot too. */
static volatile pid_t children[MAX_STAGES];
static volatile sig_atomic_t nchildren, caught;
static sigset_t stop_signals;

static void forward(int sig)
{
	sig_atomic_t i;

	caught = sig;
	for (i = 0; i < nchildren; i++)
		if (children[i] > 0)
			kill(children[i], sig);
}

/* The stop signals forwarded to the stages (once they exist). */
static void forward_signals(void)
{
	ot_catch_stop_signals(forward);
}

/* Catch the signals, keeping them blocked until start-up is over, so
 * that none arrives while only some stages exist, or in a child that
 * still has forward() as its handler. */
static void catch_signals(sigset_t *old)
{
	ot_stop_sigset(&stop_signals);
	sigprocmask(SIG_BLOCK, &stop_signals, old);
	forward_signals();
}

/* Take any signal that arrived while they were blocked; whether one did. */
static bool signal_arrived(void)
{
	sigset_t pending;
	int i;

	sigpending(&pending);
	for (i = 0; i < OT_NSTOP; i++)
		if (sigismember(&pending, ot_stop_signals[i])) {
			sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);
			sigprocmask(SIG_BLOCK, &stop_signals, NULL);
			break;
		}
	return caught != 0;
}

/* The directory holding this program, so that bin/ot runs bin/ot-*; or
 * NULL to search PATH. */
static const char *program_dir(void)
{
	static char dir[PATH_MAX];
	char probe[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) == NULL)
		return NULL;
	*slash = '\0';
	snprintf(probe, sizeof(probe), "%s/ot-sign", dir);
	return access(probe, X_OK) == 0 ? dir : NULL;
}

static void arg(struct stage *s, const char *a)
{
	if (s->argc == MAX_ARGS - 1)
		errx(1, "internal error: too many arguments");
	s->argv[s->argc++] = a;
	s->argv[s->argc] = NULL;
}

/* A pipe already holding the secret, its write end closed; the stage
 * reads it raw, so every byte arrives. */
static int secret_pipe(const struct ot_secret *s)
{
	int p[2];

	if (pipe(p) < 0)
		err(1, "pipe");
	if (write(p[1], s->buf, s->len) != (ssize_t)s->len)
		err(1, "pipe");
	close(p[1]);
	return p[0];
}

/* In the child: the stage's descriptors and a clean environment (the
 * stage gets the secrets of this mode on its descriptors and no others),
 * then the default signal handling, and only then the signals unblocked. */
static void exec_stage(const struct stage *s, const char *dir, int in,
    int out, const sigset_t *mask)
{
	char path[PATH_MAX + 32];
	/* the descriptors for 0, 1, FD_HASHING, FD_KEY and FD_META */
	int i, src[5] = { in, out, -1, -1, s->meta_fd };
	static const int dst[5] = { STDIN_FILENO, STDOUT_FILENO, FD_HASHING,
	    FD_KEY, FD_META };

	for (i = 0; i < 2; i++)
		if (s->secret[i] != NULL)
			src[2 + i] = secret_pipe(s->secret[i]);
	/* first out of the way of every target, then into place */
	for (i = 0; i < 5; i++)
		if (src[i] >= 0 && (src[i] = fcntl(src[i], F_DUPFD, 16)) < 0)
			err(1, "dup");
	for (i = 0; i < 5; i++)
		if (src[i] >= 0 && dup2(src[i], dst[i]) < 0)
			err(1, "dup2");
	closefrom(FD_META + 1);
	unsetenv("OT_HASHING_SECRET");
	unsetenv("OT_ENCRYPTION_KEY");
	/* ot's event is the run's: the stages log none of their own */
	unsetenv(OT_AUDIT_ENV);
	ot_reset_stop_signals();
	sigprocmask(SIG_SETMASK, mask, NULL);
	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, s->argv[0]);
		execv(path, (char *const *)s->argv);
		err(127, "%s", path);
	}
	execvp(s->argv[0], (char *const *)s->argv);
	err(127, "%s", s->argv[0]);
}

static int wait_stages(struct stage *st, int n)
{
	int i, rc = 0;

	for (i = 0; i < n; i++) {
		int status;

		while (waitpid(st[i].pid, &status, 0) < 0)
			if (errno != EINTR)
				err(1, "waitpid");
		if (rc != 0)
			continue;
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			rc = WEXITSTATUS(status) == 127 ? 1 : WEXITSTATUS(status);
		else if (WIFSIGNALED(status)) {
			if (!caught)
				warnx("%s killed by signal %d", st[i].argv[0],
				    WTERMSIG(status));
			rc = 1;
		}
	}
	return rc;
}

/* Start the stages joined by pipes, the last one writing to out, with
 * the signals blocked (mask: the mask to restore); wait for all.
 * Returns the exit status of the first stage that failed, or 0; 1 when
 * a signal stopped the start-up. */
static int run_pipeline(struct stage *st, int n, int out_last,
    const sigset_t *mask)
{
	const char *dir = program_dir();
	int i, in = STDIN_FILENO, p[2], rc;

	for (i = 0; i < n; i++) {
		int out = out_last;

		if (signal_arrived())
			break;
		if (i < n - 1) {
			if (pipe2(p, O_CLOEXEC) < 0)
				err(1, "pipe");
			out = p[1];
		}
		if ((st[i].pid = fork()) < 0)
			err(1, "fork");
		if (st[i].pid == 0)
			exec_stage(&st[i], dir, in, out, mask);
		children[i] = st[i].pid;
		nchildren = i + 1;
		if (in != STDIN_FILENO)
			close(in);
		if (out != out_last)
			close(out);
		in = p[0];
	}
	if (i < n && in != STDIN_FILENO)
		close(in);
	sigprocmask(SIG_SETMASK, mask, NULL);
	rc = wait_stages(st, i);
	return i < n ? 1 : rc;
}

/* The last stage writes out: to its standard output when out is a
 * temporary file, else with -o to the special file itself. */
static int last_stage_output(struct stage *s, const struct ot_output *out)
{
	if (out->fd >= 0)
		return out->fd;
	arg(s, "-o");
	arg(s, out->path);
	return STDOUT_FILENO;
}

/* The options giving a stage the job's secrets (secret[0] and [1] on
 * FD_HASHING and FD_KEY); which: 0 hashing, 1 encryption, 2 both. */
static void stage_secrets(struct stage *s, struct ot_job *job, int which)
{
	if (job->kex) {
		arg(s, "--keypair");
		arg(s, "/dev/fd/3");
		s->secret[0] = &job->own_pem;
		if (job->peer_pem.len > 0) {
			arg(s, "--peer-key");
			arg(s, "/dev/fd/4");
			s->secret[1] = &job->peer_pem;
		}
		return;
	}
	arg(s, "--raw-key-files");
	if (which == 1 && job->key.len == 0)
		return;		/* V1 to a public key, or only V1 keys */
	if (which != 1) {
		arg(s, "-k");
		arg(s, "/dev/fd/3");
		s->secret[0] = &job->hashing;
	}
	if (which == 1) {
		arg(s, "-k");
		arg(s, "/dev/fd/4");
		s->secret[1] = &job->key;
	} else if (which == 2) {
		arg(s, "--encryption-key-file");
		arg(s, "/dev/fd/4");
		s->secret[1] = &job->key;
	}
}

/* A V1 option given to ot, handed on. */
static void pass_on(struct stage *s, const char *opt, const char *val)
{
	if (val == NULL)
		return;
	arg(s, opt);
	arg(s, val);
}

/* The algorithms of the tokens, for ot-hash and ot-encrypt. */
static void algs_args(struct stage *s, const struct ot_job *job)
{
	pass_on(s, "--hash-alg", job->v1cli.hash);
	pass_on(s, "--mac-alg", job->v1cli.mac);
}

/* ot-encrypt's V1 options: ot's own, the ring id made or given. */
static void v1_write_args(struct stage *s, const struct ot_job *job)
{
	const struct ot_v1_cli *c = &job->v1cli;

	arg(s, "--format=v1");
	pass_on(s, "--ring-id", job->v1p.ring);
	pass_on(s, "--alg", c->alg);
	pass_on(s, "--recipient", c->recipient);
	algs_args(s, job);
	pass_on(s, "--expires-in", c->expires);
	pass_on(s, "--not-before", c->not_before);
	pass_on(s, "--issuer", c->issuer);
	pass_on(s, "--ppid-dims", c->dims);
	if (c->legacy_ppid)
		arg(s, "--legacy-ppid");
}

/* ot-decrypt's V1 options. */
static void v1_read_args(struct stage *s, const struct ot_job *job)
{
	pass_on(s, "--private-key", job->v1r.private_key);
	pass_on(s, "--ring", job->v1r.ring);
	if (job->v1r.ring != NULL && job->raw_keys)
		arg(s, "--raw-key-files");
	if (job->v1r.ignore_expiry)
		arg(s, "--ignore-expiry");
}

/* The first stage reads the input: it is the one that shows progress. */
static void progress_arg(struct stage *s, const struct ot_job *job)
{
	if (job->progress == OT_PROGRESS_AUTO)
		arg(s, "--progress=auto");
	else if (job->progress == OT_PROGRESS_ALWAYS)
		arg(s, "--progress=always");
}

/* A profile named for ot is named for each stage that reads or writes
 * by it (normalizing, counting, quoting the token file). */
static void compat_arg(struct stage *s)
{
	if (!ot_compat_named())
		return;
	arg(s, "--compat");
	arg(s, ot_compat()->name);
}

/* A config's fields and rules, for the stages that read them. */
static void config_arg(struct stage *s, const struct ot_job *job)
{
	if (job->config_path == NULL)
		return;
	arg(s, "--config");
	arg(s, job->config_path);
}

/* The stages of the job, the last one writing to *outfd. */
static int build_stages(struct stage *st, struct ot_job *job,
    struct ot_output *out, struct ot_output *meta, const char *metapath,
    int *outfd)
{
	static char rules[64];	/* the stages' argv points at it */
	int n = 0;

	rules[0] = '\0';
	if (job->decrypt) {
		arg(&st[n], "ot-decrypt");
		progress_arg(&st[n], job);
		stage_secrets(&st[n], job, 1);
		v1_read_args(&st[n], job);
		/* the reference writes these three columns, in this order */
		arg(&st[n], "--token-columns");
		if (job->parquet_out)
			arg(&st[n], "--output-type=parquet");
		*outfd = last_stage_output(&st[n], out);
		arg(&st[n++], job->input);
		return n;
	}
	if (job->rules.n > 0 && !ot_ruleset_is_default(&job->rules))
		ot_ruleset_list(&job->rules, rules, sizeof(rules));
	arg(&st[n], "ot-normalize");
	progress_arg(&st[n], job);
	if (rules[0] != '\0') {
		arg(&st[n], "--rules");
		arg(&st[n], rules);
	}
	if (job->strict)
		arg(&st[n], "--strict");
	if (job->delimiter != NULL) {
		arg(&st[n], "--delimiter");
		arg(&st[n], job->delimiter);
	}
	compat_arg(&st[n]);
	config_arg(&st[n], job);
	arg(&st[n++], job->input);
	/* no metadata beside a null output: no ot-meta */
	if (metapath != NULL) {
		arg(&st[n], "ot-meta");
		arg(&st[n], "-o");
		if (meta->fd >= 0) {
			arg(&st[n], "/dev/fd/5");
			st[n].meta_fd = meta->fd;
		} else
			arg(&st[n], metapath);
		compat_arg(&st[n]);
		if (rules[0] != '\0') {
			arg(&st[n], "--rules");
			arg(&st[n], rules);
		}
		config_arg(&st[n], job);
		/* 2.x hash-only tokens have no secret, and its metadata no
		 * hash */
		if (!job->sha256_only)
			stage_secrets(&st[n], job, job->hash_only ? 0 : 2);
		n++;
	}
	arg(&st[n], "ot-sign");
	if (rules[0] != '\0') {
		arg(&st[n], "--rules");
		arg(&st[n], rules);
	}
	config_arg(&st[n], job);
	compat_arg(&st[n++]);
	arg(&st[n], "ot-hash");
	algs_args(&st[n], job);
	if (job->sha256_only)
		arg(&st[n], "--sha256-only");
	else
		stage_secrets(&st[n], job, 0);
	if (job->hash_record_ids)
		arg(&st[n], "--hash-record-ids");
	compat_arg(&st[n++]);
	if (!job->hash_only) {
		arg(&st[n], "ot-encrypt");
		compat_arg(&st[n]);
		if (job->v1)
			v1_write_args(&st[n], job);
		stage_secrets(&st[n++], job, 1);
	}
	/* the last stage writes the Parquet file itself */
	if (job->parquet_out)
		arg(&st[n - 1], "--output-type=parquet");
	*outfd = last_stage_output(&st[n - 1], out);
	return n;
}

/* A private directory beside the package for its token and metadata
 * files. */
static char *package_dir(const char *output)
{
	char *d;

	if (asprintf(&d, "%s.XXXXXX", output) < 0)
		err(1, NULL);
	if (mkdtemp(d) == NULL)
		err(1, "%s", output);
	return d;
}

/* ot-package over the finished files; the exit status. */
/* The package made by ot-package in the private directory, under the
 * output's own name (which names its entries), then renamed into place
 * here: the audit log's event goes first. */
static int run_package(struct ot_job *job, const struct ot_output *out,
    const struct ot_output *meta, const char *pkgdir, const sigset_t *mask)
{
	const char *base = strrchr(job->output, '/');
	struct stage st;
	char *zip;
	int rc;

	if (asprintf(&zip, "%s/%s", pkgdir, base != NULL ? base + 1 :
	    job->output) < 0)
		err(1, NULL);
	memset(&st, 0, sizeof(st));
	st.meta_fd = -1;
	arg(&st, "ot-package");
	arg(&st, "-o");
	arg(&st, zip);
	arg(&st, "--sender-key");
	arg(&st, "/dev/fd/3");
	st.secret[0] = &job->own_public_pem;
	arg(&st, out->tmp);
	arg(&st, meta->tmp);
	ot_temp_guard(zip, NULL);
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	rc = run_pipeline(&st, 1, STDOUT_FILENO, mask);
	ot_audit_package("sender", job->kex_meta.sender_hash);
	ot_audit_package("receiver", job->kex_meta.receiver_hash);
	if (rc == 0 && ot_durable_rename(-1, zip, job->output) < 0) {
		warn("%s", job->output);
		rc = 1;
	}
	unlink(zip);
	ot_temp_unguard(zip, NULL);
	free(zip);
	return rc;
}

static void wipe_job(struct ot_job *job)
{
	ot_secret_wipe(&job->hashing);
	ot_secret_wipe(&job->key);
	ot_secret_wipe(&job->own_pem);
	ot_secret_wipe(&job->peer_pem);
}

/* A package decrypted with --sender-public-key: that key made it. */
static void check_sender(const char *path, EVP_PKEY *expected,
    const char *name)
{
	EVP_PKEY *k = ot_package_sender(path);
	int rc = k == NULL || ot_package_check_sender(path, k, expected, name,
	    "--sender-public-key") != 0;

	EVP_PKEY_free(k);
	if (rc != 0)
		exit(1);
}

/* A package decrypted by the stages: the audit log names its parties. */
static void audit_package(const char *path, EVP_PKEY *own)
{
	char s[65], r[65];
	EVP_PKEY *k;

	if (!ot_audit_on() || (k = ot_package_sender(path)) == NULL)
		return;
	ot_key_fingerprint(k, s);
	ot_key_fingerprint(own, r);
	EVP_PKEY_free(k);
	ot_audit_key("partner", s);
	ot_audit_package("sender", s);
	ot_audit_package("receiver", r);
}

void ot_job_kex(struct ot_job *job, const char *own, const char *peer,
    int curve)
{
	EVP_PKEY *k = ot_key_load_private(own), *p = NULL;
	int c = ot_key_curve(k);

	if (curve >= 0 && curve != c) {
		EVP_PKEY_free(k);
		errx(2, "%s is a %s key, not %s (--ecdh-curve)", own,
		    ot_curve_label((enum ot_curve)c),
		    ot_curve_label((enum ot_curve)curve));
	}
	if (peer != NULL) {
		p = ot_key_load_public(peer);
		/* said here, in ot's words, not by the stage reading it */
		if (job->decrypt && ot_is_package(job->input))
			check_sender(job->input, p, peer);
	}
	if (job->decrypt && ot_is_package(job->input))
		audit_package(job->input, k);
	if (peer != NULL) {
		ot_kex_derive(k, own, p, peer, &job->hashing, &job->key);
		ot_meta_kex_keys(&job->kex_meta, k, p);
		ot_key_public_secret(p, &job->peer_pem);
	}
	ot_key_private_pem(k, &job->own_pem);
	ot_key_public_secret(k, &job->own_public_pem);
	job->kex = true;
	EVP_PKEY_free(k);
	EVP_PKEY_free(p);
}

char *ot_default_keypair(void)
{
	const char *home = getenv("HOME");
	char *p;

	if (home == NULL || *home == '\0')
		errx(2, "HOME is not set: name the key file");
	if (asprintf(&p, "%s/.opentoken/keypair.pem", home) < 0)
		err(1, NULL);
	return p;
}

int ot_exec(char *const argv[])
{
	const char *dir = program_dir();
	char path[PATH_MAX + 32];

	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, argv[0]);
		execv(path, argv);
		warn("%s", path);
		return 1;
	}
	execvp(argv[0], argv);
	warn("%s", argv[0]);
	return 1;
}

/* A device (/dev/null, a terminal) or a path in /dev or /proc
 * (/dev/stdout): tokens written there have no file to put metadata
 * beside. */
static bool null_output(const char *path)
{
	struct stat st;

	return ot_system_path(path) || (stat(path, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)));
}

/* Whether the input -t parquet names is one; a message if not. */
static bool parquet_input(const char *path)
{
	switch (pq_path_is_parquet(path)) {
	case 1:
		return true;
	case 0:
		warnx("%s: not a Parquet file (-t parquet)", path);
		return false;
	default:
		warn("%s", path);
		return false;
	}
}

/* The V1 side of an engine run: writing V1 tokens, or decrypting. */
static void v1_engine(struct ot_engine *e, const struct ot_job *job)
{
	e->hash_alg = job->v1p.hash_alg;
	e->mac_alg = job->v1p.mac_alg;
	if (job->v1) {
		e->v1 = &job->v1p;
		e->recipient = job->recipient;
		e->vector_column = job->vector_column;
	}
	e->decrypt = job->decrypt;
	e->v1keys = &job->v1keys;
	e->ignore_expiry = job->v1r.ignore_expiry;
}

/* The job on threads of this process (lib/run/engine.c).  A stop signal's
 * handler removes the outputs and ends ot; the stages' handler is back
 * on return, with the signals blocked. */
static int run_engine(struct ot_job *job, struct ot_output *out,
    struct ot_output *meta, const char *metapath, const char *pkgdir,
    const sigset_t *mask)
{
	struct ot_meta m = job->kex_meta;
	struct ot_engine e;
	char metafd[32];
	int fd = out->fd, rc;

	if (!job->kex && !job->decrypt && !job->sha256_only) {
		ot_secret_warn_weak(&job->hashing, "hashing secret");
		ot_secret_hash(&job->hashing, m.hashing_hash);
		if (!job->hash_only && job->key.len > 0)
			ot_secret_hash(&job->key, m.encryption_hash);
	}
	ot_output_guard(out);
	ot_output_guard(meta);
	ot_output_guard_dir(pkgdir);
	sigprocmask(SIG_SETMASK, mask, NULL);
	/* a special target (a device, a FIFO) is written directly */
	if (fd < 0 && (fd = open(out->path, O_WRONLY | O_CLOEXEC)) < 0) {
		warn("%s", out->path);
		rc = 1;
		goto out;
	}
	memset(&e, 0, sizeof(e));
	if (job->delimiter != NULL)
		ot_input_delimiter(ot_parse_delimiter(job->delimiter));
	e.input = job->input;
	e.jobs = job->jobs;
	e.hash_only = job->hash_only;
	e.hashing = &job->hashing;
	e.key = &job->key;
	e.encrypt_blanks = job->kex;
	e.sha256_only = job->sha256_only;
	e.hash_record_ids = job->hash_record_ids;
	e.idmap = job->record_id_map != NULL ? &job->idmap : NULL;
	e.parquet_out = job->parquet_out;
	e.strict = job->strict;
	if (job->rules.n == 0)
		ot_ruleset_default(&job->rules);
	e.rules = &job->rules;
	m.rules = job->rules;
	e.config = job->config;
	if (job->config != NULL)
		ot_meta_config(&m, job->config);
	e.outfd = fd;
	e.outname = out->path;
	v1_engine(&e, job);
	ot_progress_start((enum ot_progress_when)job->progress);
	rc = ot_engine_run(&e, job->decrypt ? NULL : &m);
	ot_progress_end();
	if (out->fd < 0 && close(fd) < 0 && rc == 0) {
		warn("%s", out->path);
		rc = 1;
	}
	if (rc == 0 && metapath != NULL) {
		snprintf(metafd, sizeof(metafd), "/dev/fd/%d", meta->fd);
		ot_meta_write(&m, meta->fd >= 0 ? metafd : metapath);
	}
out:
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	forward_signals();
	return rc;
}

/* The stages counted the records: the audit log has the counts of
 * their metadata. */
static void audit_counts(const char *metadata)
{
	const cJSON *rows, *profile;
	cJSON *m;

	if (!ot_audit_on() || (m = ot_json_read_file(metadata)) == NULL)
		return;
	rows = cJSON_GetObjectItemCaseSensitive(m, "TotalRows");
	profile = cJSON_GetObjectItemCaseSensitive(m, "OtCompat");
	if (cJSON_IsNumber(rows) && rows->valuedouble >= 0) {
		ot_audit_count("records", (unsigned long long)rows->valuedouble);
		ot_audit_count("tokens", (unsigned long long)rows->valuedouble *
		    OT_NRULES);
	}
	if (cJSON_IsString(profile))
		ot_audit_string("profile", profile->valuestring);
	cJSON_Delete(m);
}

int ot_run_job(struct ot_job *job)
{
	struct stage st[MAX_STAGES];
	struct ot_output out, meta = { NULL, NULL, -1 };
	char *metapath = NULL, *pkgdir = NULL, *tokpath = NULL;
	bool package = !job->decrypt && ot_is_package(job->output);
	sigset_t mask;
	int n, rc, outfd, lock;

	if (job->parquet_in && !ot_is_package(job->input) &&
	    !parquet_input(job->input))
		return 1;
	/* a package that its reader would refuse is not made at all */
	if (package && ot_package_check_name(job->output) != 0)
		return 1;
	memset(st, 0, sizeof(st));
	for (n = 0; n < MAX_STAGES; n++)
		st[n].meta_fd = -1;
	/* a map that exists is refused before anything is made */
	if (job->record_id_map != NULL)
		ot_idmap_create(&job->idmap, job->record_id_map);
	catch_signals(&mask);
	if (package) {
		/* tokens and metadata go into the package, not beside it */
		pkgdir = package_dir(job->output);
		if (asprintf(&tokpath, "%s/tokens.%s", pkgdir,
		    job->parquet_out ? "parquet" : "csv") < 0 ||
		    asprintf(&metapath, "%s/tokens.metadata.json", pkgdir) < 0)
			err(1, NULL);
		ot_output_open(&out, tokpath);
	} else {
		ot_output_open(&out, job->output);
		if (!job->decrypt && !null_output(job->output))
			metapath = ot_metadata_path(job->output);
	}
	if (metapath != NULL)
		ot_output_open(&meta, metapath);
	/* a package is decrypted by ot-decrypt, which opens it */
	if (job->jobs > 0 && !(job->decrypt && job->kex))
		rc = run_engine(job, &out, &meta, metapath, pkgdir, &mask);
	else {
		n = build_stages(st, job, &out, &meta, metapath, &outfd);
		rc = run_pipeline(st, n, outfd, &mask);
		if (rc == 0 && meta.tmp != NULL)
			audit_counts(meta.tmp);
	}
	wipe_job(job);
	/* no signal may interrupt the renames half done */
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	if (caught && rc == 0)
		rc = 1;
	/* both checked before either is renamed */
	if (rc == 0 && ((out.tmp != NULL && !ot_output_intact(&out)) ||
	    (meta.tmp != NULL && !ot_output_intact(&meta)))) {
		warnx("%s: a temporary file was replaced: output not written",
		    job->output);
		rc = 1;
	}
	if (package) {
		/* the package is the output, not what goes into it */
		ot_audit_output_drop(out.tmp);
		ot_audit_output_drop(meta.tmp);
		if (rc == 0)
			rc = run_package(job, &out, &meta, pkgdir, &mask);
		/* the map after it (the audit log's event, written before the
		 * first file is put in place, names both); the package only
		 * with its map */
		if (job->record_id_map != NULL &&
		    !ot_idmap_close(&job->idmap, rc == 0) && rc == 0) {
			unlink(job->output);
			rc = 1;
		}
		sigprocmask(SIG_BLOCK, &stop_signals, NULL);
		if (caught && rc == 0)
			rc = 1;
		ot_output_close(&out, false);
		ot_output_close(&meta, false);
		rmdir(pkgdir);
	} else {
		/* the map in place first: the shared output only with it */
		if (job->record_id_map != NULL &&
		    !ot_idmap_close(&job->idmap, rc == 0) && rc == 0)
			rc = 1;
		/* the pair in place is always one run's */
		lock = rc == 0 && out.tmp != NULL && meta.tmp != NULL ?
		    ot_output_lock(job->output) : -1;
		/* a failed rename is a failure; a failure keeps its status */
		if (!ot_output_close(&out, rc == 0) && rc == 0)
			rc = 1;
		if (!ot_output_close(&meta, rc == 0) && rc == 0)
			rc = 1;
		ot_output_unlock(lock);
	}
	if (rc != 0 && job->record_id_map != NULL)
		ot_idmap_undo(&job->idmap);
	ot_secret_wipe(&job->own_public_pem);
	free(metapath);
	free(tokpath);
	free(pkgdir);
	if (caught) {
		signal(caught, SIG_DFL);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		raise(caught);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	return rc;
}
