/* extract_dump.c - print the event mentions of input files (a developer tool
 * for reading what the rules make of real articles; not a test).
 *
 *   extract_dump [--date YYYY-MM-DD] [--saved-at TIME] FILE...
 */
#include "common.h"

int main(int argc, char **argv)
{
	struct pl_ruleset *rs = NULL;
	struct pl_extractor *x = open_extractor(&rs);
	struct pl_ingest_opts opts = { 0 };
	struct pl_diags d;
	int rc = 0;
	if (!x)
		return 1;
	const char *rules = env_or("PARLEY_RULES_DIR", PARLEY_SRC_RULES_DIR);
	pl_diags_init(&d);
	struct pl_boiler *b = pl_boiler_load(&rules, 1, &d);
	opts.boiler = b;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--date") && i + 1 < argc) {
			pl_datetime_parse(argv[i + 1], strlen(argv[i + 1]), &opts.default_date);
			i++;
			continue;
		}
		if (!strcmp(argv[i], "--saved-at") && i + 1 < argc) {
			pl_datetime_parse(argv[i + 1], strlen(argv[i + 1]), &opts.saved_at);
			i++;
			continue;
		}
		struct pl_buf in = PL_BUF_INIT;
		struct collect c = { 0 };
		if (pl_read_file(argv[i], PL_MAX_INPUT, &in, &d) != 0 ||
		    pl_ingest_buffer(argv[i], in.p, in.len, &opts, collect_article, &c, &d) < 0)
			rc = 1;
		for (size_t k = 0; k < c.n; k++) {
			struct pl_events ev = { 0 };
			struct pl_buf o = PL_BUF_INIT;
			struct pl_buf pub = PL_BUF_INIT;
			pl_datetime_format(&c.v[k]->published, &pub);
			if (extract_one(x, c.v[k], &ev, &d) < 0)
				rc = 1;
			printf("==> %s (%s) %zu events\n", c.v[k]->origin, pub.p ? pub.p : "undated", ev.n);
			for (size_t j = 0; j < ev.n; j++)
				format_event(&ev.v[j], c.v[k]->body, &o);
			if (o.len)
				fputs(o.p, stdout);
			pl_buf_free(&o);
			pl_buf_free(&pub);
			pl_events_free(&ev);
			pl_article_free(c.v[k]);
			free(c.v[k]);
		}
		free(c.v);
		pl_buf_free(&in);
	}
	print_diags(&d);
	pl_diags_finish(&d);
	pl_boiler_destroy(b);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	return rc;
}
