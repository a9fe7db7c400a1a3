/* test_resolve.c - golden cases for pass 2 (tests/time/fixtures/resolve.cases). */
#include "parley/time.h"

#include "../check.h"

#include <stdlib.h>
#include <string.h>

static int tense_of(const char *s)
{
	return strcmp(s, "future") == 0 ? 1 : strcmp(s, "past") == 0 ? -1 : 0;
}

/* One line: DCT TENSE [ref=VALUE] RAW => EXPECTED. */
static void run_case(const char *file, unsigned lineno, char *line)
{
	char *arrow = strstr(line, "=>");
	if (!arrow) {
		fprintf(stderr, "%s:%u: no '=>' in case\n", file, lineno);
		CHECK(arrow != NULL);
		return;
	}
	*arrow = '\0';
	char *want = arrow + 2;
	while (*want == ' ')
		want++;
	want[strcspn(want, " \n")] = '\0';
	char *f[4];
	int nf = 0;
	for (char *p = line; nf < 4;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		f[nf++] = p;
		p += strcspn(p, " ");
		if (*p)
			*p++ = '\0';
	}
	if (nf < 3) {
		fprintf(stderr, "%s:%u: malformed case\n", file, lineno);
		CHECK(nf >= 3);
		return;
	}
	struct pl_datetime dct;
	bool has = strcmp(f[0], "none") != 0 && pl_timex_parse_dct(f[0], &dct);
	struct pl_timex_ctx ctx;
	pl_timex_ctx_init(&ctx, has ? &dct : NULL);
	ctx.tense = tense_of(f[1]);
	struct pl_buf out = PL_BUF_INIT;
	enum pl_timex_anchor an;
	const char *raw = f[2];
	if (nf == 4 && strncmp(f[2], "ref=", 4) == 0) {
		CHECK(pl_timex_resolve(&ctx, f[2] + 4, true, &out, &an));
		raw = f[3];
	}
	bool ok = pl_timex_resolve(&ctx, raw, false, &out, &an);
	const char *got = ok ? (out.p ? out.p : "") : "!";
	check_count_++;
	if (strcmp(got, want) != 0) {
		check_failures_++;
		fprintf(stderr, "%s:%u: %s %s %s: got %s, want %s\n", file, lineno, f[0], f[1], raw,
			got, want);
	}
	pl_buf_free(&out);
}

static void test_cases(void)
{
	const char *src = getenv("PARLEY_SRC");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/time/fixtures/resolve.cases", src ? src : ".");
	FILE *fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (!fp)
		return;
	char line[512];
	unsigned n = 0;
	while (fgets(line, sizeof line, fp)) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " ")] == '\0')
			continue;
		run_case(path, n, line);
	}
	fclose(fp);
}

static void test_dct_parse(void)
{
	struct pl_datetime dt;
	CHECK(pl_timex_parse_dct("2025-12-15", &dt));
	CHECK_INT(dt.prec, PL_PREC_DAY);
	CHECK(pl_timex_parse_dct("2025-12-15T10:30", &dt));
	CHECK_INT(dt.hour, 10);
	CHECK_INT(dt.prec, PL_PREC_MINUTE);
	CHECK(pl_timex_parse_dct("19980108", &dt));
	CHECK_INT(dt.day, 8);
	CHECK(!pl_timex_parse_dct("2025-13-01", &dt));
	CHECK(!pl_timex_parse_dct("2025-02-29", &dt));
	CHECK(!pl_timex_parse_dct("yesterday", &dt));
}

int main(void)
{
	RUN(test_cases);
	RUN(test_dct_parse);
	return check_done();
}
