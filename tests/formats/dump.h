/* dump.h - test helper: an article and diagnostics as readable text, the form the
 * golden files under fixtures/ are written in. */
#ifndef PARLEY_TEST_FORMATS_DUMP_H
#define PARLEY_TEST_FORMATS_DUMP_H

#include <stdlib.h>

#include "parley/ingest.h"

static inline void dump_field(struct pl_buf *b, const char *name, const char *v)
{
	if (v)
		pl_buf_printf(b, "%s: %s\n", name, v);
}

static inline void dump_article(struct pl_buf *b, const struct pl_article *a)
{
	pl_buf_printf(b, "=== %s\n", a->origin ? a->origin : "(no origin)");
	pl_buf_printf(b, "format: %s\n", pl_format_name(a->format));
	dump_field(b, "title", a->title);
	dump_field(b, "url", a->url);
	dump_field(b, "source", a->source);
	dump_field(b, "byline", a->byline);
	dump_field(b, "dateline", a->dateline);
	dump_field(b, "language", a->language);
	if (a->published.prec != PL_PREC_NONE) {
		pl_buf_puts(b, "published: ");
		pl_datetime_format(&a->published, b);
		pl_buf_printf(b, " (%s)\n", a->published_how ? a->published_how : "?");
	}
	if (a->modified.prec != PL_PREC_NONE) {
		pl_buf_puts(b, "modified: ");
		pl_datetime_format(&a->modified, b);
		pl_buf_putc(b, '\n');
	}
	for (size_t i = 0; i < a->ncaptions; i++)
		dump_field(b, "caption", a->captions[i]);
	pl_buf_printf(b, "body:\n%s\n", a->body ? a->body : "(null)");
}

static inline void dump_diags(struct pl_buf *b, const struct pl_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		pl_diag_format(d, &d->v[i], b);
}

#endif
