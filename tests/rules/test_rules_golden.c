/* test_rules_golden.c - rule snippets in, exact diagnostics out: every
 * fixtures/diag/NAME.rules is loaded, its examples run, and the printed
 * diagnostics compared with NAME.err (UPDATE_GOLDEN=1 rewrites them). */
#include "parley/rules.h"

#include "../check.h"
#include "golden.h"

static const char *fixdir;

static void run_case(const char *name)
{
	struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT, out = PL_BUF_INIT;
	struct pl_diags d;
	pl_diags_init(&d);
	pl_buf_printf(&path, "%s/%s", fixdir, name);
	CHECK(pl_read_file(path.p, 1 << 20, &text, &d) == 0);
	/* The file is named by its base name so the golden output is stable. */
	struct pl_ruleset *rs = pl_rules_load_text(name, text.p ? text.p : "", text.len, &d);
	long failed = 0, run = rs ? pl_rules_test(rs, NULL, NULL, NULL, &failed, &d) : -1;
	for (size_t i = 0; i < d.n; i++)
		pl_diag_format(&d, &d.v[i], &out);
	pl_buf_printf(&out, "rules: %zu, examples: %ld run, %ld failed\n", pl_rules_count(rs), run,
		      failed);
	pl_buf_reset(&path);
	pl_buf_printf(&path, "%s/%.*s.err", fixdir, (int)(strlen(name) - 6), name);
	check_current_ = name;
	CHECK(golden_compare(path.p, out.p, out.len));
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	pl_buf_free(&path);
	pl_buf_free(&text);
	pl_buf_free(&out);
}

int main(int argc, char **argv)
{
	const char *src = getenv("PARLEY_SRC");
	static char buf[4096];
	if (argc > 1) {
		fixdir = argv[1];
	} else {
		snprintf(buf, sizeof buf, "%s/tests/rules/fixtures/diag", src ? src : ".");
		fixdir = buf;
	}
	char **names;
	size_t n = golden_list(fixdir, ".rules", &names);
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		run_case(names[i]);
		free(names[i]);
	}
	free(names);
	return check_done();
}
