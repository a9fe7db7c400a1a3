/* test_numbers.c - numbers read from rules and reference data are parsed
 * bounded: a malformed ROLE_RANK value, event `window` or place population is
 * a warning at its file:line:col (fixtures/numbers/numbers.rules and a copy of
 * places.tsv with one bad population), and is ignored rather than read as 0. */
#include "../check.h"
#include "common.h"

#include <sys/stat.h>
#include <unistd.h>

static void test_int(void)
{
	long v = 7;
	CHECK(pl_rules_int("12", 0, 100, &v) && v == 12);
	CHECK(pl_rules_int("-3", -5, 5, &v) && v == -3);
	CHECK(pl_rules_int("+4", 0, 5, &v) && v == 4);
	v = 7;
	CHECK(!pl_rules_int("1x", 0, 100, &v) && v == 7);
	CHECK(!pl_rules_int("", 0, 100, &v));
	CHECK(!pl_rules_int(" 1", 0, 100, &v));
	CHECK(!pl_rules_int("first", 0, 100, &v));
	CHECK(!pl_rules_int("101", 0, 100, &v));
	CHECK(!pl_rules_int("1234567890123456789", 0, 2000000000L, &v)); /* 19 digits */
	CHECK(!pl_rules_int(NULL, 0, 100, &v));
}

/* Copy places.tsv of `data` into dir/places with the population of the first
 * data row replaced by "12x4"; *line gets that row's line number, name its
 * place name.  Returns false when the data is not there. */
static bool write_bad_places(const char *data, const char *dir, unsigned *line, char *name,
			     size_t namecap)
{
	struct pl_buf in = PL_BUF_INIT, out = PL_BUF_INIT, path = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	pl_buf_printf(&path, "%s/places/places.tsv", data);
	bool ok = pl_read_file(path.p, 64u << 20, &in, &d) == 0 && in.p;
	int popcol = -1, namecol = -1;
	unsigned ln = 0;
	bool done = false;
	for (const char *p = ok ? in.p : ""; *p && ok;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		ln++;
		if (ln == 1) { /* header: find the columns */
			int c = 0;
			for (const char *q = p, *f = p; q <= p + n; q++)
				if (q == p + n || *q == '\t') {
					if ((size_t)(q - f) == 10 && !strncmp(f, "population", 10))
						popcol = c;
					if ((size_t)(q - f) == 4 && !strncmp(f, "name", 4))
						namecol = c;
					c++;
					f = q + 1;
				}
			pl_buf_append(&out, p, n);
		} else if (!done && n && *p != '#' && popcol >= 0) {
			int c = 0;
			for (const char *q = p, *f = p; q <= p + n; q++)
				if (q == p + n || *q == '\t') {
					if (c)
						pl_buf_putc(&out, '\t');
					if (c == namecol)
						snprintf(name, namecap, "%.*s", (int)(q - f), f);
					if (c == popcol)
						pl_buf_puts(&out, "12x4");
					else
						pl_buf_append(&out, f, (size_t)(q - f));
					c++;
					f = q + 1;
				}
			*line = ln;
			done = true;
		} else {
			pl_buf_append(&out, p, n);
		}
		pl_buf_putc(&out, '\n');
		p = e ? e + 1 : p + n;
	}
	ok = ok && done;
	if (ok) {
		pl_buf_reset(&path);
		pl_buf_printf(&path, "%s/places/places.tsv", dir);
		FILE *f = fopen(path.p, "w");
		ok = f && fwrite(out.p, 1, out.len, f) == out.len;
		if (f && fclose(f) != 0)
			ok = false;
	}
	pl_buf_free(&in);
	pl_buf_free(&out);
	pl_buf_free(&path);
	pl_diags_finish(&d);
	return ok;
}

/* Every diagnostic of d as the CLI prints them. */
static char *format_all(const struct pl_diags *d)
{
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < d->n; i++)
		pl_diag_format(d, &d->v[i], &b);
	return pl_buf_steal(&b);
}

static void test_malformed(void)
{
	const char *src = env_or("PARLEY_SRC", ".");
	const char *data = env_or("PARLEY_DATA_DIR", PARLEY_SRC_DATA_DIR);
	char dir[] = "/tmp/parley-numbers-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	struct pl_buf p = PL_BUF_INIT, a = PL_BUF_INIT, fx = PL_BUF_INIT;
	pl_buf_printf(&p, "%s/places", dir);
	CHECK(mkdir(p.p, 0700) == 0);
	pl_buf_printf(&a, "%s/actors", data);
	pl_buf_reset(&p);
	pl_buf_printf(&p, "%s/actors", dir);
	CHECK(symlink(a.p, p.p) == 0);
	unsigned line = 0;
	char name[128] = "";
	CHECK(write_bad_places(data, dir, &line, name, sizeof name));
	pl_buf_printf(&fx, "%s/tests/extract/fixtures/numbers", src);
	const char *user[] = { fx.p };
	struct pl_diags d;
	pl_diags_init(&d);
	struct pl_ruleset *rs = pl_rules_load(env_or("PARLEY_RULES_DIR", PARLEY_SRC_RULES_DIR),
					      user, 1, &d);
	CHECK(rs != NULL);
	struct pl_extractor *x = rs ? pl_extractor_create(rs, dir, &d) : NULL;
	CHECK(x != NULL);
	CHECK_INT(d.nerrors, 0); /* warnings: the rest still works */
	char *all = format_all(&d);
	/* each bad value at its own file:line:col */
	struct pl_buf want = PL_BUF_INIT;
	pl_buf_printf(&want, "%s/numbers.rules:5:3: warning: list ROLE_RANK: 'king' needs an integer rank from 0 to 999, not 'first'", fx.p);
	CHECK(all && strstr(all, want.p));
	pl_buf_reset(&want);
	pl_buf_printf(&want, "%s/numbers.rules:6:3: warning: list ROLE_RANK: 'pope' needs an integer rank", fx.p);
	CHECK(all && strstr(all, want.p));
	pl_buf_reset(&want);
	pl_buf_printf(&want, "%s/numbers.rules:13:12: warning: rule 'test.numbers.bad-window': 'window' takes", fx.p);
	CHECK(all && strstr(all, want.p));
	pl_buf_reset(&want);
	pl_buf_printf(&want, "%s/places/places.tsv:%u:", dir, line);
	CHECK(all && strstr(all, want.p));
	pl_buf_reset(&want);
	pl_buf_printf(&want, "warning: population of '%s' must be a whole number from 0 to 2000000000, not '12x4'; read as unknown", name);
	CHECK(all && strstr(all, want.p));
	/* exactly these four: the good window and the good ranks say nothing */
	size_t warnings = 0;
	for (size_t i = 0; i < d.n; i++)
		warnings += d.v[i].severity == PL_WARNING;
	CHECK_INT(warnings, 4);
	if (check_failures_ && all)
		fputs(all, stderr);
	free(all);
	pl_buf_free(&want);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	pl_buf_reset(&p);
	pl_buf_printf(&p, "%s/places/places.tsv", dir);
	unlink(p.p);
	pl_buf_reset(&p);
	pl_buf_printf(&p, "%s/places", dir);
	rmdir(p.p);
	pl_buf_reset(&p);
	pl_buf_printf(&p, "%s/actors", dir);
	unlink(p.p);
	rmdir(dir);
	pl_buf_free(&p);
	pl_buf_free(&a);
	pl_buf_free(&fx);
}

int main(void)
{
	RUN(test_int);
	RUN(test_malformed);
	return check_done();
}
