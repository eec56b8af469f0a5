/*
 * The tokenization config's reader: libyaml's events built into a tree
 * (bounded: bytes, depth, nodes, anchors; an alias is a pointer to its
 * anchor's node, never a copy, so aliases cannot multiply the work),
 * then the reference's schema read from it.  Plain scalars are typed as
 * PyYAML's SafeLoader types them (YAML 1.1: null, bool, int, float,
 * timestamp), so that a value the reference would not read as the text
 * it shows (column_name: 2024, a key `yes`) is refused, not guessed.
 */
#include "token/config.h"
#include "person/compat.h"
#include "grow.h"
#include "pystring.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <yaml.h>

#define MAX_ANCHORS	256

enum nkind { N_SCALAR, N_SEQ, N_MAP };

struct node {
	enum nkind k;
	unsigned long line;
	char *s;		/* a scalar's text */
	size_t len;
	bool plain;		/* unquoted, untagged: typed implicitly */
	bool tagged;		/* an explicit !!str */
	struct node **kid;	/* a map's keys and values in turn */
	size_t n, cap;
};

struct tree {
	const char *name;
	struct node **all;	/* every node, to free */
	size_t nall, allcap;
	struct { char *name; struct node *n; } anchor[MAX_ANCHORS];
	size_t nanchors;
	char err[512];
};

static int bad(struct tree *t, unsigned long line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(t->err, sizeof(t->err), "%s:%lu: %s", t->name, line, msg);
	return -1;
}

static struct node *new_node(struct tree *t, enum nkind k, unsigned long line)
{
	struct node *n;

	if (t->nall == OT_CONFIG_MAX_NODES) {
		bad(t, line, "more than %d nodes", OT_CONFIG_MAX_NODES);
		return NULL;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL)
		err(1, NULL);
	n->k = k;
	n->line = line;
	t->all = ot_grow(t->all, &t->allcap, t->nall + 1, sizeof(*t->all));
	t->all[t->nall++] = n;
	return n;
}

static void add_kid(struct node *p, struct node *k)
{
	p->kid = ot_grow(p->kid, &p->cap, p->n + 1, sizeof(*p->kid));
	p->kid[p->n++] = k;
}

static int anchor(struct tree *t, const yaml_char_t *name, struct node *n)
{
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; i < t->nanchors; i++)
		if (strcmp(t->anchor[i].name, (const char *)name) == 0) {
			t->anchor[i].n = n;	/* a later anchor replaces it */
			return 0;
		}
	if (t->nanchors == MAX_ANCHORS)
		return bad(t, n->line, "more than %d anchors", MAX_ANCHORS);
	if ((t->anchor[t->nanchors].name = strdup((const char *)name)) == NULL)
		err(1, NULL);
	t->anchor[t->nanchors++].n = n;
	return 0;
}

static int scalar_key_cmp(const void *a, const void *b)
{
	const struct node *x = *(struct node *const *)a,
	    *y = *(struct node *const *)b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

/* A finished map: its keys scalars, none twice. */
static int check_map(struct tree *t, const struct node *m)
{
	struct node **keys;
	size_t i, k = 0;
	int rc = 0;

	if ((keys = calloc(m->n / 2 + 1, sizeof(*keys))) == NULL)
		err(1, NULL);
	for (i = 0; i < m->n; i += 2) {
		if (m->kid[i]->k != N_SCALAR) {
			free(keys);
			return bad(t, m->kid[i]->line, "a key that is a list "
			    "or a map (the reference cannot read one)");
		}
		keys[k++] = m->kid[i];
	}
	qsort(keys, k, sizeof(*keys), scalar_key_cmp);
	for (i = 1; i < k && rc == 0; i++)
		if (scalar_key_cmp(&keys[i - 1], &keys[i]) == 0) {
			struct node *a = keys[i - 1], *b = keys[i];

			if (a->line > b->line) {
				a = keys[i];
				b = keys[i - 1];
			}
			rc = bad(t, b->line, "key '%.*s' given twice (first on "
			    "line %lu)", (int)(b->len > 80 ? 80 : b->len), b->s,
			    a->line);
		}
	free(keys);
	return rc;
}

static struct node *build(struct tree *t, const char *buf, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct node *stack[OT_CONFIG_MAX_DEPTH + 1], *root = NULL, *n;
	int depth = 0, docs = 0;
	bool done = false;

	if (!yaml_parser_initialize(&p))
		err(1, "libyaml");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		unsigned long line;

		if (!yaml_parser_parse(&p, &ev)) {
			bad(t, (unsigned long)p.problem_mark.line + 1,
			    "not YAML: %s%s%s", p.problem != NULL ? p.problem :
			    "a syntax error", p.context != NULL ? " " : "",
			    p.context != NULL ? p.context : "");
			root = NULL;
			goto out;
		}
		line = (unsigned long)ev.start_mark.line + 1;
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				bad(t, line, "more than one YAML document (the "
				    "reference reads exactly one)");
				goto fail;
			}
			break;
		case YAML_ALIAS_EVENT: {
			size_t i;

			for (i = 0; i < t->nanchors && strcmp(t->anchor[i].name,
			    (const char *)ev.data.alias.anchor) != 0; i++)
				;
			if (i == t->nanchors) {
				bad(t, line, "alias *%s names no anchor before it",
				    (const char *)ev.data.alias.anchor);
				goto fail;
			}
			/* counted as a node: aliases are bounded too */
			if (new_node(t, N_SCALAR, line) == NULL)
				goto fail;
			n = t->anchor[i].n;
			break;
		}
		case YAML_SCALAR_EVENT: {
			const char *tag = (const char *)ev.data.scalar.tag;

			if ((n = new_node(t, N_SCALAR, line)) == NULL)
				goto fail;
			if ((n->s = malloc(ev.data.scalar.length + 1)) == NULL)
				err(1, NULL);
			memcpy(n->s, ev.data.scalar.value, ev.data.scalar.length);
			n->s[ev.data.scalar.length] = '\0';
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (tag != NULL && strcmp(tag, YAML_STR_TAG) == 0) {
				n->tagged = true;
				n->plain = false;
			} else if (tag != NULL) {
				bad(t, line, "tag %s: the config takes plain text "
				    "only (!!str at most)", tag);
				goto fail;
			}
			if (anchor(t, ev.data.scalar.anchor, n) < 0)
				goto fail;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			const yaml_char_t *a = ev.type == YAML_MAPPING_START_EVENT ?
			    ev.data.mapping_start.anchor :
			    ev.data.sequence_start.anchor;
			const yaml_char_t *tag = ev.type == YAML_MAPPING_START_EVENT ?
			    ev.data.mapping_start.tag : ev.data.sequence_start.tag;

			if (tag != NULL) {
				bad(t, line, "tag %s: the config takes plain "
				    "lists and maps only", (const char *)tag);
				goto fail;
			}
			if (depth == OT_CONFIG_MAX_DEPTH) {
				bad(t, line, "lists and maps nested more than %d "
				    "deep", OT_CONFIG_MAX_DEPTH);
				goto fail;
			}
			if ((n = new_node(t, ev.type == YAML_MAPPING_START_EVENT ?
			    N_MAP : N_SEQ, line)) == NULL)
				goto fail;
			if (anchor(t, a, n) < 0)
				goto fail;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (stack[depth - 1]->k == N_MAP &&
			    check_map(t, stack[depth - 1]) < 0)
				goto fail;
			depth--;
			break;
		default:
			break;
		}
		if (n != NULL) {
			if (depth > 0)
				add_kid(stack[depth - 1], n);
			else
				root = n;
			if ((ev.type == YAML_SEQUENCE_START_EVENT ||
			    ev.type == YAML_MAPPING_START_EVENT))
				stack[depth++] = n;
		}
		yaml_event_delete(&ev);
	}
	if (root == NULL)
		bad(t, 1, "empty: the config is a map of column_mappings and "
		    "token_rules");
	goto out;
fail:
	yaml_event_delete(&ev);
	root = NULL;
out:
	yaml_parser_delete(&p);
	return root;
}

static void free_tree(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->nall; i++) {
		free(t->all[i]->s);
		free(t->all[i]->kid);
		free(t->all[i]);
	}
	free(t->all);
	for (i = 0; i < t->nanchors; i++)
		free(t->anchor[i].name);
}

/* PyYAML SafeLoader's implicit type of a plain scalar ("str" when none
 * applies). */
static const char *implicit_type(const struct node *n)
{
	static const struct { const char *type, *re; } res[] = {
		{ "a boolean", "^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|"
		    "False|FALSE|on|On|ON|off|Off|OFF)$" },
		{ "a number", "^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|"
		    "\\.[0-9][0-9_]*([eE][-+][0-9]+)?|"
		    "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|"
		    "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$" },
		{ "a number", "^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|"
		    "[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|"
		    "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$" },
		{ "a merge key", "^<<$" },
		{ "null", "^(~|null|Null|NULL|)$" },
		{ "a date", "^([0-9]{4}-[0-9]{2}-[0-9]{2}|"
		    "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:"
		    "[0-9]{2}:[0-9]{2}(\\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}"
		    "(:[0-9]{2})?))?)$" },
		{ "a value key", "^=$" },
	};
	/* compiled once: a config is read on one thread, before any other */
	static regex_t re[sizeof(res) / sizeof(res[0])];
	static bool ready;
	size_t i;

	if (!n->plain)
		return "str";
	for (i = 0; !ready && i < sizeof(res) / sizeof(res[0]); i++)
		if (regcomp(&re[i], res[i].re, REG_EXTENDED | REG_NOSUB) != 0)
			errx(1, "regcomp");
	ready = true;
	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++)
		if (regexec(&re[i], n->s, 0, NULL, 0) == 0)
			return res[i].type;
	return "str";
}

static bool is_null(const struct node *n)
{
	return n->k == N_SCALAR && strcmp(implicit_type(n), "null") == 0;
}

/* A value the reference reads as false: null, "", an empty list or map
 * (and 0 or false, which are not text either). */
static bool falsy(const struct node *n)
{
	return n == NULL || is_null(n) || (n->k == N_SCALAR && n->len == 0) ||
	    (n->k != N_SCALAR && n->n == 0);
}

static struct node *get(const struct node *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i += 2)
		if (map->kid[i]->len == strlen(key) &&
		    memcmp(map->kid[i]->s, key, map->kid[i]->len) == 0 &&
		    strcmp(implicit_type(map->kid[i]), "str") == 0)
			return map->kid[i + 1];
	return NULL;
}

/* Text the config may hold where the reference reads a string: 0, or -1
 * with the reason (where: "column_mappings: Given: column_name"). */
static int text(struct tree *t, const struct node *n, const char *where,
    size_t max)
{
	const char *type;

	if (n->k != N_SCALAR)
		return bad(t, n->line, "%s: a %s, where the reference reads "
		    "text", where, n->k == N_MAP ? "map" : "list");
	if (strcmp(type = implicit_type(n), "str") != 0)
		return bad(t, n->line, "%s: '%.*s' is %s to the reference's "
		    "YAML reader, not text: quote it (\"%.*s\")", where,
		    (int)(n->len > 60 ? 60 : n->len), n->s, type,
		    (int)(n->len > 60 ? 60 : n->len), n->s);
	if (memchr(n->s, '\0', n->len) != NULL)
		return bad(t, n->line, "%s: a NUL character", where);
	if (n->len > max)
		return bad(t, n->line, "%s: longer than %zu bytes", where, max);
	return 0;
}

/* Keys of a map other than the schema's: ignored, as the reference
 * ignores them, with a warning (a misspelt key otherwise passes for a
 * missing one). */
static void unknown_keys(const struct tree *t, const struct node *m,
    const char *where, const char *const *known)
{
	const char *const *k;
	size_t i;

	for (i = 0; i < m->n; i += 2) {
		for (k = known; *k != NULL; k++)
			if (m->kid[i]->len == strlen(*k) &&
			    memcmp(m->kid[i]->s, *k, m->kid[i]->len) == 0)
				break;
		if (*k == NULL)
			warnx("warning: %s:%lu: %s%skey '%.*s' is not part of a "
			    "tokenization config: ignored, as the reference "
			    "ignores it", t->name, m->kid[i]->line, where,
			    where[0] != '\0' ? ": " : "",
			    (int)(m->kid[i]->len > 60 ? 60 : m->kid[i]->len),
			    m->kid[i]->s);
	}
}

static char *dup_text(const struct node *n)
{
	char *p;

	if ((p = malloc(n->len + 1)) == NULL)
		err(1, NULL);
	memcpy(p, n->s, n->len + 1);
	return p;
}

static int section(struct tree *t, const struct node *root, const char *key,
    const struct node **out)
{
	const struct node *s = get(root, key);

	if (falsy(s))
		return bad(t, s != NULL ? s->line : root->line, "it must "
		    "define a non-empty '%s' section", key);
	if (s->k != N_MAP)
		return bad(t, s->line, "'%s' must be a map", key);
	*out = s;
	return 0;
}

static int fields(struct tree *t, struct ot_config *c, const struct node *m)
{
	static const char *const known[] = { "column_name", "type", NULL };
	char where[OT_CONFIG_MAX_NAME + 64];
	size_t i, k;

	if (m->n / 2 > OT_CONFIG_MAX_FIELDS)
		return bad(t, m->line, "column_mappings: more than %d fields",
		    OT_CONFIG_MAX_FIELDS);
	if ((c->fields = calloc(m->n / 2 + 1, sizeof(*c->fields))) == NULL)
		err(1, NULL);
	for (i = 0; i < m->n; i += 2) {
		const struct node *key = m->kid[i], *e = m->kid[i + 1], *v;
		struct ot_field *f = &c->fields[c->nfields];
		int type;

		if (text(t, key, "column_mappings: a field id",
		    OT_CONFIG_MAX_NAME) < 0)
			return -1;
		snprintf(where, sizeof(where), "column_mappings: %s", key->s);
		if (e->k != N_MAP)
			return bad(t, e->line, "%s: must be a map of column_name "
			    "and type", where);
		unknown_keys(t, e, where, known);
		f->line = key->line;
		if (falsy(v = get(e, "column_name")))
			return bad(t, v != NULL ? v->line : e->line, "%s: "
			    "column_name is missing or empty", where);
		strcat(where, ": column_name");
		if (text(t, v, where, OT_CONFIG_MAX_NAME) < 0)
			return -1;
		where[strlen(where) - strlen(": column_name")] = '\0';
		f->column = dup_text(v);
		f->collen = v->len;
		c->nfields++;	/* freed with the config from here on */
		if (falsy(v = get(e, "type")))
			return bad(t, v != NULL ? v->line : e->line, "%s: type "
			    "is missing or empty", where);
		strcat(where, ": type");
		if (text(t, v, where, OT_CONFIG_MAX_NAME) < 0)
			return -1;
		if ((type = ot_type_by_name(v->s, v->len)) < 0)
			return bad(t, v->line, "%s: unknown type '%.*s' (the "
			    "types, with their case: %s)", where,
			    (int)(v->len > 60 ? 60 : v->len), v->s,
			    ot_type_names());
		f->type = (enum ot_type)type;
		f->id = dup_text(key);
		f->idlen = key->len;
	}
	/* a column that two fields name feeds the later one only */
	for (i = 0; i < c->nfields; i++)
		for (k = i + 1; k < c->nfields; k++)
			if (c->fields[i].collen == c->fields[k].collen &&
			    memcmp(c->fields[i].column, c->fields[k].column,
			    c->fields[k].collen) == 0) {
				warnx("warning: %s:%lu: fields %s and %s both read "
				    "column '%s': as the reference does, only %s "
				    "reads it, and rules using %s are blank",
				    t->name, c->fields[k].line, c->fields[i].id,
				    c->fields[k].id, c->fields[k].column,
				    c->fields[k].id, c->fields[i].id);
				break;
			}
	return 0;
}

static int field_index(const struct ot_config *c, const struct node *n)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		if (c->fields[i].idlen == n->len &&
		    memcmp(c->fields[i].id, n->s, n->len) == 0)
			return (int)i;
	return -1;
}

static const char *field_list(const struct ot_config *c)
{
	static char buf[600];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < c->nfields && strlen(buf) < 500; i++) {
		if (i > 0)
			strcat(buf, ", ");
		strncat(buf, c->fields[i].id, 60);
	}
	return buf;
}

/* A rule id as a token file and ot-match take it. */
static int rule_id(struct tree *t, const struct node *n)
{
	size_t i;

	if (text(t, n, "token_rules: a rule id", OT_CONFIG_MAX_ID) < 0)
		return -1;
	for (i = 0; i < n->len; i++) {
		unsigned char b = (unsigned char)n->s[i];

		if (b < 0x20 || b == 0x7f || b == ',' || b == '"')
			return bad(t, n->line, "token_rules: rule id '%.*s': a "
			    "control character, a comma or a quote, which a "
			    "token file's RuleId column cannot hold unquoted",
			    (int)n->len, n->s);
	}
	return 0;
}

static int rules(struct tree *t, struct ot_config *c, const struct node *m)
{
	static const char *const known[] = { "field", "expression", NULL };
	char where[OT_CONFIG_MAX_ID + 64], why[300];
	size_t i, k;
	int fi;

	if (m->n / 2 > OT_CONFIG_MAX_RULES)
		return bad(t, m->line, "token_rules: more than %d rules",
		    OT_CONFIG_MAX_RULES);
	if ((c->rules = calloc(m->n / 2 + 1, sizeof(*c->rules))) == NULL)
		err(1, NULL);
	for (i = 0; i < m->n; i += 2) {
		const struct node *key = m->kid[i], *list = m->kid[i + 1];
		struct ot_crule *r = &c->rules[c->nrules];

		if (rule_id(t, key) < 0)
			return -1;
		snprintf(where, sizeof(where), "token_rules: %s", key->s);
		if (list->k != N_SEQ || list->n == 0)
			return bad(t, list->line, "%s: must be a non-empty list "
			    "of field and expression", where);
		if (list->n > OT_CONFIG_MAX_PARTS)
			return bad(t, list->line, "%s: more than %d entries",
			    where, OT_CONFIG_MAX_PARTS);
		r->id = dup_text(key);
		r->idlen = key->len;
		if ((r->parts = calloc(list->n, sizeof(*r->parts))) == NULL)
			err(1, NULL);
		c->nrules++;
		for (k = 0; k < list->n; k++) {
			const struct node *e = list->kid[k], *f, *x;
			char ew[sizeof(where) + 32];

			snprintf(ew, sizeof(ew), "%s: entry %zu", where, k + 1);
			if (e->k != N_MAP)
				return bad(t, e->line, "%s: must be a map of field "
				    "and expression", ew);
			unknown_keys(t, e, ew, known);
			if (falsy(f = get(e, "field")))
				return bad(t, f != NULL ? f->line : e->line,
				    "%s: field is missing or empty", ew);
			if (falsy(x = get(e, "expression")))
				return bad(t, x != NULL ? x->line : e->line,
				    "%s: expression is missing or empty", ew);
			strcat(ew, ": field");
			if (text(t, f, ew, OT_CONFIG_MAX_NAME) < 0)
				return -1;
			ew[strlen(ew) - strlen(": field")] = '\0';
			if ((fi = field_index(c, f)) < 0)
				return bad(t, f->line, "%s: field '%.*s' is not in "
				    "column_mappings (its field ids: %s)", ew,
				    (int)(f->len > 60 ? 60 : f->len), f->s,
				    field_list(c));
			strcat(ew, ": expression");
			if (text(t, x, ew, OT_CONFIG_MAX_EXPR) < 0)
				return -1;
			r->parts[k].field = (size_t)fi;
			r->parts[k].text = dup_text(x);
			r->nparts++;
			if ((r->parts[k].x = ot_xprog_compile(x->s, x->len,
			    c->fields[fi].type, why, sizeof(why))) == NULL)
				return bad(t, x->line, "%s: %s", ew, why);
		}
	}
	return 0;
}

static int rule_cmp(const void *a, const void *b)
{
	const struct ot_crule *x = a, *y = b;
	int d = memcmp(x->id, y->id, x->idlen < y->idlen ? x->idlen : y->idlen);

	return d != 0 ? d : x->idlen < y->idlen ? -1 : x->idlen > y->idlen;
}

static int type_cmp(const void *a, const void *b)
{
	return strcmp(ot_types[*(const enum ot_type *)a].name,
	    ot_types[*(const enum ot_type *)b].name);
}

static void hash_add(EVP_MD_CTX *h, const char *s, size_t n)
{
	if (!EVP_DigestUpdate(h, s, n) || !EVP_DigestUpdate(h, "", 1))
		errx(1, "OpenSSL: SHA-256 failed");
}

/* The content's hash: every field (id, column, type) and every rule
 * (id, then each entry's field id and expression), NUL-separated, so
 * that comments and layout do not change it. */
static void content_hash(struct ot_config *c)
{
	static const char hex[] = "0123456789abcdef";
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	unsigned char d[32];
	unsigned int n;
	size_t i, k;

	if (h == NULL || !EVP_DigestInit_ex(h, EVP_sha256(), NULL))
		errx(1, "OpenSSL: SHA-256 failed");
	hash_add(h, "ot-config-1", 11);
	for (i = 0; i < c->nfields; i++) {
		hash_add(h, c->fields[i].id, c->fields[i].idlen);
		hash_add(h, c->fields[i].column, c->fields[i].collen);
		hash_add(h, ot_types[c->fields[i].type].name,
		    strlen(ot_types[c->fields[i].type].name));
	}
	hash_add(h, "", 0);
	for (i = 0; i < c->nrules; i++) {
		hash_add(h, c->rules[i].id, c->rules[i].idlen);
		for (k = 0; k < c->rules[i].nparts; k++) {
			const struct ot_field *f =
			    c->fs.f[c->rules[i].parts[k].field];

			hash_add(h, f->id, f->idlen);
			hash_add(h, c->rules[i].parts[k].text,
			    strlen(c->rules[i].parts[k].text));
		}
		hash_add(h, "", 0);
	}
	if (!EVP_DigestFinal_ex(h, d, &n))
		errx(1, "OpenSSL: SHA-256 failed");
	EVP_MD_CTX_free(h);
	for (i = 0; i < 32; i++) {
		c->hash[2 * i] = hex[d[i] >> 4];
		c->hash[2 * i + 1] = hex[d[i] & 15];
	}
	c->hash[64] = '\0';
}

/* The fields rules use, in config order, parts renumbered into them;
 * the types they have; the RecordId field. */
static void finish(struct ot_config *c)
{
	const struct ot_field **used;
	size_t *to, i, k, n = 0;
	bool seen[OT_NTYPES] = { false };

	if ((used = calloc(c->nfields + 1, sizeof(*used))) == NULL ||
	    (to = calloc(c->nfields + 1, sizeof(*to))) == NULL)
		err(1, NULL);
	for (i = 0; i < c->nfields; i++) {
		bool u = false;

		for (k = 0; k < c->nrules && !u; k++) {
			size_t p;

			for (p = 0; p < c->rules[k].nparts; p++)
				u |= c->rules[k].parts[p].field == i;
		}
		if (u) {
			to[i] = n;
			used[n++] = &c->fields[i];
		}
		if (c->fields[i].idlen == 8 &&
		    memcmp(c->fields[i].id, "RecordId", 8) == 0)
			c->fs.record_id = &c->fields[i];
	}
	for (k = 0; k < c->nrules; k++) {
		size_t p;

		for (p = 0; p < c->rules[k].nparts; p++) {
			enum ot_type ty =
			    c->fields[c->rules[k].parts[p].field].type;

			c->rules[k].parts[p].field = to[c->rules[k].parts[p].field];
			if (!seen[ty])
				c->types[c->ntypes++] = ty;
			seen[ty] = true;
		}
	}
	free(to);
	c->fs.n = n;
	c->fs.f = (const struct ot_field *const *)used;
	c->fs.all = c->fields;
	c->fs.nall = c->nfields;
	c->fs.config = c->path;
	qsort(c->rules, c->nrules, sizeof(*c->rules), rule_cmp);
	qsort(c->types, c->ntypes, sizeof(c->types[0]), type_cmp);
	for (i = 1; i < c->nrules; i++)
		if (rule_cmp(&c->rules[i - 1], &c->rules[i]) == 0)
			errx(1, "a rule id twice");	/* check_map refused it */
	content_hash(c);
}

struct ot_config *ot_config_parse(const char *name, const char *buf,
    size_t len)
{
	static const char *const known[] = { "column_mappings", "token_rules",
	    NULL };
	struct tree t;
	struct ot_config *c;
	const struct node *root, *cm, *tr;

	memset(&t, 0, sizeof(t));
	t.name = name;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = strdup(name)) == NULL)
		err(1, NULL);
	if (len > OT_CONFIG_MAX_BYTES) {
		bad(&t, 1, "larger than %d bytes", OT_CONFIG_MAX_BYTES);
		goto fail;
	}
	if ((root = build(&t, buf, len)) == NULL)
		goto fail;
	if (root->k != N_MAP) {
		bad(&t, root->line, "not a YAML map of column_mappings and "
		    "token_rules");
		goto fail;
	}
	unknown_keys(&t, root, "", known);
	if (section(&t, root, "column_mappings", &cm) < 0 ||
	    section(&t, root, "token_rules", &tr) < 0 ||
	    fields(&t, c, cm) < 0 || rules(&t, c, tr) < 0)
		goto fail;
	finish(c);
	if (c->fs.record_id == NULL)
		warnx("warning: %s: no field is called RecordId: record ids will "
		    "be random UUIDs (the reference keeps an input's id only "
		    "under a field of that name)", name);
	free_tree(&t);
	return c;
fail:
	warnx("%s", t.err);
	free_tree(&t);
	ot_config_free(c);
	return NULL;
}

struct ot_config *ot_config_load(const char *path)
{
	struct ot_config *c;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		warn("%s", path);
		return NULL;
	}
	do {
		buf = ot_grow(buf, &cap, len + 65536, 1);
		if ((n = read(fd, buf + len, 65536)) < 0 && errno != EINTR) {
			warn("%s", path);
			close(fd);
			free(buf);
			return NULL;
		}
		if (n > 0)
			len += (size_t)n;
	} while (n != 0 && len <= OT_CONFIG_MAX_BYTES);
	close(fd);
	c = ot_config_parse(path, buf, len);
	free(buf);
	return c;
}

void ot_config_free(struct ot_config *c)
{
	size_t i, k;

	if (c == NULL)
		return;
	for (i = 0; i < c->nfields; i++) {
		free(c->fields[i].id);
		free(c->fields[i].column);
	}
	for (i = 0; i < c->nrules; i++) {
		for (k = 0; k < c->rules[i].nparts; k++) {
			ot_xprog_free(c->rules[i].parts[k].x);
			free(c->rules[i].parts[k].text);
		}
		free(c->rules[i].parts);
		free(c->rules[i].id);
	}
	free(c->rules);
	free(c->fields);
	free((void *)c->fs.f);
	free(c->path);
	free(c);
}

struct ot_config *ot_config_use(const char *path)
{
	const struct ot_compat *py = &ot_compats[OT_COMPAT_21_PYTHON];
	struct ot_config *c;

	if (ot_compat_named() && ot_compat() != py)
		errx(2, "--config is OpenLinkToken 2.1's (olt tokenize --config), "
		    "whose only reference is 2.1-python: not with --compat %s",
		    ot_compat()->name);
	/* named, so that ot's stages are given it too */
	if (!ot_compat_named())
		ot_compat_use(py, true);
	if ((c = ot_config_load(path)) == NULL)
		exit(2);
	return c;
}

enum ot_cresult ot_config_signature(const struct ot_config *c, size_t r,
    const struct ot_value *vals, struct ot_xscratch *sc, char **sigbuf,
    size_t *sigcap, size_t *siglen, int *invalid)
{
	const struct ot_crule *rule = &c->rules[r];
	size_t p, n = 0, olen;
	const char *o;

	*invalid = -1;
	*siglen = 0;
	/* part by part, as the reference: a later part is not looked at
	 * once an earlier one has blanked the rule */
	for (p = 0; p < rule->nparts; p++) {
		const struct ot_value *v = &vals[rule->parts[p].field];

		switch (v->state) {
		case OT_V_MISSING:
			return OT_CR_BLANK;
		case OT_V_INVALID:
			*invalid = (int)c->fs.f[rule->parts[p].field]->type;
			return OT_CR_BLANK;
		case OT_V_FAILED:
			return OT_CR_NOROW;
		case OT_V_OK:
			break;
		}
		if (ot_xprog_eval(rule->parts[p].x, sc, v->s, v->len, &o,
		    &olen) < 0)
			return OT_CR_BLANK;
		/* a blank result is left out, with its '|' */
		if (py_is_blank(o, olen))
			continue;
		*sigbuf = ot_grow(*sigbuf, sigcap, n + olen + 2, 1);
		if (n > 0)
			(*sigbuf)[n++] = '|';
		memcpy(*sigbuf + n, o, olen);
		n += olen;
	}
	*siglen = n;
	return n == 0 ? OT_CR_BLANK : OT_CR_SIG;
}
