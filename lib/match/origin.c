#include "match/origin.h"
#include "json.h"
#include "share/kex.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

static int field(const cJSON *meta, const char *k, char out[65])
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(meta, k);

	out[0] = '\0';
	if (v == NULL)
		return 0;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > 64)
		return -1;
	snprintf(out, 65, "%s", v->valuestring);
	return 0;
}

int ot_origin_json(struct ot_origin *o, const cJSON *meta, const char **why)
{
	memset(o, 0, sizeof(*o));
	if (!cJSON_IsObject(meta)) {
		*why = "not a JSON object";
		return -1;
	}
	if (field(meta, "HashingSecretHash", o->hashing) < 0 ||
	    field(meta, "SenderPublicKeyHash", o->keys[0]) < 0 ||
	    field(meta, "ReceiverPublicKeyHash", o->keys[1]) < 0) {
		*why = "a key field is not a fingerprint";
		return -1;
	}
	return 0;
}

int ot_origin_file(struct ot_origin *o, const char *path)
{
	cJSON *j = ot_json_read_file(path);
	const char *why;
	int rc = 0;

	if (j == NULL)
		return 1;
	if (ot_origin_json(o, j, &why) < 0) {
		warnx("%s: not ot metadata (%s)", path, why);
		rc = 1;
	}
	cJSON_Delete(j);
	return rc;
}

void ot_origin_keys(struct ot_origin *o, EVP_PKEY *sender,
    EVP_PKEY *receiver)
{
	memset(o, 0, sizeof(*o));
	ot_key_fingerprint(sender, o->keys[0]);
	ot_key_fingerprint(receiver, o->keys[1]);
}

static bool key_exchange(const struct ot_origin *o)
{
	return o->keys[0][0] != '\0' && o->keys[1][0] != '\0';
}

/* ECDH is symmetric: the receiver tokenizes its own records with the
 * pair the other way round, so the pairs compare as sets. */
static bool same_pair(const struct ot_origin *a, const struct ot_origin *b)
{
	return (strcmp(a->keys[0], b->keys[0]) == 0 &&
	    strcmp(a->keys[1], b->keys[1]) == 0) ||
	    (strcmp(a->keys[0], b->keys[1]) == 0 &&
	    strcmp(a->keys[1], b->keys[0]) == 0);
}

enum ot_agree ot_origins_agree(const struct ot_origin *a,
    const struct ot_origin *b, char *why, size_t n)
{
	bool ka = key_exchange(a), kb = key_exchange(b);

	if (ka && kb) {
		if (same_pair(a, b)) {
			snprintf(why, n, "the same two public keys");
			return OT_AGREE;
		}
		snprintf(why, n, "different key pairs (ours %.16s... and "
		    "%.16s..., theirs %.16s... and %.16s...)", a->keys[0],
		    a->keys[1], b->keys[0], b->keys[1]);
		return OT_DISAGREE;
	}
	if (a->hashing[0] != '\0' && b->hashing[0] != '\0') {
		if (strcmp(a->hashing, b->hashing) == 0) {
			snprintf(why, n, "the same hashing secret");
			return OT_AGREE;
		}
		snprintf(why, n, "different hashing secrets (HashingSecretHash "
		    "%.16s... and %.16s...)", a->hashing, b->hashing);
		return OT_DISAGREE;
	}
	if ((ka && b->hashing[0] != '\0') || (kb && a->hashing[0] != '\0')) {
		snprintf(why, n, "%s with a key exchange and %s with a "
		    "hashing secret", ka ? "ours" : "theirs", ka ? "theirs" :
		    "ours");
		return OT_DISAGREE;
	}
	snprintf(why, n, "no key fields to compare");
	return OT_AGREE_UNKNOWN;
}
