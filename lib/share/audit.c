#include "share/audit.h"
#include "share/auditchain.h"
#include "output.h"
#include "uuid.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#define MAX_FILES	32

struct file {
	char *role;		/* inputs */
	char *path;
	char *tmp;		/* outputs: where the bytes are until put */
	bool secret;		/* named only, never hashed */
	bool direct;		/* made in place: named only */
	bool dropped;
};

static struct {
	int fd;
	char *log;
	char *program;
	char *command;
	cJSON *args;
	cJSON *facts;
	struct file in[MAX_FILES], out[MAX_FILES];
	int nin, nout;
	char run[37];
	int written;		/* the status logged, or -1 */
	char error[1024];	/* the last error line on stderr */
	char line[1024];
	size_t linelen;
	bool overflow;
	bool failed;		/* tried once: not again */
	bool held;
} A = { .fd = -1, .written = -1 };

static _Noreturn void no_memory(void)
{
	err(1, NULL);
}

static char *copy(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		no_memory();
	return d;
}

bool ot_audit_on(void)
{
	return A.fd >= 0;
}

/*
 * The error of a run that fails is the last line the program wrote to
 * standard error in err(3)'s form ("ot: ..."), warnings left out:
 * standard error becomes a stream that writes to descriptor 2 as before
 * and keeps that line.
 */
static void keep_line(void)
{
	size_t n = strlen(program_invocation_short_name);

	if (A.overflow || A.linelen < n + 2 ||
	    strncmp(A.line, program_invocation_short_name, n) != 0 ||
	    strncmp(A.line + n, ": ", 2) != 0 ||
	    strncmp(A.line + n + 2, "warning", 7) == 0)
		return;
	memcpy(A.error, A.line, A.linelen);
	A.error[A.linelen] = '\0';
}

static ssize_t capture_write(void *cookie, const char *buf, size_t n)
{
	size_t done = 0, i;
	ssize_t w;

	(void)cookie;
	while (done < n) {
		if ((w = write(STDERR_FILENO, buf + done, n - done)) < 0) {
			if (errno == EINTR)
				continue;
			if (done == 0)
				return -1;
			break;
		}
		done += (size_t)w;
	}
	for (i = 0; i < done; i++) {
		if (buf[i] == '\n') {
			keep_line();
			A.linelen = 0;
			A.overflow = false;
		} else if (A.linelen + 1 < sizeof(A.line))
			A.line[A.linelen++] = buf[i];
		else
			A.overflow = true;
	}
	return (ssize_t)done;
}

static void capture_stderr(void)
{
	static const cookie_io_functions_t io = { .write = capture_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (f == NULL)
		no_memory();
	setvbuf(f, NULL, _IONBF, 0);
	stderr = f;
}

static void at_exit(int status, void *arg);
static const struct ot_output_watch watch;

/* "--hashingsecret", or an abbreviation getopt_long() takes for it */
static bool long_match(const char *arg, const char *opt, size_t *keylen)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	*keylen = n;
	return n > 2 && strncmp(arg, "--", 2) == 0 &&
	    strncmp(opt, arg, n) == 0;
}

static void add_arg(const char *s)
{
	if (!cJSON_AddItemToArray(A.args, cJSON_CreateString(s)))
		no_memory();
}

static void note_args(int argc, char *const argv[], const char *const secret[])
{
	bool next = false;
	size_t k;
	char *s;
	int i, j;

	if ((A.args = cJSON_CreateArray()) == NULL)
		no_memory();
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (next) {
			add_arg(OT_AUDIT_REDACTED);
			next = false;
			continue;
		}
		for (j = 0; secret != NULL && secret[j] != NULL; j++) {
			const char *o = secret[j];
			bool isshort = o[1] != '-';

			/* -h SECRET, -hSECRET; --opt SECRET, --opt=SECRET */
			if (isshort ? a[0] != '-' || a[1] == '-' ||
			    strncmp(a, o, 2) != 0 : !long_match(a, o, &k))
				continue;
			if (isshort)
				k = 2;
			if (a[k] == '\0')
				next = true;
			else {
				if (asprintf(&s, "%.*s%s%s", (int)k, a,
				    isshort ? "" : "=", OT_AUDIT_REDACTED) < 0)
					no_memory();
				add_arg(s);
				free(s);
				a = NULL;
			}
			break;
		}
		if (a != NULL)
			add_arg(a);
	}
}

void ot_audit_start(const char *path, const char *program,
    const char *command, int argc, char *const argv[],
    const char *const secret[])
{
	struct stat st;

	if (path == NULL && ((path = getenv(OT_AUDIT_ENV)) == NULL ||
	    *path == '\0'))
		return;
	if (A.fd >= 0)
		return;
	/* a link is not followed: the log is the file named */
	if ((A.fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) < 0)
		err(1, "audit log %s", path);
	if (fstat(A.fd, &st) < 0)
		err(1, "audit log %s", path);
	if (!S_ISREG(st.st_mode))
		errx(1, "audit log %s: not a regular file (the chain is read "
		    "back from it)", path);
	A.log = copy(path);
	A.program = copy(program);
	A.command = copy(command);
	if ((A.facts = cJSON_CreateObject()) == NULL)
		no_memory();
	note_args(argc, argv, secret);
	ot_uuid4(A.run);
	ot_output_watch = &watch;
	capture_stderr();
	if (on_exit(at_exit, NULL) != 0)
		no_memory();
}

void ot_audit_input(const char *role, const char *path, bool secret)
{
	struct file *f;
	int i;

	if (!ot_audit_on() || path == NULL)
		return;
	for (i = 0; i < A.nin; i++)
		if (strcmp(A.in[i].path, path) == 0 &&
		    strcmp(A.in[i].role, role) == 0)
			return;
	if (A.nin == MAX_FILES)
		return;
	f = &A.in[A.nin++];
	f->role = copy(role);
	f->path = copy(path);
	f->secret = secret;
}

static struct file *find_output(const char *tmp, const char *path)
{
	int i;

	for (i = 0; i < A.nout; i++)
		if ((tmp != NULL && A.out[i].tmp != NULL &&
		    strcmp(A.out[i].tmp, tmp) == 0) ||
		    (path != NULL && strcmp(A.out[i].path, path) == 0 &&
		    !A.out[i].dropped))
			return &A.out[i];
	return NULL;
}

static struct file *add_output(const char *path, const char *tmp)
{
	struct file *f;

	if (A.nout == MAX_FILES)
		return NULL;
	f = &A.out[A.nout++];
	memset(f, 0, sizeof(*f));
	f->path = copy(path);
	f->tmp = copy(tmp);
	return f;
}

void ot_audit_hold(bool held)
{
	A.held = held;
}

void ot_audit_output(const char *path, const char *tmp)
{
	struct file *f;

	if (!ot_audit_on() || path == NULL || A.held)
		return;
	if ((f = find_output(tmp, NULL)) != NULL) {
		f->dropped = false;
		return;
	}
	(void)add_output(path, tmp);
}

void ot_audit_output_direct(const char *path, bool secret)
{
	struct file *f;

	if (!ot_audit_on() || path == NULL ||
	    (f = find_output(NULL, path)) != NULL ||
	    (f = add_output(path, NULL)) == NULL)
		return;
	f->direct = true;
	f->secret = secret;
}

void ot_audit_output_drop(const char *tmp)
{
	struct file *f;

	if (ot_audit_on() && tmp != NULL && (f = find_output(tmp, NULL)) != NULL)
		f->dropped = true;
}

static cJSON *member(const char *name)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(A.facts, name);

	if (o == NULL && (o = cJSON_AddObjectToObject(A.facts, name)) == NULL)
		no_memory();
	return o;
}

static void set(cJSON *o, const char *name, cJSON *v)
{
	if (v == NULL)
		no_memory();
	if (cJSON_GetObjectItemCaseSensitive(o, name) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(o, name, v);
	else if (!cJSON_AddItemToObject(o, name, v))
		no_memory();
}

void ot_audit_count(const char *name, unsigned long long n)
{
	if (ot_audit_on())
		set(member("counts"), name, cJSON_CreateNumber((double)n));
}

void ot_audit_string(const char *name, const char *value)
{
	if (ot_audit_on() && value != NULL)
		set(A.facts, name, cJSON_CreateString(value));
}

void ot_audit_key(const char *role, const char *fingerprint)
{
	if (ot_audit_on() && fingerprint != NULL)
		set(member("keys"), role, cJSON_CreateString(fingerprint));
}

void ot_audit_package(const char *role, const char *fingerprint)
{
	if (ot_audit_on() && fingerprint != NULL)
		set(member("package"), role, cJSON_CreateString(fingerprint));
}

void ot_audit_json(const char *group, const char *name, cJSON *v)
{
	if (!ot_audit_on()) {
		cJSON_Delete(v);
		return;
	}
	set(group != NULL ? member(group) : A.facts, name, v);
}

/* The size and SHA-256 of a regular file, read again; false for
 * anything else (standard input, a FIFO, a device). */
static bool hash_file(const char *path, char hex[65], long long *size)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char buf[1 << 16], md[32];
	unsigned int len = 0;
	struct stat st;
	EVP_MD_CTX *c;
	ssize_t n;
	int fd, i;
	bool ok = true;

	if (strcmp(path, "-") == 0 || stat(path, &st) < 0 ||
	    !S_ISREG(st.st_mode) ||
	    (fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return false;
	if ((c = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		no_memory();
	*size = 0;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ok = false;
			break;
		}
		*size += n;
		if (EVP_DigestUpdate(c, buf, (size_t)n) != 1)
			no_memory();
	}
	close(fd);
	if (EVP_DigestFinal_ex(c, md, &len) != 1)
		no_memory();
	EVP_MD_CTX_free(c);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	return ok;
}

static cJSON *file_entry(const char *role, const char *path,
    const char *bytes, bool hash)
{
	cJSON *o = cJSON_CreateObject();
	char hex[65];
	long long size;

	if (o == NULL || (role != NULL &&
	    cJSON_AddStringToObject(o, "role", role) == NULL) ||
	    cJSON_AddStringToObject(o, "path", path) == NULL)
		no_memory();
	if (hash && hash_file(bytes, hex, &size) &&
	    (cJSON_AddNumberToObject(o, "size", (double)size) == NULL ||
	    cJSON_AddStringToObject(o, "sha256", hex) == NULL))
		no_memory();
	return o;
}

static void add(cJSON *o, const char *name, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToObject(o, name, v))
		no_memory();
}

static void add_string(cJSON *o, const char *name, const char *s)
{
	add(o, name, s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull());
}

/* The event, without "prev". */
static cJSON *event(int status)
{
	char when[40], host[256];
	struct passwd *pw = getpwuid(geteuid());
	struct timeval tv;
	struct tm tm;
	cJSON *ev = cJSON_CreateObject(), *a, *c;
	int i;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, 24, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + strlen(when), sizeof(when) - strlen(when), ".%03dZ",
	    (int)(tv.tv_usec / 1000));
	if (gethostname(host, sizeof(host)) < 0)
		strcpy(host, "");
	host[sizeof(host) - 1] = '\0';
	if (ev == NULL)
		no_memory();
	add(ev, "v", cJSON_CreateNumber(1));
	add_string(ev, "time", when);
	add_string(ev, "run", A.run);
	add_string(ev, "user", pw != NULL ? pw->pw_name : NULL);
	add(ev, "uid", cJSON_CreateNumber((double)geteuid()));
	add_string(ev, "host", host);
	add(ev, "pid", cJSON_CreateNumber((double)getpid()));
	add_string(ev, "program", A.program);
	add_string(ev, "command", A.command);
	add(ev, "args", cJSON_Duplicate(A.args, true));
	add(ev, "inputs", a = cJSON_CreateArray());
	for (i = 0; i < A.nin; i++)
		if (!cJSON_AddItemToArray(a, file_entry(A.in[i].role,
		    A.in[i].path, A.in[i].path, !A.in[i].secret)))
			no_memory();
	add(ev, "outputs", a = cJSON_CreateArray());
	for (i = 0; i < A.nout; i++)
		if (!A.out[i].dropped && !cJSON_AddItemToArray(a,
		    file_entry(NULL, A.out[i].path, A.out[i].tmp != NULL ?
		    A.out[i].tmp : A.out[i].path, !A.out[i].direct &&
		    !A.out[i].secret)))
			no_memory();
	for (c = A.facts->child; c != NULL; c = c->next)
		add(ev, c->string, cJSON_Duplicate(c, true));
	add(ev, "status", cJSON_CreateNumber(status));
	add_string(ev, "error", status != 0 && A.error[0] != '\0' ?
	    A.error : NULL);
	return ev;
}

/* Append the event: one write(2) under the log's lock, which also
 * keeps two runs from chaining to one line; a short write is undone. */
static int write_event(int status)
{
	char prev[65], *s;
	const char *why = NULL;
	struct stat st;
	cJSON *ev = event(status);
	size_t n;
	ssize_t w;
	int e = 0;

	if (A.failed) {
		cJSON_Delete(ev);
		errno = EIO;
		return -1;
	}
	A.failed = true;
	while (flock(A.fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			cJSON_Delete(ev);
			warn("audit log %s", A.log);
			return -1;
		}
	if (ot_audit_tail(A.fd, prev, &why) < 0) {
		e = errno;
		goto fail;
	}
	add_string(ev, "prev", prev);
	if ((s = cJSON_PrintUnformatted(ev)) == NULL)
		no_memory();
	n = strlen(s);
	s[n] = '\n';	/* over the NUL: the line is written by length */
	if (fstat(A.fd, &st) < 0) {
		e = errno;
		free(s);
		goto fail;
	}
	do
		w = write(A.fd, s, n + 1);
	while (w < 0 && errno == EINTR);
	e = w < 0 ? errno : ENOSPC;
	free(s);
	if (w != (ssize_t)(n + 1)) {
		if (w > 0)
			(void)ftruncate(A.fd, st.st_size);
		goto fail;
	}
	if (fsync(A.fd) < 0) {
		e = errno;
		goto fail;
	}
	flock(A.fd, LOCK_UN);
	cJSON_Delete(ev);
	A.written = status;
	A.failed = false;
	return 0;
fail:
	flock(A.fd, LOCK_UN);
	cJSON_Delete(ev);
	if (why != NULL)
		warnx("audit log %s: %s", A.log, why);
	else {
		errno = e;
		warn("audit log %s", A.log);
	}
	errno = e != 0 ? e : EINVAL;
	return -1;
}

int ot_audit_put(const char *tmp, const char *path)
{
	if (!ot_audit_on() || A.written >= 0 || A.held)
		return 0;
	if (path != NULL && find_output(tmp, path) == NULL)
		(void)add_output(path, tmp);
	return write_event(0);
}

int ot_audit_end(int rc)
{
	if (!ot_audit_on() || A.written == rc)
		return rc;
	if (write_event(rc) < 0)
		return 1;
	return rc;
}

static const struct ot_output_watch watch = {
	ot_audit_output, ot_audit_output_drop, ot_audit_put
};

/* A run that ends by exit() (err(3)) without its event: the status it
 * ends with; an exit status 0 whose event cannot be written becomes 1. */
static void at_exit(int status, void *arg)
{
	(void)arg;
	if (!ot_audit_on() || A.written == status)
		return;
	if (write_event(status) < 0 && status == 0)
		_exit(1);
}
