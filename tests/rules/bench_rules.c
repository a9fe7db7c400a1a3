/* bench_rules.c - matching throughput of the shipped rules (a benchmark, not
 * a test): the text of the TempEval-3 training documents ($PARLEY_SHARED),
 * tags stripped, repeated to BENCH_MB (default 20) MB, matched paragraph by
 * paragraph for kind timex and line by line for kind boilerplate, with the
 * literal prefilter on and off.  Prints MB/s and match counts (which must be
 * equal with and without the prefilter). */
#include "parley/rules.h"
#include "rules/rules_impl.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be busy */
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Append the <TEXT> part of one .tml file with tags removed. */
static void add_tml(const char *path, struct pl_buf *out)
{
	struct pl_diags d;
	struct pl_buf b = PL_BUF_INIT;
	pl_diags_init(&d);
	if (pl_read_file(path, 1 << 24, &b, &d) == 0 && b.p) {
		const char *s = strstr(b.p, "<TEXT>"), *e = s ? strstr(s, "</TEXT>") : NULL;
		for (const char *p = s ? s + 6 : NULL; p && p < e; p++) {
			if (*p == '<') {
				while (p < e && *p != '>')
					p++;
				continue;
			}
			pl_buf_putc(out, *p);
		}
		pl_buf_puts(out, "\n\n");
	}
	pl_buf_free(&b);
	pl_diags_finish(&d);
}

static void add_dir(const char *dir, struct pl_buf *out)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char path[4096];
	while (dh && (de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".tml") == 0)
			add_tml(path, out);
		else
			add_dir(path, out);
	}
	if (dh)
		closedir(dh);
}

/* Match every piece (paragraphs when `lines` is false) of text; returns the
 * number of matches, and in *sum a checksum of their spans and rules. */
static long run(struct pl_matcher *m, const char *kind, const char *t, size_t n, bool lines,
		double *secs, uint64_t *sum)
{
	long total = 0;
	*sum = 0;
	double t0 = now();
	for (size_t pos = 0; pos < n;) {
		size_t e = pos;
		if (lines) {
			while (e < n && t[e] != '\n')
				e++;
		} else {
			while (e < n && !(t[e] == '\n' && e + 1 < n && t[e + 1] == '\n'))
				e++;
		}
		struct pl_match *mv = NULL;
		long k = pl_match_all(m, kind, t + pos, e - pos, &mv, NULL);
		for (long i = 0; i < k; i++)
			*sum = *sum * 1000003u + (pos + mv[i].start) * 31u + (pos + mv[i].end) * 17u +
			       (uint64_t)(uintptr_t)mv[i].rule;
		free(mv);
		total += k > 0 ? k : 0;
		pos = e + 1;
	}
	*secs = now() - t0;
	return total;
}

int main(void)
{
	const char *shared = getenv("PARLEY_SHARED"), *rules = getenv("PARLEY_RULES_DIR");
	const char *mbs = getenv("BENCH_MB");
	double mb = mbs ? atof(mbs) : 20;
	char dir[4096];
	if (!shared || !rules) {
		fprintf(stderr, "SKIP: PARLEY_SHARED and PARLEY_RULES_DIR must be set\n");
		return 77;
	}
	snprintf(dir, sizeof dir, "%s/eval/tempeval3/train", shared);
	struct pl_buf one = PL_BUF_INIT, text = PL_BUF_INIT;
	add_dir(dir, &one);
	if (one.len == 0) {
		fprintf(stderr, "SKIP: no .tml files under %s\n", dir);
		return 77;
	}
	while (text.len < (size_t)(mb * 1e6))
		pl_buf_append(&text, one.p, one.len);
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load(rules, NULL, 0, &d);
	if (!rs || d.nerrors) {
		fprintf(stderr, "rules failed to load\n");
		return 1;
	}
	struct pl_matcher *m = pl_matcher_create(rs);
	const struct pl_rule *const *v;
	printf("text: %.1f MB (TempEval-3 train, %.2f MB, repeated); rules: timex %zu, boilerplate %zu\n",
	       (double)text.len / 1e6, (double)one.len / 1e6, pl_rules_of_kind(rs, "timex", &v),
	       pl_rules_of_kind(rs, "boilerplate", &v));
	static const struct { const char *kind; bool lines; } jobs[] = {
		{ "timex", false }, { "boilerplate", true },
	};
	int rc = 0;
	for (size_t j = 0; j < 2; j++) {
		double on, off;
		uint64_t sa, sb;
		rules_matcher_prefilter(m, true);
		long a = run(m, jobs[j].kind, text.p, text.len, jobs[j].lines, &on, &sa);
		rules_matcher_prefilter(m, false);
		long b = a;
		off = 0;
		sb = sa;
		if (!getenv("BENCH_ONLY_ON")) /* for profiling the filtered path */
			b = run(m, jobs[j].kind, text.p, text.len, jobs[j].lines, &off, &sb);
		printf("%-12s per %-9s prefilter on: %7.1f MB/s   off: %7.1f MB/s   (%ld matches%s)\n",
		       jobs[j].kind, jobs[j].lines ? "line" : "paragraph", (double)text.len / 1e6 / on,
		       (double)text.len / 1e6 / off, a, a == b && sa == sb ? "" : ", DIFFERENT without prefilter");
		if (a != b || sa != sb)
			rc = 1;
	}
	pl_matcher_destroy(m);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	pl_buf_free(&one);
	pl_buf_free(&text);
	return rc;
}
