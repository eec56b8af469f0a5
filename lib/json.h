/*
 * JSON files through cJSON, laid out as the reference writes its metadata
 * (two-space indentation, "key": value), written atomically: a temporary
 * file beside the target, renamed over it, so a crash never leaves half a
 * file.
 */
#ifndef OT_JSON_H
#define OT_JSON_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* Print root to f in that layout, with a final newline; 0 or -1. */
int ot_json_print(FILE *f, const cJSON *root);

/* 0, or -1 with errno set. */
int ot_json_write_file(const cJSON *root, const char *path);

/* The parsed file, or NULL and a message printed. */
cJSON *ot_json_read_file(const char *path);

#endif
