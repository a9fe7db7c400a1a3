/* formats.h - private to ingest: the per-format parsers that pl_ingest_buffer
 * dispatches to, and the text-date finder they share.  Each parser gets UTF-8
 * text (already decoded) and hands articles to `fn` like pl_ingest_buffer. */
#ifndef PARLEY_INGEST_FORMATS_H
#define PARLEY_INGEST_FORMATS_H

#include "parley/ingest.h"

/* Plain text (plaintext.c): first non-furniture line is the title; a dateline
 * ("KYIV, Feb 5 (Reuters) -") or byline date and "N hours ago" against
 * opts->saved_at give the date; else opts->default_date.  Fills *out (zeroed by
 * the caller).  Returns 0, or -1 after a diagnostic when there is no text. */
int pl_plaintext_extract(const char *origin, const char *text, size_t len,
			 const struct pl_ingest_opts *opts, struct pl_article *out,
			 struct pl_diags *d);

/* Feeds (feed.c): RSS 2.0 and Atom, streamed with xmlTextReader. */
long pl_feed_parse(const char *origin, const char *xml, size_t len, enum pl_format fmt,
		   const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		   struct pl_diags *d);
/* News agency XML (newsxml.c): NITF and NewsML-G2. */
long pl_newsxml_parse(const char *origin, const char *xml, size_t len, enum pl_format fmt,
		      const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		      struct pl_diags *d);
/* JSON Lines (jsonl.c): one article per line; bad lines are diagnostics at
 * origin:line and are skipped. */
long pl_jsonl_parse(const char *origin, const char *text, size_t len,
		    const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		    struct pl_diags *d);

/* Dates written in text (textdate.c): a dateline at the start of `text`
 * ("KYIV, Feb 5 (Reuters) -", "WASHINGTON (AP) —", "Dec. 15, 2025"), a byline
 * date ("Published Dec. 15, 2025 10:30 a.m. ET", "Updated ..."), or a relative
 * one ("11 hours ago", "Published 3 days ago") resolved against opts->saved_at
 * (never against today).  `year_hint` supplies a year when the text omits it
 * (0: none; then such dates are not accepted).  Returns true and sets *dt and
 * *how (static: "dateline", "byline", "byline-relative", or "byline-updated"
 * when only an "Updated ..." date was found: callers may prefer to keep that
 * as the modified date) when found. */
bool pl_text_date(const char *text, size_t len, const struct pl_ingest_opts *opts, int year_hint,
		  struct pl_datetime *dt, const char **how);
/* Length in bytes of the dateline at the start of `text`, through its dash
 * ("KYIV, Feb 5 (Reuters) -", "BERLIN —", "(Bloomberg) —"), 0 when there is
 * none; for pl_article.dateline. */
size_t pl_text_dateline(const char *text, size_t len);

/* Shared XML safety (xmlsafe.c): install the deny-all external entity loader
 * (idempotent) and return the parser options every XML/HTML parse must use. */
void pl_xml_init(void);
int pl_xml_options(void);

#endif
