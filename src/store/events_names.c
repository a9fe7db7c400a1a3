/* events_names.c - actor names for merging and filtering: aliases -> canonical names, collectives.
 *
 * Read from data/actors (people.tsv, countries.tsv, organisations.tsv; see
 * data/actors/README.md).  Keys are ASCII-lower-cased (non-ASCII bytes kept,
 * so Cyrillic aliases match as written).  The table is a sorted array: a few
 * thousand entries, looked up by binary search.
 */
#include "events_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *lower_dup(const char *s, size_t n)
{
	char *p = pl_strndup(s, n);
	if (p)
		for (char *c = p; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	return p;
}

static int add(struct name_table *t, const char *key, size_t klen, const char *canon,
	       size_t clen, const char *code, size_t codelen, bool collective)
{
	while (klen && (*key == ' '))
		key++, klen--;
	while (klen && key[klen - 1] == ' ')
		klen--;
	if (klen == 0)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct name_entry *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	struct name_entry *e = &t->v[t->n];
	memset(e, 0, sizeof *e);
	e->key = lower_dup(key, klen);
	e->canon = pl_strndup(canon, clen);
	if (!e->key || !e->canon) {
		free(e->key);
		free(e->canon);
		return -1;
	}
	if (codelen < sizeof e->code)
		memcpy(e->code, code, codelen);
	e->collective = collective;
	t->n++;
	return 0;
}

/* Column `i` of a tab-separated line [p, end): *s and *n, false when absent. */
static bool column(const char *p, const char *end, int i, const char **s, size_t *n)
{
	for (; i > 0; i--) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		if (!tab)
			return false;
		p = tab + 1;
	}
	const char *tab = memchr(p, '\t', (size_t)(end - p));
	*s = p;
	*n = (size_t)((tab ? tab : end) - p);
	return true;
}

/* One file: `name_col` is the canonical name; `alias_cols` (-1 ends) hold
 * '|'-separated aliases; `code_col` the country/organisation code. */
static int load_file(struct name_table *t, const char *path, int name_col, const int *alias_cols,
		     int code_col, bool collective, struct pl_diags *d)
{
	struct pl_buf b = PL_BUF_INIT;
	if (pl_read_file(path, 16u << 20, &b, d) < 0)
		return -1;
	int rc = 0;
	const char *p = b.p ? b.p : "", *stop = p + b.len;
	bool header = true;
	while (p < stop && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));
		const char *end = nl ? nl : stop;
		const char *name, *code = "", *s;
		size_t nname, ncode = 0, n;
		if (!header && end > p && *p != '#' && column(p, end, name_col, &name, &nname) &&
		    nname) {
			if (code_col >= 0 && !column(p, end, code_col, &code, &ncode))
				ncode = 0;
			rc = add(t, name, nname, name, nname, code, ncode, collective);
			if (rc == 0 && collective && ncode)
				rc = add(t, code, ncode, name, nname, code, ncode, collective);
			for (const int *c = alias_cols; rc == 0 && *c >= 0; c++) {
				if (!column(p, end, *c, &s, &n))
					continue;
				for (const char *a = s, *aend = s + n; a < aend && rc == 0;) {
					const char *bar = memchr(a, '|', (size_t)(aend - a));
					const char *ae = bar ? bar : aend;
					rc = add(t, a, (size_t)(ae - a), name, nname, code, ncode,
						 collective);
					a = ae + 1;
				}
			}
		}
		header = false;
		p = end + 1;
	}
	if (rc < 0)
		pl_error(d, path, "out of memory reading actor names");
	pl_buf_free(&b);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct name_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->canon, y->canon);
}

int names_load(struct name_table *t, const char *data_dir, struct pl_diags *d)
{
	static const int people_alias[] = { 2, -1 };
	static const int country_alias[] = { 3, 4, 5, 6, -1 }; /* official, aliases, demonyms, metonyms */
	static const int org_alias[] = { 2, -1 };
	struct pl_buf path = PL_BUF_INIT;
	int rc = 0;
	pl_buf_printf(&path, "%s/actors/people.tsv", data_dir);
	rc = load_file(t, path.p, 1, people_alias, 3, false, d);
	pl_buf_reset(&path);
	pl_buf_printf(&path, "%s/actors/countries.tsv", data_dir);
	if (rc == 0)
		rc = load_file(t, path.p, 2, country_alias, 0, true, d);
	pl_buf_reset(&path);
	pl_buf_printf(&path, "%s/actors/organisations.tsv", data_dir);
	if (rc == 0)
		rc = load_file(t, path.p, 1, org_alias, 0, true, d);
	pl_buf_free(&path);
	if (rc == 0 && t->n)
		qsort(t->v, t->n, sizeof *t->v, cmp_entry);
	return rc;
}

void names_free(struct name_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].canon);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

size_t names_find(const struct name_table *t, const char *name, const struct name_entry **first)
{
	*first = NULL;
	if (!t || !t->n || !name)
		return 0;
	char *key = lower_dup(name, strlen(name));
	if (!key)
		return 0;
	size_t lo = 0, hi = t->n;
	while (lo < hi) { /* first entry with key >= name */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < t->n && strcmp(t->v[lo + n].key, key) == 0)
		n++;
	free(key);
	if (n)
		*first = &t->v[lo];
	return n;
}

bool names_collective(const struct name_table *t, const char *name)
{
	const struct name_entry *e;
	size_t n = names_find(t, name, &e);
	for (size_t i = 0; i < n; i++)
		if (e[i].collective && strcmp(e[i].canon, name) == 0)
			return true;
	return false;
}
