/* timex_eval.c - TempEval-3 style scorer for time expressions on TimeML gold.
 *
 *   timex_eval [--system DIR] [--dump DIR] [--min-relaxed F] [--min-value F]
 *              [--misses N] [--rules DIR] TMLDIR...
 *
 * For every .tml under the TMLDIRs: strip the tags of <TEXT> to plain text,
 * tag it with the file's DCT (or read DIR/<name>.jsonl, another system's
 * output in `parley timex` JSON Lines), and score: strict and relaxed extent
 * P/R/F1 (relaxed: at least one token in common), value and type accuracy over
 * relaxed matches, value F1 = value accuracy x relaxed F1; a per-type
 * breakdown and the most frequent misses.  --dump writes <name>.txt and
 * <name>.dct for running other systems.  Exit 1 when below the minimums, 77
 * when no TimeML directory exists.
 */
#include "parley/json.h"
#include "parley/time.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct span {
	size_t start, end;
	char *type, *value, *rule; /* owned; rule may be NULL */
	bool used;
};

struct tally { /* counts per gold type (and overall) */
	long gold, sys, relaxed, strict, value_ok, type_ok;
};

/* A frequency table of miss descriptions. */
struct miss {
	char *what;
	long n;
};
struct misses {
	struct miss *v;
	size_t n, cap;
};

static void miss_add(struct misses *m, const char *what)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].what, what) == 0) {
			m->v[i].n++;
			return;
		}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = realloc(m->v, m->cap * sizeof *m->v);
		if (!m->v)
			exit(2);
	}
	m->v[m->n].what = pl_strdup(what);
	m->v[m->n++].n = 1;
}

static int by_count(const void *a, const void *b)
{
	const struct miss *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->what, y->what);
}

static void miss_print(struct misses *m, const char *title, size_t top)
{
	qsort(m->v, m->n, sizeof *m->v, by_count);
	printf("\n%s (%zu distinct):\n", title, m->n);
	for (size_t i = 0; i < m->n && i < top; i++)
		printf("  %4ld  %s\n", m->v[i].n, m->v[i].what);
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].what);
	free(m->v);
}

/* Token index of every byte: tokens are runs of letters/digits (any non-ASCII
 * byte counts as a letter) or single other non-space characters; spaces get -1. */
static long *tokenize(const char *s, size_t n)
{
	long *tok = malloc((n + 1) * sizeof *tok);
	if (!tok)
		exit(2);
	long t = -1;
	bool in_word = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool word = isalnum(c) || c >= 0x80;
		if (isspace(c)) {
			tok[i] = -1;
			in_word = false;
			continue;
		}
		if (!(word && in_word))
			t++;
		tok[i] = t;
		in_word = word;
	}
	return tok;
}

/* First and last token of [s, e); false when the span has no token. */
static bool tok_range(const long *tok, size_t s, size_t e, long *a, long *b)
{
	*a = *b = -1;
	for (size_t i = s; i < e; i++)
		if (tok[i] >= 0) {
			if (*a < 0)
				*a = tok[i];
			*b = tok[i];
		}
	return *a >= 0;
}

static const char *type_names[] = { "DATE", "TIME", "DURATION", "SET" };
static int type_index(const char *t)
{
	for (int i = 0; i < 4; i++)
		if (t && strcmp(t, type_names[i]) == 0)
			return i;
	return 0;
}

static char *lower_text(const char *s, size_t n)
{
	char *o = pl_strndup(s, n);
	for (char *p = o; *p; p++) {
		*p = (char)tolower((unsigned char)*p);
		if (*p == '\n')
			*p = ' ';
	}
	return o;
}

/* Read another system's JSON Lines output (start, end, type, value per line). */
static size_t read_system(const char *path, struct span **out)
{
	struct pl_buf b = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	size_t n = 0, cap = 0;
	*out = NULL;
	if (pl_read_file(path, PL_MAX_INPUT, &b, &d) == 0 && b.p) {
		for (char *line = b.p; *line;) {
			char *nl = strchr(line, '\n');
			size_t ll = nl ? (size_t)(nl - line) : strlen(line);
			struct pl_arena *ar = pl_arena_create(4096);
			size_t eo;
			const char *em;
			struct pl_json *j = ll ? pl_json_parse(line, ll, ar, &eo, &em) : NULL;
			if (j) {
				const struct pl_json *s = pl_json_get(j, "start"), *e = pl_json_get(j, "end");
				const char *t = pl_json_get_str(j, "type"), *v = pl_json_get_str(j, "value");
				if (s && e && s->type == PL_JSON_NUMBER && e->type == PL_JSON_NUMBER) {
					if (n == cap) {
						cap = cap ? cap * 2 : 32;
						*out = realloc(*out, cap * sizeof **out);
						if (!*out)
							exit(2);
					}
					struct span *sp = &(*out)[n++];
					sp->start = (size_t)s->num;
					sp->end = (size_t)e->num;
					sp->type = pl_strdup(t ? t : "DATE");
					sp->value = pl_strdup(v ? v : "");
					const char *ru = pl_json_get_str(j, "rule");
					sp->rule = ru ? pl_strdup(ru) : NULL;
					sp->used = false;
				}
			}
			pl_arena_destroy(ar);
			line += ll + (nl ? 1 : 0);
		}
	}
	pl_buf_free(&b);
	pl_diags_finish(&d);
	return n;
}

struct opts {
	const char *system, *dump, *rules;
	double min_relaxed, min_value;
	size_t misses;
};

struct totals {
	struct tally all, per[4];
	long docs;
	struct misses missed, spurious, wrong, wrong_rule;
};

static void score_doc(const char *path, const char *name, const struct opts *o,
		      struct pl_tagger *tg, struct totals *T)
{
	struct pl_timeml_doc doc;
	struct pl_diags d;
	pl_diags_init(&d);
	if (pl_timeml_read(path, &doc, &d) != 0) {
		fprintf(stderr, "%s: unreadable\n", path);
		pl_diags_finish(&d);
		return;
	}
	T->docs++;
	struct pl_datetime dct;
	bool has = doc.dct && pl_timex_parse_dct(doc.dct, &dct);
	if (o->dump) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s.txt", o->dump, name);
		FILE *f = fopen(p, "w");
		if (f) {
			fwrite(doc.text, 1, doc.len, f);
			fclose(f);
		}
		snprintf(p, sizeof p, "%s/%s.dct", o->dump, name);
		f = fopen(p, "w");
		if (f) {
			fprintf(f, "%s\n", doc.dct ? doc.dct : "");
			fclose(f);
		}
	}
	struct span *sys = NULL;
	size_t nsys = 0;
	if (o->system) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s.jsonl", o->system, name);
		nsys = read_system(p, &sys);
	} else {
		struct pl_timexes x = { 0 };
		pl_timex_tag(tg, doc.text, doc.len, has ? &dct : NULL, &x, &d);
		sys = calloc(x.n + 1, sizeof *sys);
		for (size_t i = 0; i < x.n; i++) {
			sys[i].start = x.v[i].start;
			sys[i].end = x.v[i].end;
			sys[i].type = pl_strdup(pl_timex_type_name(x.v[i].type));
			sys[i].value = pl_strdup(x.v[i].value);
			sys[i].rule = pl_strdup(x.v[i].rule_id);
		}
		nsys = x.n;
		pl_timexes_free(&x);
	}
	long *tok = tokenize(doc.text, doc.len);
	char buf[512];
	T->all.sys += (long)nsys;
	for (size_t i = 0; i < nsys; i++)
		T->per[type_index(sys[i].type)].sys++;
	for (size_t g = 0; g < doc.ngold; g++) {
		struct pl_timeml_timex *gt = &doc.gold[g];
		int ti = type_index(gt->type);
		T->all.gold++;
		T->per[ti].gold++;
		long ga, gb;
		if (!tok_range(tok, gt->start, gt->end, &ga, &gb))
			continue;
		struct span *m = NULL;
		for (size_t s = 0; s < nsys && !m; s++) {
			long sa, sb;
			if (sys[s].used || sys[s].end > doc.len ||
			    !tok_range(tok, sys[s].start, sys[s].end, &sa, &sb))
				continue;
			if (sa <= gb && ga <= sb)
				m = &sys[s];
		}
		char *gtext = lower_text(doc.text + gt->start, gt->end - gt->start);
		if (!m) {
			snprintf(buf, sizeof buf, "%-28s %s %s", gtext, gt->type ? gt->type : "?",
				 gt->value ? gt->value : "?");
			miss_add(&T->missed, buf);
			free(gtext);
			continue;
		}
		m->used = true;
		long sa, sb;
		tok_range(tok, m->start, m->end, &sa, &sb);
		struct tally *tl[2] = { &T->all, &T->per[ti] };
		for (int k = 0; k < 2; k++) {
			tl[k]->relaxed++;
			tl[k]->strict += sa == ga && sb == gb;
			tl[k]->value_ok += gt->value && strcmp(gt->value, m->value) == 0;
			tl[k]->type_ok += gt->type && strcmp(gt->type, m->type) == 0;
		}
		if (!gt->value || strcmp(gt->value, m->value) != 0) {
			snprintf(buf, sizeof buf, "%-28s gold %s, got %s (dct %.10s)", gtext,
				 gt->value ? gt->value : "?", m->value, doc.dct ? doc.dct : "-");
			miss_add(&T->wrong, buf);
			miss_add(&T->wrong_rule, m->rule ? m->rule : "(no rule id)");
		}
		free(gtext);
	}
	for (size_t s = 0; s < nsys; s++) {
		if (!sys[s].used && sys[s].end <= doc.len) {
			char *st = lower_text(doc.text + sys[s].start, sys[s].end - sys[s].start);
			snprintf(buf, sizeof buf, "%-28s %s %s", st, sys[s].type, sys[s].value);
			miss_add(&T->spurious, buf);
			free(st);
		}
		free(sys[s].type);
		free(sys[s].value);
		free(sys[s].rule);
	}
	free(sys);
	free(tok);
	pl_timeml_doc_free(&doc);
	pl_diags_finish(&d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Score every .tml of one directory (sorted, so runs are reproducible). */
static bool score_dir(const char *dir, const struct opts *o, struct pl_tagger *tg, struct totals *T)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return false;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".tml") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				exit(2);
		}
		names[n++] = pl_strdup(e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096], name[1024];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(name, sizeof name, "%.*s", (int)(strlen(names[i]) - 4), names[i]);
		score_doc(path, name, o, tg, T);
		free(names[i]);
	}
	free(names);
	return true;
}

static double f1(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

int main(int argc, char **argv)
{
	struct opts o = { NULL, NULL, NULL, 0, 0, 20 };
	const char *dirs[16];
	size_t ndirs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--system") == 0 && i + 1 < argc)
			o.system = argv[++i];
		else if (strcmp(a, "--dump") == 0 && i + 1 < argc)
			o.dump = argv[++i];
		else if (strcmp(a, "--rules") == 0 && i + 1 < argc)
			o.rules = argv[++i];
		else if (strcmp(a, "--min-relaxed") == 0 && i + 1 < argc)
			o.min_relaxed = atof(argv[++i]);
		else if (strcmp(a, "--min-value") == 0 && i + 1 < argc)
			o.min_value = atof(argv[++i]);
		else if (strcmp(a, "--misses") == 0 && i + 1 < argc)
			o.misses = (size_t)atol(argv[++i]);
		else if (ndirs < 16)
			dirs[ndirs++] = a;
	}
	char def[2][4096];
	if (ndirs == 0) {
		const char *sh = getenv("PARLEY_SHARED");
		if (!sh) {
			fprintf(stderr, "SKIP: no TimeML directory given and PARLEY_SHARED unset\n");
			return 77;
		}
		snprintf(def[0], sizeof def[0], "%s/eval/tempeval3/train/TimeBank", sh);
		snprintf(def[1], sizeof def[1], "%s/eval/tempeval3/train/AQUAINT", sh);
		dirs[0] = def[0];
		dirs[1] = def[1];
		ndirs = 2;
	}
	struct stat st;
	if (stat(dirs[0], &st) != 0) {
		fprintf(stderr, "SKIP: %s is absent (TempEval-3 training data)\n", dirs[0]);
		return 77;
	}
	if (o.dump)
		mkdir(o.dump, 0777);

	struct pl_ruleset *rs = NULL;
	struct pl_tagger *tg = NULL;
	if (!o.system) {
		const char *rd = o.rules ? o.rules : getenv("PARLEY_RULES_DIR");
		static const char *const prefixes[] = { "common", "time" };
		struct pl_diags d;
		pl_diags_init(&d);
		rs = pl_rules_load_prefixed(rd ? rd : "rules", NULL, 0, prefixes, 2, &d);
		if (!rs || d.nerrors) {
			fprintf(stderr, "rules failed to load (%zu errors)\n", d.nerrors);
			pl_diags_finish(&d);
			pl_rules_destroy(rs);
			return 1;
		}
		pl_diags_finish(&d);
		tg = pl_tagger_create(rs);
	}
	struct totals T;
	memset(&T, 0, sizeof T);
	for (size_t i = 0; i < ndirs; i++)
		if (!score_dir(dirs[i], &o, tg, &T))
			fprintf(stderr, "%s: cannot open\n", dirs[i]);

	struct tally *a = &T.all;
	double sp = pct(a->strict, a->sys), sr = pct(a->strict, a->gold);
	double rp = pct(a->relaxed, a->sys), rr = pct(a->relaxed, a->gold);
	double rf = f1(rp, rr), va = pct(a->value_ok, a->relaxed), ta = pct(a->type_ok, a->relaxed);
	double vf = va * rf / 100, tf = ta * rf / 100;
	printf("%ld documents, %ld gold TIMEX3, %ld system\n", T.docs, a->gold, a->sys);
	printf("strict   P %6.2f  R %6.2f  F1 %6.2f\n", sp, sr, f1(sp, sr));
	printf("relaxed  P %6.2f  R %6.2f  F1 %6.2f\n", rp, rr, rf);
	printf("value    accuracy %6.2f  F1 %6.2f\n", va, vf);
	printf("type     accuracy %6.2f  F1 %6.2f\n", ta, tf);
	printf("\n%-9s %6s %6s %8s %8s %8s\n", "type", "gold", "system", "recall", "value%", "type%");
	for (int i = 0; i < 4; i++) {
		struct tally *t = &T.per[i];
		printf("%-9s %6ld %6ld %8.2f %8.2f %8.2f\n", type_names[i], t->gold, t->sys,
		       pct(t->relaxed, t->gold), pct(t->value_ok, t->relaxed), pct(t->type_ok, t->relaxed));
	}
	miss_print(&T.missed, "most frequent missed (text, gold type, gold value)", o.misses);
	miss_print(&T.spurious, "most frequent spurious (text, type, value)", o.misses);
	miss_print(&T.wrong, "most frequent wrong values", o.misses);
	miss_print(&T.wrong_rule, "wrong values by rule", o.misses);
	pl_tagger_destroy(tg);
	pl_rules_destroy(rs);
	bool pass = rf >= o.min_relaxed && vf >= o.min_value;
	printf("\nrelaxed F1 %.2f (minimum %.2f), value F1 %.2f (minimum %.2f): %s\n", rf,
	       o.min_relaxed, vf, o.min_value, pass ? "PASS" : "FAIL");
	return pass ? 0 : 1;
}
