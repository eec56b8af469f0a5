#ifndef OT_SIGN_H
#define OT_SIGN_H

/*
 * Read normalized streams and write RuleId,Signature,RecordId: five rows
 * per record, T1..T5, an empty Signature for a blank rule.  Returns the
 * exit status.
 */
int ot_sign_files(char *const *files, int nfiles, int outfd,
    const char *outname);

#endif
