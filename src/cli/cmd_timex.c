/* cmd_timex.c - `parley timex`: tag and normalize the time expressions of plain text. */
#include "commands.h"

#include "parley/time.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: parley timex [--dct DATE[THH:MM]] [--format jsonl|timeml] FILE|-...\n"
	"\n"
	"Finds the time expressions of plain UTF-8 text (rules/time*.rules) and\n"
	"normalizes them to TimeML TIMEX3 values.\n"
	"\n"
	"  --dct DATE      document creation time (publication date, optionally with\n"
	"                  the time): relative expressions (\"yesterday\", \"on Monday\")\n"
	"                  are grounded against it.  Without it they stay\n"
	"                  underspecified and are marked \"anchor\":\"unresolved\".\n"
	"  --format jsonl  one JSON object per expression (default): start, end (UTF-8\n"
	"                  byte offsets, end exclusive), text, type, value, mod when\n"
	"                  present, range_end for the first of a range, anchor, rule\n"
	"  --format timeml a TimeML document per FILE: the DCT, then the text with\n"
	"                  inline <TIMEX3 tid type value [mod]> tags; characters XML\n"
	"                  cannot hold (control characters) are written as U+FFFD\n"
	"\n"
	"Exit status: 0 all good, 1 an input or the rules failed, 2 usage.\n";

/* The n expressions v of the piece text[0..) that starts `base` bytes into the input. */
static void print_jsonl(const char *text, size_t base, const struct pl_timex *v, size_t n,
			struct pl_buf *b)
{
	for (size_t i = 0; i < n; i++) {
		const struct pl_timex *t = &v[i];
		pl_buf_printf(b, "{\"start\":%zu,\"end\":%zu,\"text\":", base + t->start,
			      base + t->end);
		pl_buf_json_str(b, text + t->start, t->end - t->start);
		pl_buf_printf(b, ",\"type\":\"%s\",\"value\":", pl_timex_type_name(t->type));
		pl_buf_json_str(b, t->value, strlen(t->value));
		if (t->mod) {
			pl_buf_puts(b, ",\"mod\":");
			pl_buf_json_str(b, t->mod, strlen(t->mod));
		}
		if (t->range_end) {
			pl_buf_puts(b, ",\"range_end\":");
			pl_buf_json_str(b, t->range_end, strlen(t->range_end));
		}
		pl_buf_printf(b, ",\"anchor\":\"%s\",\"rule\":", pl_timex_anchor_name(t->anchor));
		pl_buf_json_str(b, t->rule_id, strlen(t->rule_id));
		pl_buf_puts(b, "}\n");
	}
}

/* An input is tagged and printed in pieces, so memory follows the piece and
 * not the input: holding every match of a 20 MB text of dates took 1.7 GB
 * (the rule engine's candidates and matches, ~100 bytes per input byte when
 * dates are dense).  A piece ends at the first blank line after PIECE_MIN
 * bytes; an article is one piece and tags as ingest tags it.  Where no blank
 * line comes before PIECE_MAX, the piece is cut at the last line break or
 * space before it and tagged with PIECE_SEE bytes more, so an expression
 * across the cut is found whole in the piece that sees its start.  The
 * reference time ("the next day") starts again from the DCT in each piece. */
#define PIECE_MIN (64u << 10)
#define PIECE_MAX (256u << 10)
#define PIECE_SEE 256u /* more than any time expression's length */

/* Where the piece starting at `at` ends; *cut when it ends mid-paragraph. */
static size_t piece_end(const char *s, size_t len, size_t at, bool *cut)
{
	*cut = false;
	if (len - at <= PIECE_MAX)
		return len;
	for (size_t i = at + PIECE_MIN; i + 1 < at + PIECE_MAX; i++)
		if (s[i] == '\n' && s[i + 1] == '\n')
			return i + 2;
	*cut = true;
	size_t e = at + PIECE_MAX, sp = 0;
	for (size_t i = e; i > at + PIECE_MIN && !sp; i--)
		if (s[i - 1] == '\n')
			sp = i;
	for (size_t i = e; i > at + PIECE_MIN && !sp; i--)
		if (s[i - 1] == ' ')
			sp = i;
	if (sp)
		return sp;
	while (e > at + 1 && pl_utf8_is_cont(s[e])) /* no space at all: a character boundary */
		e--;
	return e;
}

/* Tag one input and print it piece by piece; false when it could not be read
 * (or memory ran out: what was printed stays, the error says so). */
static bool tag_file(struct pl_tagger *tg, const char *path, const struct pl_datetime *dct,
		     const char *dct_s, bool timeml, struct pl_diags *d)
{
	struct pl_buf in = PL_BUF_INIT, out = PL_BUF_INIT;
	struct pl_timexes x = { 0 };
	bool ok = false, oom = false;
	size_t tid = 1;
	if (pl_read_file(path, PL_MAX_INPUT, &in, d) != 0)
		goto out;
	const char *text = in.p ? in.p : "";
	size_t bad = pl_utf8_valid_prefix(text, in.len);
	if (bad != in.len) {
		pl_error(d, path, "not valid UTF-8 at byte %zu (timex reads plain UTF-8 text)", bad);
		goto out;
	}
	if (timeml)
		pl_timeml_write_begin(&out, dct_s);
	for (size_t at = 0; at < in.len;) {
		bool cut;
		size_t e = piece_end(text, in.len, at, &cut), see = e;
		if (cut) {
			see = e + PIECE_SEE < in.len ? e + PIECE_SEE : in.len;
			while (see < in.len && pl_utf8_is_cont(text[see]))
				see++;
		}
		pl_timexes_free(&x);
		if (pl_timex_tag(tg, text + at, see - at, dct, &x, d) < 0) {
			oom = true;
			break;
		}
		/* keep the expressions that start before the cut; the next piece
		 * starts after the last one kept */
		size_t n = 0, next = e;
		while (n < x.n && at + x.v[n].start < e)
			n++;
		if (n && at + x.v[n - 1].end > next)
			next = at + x.v[n - 1].end;
		if (timeml)
			pl_timeml_write_text(text + at, next - at, x.v, n, tid, &out);
		else
			print_jsonl(text + at, at, x.v, n, &out);
		tid += n;
		if (out.oom)
			break;
		if (out.len > (64u << 10)) { /* written as it comes: memory stays one piece's */
			fwrite(out.p, 1, out.len, stdout);
			pl_buf_reset(&out);
		}
		at = next;
	}
	if (timeml)
		pl_timeml_write_end(&out);
	if (oom || out.oom) {
		pl_error(d, path, "out of memory");
		goto out;
	}
	if (out.len)
		fwrite(out.p, 1, out.len, stdout);
	ok = true;
out:
	pl_timexes_free(&x);
	pl_buf_free(&out);
	pl_buf_free(&in);
	return ok;
}

int cmd_timex(struct cli_globals *g, int argc, char **argv)
{
	const char *dct_s = NULL, *format = "jsonl";
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t nfiles = 0;
	bool options = true;
	int rc = EXIT_OK;
	struct pl_diags d;
	struct pl_ruleset *rs = NULL;
	struct pl_tagger *tg = NULL;
	struct pl_datetime dct;
	pl_diags_init(&d);
	if (!files) {
		rc = EXIT_INPUT;
		goto out;
	}
	for (int i = 1; i < argc;) {
		const char *a = argv[i], *v;
		int r;
		if (options && cli_is_help(a)) {
			fputs(help, stdout);
			goto out;
		}
		if (options && strcmp(a, "--") == 0) {
			options = false;
			i++;
			continue;
		}
		if (options && (r = cli_opt_value(argc, argv, &i, "--dct", &v)) != 0) {
			if (r < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
			dct_s = v;
			continue;
		}
		if (options && (r = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
			format = v;
			continue;
		}
		if (options && a[0] == '-' && a[1] != '\0') {
			rc = cli_usage_error("timex", "unknown option '%s'", a);
			goto out;
		}
		files[nfiles++] = a;
		i++;
	}
	if (strcmp(format, "jsonl") != 0 && strcmp(format, "timeml") != 0) {
		rc = cli_usage_error("timex", "--format must be jsonl or timeml, not '%s'", format);
		goto out;
	}
	if (nfiles == 0) {
		rc = cli_usage_error("timex", "needs a FILE (or - for standard input)");
		goto out;
	}
	if (dct_s && (!pl_timex_parse_dct(dct_s, &dct) || dct.prec < PL_PREC_DAY)) {
		rc = cli_usage_error("timex", "--dct needs YYYY-MM-DD[THH:MM], not '%s'", dct_s);
		goto out;
	}
	static const char *const prefixes[] = { "common", "time" };
	rs = pl_rules_load_prefixed(g->rules_shipped, g->rule_dirs, g->nrule_dirs, prefixes, 2, &d);
	if (!rs || d.nerrors) {
		rc = EXIT_INPUT;
		goto out;
	}
	tg = pl_tagger_create(rs);
	if (!tg) {
		rc = EXIT_INPUT;
		goto out;
	}
	for (size_t i = 0; i < nfiles; i++)
		if (!tag_file(tg, files[i], dct_s ? &dct : NULL, dct_s, strcmp(format, "timeml") == 0,
			      &d))
			rc = EXIT_INPUT;
out:
	cli_print_diags(&d);
	pl_tagger_destroy(tg);
	pl_rules_destroy(rs);
	pl_diags_finish(&d);
	free(files);
	return rc;
}
