/* util.h - small shared pieces: growable buffers, borrowed spans, arenas, diagnostics.
 *
 * Ownership: a struct pl_buf owns its bytes (free with pl_buf_free); a struct
 * pl_span borrows bytes owned by someone else and is valid only while they are.
 * The library never prints: every problem becomes a struct pl_diag in a
 * struct pl_diags list that the caller (the CLI) prints.
 */
#ifndef PARLEY_UTIL_H
#define PARLEY_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Borrowed slice of bytes; not NUL-terminated in general. */
struct pl_span {
	const char *p;
	size_t len;
};

/* Owning, always NUL-terminated, growable byte buffer.  A failed allocation
 * sets the sticky `oom` flag and makes every later append a no-op, so callers
 * check once at the end (SQLite's StrAccum idea). */
struct pl_buf {
	char *p;    /* NUL-terminated when cap > 0; NULL when empty and never grown */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap;
	bool oom;
};

#define PL_BUF_INIT { NULL, 0, 0, false }

void pl_buf_free(struct pl_buf *b);
void pl_buf_reset(struct pl_buf *b);                 /* len = 0, keeps memory */
bool pl_buf_reserve(struct pl_buf *b, size_t extra); /* room for `extra` more bytes */
void pl_buf_append(struct pl_buf *b, const void *p, size_t n);
void pl_buf_puts(struct pl_buf *b, const char *s);
void pl_buf_putc(struct pl_buf *b, char c);
/* n in decimal, zero-padded to at least `width` digits (at most 20), as
 * "%0*llu" prints it, without printf's cost (dates are written by the million). */
void pl_buf_put_padded(struct pl_buf *b, unsigned long long n, int width);
void pl_buf_printf(struct pl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pl_buf_vprintf(struct pl_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append `s` as a JSON string literal, quotes included.  `s` must be valid UTF-8. */
void pl_buf_json_str(struct pl_buf *b, const char *s, size_t n);
/* Append v[0..n) (NUL-terminated UTF-8; a NULL entry is written as "") as a
 * JSON array of strings: ["a","b"]. */
void pl_buf_json_strv(struct pl_buf *b, const char *const *v, size_t n);
/* Hand the bytes to the caller (caller frees with free()); leaves b empty.
 * Returns NULL if b->oom was set. Never returns NULL for an empty, healthy buffer. */
char *pl_buf_steal(struct pl_buf *b);

/* Arena: many small allocations freed in one call (per-article scratch). */
struct pl_arena;
struct pl_arena *pl_arena_create(size_t block_size);
void pl_arena_destroy(struct pl_arena *a); /* NULL is a no-op */
void *pl_arena_alloc(struct pl_arena *a, size_t n); /* 16-byte aligned; NULL on OOM */
char *pl_arena_strndup(struct pl_arena *a, const char *s, size_t n); /* NUL-terminated copy in a; NULL on OOM */
void pl_arena_clear(struct pl_arena *a); /* frees all but the first block */

/* Room for element n of a malloc'd array: when n == *cap, double *cap (the
 * first time to 8) and realloc the array, whose address is vecp (a T ** passed
 * as void *), to *cap * size bytes.  False on OOM or when the size would
 * overflow; then the array and *cap are unchanged (still the caller's to free).
 * The one growth policy of the library's append loops. */
bool pl_grow(void *vecp, size_t *cap, size_t n, size_t size);

/* Owning string helpers: malloc'd copies the caller frees; NULL on OOM. */
char *pl_strdup(const char *s);            /* NULL -> NULL */
char *pl_strndup(const char *s, size_t n); /* s[0..n), NUL added */

/* ---- Diagnostics ------------------------------------------------------- */

enum pl_severity { PL_NOTE, PL_WARNING, PL_ERROR };

/* One problem.  `file` is the path as the user gave it.  `offset` and `len`
 * locate it in `source` (when known: has_pos) so line:column and the caret line
 * are computed only when printing. */
struct pl_diag {
	enum pl_severity severity;
	char *file;    /* owned; may be NULL */
	bool has_pos;
	size_t offset; /* byte offset into the file */
	size_t len;    /* bytes to underline; 0 means one caret */
	char *msg;     /* owned */
};

/* A list of diagnostics plus, per file, a borrowed copy of the source so the
 * printer can show the line.  Sources are registered by pl_diags_source(). */
struct pl_diags {
	struct pl_diag *v;
	size_t n, cap;
	size_t nerrors; /* PL_ERROR diagnostics added, plus any dropped for lack of memory */
	/* source texts known to the list (owned copies), for line:col and carets */
	struct pl_diag_src { char *file; char *text; size_t len; } *src;
	size_t nsrc, srccap;
};

void pl_diags_init(struct pl_diags *d);
void pl_diags_finish(struct pl_diags *d); /* frees every diagnostic and source; d is reusable */
/* Remember `text` (copied) as the contents of `file`, for printing positions. */
void pl_diags_source(struct pl_diags *d, const char *file, const char *text, size_t len);
/* Add one diagnostic; `file` and the formatted message are copied. */
void pl_diags_add(struct pl_diags *d, enum pl_severity sev, const char *file,
		  bool has_pos, size_t offset, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Shorthands: error without a position / with one. */
#define pl_error(d, file, ...) pl_diags_add((d), PL_ERROR, (file), false, 0, 0, __VA_ARGS__)
#define pl_error_at(d, file, off, n, ...) pl_diags_add((d), PL_ERROR, (file), true, (off), (n), __VA_ARGS__)

/* Line and column (both 1-based; column counts bytes+1 as GCC does) of `offset` in text. */
void pl_line_col(const char *text, size_t len, size_t offset, unsigned *line, unsigned *col);
/* Format one diagnostic GNU-style into `out`:
 *   file:line:col: error: message\n   source line\n   ^~~~\n
 * or `file: error: message\n` when it has no position. */
void pl_diag_format(const struct pl_diags *d, const struct pl_diag *g, struct pl_buf *out);

/* ---- UTF-8 -------------------------------------------------------------- */

/* Length of the valid UTF-8 prefix of s[0..n); n when all valid. */
size_t pl_utf8_valid_prefix(const char *s, size_t n);
static inline bool pl_utf8_valid(const char *s, size_t n) { return pl_utf8_valid_prefix(s, n) == n; }
/* Decode one code point at s (n bytes left). Returns bytes consumed (1..4), or
 * 0 with *cp = 0xFFFD when the sequence is invalid. */
int pl_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Append code point cp as UTF-8. */
void pl_utf8_put(struct pl_buf *b, uint32_t cp);
/* A continuation byte (10xxxxxx): no character starts there, so a cut before
 * it splits one. */
static inline bool pl_utf8_is_cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }
/* Characters (code points) in s[0..n): the bytes that are not continuation
 * bytes, exact for valid UTF-8. */
size_t pl_utf8_count(const char *s, size_t n);

/* ---- Files -------------------------------------------------------------- */

#define PL_MAX_INPUT (32u << 20) /* 32 MiB: larger inputs are refused, not parsed */

/* Read a whole file (or stdin for "-"), transparently gunzipping `.gz` content
 * (detected by magic bytes).  At most `cap` bytes after decompression; more is
 * an error.  On success *out owns the bytes (NUL-terminated) and returns 0; on
 * failure adds a diagnostic naming `path` and returns -1. */
int pl_read_file(const char *path, size_t cap, struct pl_buf *out, struct pl_diags *d);

#endif
