/* cmd_rules.c - `parley rules check` validates rule files, `parley rules test`
 * runs the examples written inside them. */
#include "commands.h"

#include "parley/rules.h"
#include "parley/time.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: parley rules check [FILE|DIR...]\n"
	"       parley rules test [--kind KIND] [FILE|DIR...]\n"
	"\n"
	"Rule files are plain text (see docs/RULES.md).  Without FILE arguments the\n"
	"shipped rules/ and every --rules DIR (and $PARLEY_RULES) are loaded; with\n"
	"them, the shipped rules and then the named files or directories, so lists\n"
	"like %NUMBER resolve and a rule of yours may replace a shipped one by id.\n"
	"\n"
	"  check        report every problem as file:line:col: error: message, with\n"
	"               the source line and a caret\n"
	"  test         also run each rule's `example` lines: the text must give the\n"
	"               expected match and value (time values are normalized by the\n"
	"               temporal tagger, with the @DATE of the example as its DCT)\n"
	"  --kind KIND  test only rules of this kind (boilerplate, timex, ...); a kind\n"
	"               no loaded rule has is a usage error listing the kinds\n"
	"\n"
	"Exit status: 0 all good, 1 errors or failing examples, 2 usage.\n";

/* Examples of one kind; time values come from the tagger. */
static long test_kind(const struct pl_ruleset *rs, const char *kind, struct pl_tagger *tagger,
		      long *failed, struct pl_diags *d)
{
	bool timex = strcmp(kind, "timex") == 0 && tagger;
	return pl_rules_test(rs, kind, timex ? pl_timex_example_value : NULL, timex ? tagger : NULL,
			     failed, d);
}

static bool known_kind(const struct pl_ruleset *rs, const char *kind)
{
	for (size_t k = 0; pl_rules_kind_at(rs, k); k++)
		if (strcmp(pl_rules_kind_at(rs, k), kind) == 0)
			return true;
	return false;
}

/* A --kind no loaded rule has is a typo, not "0 examples, 0 failed": usage
 * error listing the kinds there are.  Returns EXIT_USAGE. */
static int unknown_kind(const struct pl_ruleset *rs, const char *kind)
{
	struct pl_buf w = PL_BUF_INIT;
	for (size_t k = 0; pl_rules_kind_at(rs, k); k++)
		pl_buf_printf(&w, "%s%s", k ? ", " : "", pl_rules_kind_at(rs, k));
	int rc = cli_usage_error("rules", "--kind: no rules of kind '%s'; the kinds are: %s", kind,
				 w.p && !w.oom ? w.p : "(none)");
	pl_buf_free(&w);
	return rc;
}

int cmd_rules(struct cli_globals *g, int argc, char **argv)
{
	const char *kind = NULL, *sub = NULL;
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	size_t npaths = 0;
	int rc = EXIT_USAGE;
	struct pl_diags d;
	struct pl_ruleset *rs = NULL;
	struct pl_tagger *tagger = NULL;
	pl_diags_init(&d);
	if (!paths)
		goto out;
	for (int i = 1; i < argc;) {
		const char *v;
		int r;
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			rc = EXIT_OK;
			goto out;
		}
		if (!sub) {
			sub = argv[i++];
			if (strcmp(sub, "check") != 0 && strcmp(sub, "test") != 0) {
				rc = cli_usage_error("rules", "unknown subcommand '%s' (check or test)", sub);
				goto out;
			}
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--kind", &v)) != 0) {
			if (r < 0)
				goto out;
			kind = v;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			rc = cli_usage_error("rules", "unknown option '%s'", argv[i]);
			goto out;
		}
		paths[npaths++] = argv[i++];
	}
	if (!sub) {
		rc = cli_usage_error("rules", "missing subcommand: check or test");
		goto out;
	}
	if (kind && strcmp(sub, "test") != 0) {
		rc = cli_usage_error("rules", "--kind is for 'rules test'");
		goto out;
	}
	if (npaths) {
		rs = pl_rules_load_paths(g->rules_shipped, paths, npaths, &d);
	} else {
		rs = pl_rules_load(g->rules_shipped, g->rule_dirs, g->nrule_dirs, &d);
	}
	rc = EXIT_INPUT;
	if (!rs) {
		cli_print_diags(&d);
		goto out;
	}
	if (kind && !known_kind(rs, kind)) {
		cli_print_diags(&d);
		rc = unknown_kind(rs, kind);
		goto out;
	}
	size_t load_errors = d.nerrors;
	long run = 0, failed = 0;
	if (strcmp(sub, "test") == 0) {
		/* without it, time examples would be compared unnormalized and fail */
		if (!(tagger = pl_tagger_create(rs))) {
			pl_error(&d, NULL, "out of memory");
			goto print;
		}
		for (size_t k = 0; pl_rules_kind_at(rs, k); k++) {
			const char *kn = pl_rules_kind_at(rs, k);
			long f = 0, n;
			if (kind && strcmp(kind, kn) != 0)
				continue;
			n = test_kind(rs, kn, tagger, &f, &d);
			if (n < 0)
				goto print;
			if (n > 0 && !g->quiet)
				printf("%-14s %5ld example%s, %ld failed\n", kn, n, n == 1 ? "" : "s", f);
			run += n;
			failed += f;
		}
	}
print:
	cli_print_diags(&d);
	if (!g->quiet) {
		if (strcmp(sub, "test") == 0)
			printf("%ld example%s, %ld failed; ", run, run == 1 ? "" : "s", failed);
		printf("%zu rule%s, %zu error%s\n", pl_rules_count(rs), pl_rules_count(rs) == 1 ? "" : "s",
		       load_errors, load_errors == 1 ? "" : "s");
	}
	if (load_errors == 0 && failed == 0 && d.nerrors == 0)
		rc = EXIT_OK;
out:
	pl_tagger_destroy(tagger);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	free(paths);
	return rc;
}
