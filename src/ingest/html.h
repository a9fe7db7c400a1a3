/* html.h - private to ingest: HTML main-text and metadata extraction (html.c). */
#ifndef PARLEY_INGEST_HTML_H
#define PARLEY_INGEST_HTML_H

#include "parley/ingest.h"

/* Extract one article from a whole HTML page (already UTF-8, as decoded by
 * pl_decode_text): main text (pruning, container scoring, JSON-LD articleBody
 * cross-check), title, byline, source (og:site_name...), url (canonical / og:url),
 * language (<html lang>), captions (figcaption), and the publication date
 * cascade (JSON-LD, meta tags, <time>, URL, byline text; opts->saved_at for
 * "N hours ago"; modified kept apart).  Fills *out (which the caller zeroed);
 * origin and format are set by the caller.  Returns 0, or -1 after a diagnostic
 * naming `origin` when no text at all could be found. */
int pl_html_extract(const char *origin, const char *html, size_t len,
		    const struct pl_ingest_opts *opts, struct pl_article *out, struct pl_diags *d);

/* Text of an HTML fragment (feed content:encoded, NewsML XHTML, JSONL "html"):
 * block elements become paragraphs separated by "\n\n", whitespace folded,
 * entities decoded, script/style dropped; no main-content scoring.  Appends to
 * `out`.  Captions (<figcaption>) go to `captions` when not NULL. */
void pl_html_fragment_text(const char *html, size_t len, struct pl_buf *out,
			   char ***captions, size_t *ncaptions);

#endif
