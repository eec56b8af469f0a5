#include "share/audit.h"
#include "meta/meta.h"
#include "cli.h"
#include "json.h"
#include "share/kex.h"

#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#define PLATFORM "C"

/* InvalidAttributesByType lists the attributes in this (sorted) order. */
static const enum ot_attr sorted_attrs[OT_NATTR] = {
	OT_BIRTH_DATE, OT_FIRST_NAME, OT_LAST_NAME, OT_POSTAL_CODE, OT_SEX,
	OT_SSN
};

static const struct ot_ruleset *rules_of(const struct ot_meta *m)
{
	static struct ot_ruleset def;

	if (m->rules.n > 0)
		return &m->rules;
	if (def.n == 0)
		ot_ruleset_default(&def);
	return &def;
}

void ot_meta_count(struct ot_meta *m, const struct ot_value vals[OT_NATTR],
    const struct ot_value lenient[OT_NATTR])
{
	const struct ot_ruleset *s = rules_of(m);
	bool invalid[OT_NATTR] = { false };
	struct ot_t7 t;
	int i, d, a;

	m->total_rows++;
	for (i = 0; i < s->n; i++) {
		d = s->def[i];
		if (ot_rule_defs[d].exact < 0) {
			ot_t7_prepare(&t, vals, lenient);
			m->blank[d] += ot_t7_blank(&t);
			continue;
		}
		if ((a = ot_rule_blocker(ot_rule_defs[d].exact, vals)) < 0)
			continue;
		m->blank[d]++;
		if (vals[a].state == OT_V_INVALID)
			invalid[a] = true;
	}
	for (a = 0; a < OT_NATTR; a++)
		m->invalid[a] += invalid[a];
}

void ot_meta_config(struct ot_meta *m, const struct ot_config *c)
{
	size_t i;

	m->ncrules = c->nrules;
	for (i = 0; i < c->nrules; i++)
		m->crule[i] = c->rules[i].id;
	m->nctypes = c->ntypes;
	for (i = 0; i < c->ntypes; i++)
		m->ctype[i] = ot_types[c->types[i]].name;
	memcpy(m->config_hash, c->hash, sizeof(m->config_hash));
}

void ot_meta_count_config(struct ot_meta *m, const struct ot_config *c,
    const enum ot_cresult *res, const int *invalid)
{
	bool bad[OT_NTYPES] = { false };
	size_t r, t;

	m->total_rows++;
	for (r = 0; r < c->nrules; r++) {
		/* a rule whose value failed to normalize has no row and is
		 * not counted, as the reference's exception is not */
		if (res[r] == OT_CR_BLANK)
			m->cblank[r]++;
		if (invalid[r] >= 0)
			bad[invalid[r]] = true;
	}
	for (t = 0; t < c->ntypes; t++)
		m->cinvalid[t] += bad[c->types[t]];
}

bool ot_meta_all_blank(const struct ot_meta *m)
{
	size_t r;

	if (m->total_rows == 0)
		return false;
	if (m->ncrules > 0) {
		for (r = 0; r < m->ncrules; r++)
			if (m->cblank[r] != m->total_rows)
				return false;
		return true;
	}
	for (r = 0; r < (size_t)rules_of(m)->n; r++)
		if (m->blank[rules_of(m)->def[r]] != m->total_rows)
			return false;
	return true;
}

void ot_meta_add(struct ot_meta *sum, const struct ot_meta *m)
{
	size_t i;
	int a, r;

	if (sum->rules.n == 0)
		sum->rules = m->rules;
	if (sum->ncrules == 0 && m->ncrules > 0) {
		sum->ncrules = m->ncrules;
		sum->nctypes = m->nctypes;
		memcpy(sum->crule, m->crule, sizeof(sum->crule));
		memcpy(sum->ctype, m->ctype, sizeof(sum->ctype));
		memcpy(sum->config_hash, m->config_hash,
		    sizeof(sum->config_hash));
	}
	for (i = 0; i < m->ncrules; i++)
		sum->cblank[i] += m->cblank[i];
	for (i = 0; i < m->nctypes; i++)
		sum->cinvalid[i] += m->cinvalid[i];
	sum->total_rows += m->total_rows;
	for (a = 0; a < OT_NATTR; a++)
		sum->invalid[a] += m->invalid[a];
	for (r = 0; r < OT_NRULE_DEFS; r++)
		sum->blank[r] += m->blank[r];
}

void ot_secret_hash(const struct ot_secret *s, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	unsigned int n;
	int i;

	if (!EVP_Digest(s->buf, s->len, d, &n, EVP_sha256(), NULL))
		errx(1, "OpenSSL: SHA-256 failed");
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

/* A count as the integer it is: cJSON would print a double, and in
 * exponent form from 10^15 on. */
void ot_meta_kex_keys(struct ot_meta *m, EVP_PKEY *own, EVP_PKEY *peer)
{
	snprintf(m->curve, sizeof(m->curve), "%s",
	    ot_curve_label(ot_key_curve(own)));
	ot_key_fingerprint(own, m->sender_hash);
	ot_key_fingerprint(peer, m->receiver_hash);
}

void ot_meta_kex(struct ot_meta *m, const char *keypair, const char *peer)
{
	EVP_PKEY *own = ot_key_load_private(keypair);
	EVP_PKEY *other = ot_key_load_public(peer);

	/* the stages derive from this pair: fail here as they would */
	ot_kex_derive(own, keypair, other, peer, NULL, NULL);
	ot_meta_kex_keys(m, own, other);
	EVP_PKEY_free(own);
	EVP_PKEY_free(other);
}

/* Path(output).stem's end: its name's last '.', unless that starts or
 * ends the name. */
static const char *python_stem_end(const char *output)
{
	const char *slash = strrchr(output, '/'), *name, *dot;

	name = slash != NULL ? slash + 1 : output;
	dot = strrchr(name, '.');
	return dot != NULL && dot != name && dot[1] != '\0' ? dot :
	    name + strlen(name);
}

char *ot_metadata_path(const char *output)
{
	const char *dot = strrchr(output, '.');
	size_t n = dot != NULL && dot != output ? (size_t)(dot - output) :
	    strlen(output);
	char *p;

	if (ot_compat()->python_csv)
		n = (size_t)(python_stem_end(output) - output);
	if ((p = malloc(n + sizeof(".metadata.json"))) == NULL)
		err(1, NULL);
	memcpy(p, output, n);
	memcpy(p + n, ".metadata.json", sizeof(".metadata.json"));
	return p;
}

static void add_count(cJSON *o, const char *k, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	if (cJSON_AddRawToObject(o, k, buf) == NULL)
		err(1, NULL);
}

static void add_string(cJSON *o, const char *k, const char *v)
{
	if (cJSON_AddStringToObject(o, k, v) == NULL)
		err(1, NULL);
}

static void write_json(const struct ot_meta *m, const char *timestamp,
    const char *path)
{
	cJSON *root = cJSON_CreateObject(), *inv, *blank;
	uint64_t sum = 0;
	size_t i;
	int a, r;

	const struct ot_compat *c = m->compat != NULL ? m->compat : ot_compat();

	if (root == NULL)
		err(1, NULL);
	add_string(root, "OtVersion", OT_VERSION);
	add_string(root, "Platform", PLATFORM);
	/* the 2.x references name it Version */
	add_string(root, c->metadata_v2 ? "Version" : "OpenTokenVersion",
	    c->release);
	if (m->curve[0] != '\0') {
		char method[32];

		snprintf(method, sizeof(method), "ECDH-%s", m->curve);
		add_string(root, "KeyExchangeMethod", method);
		add_string(root, "Curve", m->curve);
		add_string(root, "SenderPublicKeyHash", m->sender_hash);
		add_string(root, "ReceiverPublicKeyHash", m->receiver_hash);
	}
	if (m->hashing_hash[0] != '\0')
		add_string(root, "HashingSecretHash", m->hashing_hash);
	if (m->encryption_hash[0] != '\0')
		add_string(root, "EncryptionSecretHash", m->encryption_hash);
	for (a = 0; a < OT_NATTR && m->ncrules == 0; a++)
		sum += m->invalid[a];
	for (i = 0; i < m->nctypes; i++)
		sum += m->cinvalid[i];
	add_count(root, "TotalRows", m->total_rows);
	add_count(root, "TotalRowsWithInvalidAttributes", sum);
	if ((inv = cJSON_AddObjectToObject(root, "InvalidAttributesByType")) == NULL ||
	    (blank = cJSON_AddObjectToObject(root, "BlankTokensByRule")) == NULL)
		err(1, NULL);
	for (a = 0; a < OT_NATTR && m->ncrules == 0; a++)
		add_count(inv, ot_attrs[sorted_attrs[a]].name,
		    m->invalid[sorted_attrs[a]]);
	for (r = 0; r < rules_of(m)->n && m->ncrules == 0; r++)
		add_count(blank, ot_rule_defs[rules_of(m)->def[r]].id,
		    m->blank[rules_of(m)->def[r]]);
	for (i = 0; i < m->nctypes; i++)
		add_count(inv, m->ctype[i], m->cinvalid[i]);
	for (i = 0; i < m->ncrules; i++)
		add_count(blank, m->crule[i], m->cblank[i]);
	add_string(root, "OtCompat", c->name);
	if (m->ncrules > 0)
		add_string(root, "OtConfigHash", m->config_hash);
	add_string(root, "Timestamp", timestamp);
	ot_audit_count("records", m->total_rows);
	ot_audit_count("tokens", m->total_rows * OT_NRULES);
	ot_audit_string("profile", c->name);
	if (path == NULL) {
		if (ot_json_print(stdout, root) < 0 || fflush(stdout) == EOF)
			err(1, "stdout");
	} else if (ot_json_write_file(root, path) < 0)
		err(1, "%s", path);
	cJSON_Delete(root);
}

static void now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ot_meta_write(const struct ot_meta *m, const char *path)
{
	char ts[21];

	now_utc(ts);
	write_json(m, ts, path);
}

static const char *get_string(const cJSON *j, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Counts are written as JSON numbers, which are exact to 2^53. */
#define COUNT_MAX	9007199254740992.0

/* A count from the file: a whole number from 0 to 2^53, its range
 * checked before it is converted. */
static int get_count(const cJSON *j, const char *k, uint64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
	double d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!(d >= 0 && d <= COUNT_MAX) || d != (double)(uint64_t)d)
		return -1;
	*out = (uint64_t)d;
	return 0;
}

/* sum += v, refusing a total past what the metadata can hold. */
static int add(uint64_t *sum, uint64_t v)
{
	if (v > (uint64_t)COUNT_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

/* A string field of the file into out, "" when absent. */
static void copy_string(char *out, size_t n, const cJSON *j, const char *k)
{
	const char *v = get_string(j, k);

	snprintf(out, n, "%s", v != NULL ? v : "");
}

const struct ot_compat *ot_meta_compat(const cJSON *j)
{
	const char *ours = get_string(j, "OtCompat");
	const char *platform = get_string(j, "Platform");
	const char *v1 = get_string(j, "OpenTokenVersion");
	const char *v2 = get_string(j, "Version");
	bool python = platform != NULL && strcmp(platform, "Python") == 0;

	if (ours != NULL)
		return ot_compat_find(ours);
	/* a reference's own: its language and release */
	if (v2 != NULL && strncmp(v2, "2.", 2) == 0)
		return ot_compat_find(python ? "2.1-python" : "2.1-java");
	if (python)
		return ot_compat_find("1.12-python");
	if (v1 != NULL || v2 != NULL)
		return ot_compat_find("1.12-java");
	return NULL;
}

static int same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* A config's shard: its rules and types are the first shard's keys
 * (their names stay in its JSON), at most what a config may have. */
static int config_names(struct ot_meta *sum, const cJSON *j,
    const cJSON *inv, const cJSON *blank)
{
	const cJSON *k;

	copy_string(sum->config_hash, sizeof(sum->config_hash), j,
	    "OtConfigHash");
	cJSON_ArrayForEach(k, inv) {
		if (sum->nctypes == OT_NTYPES)
			return -1;
		sum->ctype[sum->nctypes++] = k->string;
	}
	cJSON_ArrayForEach(k, blank) {
		if (sum->ncrules == OT_CONFIG_MAX_RULES)
			return -1;
		sum->crule[sum->ncrules++] = k->string;
	}
	return sum->ncrules > 0 ? 0 : -1;
}

/* A config shard's counts, by the first shard's names: the same keys,
 * no more. */
static int config_counts(struct ot_meta *sum, const cJSON *inv,
    const cJSON *blank)
{
	uint64_t v;
	size_t i;

	if ((size_t)cJSON_GetArraySize(inv) != sum->nctypes ||
	    (size_t)cJSON_GetArraySize(blank) != sum->ncrules)
		return -1;
	for (i = 0; i < sum->nctypes; i++)
		if (get_count(inv, sum->ctype[i], &v) < 0 ||
		    add(&sum->cinvalid[i], v) < 0)
			return -1;
	for (i = 0; i < sum->ncrules; i++)
		if (get_count(blank, sum->crule[i], &v) < 0 ||
		    add(&sum->cblank[i], v) < 0)
			return -1;
	return 0;
}

int ot_meta_merge(char *const *files, int nfiles, const char *path)
{
	static const char *const must_match[] = {
		"OtVersion", "Platform", "OpenTokenVersion", "Version",
		"HashingSecretHash",
		"EncryptionSecretHash", "KeyExchangeMethod", "Curve",
		"SenderPublicKeyHash", "ReceiverPublicKeyHash",
		"OtConfigHash", NULL
	};
	const struct ot_compat *c;
	struct ot_meta sum;
	cJSON *first = NULL, *j = NULL;
	char latest[64] = "";
	int i, a, r, rc = 1;

	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < nfiles; i++) {
		const cJSON *inv, *blank;
		const char *const *k;
		const char *ts;
		uint64_t v;

		if ((j = ot_json_read_file(files[i])) == NULL)
			goto out;
		if ((c = ot_meta_compat(j)) == NULL) {
			if (get_string(j, "OtCompat") != NULL) {
				warnx("%s: OtCompat names no profile ot knows",
				    files[i]);
				goto out;
			}
			c = &ot_compats[OT_COMPAT_112_JAVA];
		}
		if (first != NULL && c != sum.compat) {
			warnx("%s: made for --compat %s, %s for %s: shards of "
			    "different profiles have different tokens and "
			    "cannot be merged", files[i], c->name, files[0],
			    sum.compat->name);
			goto out;
		}
		sum.compat = c;
		for (k = must_match; first != NULL && *k != NULL; k++)
			if (!same(get_string(first, *k), get_string(j, *k))) {
				if (strcmp(*k, "OtConfigHash") == 0)
					warnx("%s: made with another tokenization "
					    "config than %s (OtConfigHash differs): "
					    "shards of different configs have "
					    "different rules and cannot be merged",
					    files[i], files[0]);
				else
					warnx("%s: %s differs from %s's", files[i],
					    *k, files[0]);
				goto out;
			}
		inv = cJSON_GetObjectItemCaseSensitive(j, "InvalidAttributesByType");
		blank = cJSON_GetObjectItemCaseSensitive(j, "BlankTokensByRule");
		if (get_count(j, "TotalRows", &v) < 0 || !cJSON_IsObject(inv) ||
		    !cJSON_IsObject(blank))
			goto bad;
		if (add(&sum.total_rows, v) < 0)
			goto bad;
		if (get_string(j, "OtConfigHash") != NULL) {
			if (first == NULL && config_names(&sum, j, inv, blank) < 0)
				goto bad;
			if (config_counts(&sum, inv, blank) < 0)
				goto bad;
		} else for (a = 0; a < OT_NATTR; a++) {
			if (get_count(inv, ot_attrs[a].name, &v) < 0 ||
			    add(&sum.invalid[a], v) < 0)
				goto bad;
		}
		/* the rules of the first file, which every other must have */
		if (first == NULL && sum.ncrules == 0) {
			sum.rules.n = 0;
			for (r = 0; r < OT_NRULE_DEFS; r++)
				if (cJSON_GetObjectItemCaseSensitive(blank,
				    ot_rule_defs[r].id) != NULL)
					sum.rules.def[sum.rules.n++] = (uint8_t)r;
		}
		if (sum.ncrules == 0 &&
		    cJSON_GetArraySize(blank) != sum.rules.n) {
			warnx("%s: its rules (BlankTokensByRule) differ from "
			    "%s's", files[i], files[0]);
			goto out;
		}
		for (r = 0; r < sum.rules.n; r++) {
			if (get_count(blank, ot_rule_defs[sum.rules.def[r]].id,
			    &v) < 0 || add(&sum.blank[sum.rules.def[r]], v) < 0)
				goto bad;
		}
		if ((ts = get_string(j, "Timestamp")) != NULL &&
		    strcmp(ts, latest) > 0)
			snprintf(latest, sizeof(latest), "%s", ts);
		if (first == NULL) {
			first = j;
			copy_string(sum.hashing_hash, sizeof(sum.hashing_hash),
			    j, "HashingSecretHash");
			copy_string(sum.encryption_hash,
			    sizeof(sum.encryption_hash), j,
			    "EncryptionSecretHash");
			copy_string(sum.curve, sizeof(sum.curve), j, "Curve");
			copy_string(sum.sender_hash, sizeof(sum.sender_hash), j,
			    "SenderPublicKeyHash");
			copy_string(sum.receiver_hash,
			    sizeof(sum.receiver_hash), j,
			    "ReceiverPublicKeyHash");
		} else
			cJSON_Delete(j);
		j = NULL;
	}
	if (latest[0] == '\0')
		now_utc(latest);
	write_json(&sum, latest, path);
	rc = 0;
	goto out;
bad:
	warnx("%s: not ot metadata (a count is missing, not a whole number, "
	    "negative, or past 2^53 in all)", files[i]);
out:
	cJSON_Delete(j);
	cJSON_Delete(first);
	return rc;
}
