/* diag.c - diagnostics as data; GNU-style formatting with source line and caret. */
#include "parley/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_diags_init(struct pl_diags *d)
{
	memset(d, 0, sizeof *d);
}

void pl_diags_finish(struct pl_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	for (size_t i = 0; i < d->nsrc; i++) {
		free(d->src[i].file);
		free(d->src[i].text);
	}
	free(d->src);
	memset(d, 0, sizeof *d);
}

void pl_diags_source(struct pl_diags *d, const char *file, const char *text, size_t len)
{
	for (size_t i = 0; i < d->nsrc; i++)
		if (strcmp(d->src[i].file, file) == 0)
			return; /* first registration wins: offsets refer to it */
	if (!pl_grow(&d->src, &d->srccap, d->nsrc, sizeof *d->src))
		return; /* positions then print without the source line */
	char *f = pl_strdup(file), *t = pl_strndup(text, len);
	if (!f || !t) {
		free(f);
		free(t);
		return;
	}
	d->src[d->nsrc++] = (struct pl_diag_src){ f, t, len };
}

/* A diagnostic that cannot be stored (out of memory) is dropped but still
 * counted in nerrors, whatever its severity: the caller then fails instead of
 * reporting success, and the printer (the CLI) can tell that some were lost by
 * comparing nerrors with the errors in v.  The library never prints. */
void pl_diags_add(struct pl_diags *d, enum pl_severity sev, const char *file, bool has_pos,
		  size_t offset, size_t len, const char *fmt, ...)
{
	if (!pl_grow(&d->v, &d->cap, d->n, sizeof *d->v)) {
		d->nerrors++;
		return;
	}
	struct pl_buf m = PL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	char *msg = pl_buf_steal(&m);
	if (!msg) {
		d->nerrors++;
		return;
	}
	d->v[d->n++] = (struct pl_diag){ sev, pl_strdup(file), has_pos, offset, len, msg };
	if (sev == PL_ERROR)
		d->nerrors++;
}

void pl_line_col(const char *text, size_t len, size_t offset, unsigned *line, unsigned *col)
{
	unsigned l = 1;
	size_t bol = 0;
	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			l++;
			bol = i + 1;
		}
	*line = l;
	*col = (unsigned)(offset - bol) + 1;
}

static const struct pl_diag_src *find_src(const struct pl_diags *d, const char *file)
{
	if (!file)
		return NULL;
	for (size_t i = 0; i < d->nsrc; i++)
		if (strcmp(d->src[i].file, file) == 0)
			return &d->src[i];
	return NULL;
}

void pl_diag_format(const struct pl_diags *d, const struct pl_diag *g, struct pl_buf *out)
{
	static const char *const sevname[] = { "note", "warning", "error" };
	const struct pl_diag_src *s = g->has_pos ? find_src(d, g->file) : NULL;
	if (g->file)
		pl_buf_puts(out, g->file);
	else
		pl_buf_puts(out, "parley");
	if (s) {
		unsigned line, col;
		pl_line_col(s->text, s->len, g->offset, &line, &col);
		pl_buf_printf(out, ":%u:%u", line, col);
	}
	pl_buf_printf(out, ": %s: %s\n", sevname[g->severity], g->msg);
	if (!s)
		return;
	size_t off = g->offset > s->len ? s->len : g->offset;
	size_t bol = off, eol = off;
	while (bol > 0 && s->text[bol - 1] != '\n')
		bol--;
	while (eol < s->len && s->text[eol] != '\n')
		eol++;
	pl_buf_puts(out, "    ");
	/* The echoed line may come from a hostile file: control characters and
	 * bytes that are not UTF-8 print as '?' (a NUL would end the message, an
	 * escape sequence would drive the terminal).  One column per unit. */
	for (size_t i = bol; i < eol;) {
		uint32_t cp;
		int k = pl_utf8_decode(s->text + i, eol - i, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			pl_buf_putc(out, '?');
		else
			pl_buf_append(out, s->text + i, (size_t)k);
		i += k ? (size_t)k : 1;
	}
	pl_buf_puts(out, "\n    ");
	/* Pad with the line's own tabs so the caret lines up under tabbed text. */
	for (size_t i = bol; i < off;) {
		uint32_t cp;
		int k = pl_utf8_decode(s->text + i, eol - i, &cp);
		pl_buf_putc(out, k == 1 && cp == '\t' ? '\t' : ' ');
		i += k ? (size_t)k : 1;
	}
	pl_buf_putc(out, '^');
	size_t end = off + g->len;
	if (end > eol)
		end = eol;
	for (size_t i = off + 1; i < end; i++)
		if (!pl_utf8_is_cont(s->text[i]))
			pl_buf_putc(out, '~');
	pl_buf_putc(out, '\n');
}
