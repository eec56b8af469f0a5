#ifndef OT_BASE64_H
#define OT_BASE64_H

#include <stddef.h>

/* Standard alphabet with '=' padding; out needs 4 * ceil(n / 3) bytes.
 * Returns the length written. */
size_t ot_b64_encode(const unsigned char *in, size_t n, char *out);

/* Strict decoding, as java.util.Base64.getDecoder(): standard alphabet,
 * padding optional but only at the end.  Returns the decoded length, or
 * -1 on malformed input; out needs 3 * ceil(n / 4) bytes. */
long ot_b64_decode(const char *in, size_t n, unsigned char *out);

/* The canonical form only: padded to a multiple of four characters, and
 * no bits set past the last byte, so that every byte string has one text
 * and equal bytes mean equal strings (which a join of tokens as strings,
 * the reference's, assumes). */
long ot_b64_decode_canonical(const char *in, size_t n, unsigned char *out);

/* base64url without padding (RFC 7515): the encoding, and its strict
 * decoding: only that alphabet, no padding, and no bits set past the last
 * byte, so that every byte string has one text. */
size_t ot_b64url_encode(const unsigned char *in, size_t n, char *out);
long ot_b64url_decode(const char *in, size_t n, unsigned char *out);

#endif
