/*
 * ot-inspect --config: what a tokenization config makes, read as a run
 * reads it (the same errors): each field's column and type, each rule's
 * entries in the order the signature joins them, the types whose
 * invalid values the metadata counts, and the hash the metadata records.
 */
#include "token/creport.h"
#include "json.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

static const char *kind_name(enum ot_expr k)
{
	static const char *const names[] = {
		[OT_X_UPPER] = "T|U", [OT_X_FIRST1] = "T|S(0,1)|U",
		[OT_X_FIRST3] = "T|S(0,3)|U", [OT_X_DIGITS] = "T|M(\\d+)",
		[OT_X_DATE] = "T|D", [OT_X_GENERAL] = NULL,
	};

	return names[k];
}

static void text_report(const struct ot_config *c, FILE *out)
{
	size_t i, k;

	fprintf(out, "%s: a tokenization config (OpenLinkToken 2.1)\n",
	    c->path);
	fprintf(out, "  config hash (OtConfigHash): %s\n", c->hash);
	fprintf(out, "  fields: %zu\n", c->nfields);
	for (i = 0; i < c->nfields; i++) {
		const struct ot_field *f = &c->fields[i];

		fprintf(out, "    %s: column \"%s\", type %s%s\n", f->id,
		    f->column, ot_types[f->type].name,
		    f == c->fs.record_id ? " (the output's RecordId)" : "");
	}
	fprintf(out, "  rules: %zu, written in this order\n", c->nrules);
	for (i = 0; i < c->nrules; i++) {
		const struct ot_crule *r = &c->rules[i];

		fprintf(out, "    %s:", r->id);
		for (k = 0; k < r->nparts; k++)
			fprintf(out, "%s %s %s", k > 0 ? ";" : "",
			    c->fs.f[r->parts[k].field]->id, r->parts[k].text);
		fputc('\n', out);
	}
	fputs("  invalid values counted by type:", out);
	for (i = 0; i < c->ntypes; i++)
		fprintf(out, "%s %s", i > 0 ? "," : "", ot_types[c->types[i]].name);
	fputc('\n', out);
	if (c->fs.record_id == NULL)
		fputs("  no field is called RecordId: record ids are random "
		    "UUIDs\n", out);
}

static cJSON *add_obj(cJSON *o, const char *k, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToObject(o, k, v))
		err(1, NULL);
	return v;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (cJSON_AddStringToObject(o, k, v) == NULL)
		err(1, NULL);
}

static void json_report(const struct ot_config *c, FILE *out)
{
	cJSON *root = cJSON_CreateObject(), *fields, *rules, *types;
	size_t i, k;

	if (root == NULL)
		err(1, NULL);
	add_str(root, "config", c->path);
	add_str(root, "OtConfigHash", c->hash);
	fields = add_obj(root, "fields", cJSON_CreateArray());
	for (i = 0; i < c->nfields; i++) {
		cJSON *f = cJSON_CreateObject();

		if (f == NULL || !cJSON_AddItemToArray(fields, f))
			err(1, NULL);
		add_str(f, "id", c->fields[i].id);
		add_str(f, "column", c->fields[i].column);
		add_str(f, "type", ot_types[c->fields[i].type].name);
	}
	rules = add_obj(root, "rules", cJSON_CreateArray());
	for (i = 0; i < c->nrules; i++) {
		cJSON *r = cJSON_CreateObject(), *parts;

		if (r == NULL || !cJSON_AddItemToArray(rules, r))
			err(1, NULL);
		add_str(r, "id", c->rules[i].id);
		parts = add_obj(r, "parts", cJSON_CreateArray());
		for (k = 0; k < c->rules[i].nparts; k++) {
			const struct ot_cpart *p = &c->rules[i].parts[k];
			const char *kn = kind_name(ot_xprog_kind(p->x));
			cJSON *e = cJSON_CreateObject();

			if (e == NULL || !cJSON_AddItemToArray(parts, e))
				err(1, NULL);
			add_str(e, "field", c->fs.f[p->field]->id);
			add_str(e, "expression", p->text);
			/* which built-in rules' code it runs, if any */
			if (kn != NULL)
				add_str(e, "builtin", kn);
		}
	}
	types = add_obj(root, "InvalidAttributesByType", cJSON_CreateArray());
	for (i = 0; i < c->ntypes; i++) {
		cJSON *s = cJSON_CreateString(ot_types[c->types[i]].name);

		if (s == NULL || !cJSON_AddItemToArray(types, s))
			err(1, NULL);
	}
	if (c->fs.record_id != NULL)
		add_str(root, "RecordId", c->fs.record_id->column);
	if (ot_json_print(out, root) < 0)
		err(1, "stdout");
	cJSON_Delete(root);
}

int ot_config_report(const char *path, bool json, FILE *out)
{
	struct ot_config *c;

	if ((c = ot_config_load(path)) == NULL)
		return 1;
	if (json)
		json_report(c, out);
	else
		text_report(c, out);
	ot_config_free(c);
	return 0;
}
