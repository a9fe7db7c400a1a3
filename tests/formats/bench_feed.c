/* bench_feed.c - throughput and memory of the streamed feed and JSONL paths: a
 * generated 100,000-item RSS feed and a JSON Lines file of the same articles.
 * A benchmark, not a test: it prints numbers (meson benchmark). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "parley/ingest.h"

static int drop(struct pl_article *a, void *ud)
{
	(*(long *)ud)++;
	pl_article_free(a);
	free(a);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void run(const char *name, const struct pl_buf *doc)
{
	struct pl_diags d;
	struct pl_ingest_opts opts = { 0 };
	long count = 0;
	pl_diags_init(&d);
	double t0 = now();
	long n = pl_ingest_buffer(name, doc->p, doc->len, &opts, drop, &count, &d);
	double dt = now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%-10s %ld articles, %.1f MiB in %.3f s: %.0f articles/s, %.1f MiB/s; peak RSS %ld MiB\n",
	       name, n, (double)doc->len / (1 << 20), dt, (double)count / dt,
	       (double)doc->len / (1 << 20) / dt, ru.ru_maxrss / 1024);
	pl_diags_finish(&d);
}

int main(void)
{
	const long items = 100000;
	struct pl_buf rss = PL_BUF_INIT, jl = PL_BUF_INIT;
	pl_buf_puts(&rss, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
			  "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
			  "<title>Bench</title>\n");
	for (long i = 1; i <= items; i++) {
		pl_buf_printf(&rss, "<item><title>Talks resume, round %ld</title><link>https://x.example/%ld"
				    "</link><pubDate>Mon, 15 Dec 2025 10:00:00 GMT</pubDate><content:encoded>"
				    "<![CDATA[<p>GENEVA - Envoys met on Monday for round %ld of talks on a "
				    "ceasefire, officials said.</p><p>The next round is due in January.</p>]]>"
				    "</content:encoded></item>\n", i, i, i);
		pl_buf_printf(&jl, "{\"url\": \"https://x.example/%ld\", \"title\": \"Talks resume, round %ld\", "
				   "\"published\": \"2025-12-15T10:00:00Z\", \"text\": \"GENEVA - Envoys met on "
				   "Monday for round %ld of talks on a ceasefire, officials said.\\n\\nThe next "
				   "round is due in January.\"}\n", i, i, i);
	}
	pl_buf_puts(&rss, "</channel></rss>\n");
	if (rss.oom || jl.oom)
		return 1;
	run("rss", &rss);
	run("jsonl", &jl);
	pl_buf_free(&rss);
	pl_buf_free(&jl);
	return 0;
}
