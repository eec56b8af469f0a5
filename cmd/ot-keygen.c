/* ot-keygen: a key pair for the key-exchange workflow, and the
 * fingerprint of a key file. */
#include "share/audit.h"
#include "cli.h"
#include "share/kex.h"

#include <err.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const struct ot_help help[] = {
	{ "-c, --curve=CURVE", "P-256, P-384 (the default) or P-521" },
	{ "-o, --output-dir=DIR", "where to write keypair.pem and public_key.pem" },
	{ "-f, --fingerprint=PEM", "print the fingerprint of the public key in PEM" },
	OT_HELP_AUDIT,
	OT_HELP_STD,
	{ NULL, NULL }
};

static void usage(FILE *f, int status)
{
	ot_usage(f, status, "usage: ot-keygen [-hV] [-c curve] [-o dir] [--audit-log file]\n"
	    "       ot-keygen [-hV] -f pemfile [--audit-log file]\n", help);
}

static int fingerprint(const char *path)
{
	EVP_PKEY *k = ot_key_load_either(path);
	char fp[65];

	ot_key_fingerprint(k, fp);
	EVP_PKEY_free(k);
	ot_audit_input("key", path, true);
	ot_audit_key("key", fp);
	printf("%s\n", fp);
	return fflush(stdout) == EOF || ferror(stdout) ? 1 : 0;
}

/* Write DIR/keypair.pem and DIR/public_key.pem; print the fingerprint. */
static int generate(enum ot_curve c, const char *dir)
{
	char *priv, *pub, fp[65];
	EVP_PKEY *k;

	ot_make_dirs(dir);
	if (asprintf(&priv, "%s/keypair.pem", dir) < 0 ||
	    asprintf(&pub, "%s/public_key.pem", dir) < 0)
		err(1, NULL);
	k = ot_key_generate(c);
	ot_key_fingerprint(k, fp);
	ot_audit_key("own", fp);
	ot_audit_string("curve", ot_curve_label(c));
	ot_audit_output_direct(priv, true);
	ot_audit_output_direct(pub, false);
	ot_key_write(k, priv, pub);
	EVP_PKEY_free(k);
	free(priv);
	free(pub);
	printf("%s\n", fp);
	return fflush(stdout) == EOF || ferror(stdout) ? 1 : 0;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "curve", required_argument, NULL, 'c' },
		{ "fingerprint", required_argument, NULL, 'f' },
		{ "output-dir", required_argument, NULL, 'o' },
		OT_AUDIT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = ".", *curve = NULL, *file = NULL, *audit = NULL;
	int ch, c = OT_CURVE_DEFAULT;

	while ((ch = getopt_long(argc, argv, "c:f:ho:V", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			curve = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'o':
			dir = optarg;
			break;
		case OT_OPT_AUDIT:
			audit = optarg;
			break;
		default:
			ot_std_option(ch, usage);
		}
	}
	if (optind != argc)
		usage(stderr, 2);
	if (curve != NULL && (c = ot_curve_parse(curve)) < 0)
		errx(2, "%s: not a curve ot knows (P-256, P-384 or P-521)",
		    curve);
	ot_audit_start(audit, "ot-keygen", NULL, argc, argv, NULL);
	if (file != NULL)
		return ot_audit_end(fingerprint(file));
	return ot_audit_end(generate((enum ot_curve)c, dir));
}
