#ifndef OT_SIGN_H
#define OT_SIGN_H

#include "token/config.h"

/*
 * Read normalized streams and write RuleId,Signature,RecordId: five rows
 * per record, T1..T5, an empty Signature for a blank rule; with cfg, the
 * streams of its fields (ot-normalize --config) and a row for each of
 * its rules.  Returns the exit status.
 */
int ot_sign_files(char *const *files, int nfiles, int outfd,
    const char *outname, const struct ot_config *cfg);

#endif
