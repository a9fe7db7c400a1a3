/* buf.c - owning growable byte buffer with a sticky out-of-memory flag. */
#include "parley/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_buf_free(struct pl_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void pl_buf_reset(struct pl_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

bool pl_buf_reserve(struct pl_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->oom = true;
		return false;
	}
	size_t need = b->len + extra + 1; /* +1 keeps room for the NUL */
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void pl_buf_append(struct pl_buf *b, const void *p, size_t n)
{
	if (!pl_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void pl_buf_puts(struct pl_buf *b, const char *s)
{
	pl_buf_append(b, s, strlen(s));
}

void pl_buf_putc(struct pl_buf *b, char c)
{
	pl_buf_append(b, &c, 1);
}

void pl_buf_put_padded(struct pl_buf *b, unsigned long long n, int width)
{
	char d[24];
	size_t k = sizeof d;
	do {
		d[--k] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k > sizeof d - 20 && (int)(sizeof d - k) < width)
		d[--k] = '0';
	pl_buf_append(b, d + k, sizeof d - k);
}

void pl_buf_vprintf(struct pl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !pl_buf_reserve(b, (size_t)n)) {
		b->oom = true;
		return;
	}
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void pl_buf_printf(struct pl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void pl_buf_json_str(struct pl_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	pl_buf_putc(b, '"');
	size_t run = 0; /* start of the pending run of bytes needing no escape */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c < 0x20 || c == 0x7f) {
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
			}
		}
		if (!esc)
			continue;
		pl_buf_append(b, s + run, i - run);
		pl_buf_puts(b, esc);
		run = i + 1;
	}
	pl_buf_append(b, s + run, n - run);
	pl_buf_putc(b, '"');
}

void pl_buf_json_strv(struct pl_buf *b, const char *const *v, size_t n)
{
	pl_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const char *s = v[i] ? v[i] : "";
		if (i)
			pl_buf_putc(b, ',');
		pl_buf_json_str(b, s, strlen(s));
	}
	pl_buf_putc(b, ']');
}

char *pl_buf_steal(struct pl_buf *b)
{
	if (b->oom) {
		pl_buf_free(b);
		return NULL;
	}
	if (!b->p && !pl_buf_reserve(b, 0))
		return NULL;
	if (!b->p)
		return NULL;
	b->p[b->len] = '\0';
	char *p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

bool pl_grow(void *vecp, size_t *cap, size_t n, size_t size)
{
	void **vec = vecp;
	if (n < *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 8;
	if (nc < *cap || nc > SIZE_MAX / size)
		return false;
	void *p = realloc(*vec, nc * size);
	if (!p)
		return false;
	*vec = p;
	*cap = nc;
	return true;
}

char *pl_strdup(const char *s)
{
	return s ? pl_strndup(s, strlen(s)) : NULL;
}

char *pl_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
