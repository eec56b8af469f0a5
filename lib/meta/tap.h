#ifndef OT_TAP_H
#define OT_TAP_H

#include "meta/meta.h"

/*
 * ot-meta's tap: copy the normalized stream in path ("-" is standard
 * input) to outfd byte for byte while counting it into m; then write the
 * metadata file.  With cfg, the stream is of its fields (ot-normalize
 * --config) and its rules are counted.  Returns the exit status.
 */
int ot_meta_tap(const char *path, int outfd, const char *outname,
    struct ot_meta *m, const char *metapath, const struct ot_config *cfg);

#endif
