/* jsonl.c - JSON Lines: one article object per line.  A bad line is a diagnostic at
 * its line and column and is skipped; the other lines still go in. */
#include <stdlib.h>
#include <string.h>

#include "ingest/fmtutil.h"
#include "ingest/formats.h"
#include "ingest/html.h"
#include "parley/json.h"

/* A string member as an owned one-line string (JSON strings may hold "\u0000":
 * the text stops there, as in C). */
static char *str_line(const struct pl_json *obj, const char *key)
{
	const char *s = pl_json_get_str(obj, key);
	return s ? pl_fmt_line(s, strlen(s), false) : NULL;
}

/* "captions": ["...", ...] when the producer kept them apart already. */
static void add_captions(struct pl_article *a, const struct pl_json *arr)
{
	if (!arr || arr->type != PL_JSON_ARRAY)
		return;
	for (size_t i = 0; i < arr->len; i++) {
		const struct pl_json *c = arr->items[i];
		if (c->type == PL_JSON_STRING)
			pl_fmt_add_caption(&a->captions, &a->ncaptions,
					   pl_fmt_line(c->str, strlen(c->str), false));
	}
}

static void line_error(struct pl_diags *d, const char *origin, const char *text, size_t len,
		       size_t off, const char *what, const char *detail)
{
	/* registered lazily: only files with a bad line pay for the copy */
	pl_diags_source(d, origin, text, len);
	pl_diags_add(d, PL_ERROR, origin, true, off, 0, "%s%s", what, detail);
}

long pl_jsonl_parse(const char *origin, const char *text, size_t len,
		    const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		    struct pl_diags *d)
{
	(void)opts;
	struct pl_arena *arena = pl_arena_create(1 << 16);
	long delivered = 0, lineno = 0;
	size_t i = 0;
	if (!arena) {
		pl_error(d, origin, "out of memory");
		return -1;
	}
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, start = i;
		i = e + 1;
		lineno++;
		size_t b = start;
		while (b < e && (text[b] == ' ' || text[b] == '\t'))
			b++;
		if (b == e)
			continue; /* blank lines are allowed between records */

		pl_arena_clear(arena);
		size_t err_off = 0;
		const char *err_msg = NULL;
		struct pl_json *j = pl_json_parse(text + start, e - start, arena, &err_off, &err_msg);
		if (!j) {
			line_error(d, origin, text, len, start + err_off, "invalid JSON: ", err_msg);
			continue;
		}
		if (j->type != PL_JSON_OBJECT) {
			line_error(d, origin, text, len, b, "a JSON Lines record must be an object", "");
			continue;
		}
		const char *body = pl_json_get_str(j, "text");
		bool html = false;
		if (!body || !*body) {
			body = pl_json_get_str(j, "html");
			html = true;
		}
		if (!body || !*body) {
			pl_diags_source(d, origin, text, len);
			pl_diags_add(d, PL_WARNING, origin, true, b, 0,
				     "record has no \"text\" or \"html\"; skipped");
			continue;
		}
		struct pl_article *a = pl_fmt_article_new();
		struct pl_buf o = PL_BUF_INIT, t = PL_BUF_INIT;
		if (!a) {
			pl_error(d, origin, "out of memory");
			break;
		}
		pl_buf_printf(&o, "%s#%ld", origin, lineno);
		a->origin = pl_buf_steal(&o);
		a->format = PL_FMT_JSONL;
		a->url = str_line(j, "url");
		a->title = str_line(j, "title");
		a->source = str_line(j, "source");
		a->byline = str_line(j, "byline");
		if (!a->byline)
			a->byline = str_line(j, "author");
		a->dateline = str_line(j, "dateline");
		a->language = str_line(j, "language");
		/* "published" as documented; "date" and schema.org's "datePublished" as
		 * other exporters write it */
		const char *pub = pl_json_get_str(j, "published");
		if (!pub)
			pub = pl_json_get_str(j, "date");
		if (!pub)
			pub = pl_json_get_str(j, "datePublished");
		if (pub && !pl_fmt_set_date(a, false, pub, strlen(pub), "jsonl:published")) {
			pl_diags_source(d, origin, text, len);
			pl_diags_add(d, PL_WARNING, origin, true, b, 0,
				     "publication date: cannot read '%s' as a date; ignored", pub);
		}
		const char *mod = pl_json_get_str(j, "modified");
		if (mod)
			pl_fmt_set_date(a, true, mod, strlen(mod), "");
		add_captions(a, pl_json_get(j, "captions"));
		if (html)
			pl_html_fragment_text(body, strlen(body), &t, &a->captions, &a->ncaptions);
		else
			pl_fmt_text_body(body, strlen(body), &t);
		a->body_len = t.len;
		a->body = t.len ? pl_buf_steal(&t) : pl_strdup("");
		pl_buf_free(&t);
		if (!a->body) { /* out of memory, not "no text": the caller must see it */
			pl_error(d, origin, "out of memory");
			pl_article_free(a);
			free(a);
			break;
		}
		delivered++;
		if (fn(a, ud) != 0)
			break;
	}
	pl_arena_destroy(arena);
	return delivered;
}
