/* jsonl.c - JSON Lines: one article object per line.  A bad line is a diagnostic at
 * its line and column and is skipped; the other lines still go in. */
#include <stdlib.h>
#include <string.h>

#include "ingest/fmtutil.h"
#include "ingest/formats.h"
#include "ingest/html.h"
#include "parley/json.h"

/* A decoded JSON string as text, into `tmp` (reset first): what the decoder
 * (encoding.c) does to raw bytes, done again because escapes are decoded after
 * it ran.  "\u0000" and the other C0 controls but tab and LF, and DEL, are
 * dropped, CR, CRLF, FF and VT become LF.  A NUL is dropped rather than made
 * U+FFFD because a raw NUL byte is dropped too: the same text, escaped or not,
 * gives the same article.  The result is valid UTF-8 (the reader validated it)
 * with no NUL, so the rest of a field after "\u0000" is kept.  Returns the
 * text (tmp's, or the string itself when it has nothing to drop) and sets *n;
 * NULL when v is not a string or tmp ran out of memory. */
static const char *clean(const struct pl_json *v, struct pl_buf *tmp, size_t *n)
{
	if (!v || v->type != PL_JSON_STRING)
		return NULL;
	const char *s = v->str;
	size_t i = 0;
	while (i < v->len && ((unsigned char)s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n') &&
	       s[i] != 0x7F)
		i++;
	*n = v->len;
	if (i == v->len)
		return s;
	pl_buf_reset(tmp);
	pl_buf_append(tmp, s, i);
	for (; i < v->len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' && i + 1 < v->len && s[i + 1] == '\n')
			continue; /* the LF that follows is kept */
		if (c == '\r' || c == '\f' || c == '\v')
			pl_buf_putc(tmp, '\n');
		else if (c >= 0x20 ? c != 0x7F : c == '\t' || c == '\n')
			pl_buf_putc(tmp, (char)c);
	}
	pl_buf_putc(tmp, '\0'); /* terminated for the parsers that want a C string */
	if (tmp->oom)
		return NULL;
	*n = tmp->len - 1;
	return tmp->p;
}

/* A string member as an owned one-line string, NULL when absent or empty. */
static char *str_line(const struct pl_json *obj, const char *key, struct pl_buf *tmp)
{
	size_t n;
	const char *s = clean(pl_json_get(obj, key), tmp, &n);
	return s ? pl_fmt_line(s, n, false) : NULL;
}

/* "captions": ["...", ...] when the producer kept them apart already. */
static void add_captions(struct pl_article *a, const struct pl_json *arr, struct pl_buf *tmp)
{
	if (!arr || arr->type != PL_JSON_ARRAY)
		return;
	for (size_t i = 0; i < arr->len; i++) {
		size_t n;
		const char *c = clean(arr->items[i], tmp, &n);
		if (c)
			pl_fmt_add_caption(&a->captions, &a->ncaptions, pl_fmt_line(c, n, false));
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
	struct pl_buf bodybuf = PL_BUF_INIT, tmp = PL_BUF_INIT; /* clean() copies, reused */
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
		size_t blen = 0;
		const char *body = clean(pl_json_get(j, "text"), &bodybuf, &blen);
		bool html = false;
		if (!body || !blen) {
			body = clean(pl_json_get(j, "html"), &bodybuf, &blen);
			html = true;
		}
		if (!body || !blen) {
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
		a->url = str_line(j, "url", &tmp);
		a->title = str_line(j, "title", &tmp);
		a->source = str_line(j, "source", &tmp);
		a->byline = str_line(j, "byline", &tmp);
		if (!a->byline)
			a->byline = str_line(j, "author", &tmp);
		a->dateline = str_line(j, "dateline", &tmp);
		a->language = str_line(j, "language", &tmp);
		/* "published" as documented; "date" and schema.org's "datePublished" as
		 * other exporters write it */
		const struct pl_json *pj = pl_json_get(j, "published");
		if (!pj || pj->type != PL_JSON_STRING)
			pj = pl_json_get(j, "date");
		if (!pj || pj->type != PL_JSON_STRING)
			pj = pl_json_get(j, "datePublished");
		size_t n;
		const char *pub = clean(pj, &tmp, &n);
		if (pub && !pl_fmt_set_date(a, false, pub, n, "jsonl:published")) {
			pl_diags_source(d, origin, text, len);
			pl_diags_add(d, PL_WARNING, origin, true, b, 0,
				     "publication date: cannot read '%s' as a date; ignored", pub);
		}
		const char *mod = clean(pl_json_get(j, "modified"), &tmp, &n);
		if (mod)
			pl_fmt_set_date(a, true, mod, n, "");
		add_captions(a, pl_json_get(j, "captions"), &tmp);
		if (html)
			pl_html_fragment_text(body, blen, &t, &a->captions, &a->ncaptions);
		else
			pl_fmt_text_body(body, blen, &t);
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
	pl_buf_free(&bodybuf);
	pl_buf_free(&tmp);
	return delivered;
}
