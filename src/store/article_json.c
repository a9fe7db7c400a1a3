/* article_json.c - one JSON shape for an article, parsed (`parley text`) or stored (`parley articles`). */
#include "store_int.h"

#include <string.h>

static void key(struct pl_buf *out, const char *k, bool first)
{
	if (!first)
		pl_buf_putc(out, ',');
	pl_buf_json_str(out, k, strlen(k));
	pl_buf_putc(out, ':');
}

/* "k":"v" or "k":null */
static void str_member(struct pl_buf *out, const char *k, const char *v)
{
	key(out, k, false);
	if (v)
		pl_buf_json_str(out, v, strlen(v));
	else
		pl_buf_puts(out, "null");
}

static void captions_member(struct pl_buf *out, const char *const *caps, size_t n)
{
	key(out, "captions", false);
	pl_buf_json_strv(out, caps, n);
}

/* The members both shapes share, after "title" and before "captions". */
struct shared {
	const char *source, *url, *published, *how, *precision, *modified, *byline, *dateline,
		*language, *format, *origin;
};

static void shared_members(struct pl_buf *out, const struct shared *m)
{
	str_member(out, "source", m->source);
	str_member(out, "url", m->url);
	str_member(out, "published", m->published);
	str_member(out, "published_how", m->how);
	str_member(out, "published_precision", m->precision);
	str_member(out, "modified", m->modified);
	str_member(out, "byline", m->byline);
	str_member(out, "dateline", m->dateline);
	str_member(out, "language", m->language);
	str_member(out, "format", m->format);
	str_member(out, "origin", m->origin);
}

void pl_article_json(const struct pl_article *a, struct pl_buf *out)
{
	struct pl_buf pub = PL_BUF_INIT, mod = PL_BUF_INIT;
	if (a->published.prec != PL_PREC_NONE)
		pl_datetime_format(&a->published, &pub);
	if (a->modified.prec != PL_PREC_NONE)
		pl_datetime_format(&a->modified, &mod);
	pl_buf_putc(out, '{');
	key(out, "title", true);
	if (a->title)
		pl_buf_json_str(out, a->title, strlen(a->title));
	else
		pl_buf_puts(out, "null");
	struct shared m = { a->source, a->url, pub.p, a->published_how,
			    pl_precision_name(a->published.prec), mod.p, a->byline, a->dateline,
			    a->language, pl_format_name(a->format), a->origin };
	shared_members(out, &m);
	captions_member(out, (const char *const *)a->captions, a->ncaptions);
	key(out, "body", false);
	pl_buf_json_str(out, a->body ? a->body : "", a->body ? a->body_len : 0);
	pl_buf_putc(out, '}');
	if (pub.oom || mod.oom)
		out->oom = true;
	pl_buf_free(&pub);
	pl_buf_free(&mod);
}

void pl_stored_json(const struct pl_stored *a, struct pl_buf *out)
{
	pl_buf_printf(out, "{\"id\":%lld", (long long)a->id);
	str_member(out, "title", a->title);
	struct shared m = { a->source, a->url, a->published, a->published_how,
			    a->published_precision, a->modified, a->byline, a->dateline,
			    a->language, a->format, a->origin };
	shared_members(out, &m);
	str_member(out, "content_hash", a->content_hash);
	key(out, "wire_of", false);
	if (a->wire_of)
		pl_buf_printf(out, "%lld", (long long)a->wire_of);
	else
		pl_buf_puts(out, "null");
	str_member(out, "ingested_at", a->ingested_at);
	pl_buf_printf(out, ",\"body_bytes\":%zu,\"paragraphs\":%ld,\"sentences\":%ld", a->body_len,
		      a->nparagraphs, a->nsentences);
	if (a->body) { /* a listing with texts */
		captions_member(out, a->captions, (size_t)a->ncaptions);
		key(out, "body", false);
		pl_buf_json_str(out, a->body, a->body_len);
	}
	pl_buf_putc(out, '}');
}
