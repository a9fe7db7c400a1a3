/* ingest.c - the ingest entry point: size cap, decoding, format detection, dispatch to
 * the per-format parser, and the steps every article gets before the caller sees it
 * (origin, --source, the dateline's agency as source, --date, boilerplate rules,
 * empty-body check). */
#include <stdlib.h>
#include <string.h>

#include "ingest/fmtutil.h"
#include "ingest/formats.h"
#include "ingest/html.h"

void pl_article_free(struct pl_article *a)
{
	if (!a)
		return;
	free(a->origin);
	free(a->url);
	free(a->title);
	free(a->source);
	free(a->byline);
	free(a->dateline);
	free(a->language);
	free(a->published_how);
	free(a->body);
	for (size_t i = 0; i < a->ncaptions; i++)
		free(a->captions[i]);
	free(a->captions);
	memset(a, 0, sizeof *a);
}

bool pl_fmt_add_caption(char ***caps, size_t *ncaps, char *c)
{
	if (!c)
		return false;
	char **v = realloc(*caps, (*ncaps + 1) * sizeof *v);
	if (!v) {
		free(c);
		return false;
	}
	*caps = v;
	v[(*ncaps)++] = c;
	return true;
}

struct pl_article *pl_fmt_article_new(void)
{
	return calloc(1, sizeof(struct pl_article));
}

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

void pl_fmt_text_body(const char *s, size_t n, struct pl_buf *out)
{
	size_t start_len = out->len;
	bool para_break = false, space = false;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t b = i;
		while (b < e && is_blank((unsigned char)s[b]))
			b++;
		if (b == e) {
			para_break = true; /* blank line */
		} else {
			if (out->len > start_len)
				pl_buf_puts(out, para_break ? "\n\n" : " ");
			para_break = space = false;
			for (size_t k = b; k < e; k++) {
				unsigned char c = (unsigned char)s[k];
				/* U+00A0 no-break space folds like a blank: C2 A0 */
				bool nbsp = c == 0xC2 && k + 1 < e && (unsigned char)s[k + 1] == 0xA0;
				if (is_blank(c) || nbsp) {
					space = true;
					k += nbsp;
					continue;
				}
				if (space)
					pl_buf_putc(out, ' ');
				space = false;
				pl_buf_putc(out, (char)c);
			}
			space = false;
		}
		i = e + 1;
	}
}

/* Markup or a character reference ("&amp;", "&#8217;") needs the HTML reader. */
static bool has_markup(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<' && i + 1 < n &&
		    ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
		     s[i + 1] == '/' || s[i + 1] == '!'))
			return true;
		if (s[i] == '&' && i + 1 < n && (s[i + 1] == '#' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
						  (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
			size_t k = i + 1;
			while (k < n && k < i + 12 && s[k] != ';' && s[k] != ' ')
				k++;
			if (k < n && s[k] == ';')
				return true;
		}
	}
	return false;
}

void pl_fmt_markup_body(const char *s, size_t n, struct pl_buf *out, char ***caps, size_t *ncaps)
{
	if (has_markup(s, n))
		pl_html_fragment_text(s, n, out, caps, ncaps);
	else
		pl_fmt_text_body(s, n, out);
}

char *pl_fmt_line(const char *s, size_t n, bool markup)
{
	struct pl_buf t = PL_BUF_INIT, line = PL_BUF_INIT;
	if (markup && has_markup(s, n)) {
		pl_html_fragment_text(s, n, &t, NULL, NULL);
		s = t.p ? t.p : "";
		n = t.len;
	}
	/* every run of whitespace, newlines included, becomes one space */
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool nbsp = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
		if (is_blank(c) || c == '\n' || nbsp) {
			space = line.len > 0;
			i += nbsp;
			continue;
		}
		if (space)
			pl_buf_putc(&line, ' ');
		space = false;
		pl_buf_putc(&line, (char)c);
	}
	pl_buf_free(&t);
	if (line.len == 0) {
		pl_buf_free(&line);
		return NULL;
	}
	return pl_buf_steal(&line);
}

bool pl_fmt_set_date(struct pl_article *a, bool modified, const char *s, size_t n, const char *how)
{
	struct pl_datetime *slot = modified ? &a->modified : &a->published;
	struct pl_datetime dt;
	if (slot->prec != PL_PREC_NONE || !s)
		return false;
	if (!pl_datetime_parse(s, n, &dt)) {
		/* feeds in the wild also write "Monday, December 15, 2025": the text
		 * date reader knows those; relative dates are off (no saved_at here) */
		struct pl_ingest_opts none = { 0 };
		const char *ignored;
		if (!pl_text_date(s, n, &none, 0, &dt, &ignored))
			return false;
	}
	if (!modified) {
		char *h = pl_strdup(how);
		if (!h)
			return false;
		free(a->published_how);
		a->published_how = h;
	}
	*slot = dt;
	return true;
}

/* A string some parser produced that is not valid UTF-8 would break the promise
 * every later stage relies on; repair in place (never expected to trigger). */
static void ensure_utf8(char **s)
{
	if (!*s)
		return;
	size_t n = strlen(*s);
	if (pl_utf8_valid(*s, n))
		return;
	struct pl_buf b = PL_BUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int k = pl_utf8_decode(*s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		pl_utf8_put(&b, cp);
		i += (size_t)k;
	}
	char *r = pl_buf_steal(&b);
	if (r) {
		free(*s);
		*s = r;
	}
}

/* The news agency a dateline credits: "BERLIN, Dec 15 (Meridian Wire) -" ->
 * "Meridian Wire", "(Bloomberg) —" -> "Bloomberg".  The last parenthesized
 * group, when it reads as a name: 1 to 5 words of letters (and . & ' -), no
 * digits ("(UPDATE 2)" is no agency).  NULL when none; malloc'd. */
static char *dateline_agency(const char *dl)
{
	const char *close = strrchr(dl, ')');
	if (!close)
		return NULL;
	const char *open = close;
	while (open > dl && open[-1] != '(')
		open--;
	if (open == dl)
		return NULL; /* no '(' before the ')' */
	size_t n = (size_t)(close - open), words = 0;
	if (n == 0 || n > 60)
		return NULL;
	bool in_word = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)open[i];
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (c == ' ') {
			in_word = false;
			continue;
		}
		if (!letter && c != '.' && c != '&' && c != '\'' && c != '-')
			return NULL;
		if (!in_word) {
			if (words == 0 && !letter)
				return NULL; /* a name opens with a letter */
			words++;
		}
		in_word = true;
	}
	if (words > 5 || open[0] == ' ' || open[n - 1] == ' ')
		return NULL;
	return pl_strndup(open, n);
}

/* What the dispatcher adds around the user's callback. */
struct dispatch {
	const char *origin;
	enum pl_format fmt;
	const struct pl_ingest_opts *opts;
	pl_article_fn fn;
	void *ud;
	struct pl_diags *d;
	long delivered, dropped;
	bool failed; /* out of memory while finishing an article */
};

static void trim_body(struct pl_article *a)
{
	if (!a->body) {
		a->body_len = 0;
		return;
	}
	size_t n = strlen(a->body), b = 0;
	while (b < n && (is_blank((unsigned char)a->body[b]) || a->body[b] == '\n'))
		b++;
	while (n > b && (is_blank((unsigned char)a->body[n - 1]) || a->body[n - 1] == '\n'))
		n--;
	memmove(a->body, a->body + b, n - b);
	a->body[n - b] = '\0';
	a->body_len = n - b;
}

/* XHTML and NITF bodies often open with the headline again; the title already
 * holds it, and a repeated first line would make a spurious sentence. */
static void drop_title_paragraph(struct pl_article *a)
{
	if (!a->title || !a->body)
		return;
	size_t t = strlen(a->title);
	if (strncmp(a->body, a->title, t) != 0 || (a->body[t] != '\0' && a->body[t] != '\n'))
		return;
	if (a->body[t] == '\0')
		return; /* the title is all there is: keep it as the text */
	size_t k = t;
	while (a->body[k] == '\n')
		k++;
	memmove(a->body, a->body + k, strlen(a->body + k) + 1);
	a->body_len = strlen(a->body);
}

/* Finish one article and hand it on.  Takes ownership of `a` in every case. */
static int finish(struct pl_article *a, void *ud)
{
	struct dispatch *x = ud;
	if (!a->origin)
		a->origin = pl_strdup(x->origin);
	if (a->format == PL_FMT_UNKNOWN)
		a->format = x->fmt;
	if (x->opts && x->opts->source) {
		free(a->source);
		a->source = pl_strdup(x->opts->source);
	} else if (!a->source && a->dateline) {
		/* nothing names the outlet (plain text, a bare page): a wire story's
		 * dateline still credits its agency, the best source there is */
		a->source = dateline_agency(a->dateline);
	}
	if (a->published.prec == PL_PREC_NONE && x->opts &&
	    x->opts->default_date.prec != PL_PREC_NONE) {
		free(a->published_how);
		a->published = x->opts->default_date;
		a->published_how = pl_strdup("option:--date");
	}
	char **fields[] = { &a->origin, &a->url, &a->title, &a->source, &a->byline,
			    &a->dateline, &a->language, &a->body };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		ensure_utf8(fields[i]);
	for (size_t i = 0; i < a->ncaptions; i++)
		ensure_utf8(&a->captions[i]);
	trim_body(a);
	if (x->fmt != PL_FMT_TEXT && x->fmt != PL_FMT_HTML)
		drop_title_paragraph(a); /* the extractors for those decide for themselves */
	if (x->opts && x->opts->boiler && a->body_len > 0 &&
	    pl_boiler_apply(x->opts->boiler, a) < 0) {
		x->failed = true;
		pl_article_free(a);
		free(a);
		return 1;
	}
	trim_body(a);
	if (!a->origin || a->body_len == 0) {
		if (!a->origin)
			x->failed = true;
		else
			pl_diags_add(x->d, PL_WARNING, a->origin, false, 0, 0, "no text in this %s; skipped",
				     x->fmt == PL_FMT_RSS || x->fmt == PL_FMT_ATOM ? "feed item" : "article");
		x->dropped++;
		pl_article_free(a);
		free(a);
		return x->failed;
	}
	x->delivered++;
	return x->fn(a, x->ud);
}

/* Single-article formats: the extractor fills a zeroed article. */
static void single(struct dispatch *x, const char *text, size_t len)
{
	struct pl_article *a = pl_fmt_article_new();
	if (!a) {
		x->failed = true;
		return;
	}
	int rc = x->fmt == PL_FMT_HTML
			 ? pl_html_extract(x->origin, text, len, x->opts, a, x->d)
			 : pl_plaintext_extract(x->origin, text, len, x->opts, a, x->d);
	if (rc != 0) {
		pl_article_free(a);
		free(a);
		x->dropped++;
		return;
	}
	finish(a, x);
}

static bool all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank((unsigned char)s[i]) && s[i] != '\n')
			return false;
	return true;
}

long pl_ingest_buffer(const char *origin, const char *data, size_t len,
		      const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		      struct pl_diags *d)
{
	static const struct pl_ingest_opts no_opts; /* all unset: what NULL means */
	if (!opts)
		opts = &no_opts;
	struct pl_buf text = PL_BUF_INIT;
	struct dispatch x = { origin, PL_FMT_UNKNOWN, opts, fn, ud, d, 0, 0, false };
	size_t nerr0 = d->nerrors;
	long rc = -1;

	pl_xml_init();
	if (len > PL_MAX_INPUT) {
		pl_error(d, origin, "input is %.1f MiB, larger than the %u MiB limit",
			 (double)len / (1 << 20), PL_MAX_INPUT >> 20);
		goto out;
	}
	if (len == 0 || all_blank(data, len)) {
		pl_error(d, origin, "empty file");
		goto out;
	}
	if (!pl_decode_text(origin, data, len, &text, d))
		goto out;
	if (all_blank(text.p, text.len)) {
		pl_error(d, origin, "empty file");
		goto out;
	}
	x.fmt = pl_detect_format(text.p, text.len, origin);
	/* The parsers' own results are not needed: x.delivered counts what reached
	 * the caller (finish drops empty articles the parsers count), and a parse
	 * that fails midway has said so in `d` and keeps what it delivered. */
	switch (x.fmt) {
	case PL_FMT_RSS:
	case PL_FMT_ATOM:
		pl_feed_parse(origin, text.p, text.len, x.fmt, opts, finish, &x, d);
		break;
	case PL_FMT_NITF:
	case PL_FMT_NEWSML:
		pl_newsxml_parse(origin, text.p, text.len, x.fmt, opts, finish, &x, d);
		break;
	case PL_FMT_JSONL:
		pl_jsonl_parse(origin, text.p, text.len, opts, finish, &x, d);
		break;
	case PL_FMT_HTML:
	case PL_FMT_TEXT:
	case PL_FMT_UNKNOWN:
		if (x.fmt == PL_FMT_UNKNOWN)
			x.fmt = PL_FMT_TEXT;
		single(&x, text.p, text.len);
		break;
	}
	if (x.failed) {
		pl_error(d, origin, "out of memory");
		goto out;
	}
	if (x.delivered == 0) {
		/* the parser may already have said why; otherwise say it here */
		if (d->nerrors == nerr0)
			pl_error(d, origin, "no article found in this %s input", pl_format_name(x.fmt));
		goto out;
	}
	rc = x.delivered;
out:
	pl_buf_free(&text);
	return rc;
}
