#ifndef OT_CREPORT_H
#define OT_CREPORT_H

#include "token/config.h"

#include <stdbool.h>
#include <stdio.h>

/* ot-inspect --config: report on the tokenization config path, as text
 * or JSON, to out.  Returns the exit status (1 after the message of a
 * config a run would refuse). */
int ot_config_report(const char *path, bool json, FILE *out);

#endif
