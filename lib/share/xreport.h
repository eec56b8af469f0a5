/* What an exchange config says, read without a key or opened with one
 * (share/exchange.h); never a secret, only the SHA-256 of each. */
#ifndef OT_XREPORT_H
#define OT_XREPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <openssl/types.h>

/* Report on the config path to out, as text or JSON, opened with own
 * when it is not NULL; 0, or 1 after a message. */
int ot_exchange_report(const char *path, EVP_PKEY *own, bool json, FILE *out);

#endif
