/* fmtutil.h - private to the format parsers (feed.c, newsxml.c, jsonl.c, boiler.c, ingest.c): the
 * small steps every structured format shares, defined in ingest.c. */
#ifndef PARLEY_INGEST_FMTUTIL_H
#define PARLEY_INGEST_FMTUTIL_H

#include "parley/ingest.h"

/* Plain text to body form, appended to `out`: each line's runs of blanks folded to
 * one space, lines of a paragraph joined by a space, paragraphs (split at blank
 * lines) joined by "\n\n", no leading or trailing whitespace. */
void pl_fmt_text_body(const char *s, size_t n, struct pl_buf *out);

/* Text that may be an HTML fragment (feed descriptions, JSONL "html", titles with
 * entities): through pl_html_fragment_text when it holds markup or a character
 * reference, else pl_fmt_text_body.  Captions are appended to *caps (caller owns). */
void pl_fmt_markup_body(const char *s, size_t n, struct pl_buf *out, char ***caps, size_t *ncaps);

/* A one-line field (title, byline, source): markup removed when present, blanks
 * folded.  Returns a malloc'd string (caller owns), or NULL when nothing is left. */
char *pl_fmt_line(const char *s, size_t n, bool markup);

/* Parse `s` as a date and store it in a->published (with `how`, a static string)
 * or a->modified, unless that slot is already filled: the first source in each
 * format's order of preference wins.  Returns true when stored. */
bool pl_fmt_set_date(struct pl_article *a, bool modified, const char *s, size_t n, const char *how);

/* Append caption `c` (malloc'd; owned by the list from here on, freed on
 * failure) to the list *caps of *ncaps entries.  False when c is NULL or on OOM. */
bool pl_fmt_add_caption(char ***caps, size_t *ncaps, char *c);

/* Fresh zeroed article on the heap, or NULL on OOM. */
struct pl_article *pl_fmt_article_new(void);

#endif
