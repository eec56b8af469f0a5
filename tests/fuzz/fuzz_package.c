/* Fuzz target: the package reader over arbitrary bytes as a .zip, for a
 * fixed receiver key: a test key of ours, the receiver of the seed
 * package, so that mutations of it get past the receiver check. */
#include "share/kex.h"
#include "share/package.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char receiver[] =
	    "-----BEGIN PRIVATE KEY-----\n"
	    "MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDDUPUQW0tUUpcSA3Bwq\n"
	    "EH6HcD3CXm+oAR8VEQV1AmPUHCTyKcC9Cz8TZEngmj1EhO+hZANiAASYolY77ky7\n"
	    "pgVXTCa2FVq5fPSgsK8Qcm15vlVd06q9v4RlkTSkl72a7bFFk9mNNN7geWMiF8eT\n"
	    "5GX3M274/ROQaUkjKBADmEgXgX2mW+g3ua3hiFNb0umVxKnekS68CHU=\n"
	    "-----END PRIVATE KEY-----\n";
	static EVP_PKEY *own;
	const char *why;
	static char path[64];
	struct ot_package p;
	FILE *f;

	if (own == NULL) {
		own = ot_key_parse_private(receiver, sizeof(receiver) - 1,
		    &why);
		snprintf(path, sizeof(path), "/tmp/ot-fuzz-%ld.zip",
		    (long)getpid());
	}
	if (own == NULL)
		abort();
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (ot_package_open(&p, path, own) == 0)
		ot_package_close(&p);
	unlink(path);
	return 0;
}
