/* main.c - `parley`: git-style subcommands over the library. */
#include "cli.h"
#include "commands.h"
#include "parley/store.h"

#include <sqlite3.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_command commands[] = {
#define X(name, fn, summary) { name, summary, fn },
	PARLEY_COMMANDS(X)
#undef X
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fputs("usage: parley [--db FILE] [--rules DIR]... COMMAND [ARGS]\n\n"
	      "Turns news articles about diplomacy into dated, sourced events and timelines.\n\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nGlobal options:\n"
	      "  --db FILE     database (default $PARLEY_DB, else parley.db)\n"
	      "  --rules DIR   extra rules directory, may repeat (also $PARLEY_RULES, colon-separated)\n"
	      "  -q, --quiet   no progress or summary lines\n"
	      "  --version     print the version\n"
	      "  -h, --help    this help; `parley COMMAND --help` for a command\n\n"
	      "Exit status: 0 all good, 1 some inputs failed, 2 usage error.\n", f);
}

size_t cli_print_diags(const struct pl_diags *d)
{
	struct pl_buf out = PL_BUF_INIT;
	size_t errors = 0;
	for (size_t i = 0; i < d->n; i++) {
		pl_buf_reset(&out);
		pl_diag_format(d, &d->v[i], &out);
		if (out.p)
			fputs(out.p, stderr);
		errors += d->v[i].severity == PL_ERROR;
	}
	pl_buf_free(&out);
	/* pl_diags_add counts a diagnostic it had no memory to keep */
	if (d->nerrors > errors)
		fprintf(stderr, "parley: error: out of memory (%zu diagnostics lost)\n",
			d->nerrors - errors);
	return d->nerrors;
}

struct pl_store *cli_open_existing(const struct cli_globals *g, struct pl_diags *d)
{
	/* SQLite would create the file; ":memory:" is never a path */
	if (strcmp(g->db, ":memory:") != 0 && access(g->db, F_OK) != 0) {
		pl_error(d, g->db, "no database here (check --db or $PARLEY_DB; `parley ingest` "
				   "creates one)");
		return NULL;
	}
	return pl_store_open(g->db, d);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "parley %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'parley %s --help'.\n", cmd);
	return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		(*i)++;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "parley: option %s needs a value\n", name);
		return -1;
	}
	*val = argv[*i + 1];
	*i += 2;
	return 1;
}

/* Split $PARLEY_RULES on ':' into the rule directory list (after --rules ones). */
static void add_env_rule_dirs(struct cli_globals *g, char *env, size_t cap)
{
	for (char *p = env; p && *p && g->nrule_dirs < cap;) {
		char *c = strchr(p, ':');
		if (c)
			*c = '\0';
		if (*p)
			g->rule_dirs[g->nrule_dirs++] = p;
		p = c ? c + 1 : NULL;
	}
}

int main(int argc, char **argv)
{
	struct cli_globals g = { 0 };
	/* Process-wide SQLite setting, before its first use: memory statistics
	 * are never read, and they cost a mutex per allocation.  (Keeping
	 * statement journals in memory up to 4 MiB, SQLITE_CONFIG_STMTJRNL_SPILL,
	 * saved ~10% of system time but made SQLite 3.40 fail with "database or
	 * disk is full" when such a journal spilled during a DROP INDEX.) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	const char *env = getenv("PARLEY_DB");
	g.db = env && *env ? env : "parley.db";
	env = getenv("PARLEY_RULES_DIR");
	g.rules_shipped = env && *env ? env : PARLEY_SRC_RULES_DIR;
	env = getenv("PARLEY_DATA_DIR");
	g.data_dir = env && *env ? env : PARLEY_SRC_DATA_DIR;
	char *envrules = getenv("PARLEY_RULES") ? pl_strdup(getenv("PARLEY_RULES")) : NULL;
	/* room for every --rules and every ':'-separated $PARLEY_RULES entry */
	size_t cap = (size_t)argc + 1;
	for (const char *p = envrules; p && *p; p++)
		cap += *p == ':';
	g.rule_dirs = calloc(cap, sizeof *g.rule_dirs);
	char **cargv = calloc((size_t)argc + 1, sizeof *cargv);
	int cargc = 0, rc = EXIT_USAGE;
	const char *cmd = NULL;
	if (!g.rule_dirs || !cargv || (getenv("PARLEY_RULES") && !envrules)) {
		fputs("parley: out of memory\n", stderr);
		goto out;
	}

	/* Global options are accepted before and after the command name; the rest
	 * (after the name) is the command's argv.  `--` ends option scanning. */
	for (int i = 1; i < argc;) {
		const char *a = argv[i], *v;
		int r;
		if (strcmp(a, "--") == 0) {
			if (cmd)
				while (i < argc)
					cargv[cargc++] = argv[i++];
			else
				i++;
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
			if (r < 0)
				goto out;
			g.db = v;
			continue;
		}
		if ((r = cli_opt_value(argc, argv, &i, "--rules", &v)) != 0) {
			if (r < 0)
				goto out;
			g.rule_dirs[g.nrule_dirs++] = v;
			continue;
		}
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			g.quiet = true;
			i++;
			continue;
		}
		if (!cmd) {
			if (strcmp(a, "--version") == 0) {
				printf("parley %s\n", PARLEY_VERSION);
				rc = EXIT_OK;
				goto out;
			}
			if (cli_is_help(a)) {
				usage(stdout);
				rc = EXIT_OK;
				goto out;
			}
			if (a[0] == '-' && a[1] != '\0') {
				fprintf(stderr, "parley: unknown option '%s'\nTry 'parley --help'.\n", a);
				goto out;
			}
			cmd = a;
		}
		cargv[cargc++] = argv[i++];
	}
	if (!cmd) {
		usage(stderr);
		goto out;
	}
	add_env_rule_dirs(&g, envrules, cap);
	for (size_t c = 0; c < NCOMMANDS; c++)
		if (strcmp(commands[c].name, cmd) == 0) {
			rc = commands[c].run(&g, cargc, cargv);
			goto out;
		}
	fprintf(stderr, "parley: '%s' is not a parley command\nTry 'parley --help'.\n", cmd);
out:
	free(cargv);
	free(envrules);
	free(g.rule_dirs);
	return rc;
}
