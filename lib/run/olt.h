/*
 * ot olt: the command line of OpenLinkToken 2.1.2 (its Python CLI,
 * "olt"), its commands and options exactly, so that alias olt='ot olt'
 * is a drop-in: generate-key-pair, initiate-exchange, tokenize, package,
 * encrypt, decrypt and help; update and extension answer that ot does
 * neither.  The parsing and the help are in olt.c, the commands of keys
 * and exchange configs in oltkeys.c, those of token files in olttok.c.
 */
#ifndef OT_OLT_H
#define OT_OLT_H

/* argv[0] is "olt"; the exit status: 0, 1 a command's failure, 2 a
 * usage error, as the reference's. */
int ot_olt_main(int argc, char *argv[]);

#endif
