/* test_html_eval.c - the article-extraction benchmark, scored the way its
 * authors score it (see $PARLEY_SHARED/eval/article-extraction/SOURCE.md):
 * \w+ tokens as Python's re defines them, 4-gram shingle multisets, per-page
 * TP/FP/FN normalized to sum 1, precision and recall averaged over pages, F1 of
 * the averages, accuracy = exact token-list match.
 *
 * First the scorer must reproduce the published numbers of the peers' saved
 * outputs on this development half; then pl_html_extract is scored on the 91
 * pages and must reach F1 >= 0.96.  Prints P, R, F1 and accuracy next to the
 * peers, the ten worst pages, and pages/s of pl_html_extract (reported, never
 * asserted).  A second row scores the whole ingest path as `parley text` runs
 * it (pl_ingest_buffer: decoding, extraction, the shipped boilerplate phrase
 * rules from $PARLEY_RULES_DIR), which must reach the same target.
 * PARLEY_HTML_DUMP=FILE writes the extractor's predictions as JSON in the
 * benchmark's own layout for inspection.  Skips when the benchmark is absent. */
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check.h"
#include "ingest/html.h"
#include "parley/json.h"

#define MIN_F1 0.96
#define NGRAM 4

/* ---- Tokens: Python's \w for str ----------------------------------------- */

/* Python's \w is [a-zA-Z0-9_] plus every character for which str.isalnum() is
 * true: categories L* and N* (isalpha, isdecimal, isdigit, isnumeric).  An
 * explicit class says exactly that, whatever PCRE2's version thinks \w is
 * (10.43+ adds Mn and Pc, which Python does not count). */
static pcre2_code *word_re;
static pcre2_match_data *word_md;

struct toks {
	const char **p; /* token starts, borrowed from the text */
	size_t *len;
	size_t n, cap;
};

static void tokenize(const char *s, size_t n, struct toks *t)
{
	t->n = 0;
	size_t off = 0;
	while (off < n) {
		int rc = pcre2_match(word_re, (PCRE2_SPTR)s, n, off, 0, word_md, NULL);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(word_md);
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 1024;
			t->p = realloc(t->p, t->cap * sizeof *t->p);
			t->len = realloc(t->len, t->cap * sizeof *t->len);
			if (!t->p || !t->len)
				abort();
		}
		t->p[t->n] = s + ov[0];
		t->len[t->n] = ov[1] - ov[0];
		t->n++;
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
}

static void toks_free(struct toks *t)
{
	free(t->p);
	free(t->len);
}

/* ---- Shingle multisets ---------------------------------------------------- */

/* One distinct shingle: tokens [first, first+k) of its text, and its count in
 * the gold and in the prediction. */
struct shingle {
	uint64_t hash;
	const struct toks *t;
	size_t first, k;
	long gold, pred;
	bool used;
};

struct shset {
	struct shingle *v;
	size_t cap, n;
};

static uint64_t hash_shingle(const struct toks *t, size_t first, size_t k)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = first; i < first + k; i++) {
		for (size_t j = 0; j < t->len[i]; j++)
			h = (h ^ (unsigned char)t->p[i][j]) * 1099511628211ull;
		h = (h ^ 0x1f) * 1099511628211ull; /* token separator */
	}
	return h;
}

static bool same_shingle(const struct shingle *a, const struct toks *t, size_t first, size_t k)
{
	if (a->k != k)
		return false;
	for (size_t i = 0; i < k; i++) {
		size_t la = a->t->len[a->first + i], lb = t->len[first + i];
		if (la != lb || memcmp(a->t->p[a->first + i], t->p[first + i], la) != 0)
			return false;
	}
	return true;
}

static void sh_add(struct shset *s, const struct toks *t, size_t first, size_t k, bool gold)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct shingle *v = calloc(cap, sizeof *v);
		if (!v)
			abort();
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i].used) {
				size_t j = s->v[i].hash & (cap - 1);
				while (v[j].used)
					j = (j + 1) & (cap - 1);
				v[j] = s->v[i];
			}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	uint64_t h = hash_shingle(t, first, k);
	size_t j = h & (s->cap - 1);
	while (s->v[j].used && !(s->v[j].hash == h && same_shingle(&s->v[j], t, first, k)))
		j = (j + 1) & (s->cap - 1);
	if (!s->v[j].used) {
		s->v[j] = (struct shingle){h, t, first, k, 0, 0, true};
		s->n++;
	}
	if (gold)
		s->v[j].gold++;
	else
		s->v[j].pred++;
}

/* A text with fewer than NGRAM tokens is one shorter shingle; none if empty. */
static void add_shingles(struct shset *s, const struct toks *t, bool gold)
{
	if (t->n == 0)
		return;
	if (t->n < NGRAM) {
		sh_add(s, t, 0, t->n, gold);
		return;
	}
	for (size_t i = 0; i + NGRAM <= t->n; i++)
		sh_add(s, t, i, NGRAM, gold);
}

/* ---- Scoring ---------------------------------------------------------------- */

struct page_score {
	double p, r;
	bool has_p, has_r, exact;
};

static struct page_score score_page(const char *gold, const char *pred)
{
	struct toks tg = {0}, tp = {0};
	struct shset s = {0};
	struct page_score ps = {0};
	tokenize(gold, strlen(gold), &tg);
	tokenize(pred, strlen(pred), &tp);
	add_shingles(&s, &tg, true);
	add_shingles(&s, &tp, false);
	double tpos = 0, fpos = 0, fneg = 0;
	for (size_t i = 0; i < s.cap; i++) {
		if (!s.v[i].used)
			continue;
		long g = s.v[i].gold, p = s.v[i].pred;
		tpos += g < p ? g : p;
		fpos += p > g ? p - g : 0;
		fneg += g > p ? g - p : 0;
	}
	double sum = tpos + fpos + fneg;
	if (sum > 0) {
		tpos /= sum;
		fpos /= sum;
		fneg /= sum;
	}
	if (fpos == 0 && fneg == 0) {
		ps.p = ps.r = 1.0;
		ps.has_p = ps.has_r = true;
	} else {
		ps.has_p = tpos + fpos > 0;
		ps.has_r = tpos + fneg > 0;
		ps.p = ps.has_p ? tpos / (tpos + fpos) : 0;
		ps.r = ps.has_r ? tpos / (tpos + fneg) : 0;
	}
	ps.exact = tg.n == tp.n;
	for (size_t i = 0; ps.exact && i < tg.n; i++)
		ps.exact = tg.len[i] == tp.len[i] && memcmp(tg.p[i], tp.p[i], tg.len[i]) == 0;
	free(s.v);
	toks_free(&tg);
	toks_free(&tp);
	return ps;
}

struct totals {
	double p, r, f1, acc;
};

static struct totals average(const struct page_score *ps, size_t n)
{
	double sp = 0, sr = 0;
	size_t np = 0, nr = 0, exact = 0;
	for (size_t i = 0; i < n; i++) {
		if (ps[i].has_p) {
			sp += ps[i].p;
			np++;
		}
		if (ps[i].has_r) {
			sr += ps[i].r;
			nr++;
		}
		exact += ps[i].exact;
	}
	struct totals t = {np ? sp / np : 0, nr ? sr / nr : 0, 0, n ? (double)exact / n : 0};
	t.f1 = t.p + t.r > 0 ? 2 * t.p * t.r / (t.p + t.r) : 0;
	return t;
}

/* ---- Data ------------------------------------------------------------------ */

static char *dir;
static struct pl_arena *arena;
static const struct pl_json *gold; /* { id: {"articleBody", "url"} } */

static const struct pl_json *load_json(const char *path)
{
	struct pl_buf b = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	const struct pl_json *j = NULL;
	if (pl_read_file(path, 64u << 20, &b, &d) == 0) {
		size_t off;
		const char *msg;
		j = pl_json_parse(b.p, b.len, arena, &off, &msg);
		if (!j)
			fprintf(stderr, "%s: JSON error at byte %zu: %s\n", path, off, msg);
	} else {
		fprintf(stderr, "%s: cannot read\n", path);
	}
	pl_diags_finish(&d);
	pl_buf_free(&b);
	return j;
}

/* Score predictions {id: {"articleBody"}} against the gold; a missing page is
 * an empty prediction. */
static struct totals score_all(const struct pl_json *pred, struct page_score *ps)
{
	for (size_t i = 0; i < gold->len; i++) {
		const char *g = pl_json_get_str(gold->items[i], "articleBody");
		const struct pl_json *pe = pred ? pl_json_get(pred, gold->keys[i]) : NULL;
		const char *p = pe ? pl_json_get_str(pe, "articleBody") : NULL;
		ps[i] = score_page(g ? g : "", p ? p : "");
	}
	return average(ps, gold->len);
}

/* The development-half numbers SOURCE.md publishes for the saved outputs. */
static const struct peer {
	const char *name;
	double f1, p, r, acc;
} peers[] = {
	{"trafilatura", 0.963, 0.940, 0.987, 0.275},
	{"newspaper", 0.950, 0.965, 0.936, 0.330},
	{"readability_js", 0.950, 0.920, 0.982, 0.231},
	{"goose3", 0.894, 0.940, 0.852, 0.176},
	{"boilerpipe", 0.861, 0.849, 0.873, 0.000},
	{"justext", 0.807, 0.849, 0.769, 0.088},
	{"html-text", 0.659, 0.493, 0.994, 0.000},
};

static bool same3(double got, double want)
{
	char a[16], b[16];
	snprintf(a, sizeof a, "%.3f", got);
	snprintf(b, sizeof b, "%.3f", want);
	return strcmp(a, b) == 0;
}

static void test_scorer_reproduces_peers(void)
{
	struct page_score *ps = calloc(gold->len, sizeof *ps);
	for (size_t i = 0; i < sizeof peers / sizeof peers[0]; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/reference-outputs/%s.json", dir, peers[i].name);
		const struct pl_json *j = load_json(path);
		CHECK(j != NULL);
		if (!j)
			continue;
		const struct pl_json *out = pl_json_get(j, "output");
		if (out && out->type == PL_JSON_OBJECT)
			j = out; /* {"version": ..., "output": {...}} */
		struct totals t = score_all(j, ps);
		printf("%-16s F1 %.3f  P %.3f  R %.3f  accuracy %.3f   (published %.3f %.3f %.3f %.3f)\n",
		       peers[i].name, t.f1, t.p, t.r, t.acc, peers[i].f1, peers[i].p, peers[i].r,
		       peers[i].acc);
		CHECK(same3(t.f1, peers[i].f1));
		CHECK(same3(t.p, peers[i].p));
		CHECK(same3(t.r, peers[i].r));
		CHECK(same3(t.acc, peers[i].acc));
	}
	free(ps);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct worst {
	size_t i;
	double f1;
};

static int by_f1(const void *a, const void *b)
{
	double x = ((const struct worst *)a)->f1, y = ((const struct worst *)b)->f1;
	return x < y ? -1 : x > y;
}

/* pl_ingest_buffer callback: keep the body of the (single) article. */
static int keep_body(struct pl_article *a, void *ud)
{
	char **body = ud;
	if (!*body) {
		*body = a->body;
		a->body = NULL;
	}
	pl_article_free(a);
	free(a);
	return 0;
}

static void test_ingest_path_on_benchmark(void)
{
	const char *rules = getenv("PARLEY_RULES_DIR");
	if (!rules) {
		fprintf(stderr, "PARLEY_RULES_DIR is not set: ingest-path row skipped\n");
		return;
	}
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_boiler *boiler = pl_boiler_load(&rules, 1, &d);
	CHECK(boiler != NULL);
	for (size_t i = 0; !boiler && i < d.n; i++) {
		struct pl_buf msg = PL_BUF_INIT;
		pl_diag_format(&d, &d.v[i], &msg);
		fprintf(stderr, "%s", msg.p ? msg.p : "");
		pl_buf_free(&msg);
	}
	size_t n = gold->len;
	char **bodies = calloc(n, sizeof *bodies);
	struct page_score *ps = calloc(n, sizeof *ps);
	for (size_t i = 0; boiler && i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/html/%s.html.gz", dir, gold->keys[i]);
		struct pl_buf raw = PL_BUF_INIT;
		struct pl_ingest_opts opts;
		memset(&opts, 0, sizeof opts);
		opts.boiler = boiler;
		if (pl_read_file(path, PL_MAX_INPUT, &raw, &d) == 0)
			pl_ingest_buffer(path, raw.p, raw.len, &opts, keep_body, &bodies[i], &d);
		pl_buf_free(&raw);
	}
	for (size_t i = 0; boiler && i < n; i++) {
		const char *g = pl_json_get_str(gold->items[i], "articleBody");
		ps[i] = score_page(g ? g : "", bodies[i] ? bodies[i] : "");
	}
	if (boiler) {
		struct totals t = average(ps, n);
		printf("%-16s F1 %.3f  P %.3f  R %.3f  accuracy %.3f   (pl_ingest_buffer + boilerplate rules)\n",
		       "parley ingest", t.f1, t.p, t.r, t.acc);
		CHECK(t.f1 >= MIN_F1);
	}
	for (size_t i = 0; i < n; i++)
		free(bodies[i]);
	free(bodies);
	free(ps);
	pl_boiler_destroy(boiler);
	pl_diags_finish(&d);
}

static void test_parley_on_benchmark(void)
{
	size_t n = gold->len;
	char **bodies = calloc(n, sizeof *bodies);
	struct page_score *ps = calloc(n, sizeof *ps);
	double secs = 0;
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/html/%s.html.gz", dir, gold->keys[i]);
		struct pl_buf html = PL_BUF_INIT;
		struct pl_diags d;
		pl_diags_init(&d);
		if (pl_read_file(path, PL_MAX_INPUT, &html, &d) != 0) {
			fprintf(stderr, "%s: cannot read\n", path);
			CHECK(!"page readable");
		} else if (!pl_utf8_valid(html.p, html.len)) {
			fprintf(stderr, "%s: not UTF-8 (SOURCE.md says all pages are)\n", path);
			CHECK(!"page is UTF-8");
		} else {
			struct pl_article a;
			struct pl_ingest_opts opts;
			memset(&a, 0, sizeof a);
			memset(&opts, 0, sizeof opts);
			double t0 = now();
			int rc = pl_html_extract(path, html.p, html.len, &opts, &a, &d);
			secs += now() - t0;
			bytes += html.len;
			if (rc == 0) {
				bodies[i] = a.body;
				a.body = NULL;
			}
			pl_article_free(&a);
		}
		pl_diags_finish(&d);
		pl_buf_free(&html);
	}
	struct worst *w = calloc(n, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		const char *g = pl_json_get_str(gold->items[i], "articleBody");
		ps[i] = score_page(g ? g : "", bodies[i] ? bodies[i] : "");
		double p = ps[i].has_p ? ps[i].p : 0, r = ps[i].has_r ? ps[i].r : 0;
		w[i] = (struct worst){i, p + r > 0 ? 2 * p * r / (p + r) : 0};
	}
	struct totals t = average(ps, n);
	printf("%-16s F1 %.3f  P %.3f  R %.3f  accuracy %.3f   (target F1 >= %.2f)\n", "parley", t.f1,
	       t.p, t.r, t.acc, MIN_F1);
	printf("pl_html_extract: %zu pages, %.1f MB in %.3f s of CPU: %.0f pages/s, %.1f MB/s\n", n,
	       bytes / 1e6, secs, secs > 0 ? n / secs : 0, secs > 0 ? bytes / 1e6 / secs : 0);
	qsort(w, n, sizeof *w, by_f1);
	printf("worst pages:\n");
	for (size_t k = 0; k < n && k < 10; k++) {
		size_t i = w[k].i;
		const char *url = pl_json_get_str(gold->items[i], "url");
		printf("  F1 %.3f  P %.3f  R %.3f  %.12s  %s\n", w[k].f1, ps[i].p, ps[i].r, gold->keys[i],
		       url ? url : "");
	}
	CHECK(t.f1 >= MIN_F1);

	const char *dump = getenv("PARLEY_HTML_DUMP");
	if (dump && *dump) {
		struct pl_buf b = PL_BUF_INIT;
		pl_buf_putc(&b, '{');
		for (size_t i = 0; i < n; i++) {
			pl_buf_puts(&b, i ? ",\n" : "\n");
			pl_buf_json_str(&b, gold->keys[i], strlen(gold->keys[i]));
			pl_buf_puts(&b, ": {\"articleBody\": ");
			const char *s = bodies[i] ? bodies[i] : "";
			pl_buf_json_str(&b, s, strlen(s));
			pl_buf_putc(&b, '}');
		}
		pl_buf_puts(&b, "\n}\n");
		FILE *f = fopen(dump, "w");
		CHECK(f != NULL);
		if (f) {
			fwrite(b.p, 1, b.len, f);
			fclose(f);
		}
		pl_buf_free(&b);
	}
	for (size_t i = 0; i < n; i++)
		free(bodies[i]);
	free(bodies);
	free(ps);
	free(w);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* keep the table in order with stderr */
	const char *shared = getenv("PARLEY_SHARED");
	if (!shared)
		SKIP("PARLEY_SHARED is not set: the article-extraction benchmark is not available");
	size_t need = strlen(shared) + 64;
	dir = malloc(need);
	snprintf(dir, need, "%s/eval/article-extraction", shared);
	char probe[4096];
	snprintf(probe, sizeof probe, "%s/ground-truth.json", dir);
	FILE *f = fopen(probe, "r");
	if (!f) {
		fprintf(stderr, "SKIP: %s is absent: the article-extraction benchmark is not available\n", probe);
		free(dir);
		return 77;
	}
	fclose(f);

	int err;
	PCRE2_SIZE eoff;
	word_re = pcre2_compile((PCRE2_SPTR) "[\\p{L}\\p{N}_]+", PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP, &err, &eoff, NULL);
	if (!word_re)
		abort();
	pcre2_jit_compile(word_re, PCRE2_JIT_COMPLETE);
	word_md = pcre2_match_data_create_from_pattern(word_re, NULL);
	arena = pl_arena_create(1 << 20);
	gold = load_json(probe);
	CHECK(gold != NULL && gold->type == PL_JSON_OBJECT && gold->len == 91);
	if (gold && gold->type == PL_JSON_OBJECT) {
		RUN(test_scorer_reproduces_peers);
		RUN(test_parley_on_benchmark);
		RUN(test_ingest_path_on_benchmark);
	}
	pl_arena_destroy(arena);
	pcre2_match_data_free(word_md);
	pcre2_code_free(word_re);
	free(dir);
	return check_done();
}
