/* test_golden.c - extraction golden cases: each fixtures/cases/NAME.txt is a
 * short article (comment lines "# ...", "@dct DATE", "@caption TEXT", then
 * the body, paragraphs separated by blank lines); NAME.expected holds the
 * events it must yield, as format_event prints them.  UPDATE_GOLDEN=1
 * rewrites the expected files. */
#include "../check.h"
#include "../rules/golden.h"
#include "common.h"

/* Split a case file into DCT, captions and body. */
static void parse_case(char *text, struct pl_datetime *dct, char **caps, size_t *ncaps,
		       struct pl_buf *body)
{
	*ncaps = 0;
	char *line = text;
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (line[0] == '#') {
			/* comment */
		} else if (!strncmp(line, "@dct ", 5)) {
			pl_datetime_parse(line + 5, strlen(line + 5), dct);
		} else if (!strncmp(line, "@caption ", 9) && *ncaps < 8) {
			caps[(*ncaps)++] = line + 9;
		} else {
			if (nl)
				*nl = '\n';
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	while (line && *line == '\n')
		line++;
	if (line)
		pl_buf_puts(body, line);
	while (body->len && (body->p[body->len - 1] == '\n' || body->p[body->len - 1] == ' '))
		body->p[--body->len] = '\0';
}

static void run_case(struct pl_extractor *x, const char *dir, const char *name)
{
	struct pl_buf path = PL_BUF_INIT, text = PL_BUF_INIT, body = PL_BUF_INIT, out = PL_BUF_INIT;
	struct pl_diags d;
	struct pl_events ev = { 0 };
	pl_diags_init(&d);
	pl_buf_printf(&path, "%s/%s", dir, name);
	CHECK(pl_read_file(path.p, 1 << 20, &text, &d) == 0);
	if (text.p) {
		struct pl_datetime dct = { 0 };
		char *caps[8];
		size_t ncaps;
		parse_case(text.p, &dct, caps, &ncaps, &body);
		struct pl_article_view v = { 0 };
		v.origin = name;
		v.published = dct;
		v.body = body.p ? body.p : "";
		v.body_len = body.len;
		v.captions = (const char *const *)caps;
		v.ncaptions = ncaps;
		long n = pl_extract_article(x, &v, &ev, &d);
		CHECK(n >= 0);
		for (size_t i = 0; i < ev.n; i++) {
			CHECK_INT(ev.v[i].nsources, 1);
			CHECK_INT(ev.v[i].nmentions, 1);
			CHECK(ev.v[i].confidence > 0 && ev.v[i].confidence < 1);
			format_event(&ev.v[i], v.body, &out);
		}
		if (!ev.n)
			pl_buf_puts(&out, "(no events)\n");
		pl_buf_reset(&path);
		pl_buf_printf(&path, "%s/%.*s.expected", dir, (int)(strlen(name) - 4), name);
		check_count_++;
		if (!golden_compare(path.p, out.p ? out.p : "", out.len)) {
			check_failures_++;
			fprintf(stderr, "case %s failed\n", name);
		}
	}
	print_diags(&d);
	pl_events_free(&ev);
	pl_diags_finish(&d);
	pl_buf_free(&path);
	pl_buf_free(&text);
	pl_buf_free(&body);
	pl_buf_free(&out);
}

int main(void)
{
	struct pl_ruleset *rs = NULL;
	struct pl_extractor *x = open_extractor(&rs);
	if (!x) {
		fprintf(stderr, "cannot load rules or reference data\n");
		return 1;
	}
	const char *src = env_or("PARLEY_SRC", ".");
	struct pl_buf dir = PL_BUF_INIT;
	pl_buf_printf(&dir, "%s/tests/extract/fixtures/cases", src);
	char **names;
	size_t n = golden_list(dir.p, ".txt", &names);
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		check_current_ = names[i];
		run_case(x, dir.p, names[i]);
		free(names[i]);
	}
	free(names);
	pl_buf_free(&dir);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	return check_done();
}
