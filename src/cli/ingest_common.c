/* ingest_common.c - options, diagnostics and the progress line shared by ingest, text and demo. */
#include "ingest_common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool cli_parse_date(const char *s, struct pl_datetime *dt)
{
	/* The shape is checked here (pl_datetime_parse also takes "2025", RFC 822
	 * and more, which the options do not); the values by pl_datetime_parse. */
	size_t n = strlen(s), i = 10;
	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	if (i < n) {
		if (n < 16 || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2))
			return false;
		i = 16;
		if (i < n && s[i] == ':') {
			if (n < 19 || !digits(s + 17, 2))
				return false;
			i = 19;
		}
		if (i < n && s[i] == 'Z')
			i++;
		else if (i < n && (s[i] == '+' || s[i] == '-')) {
			if (n < i + 6 || !digits(s + i + 1, 2) || s[i + 3] != ':' || !digits(s + i + 4, 2))
				return false;
			i += 6;
		}
	}
	return i == n && pl_datetime_parse(s, n, dt);
}

int cli_ingest_option(const char *cmd, int argc, char **argv, int *i, struct pl_ingest_opts *o)
{
	const char *v;
	int r;
	if ((r = cli_opt_value(argc, argv, i, "--source", &v)) != 0) {
		if (r > 0 && !*v)
			return cli_usage_error(cmd, "--source needs a name"), -1;
		o->source = v;
		return r;
	}
	bool saved = false;
	if ((r = cli_opt_value(argc, argv, i, "--date", &v)) == 0 &&
	    (r = cli_opt_value(argc, argv, i, "--saved-at", &v)) != 0)
		saved = true;
	if (r <= 0)
		return r;
	if (!cli_parse_date(v, saved ? &o->saved_at : &o->default_date)) {
		cli_usage_error(cmd, "%s '%s' is not a date: expected YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]]",
				saved ? "--saved-at" : "--date", v);
		return -1;
	}
	return 1;
}

int cli_format_option(const char *cmd, int argc, char **argv, int *i, const char *first,
		      const char *second, const char **format)
{
	const char *v;
	int r = cli_opt_value(argc, argv, i, "--format", &v);
	if (r <= 0)
		return r;
	if (strcmp(v, first) != 0 && strcmp(v, second) != 0) {
		cli_usage_error(cmd, "--format must be %s or %s, not '%s'", first, second, v);
		return -1;
	}
	*format = v;
	return 1;
}

/* The shipped rules/ then every --rules directory; caller frees the array. */
static const char **rule_dirs(const struct cli_globals *g, struct pl_diags *d)
{
	const char **dirs = calloc(g->nrule_dirs + 1, sizeof *dirs);
	if (!dirs) {
		pl_error(d, g->rules_shipped, "out of memory");
		return NULL;
	}
	dirs[0] = g->rules_shipped;
	for (size_t i = 0; i < g->nrule_dirs; i++)
		dirs[i + 1] = g->rule_dirs[i];
	return dirs;
}

struct pl_boiler *cli_load_boiler(const struct cli_globals *g, struct pl_diags *d)
{
	const char **dirs = rule_dirs(g, d);
	struct pl_boiler *b = dirs ? pl_boiler_load(dirs, g->nrule_dirs + 1, d) : NULL;
	free(dirs);
	return b;
}

struct pl_textlists *cli_load_textlists(const struct cli_globals *g, struct pl_diags *d)
{
	const char **dirs = rule_dirs(g, d);
	struct pl_textlists *tl = dirs ? pl_textlists_load(dirs, g->nrule_dirs + 1, d) : NULL;
	free(dirs);
	pl_textlists_use(tl); /* for the stages that split sentences without options */
	return tl;
}

void cli_drop_textlists(struct pl_textlists *tl)
{
	pl_textlists_use(NULL);
	pl_textlists_destroy(tl);
}

void cli_print_new_diags(const struct pl_diags *d, size_t *printed)
{
	struct pl_buf out = PL_BUF_INIT;
	for (; *printed < d->n; (*printed)++) {
		pl_buf_reset(&out);
		pl_diag_format(d, &d->v[*printed], &out);
		if (out.p)
			fputs(out.p, stderr);
	}
	pl_buf_free(&out);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_init(struct cli_progress *p, const struct cli_globals *g, const struct pl_diags *d)
{
	memset(p, 0, sizeof *p);
	p->on = !g->quiet && isatty(fileno(stderr));
	p->start = p->last = now();
	p->d = d;
}

static void clear_line(struct cli_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

void cli_progress_report(const struct pl_import_progress *ip, void *ud)
{
	struct cli_progress *p = ud;
	if (p->printed < p->d->n) {
		clear_line(p);
		cli_print_new_diags(p->d, &p->printed);
	}
	double t = now();
	/* 10 redraws a second are smooth enough and cost nothing measurable. */
	if (!p->on || (t - p->last < 0.1 && ip->files_done < ip->files_total))
		return;
	p->last = t;
	double secs = t - p->start;
	fprintf(stderr, "\r\033[K%zu/%zu files, %llu articles, %.1f MB/s", ip->files_done,
		ip->files_total, (unsigned long long)ip->articles,
		secs > 0 ? (double)ip->bytes / 1e6 / secs : 0.0);
	p->shown = true;
}

void cli_progress_finish(struct cli_progress *p)
{
	clear_line(p);
	cli_print_new_diags(p->d, &p->printed);
}
