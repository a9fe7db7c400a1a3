/* bench_extract.c - extraction throughput on the demo corpus: every article
 * of data/demo ingested once, then extracted BENCH_ROUNDS times (200; time tagging
 * included, ingest and storage not).  Prints articles/s, sentences/s, MB/s
 * of CPU time. */
#include "common.h"

#include <dirent.h>
#include <time.h>


static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	/* rounds over the corpus; BENCH_ROUNDS overrides (quick comparisons) */
	const int ROUNDS = atoi(env_or("BENCH_ROUNDS", "200")) > 0 ? atoi(env_or("BENCH_ROUNDS", "200")) : 200;
	struct pl_ruleset *rs = NULL;
	double t0 = now();
	struct pl_extractor *x = open_extractor(&rs);
	if (!x)
		return 1;
	double tload = now() - t0;
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_buf dir = PL_BUF_INIT;
	pl_buf_printf(&dir, "%s/demo", env_or("PARLEY_DATA_DIR", PARLEY_SRC_DATA_DIR));
	struct collect c = { 0 };
	DIR *dh = opendir(dir.p);
	struct dirent *de;
	while (dh && (de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tsv"))
			continue;
		struct pl_buf path = PL_BUF_INIT;
		pl_buf_printf(&path, "%s/%s", dir.p, de->d_name);
		ingest_file(path.p, "2025-12-15", &c, &d);
		pl_buf_free(&path);
	}
	if (dh)
		closedir(dh);
	size_t bytes = 0, sents = 0;
	for (size_t i = 0; i < c.n; i++) {
		struct pl_range *sv = NULL;
		long k = pl_sentences(c.v[i]->body, c.v[i]->body_len, &sv);
		sents += k > 0 ? (size_t)k : 0;
		free(sv);
		bytes += c.v[i]->body_len;
	}
	long events = 0;
	double t1 = now();
	for (int r = 0; r < ROUNDS; r++)
		for (size_t i = 0; i < c.n; i++) {
			struct pl_events ev = { 0 };
			long k = extract_one(x, c.v[i], &ev, &d);
			if (r == 0 && k > 0)
				events += k;
			pl_events_free(&ev);
		}
	double dt = now() - t1;
	/* the same with the time expressions tagged beforehand (as ingest stores them) */
	struct pl_tagger *tg = pl_tagger_create(rs);
	struct pl_timexes *tx = calloc(c.n, sizeof *tx);
	for (size_t i = 0; tg && tx && i < c.n; i++)
		pl_timex_tag_article(tg, c.v[i]->body, c.v[i]->body_len, NULL, 0, &c.v[i]->published,
				     &tx[i], &d);
	double t2 = now();
	for (int r = 0; tx && r < ROUNDS; r++)
		for (size_t i = 0; i < c.n; i++) {
			struct pl_events ev = { 0 };
			struct pl_article_view v = { 0 };
			v.origin = c.v[i]->origin;
			v.published = c.v[i]->published;
			v.body = c.v[i]->body;
			v.body_len = c.v[i]->body_len;
			v.captions = (const char *const *)c.v[i]->captions;
			v.ncaptions = c.v[i]->ncaptions;
			v.timexes = &tx[i];
			pl_extract_article(x, &v, &ev, &d);
			pl_events_free(&ev);
		}
	double dt2 = now() - t2;
	double n = (double)c.n * ROUNDS;
	printf("reference data + rules load: %.1f ms\n", tload * 1e3);
	printf("%zu articles, %zu sentences, %ld events per round; %d rounds\n", c.n, sents, events,
	       ROUNDS);
	printf("with time tagging:    %.0f articles/s, %.0f sentences/s, %.2f MB/s\n", n / dt,
	       (double)sents * ROUNDS / dt, (double)bytes * ROUNDS / dt / 1e6);
	printf("timexes given:        %.0f articles/s, %.0f sentences/s, %.2f MB/s\n", n / dt2,
	       (double)sents * ROUNDS / dt2, (double)bytes * ROUNDS / dt2 / 1e6);
	for (size_t i = 0; tx && i < c.n; i++)
		pl_timexes_free(&tx[i]);
	free(tx);
	pl_tagger_destroy(tg);
	size_t narticles = c.n;
	collect_free(&c);
	pl_buf_free(&dir);
	pl_diags_finish(&d);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	return narticles ? 0 : 1;
}
