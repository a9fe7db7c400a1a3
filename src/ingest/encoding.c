/* encoding.c - decide the character encoding of an input before any parser sees it, and
 * convert it to valid UTF-8 with LF line ends (parsers in RECOVER mode silently drop text
 * after a bad byte, so this must happen first). */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "parley/ingest.h"

/* windows-1252 0x80..0x9F; the five unassigned bytes become U+FFFD.  0xA0..0xFF are
 * the same code points as in latin-1, which is why latin-1 labels decode with this
 * table too (WHATWG does the same: real latin-1 C1 controls never occur in news). */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static uint32_t cp1252(unsigned char c)
{
	return c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive search for `needle` (lower case) in s[0..n).  Every input
 * is searched for "<meta" in its first 8 KiB: candidates for the first byte
 * are found with memchr (both cases of a letter: the earlier one). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	if (k == 0)
		return s;
	int c0 = (unsigned char)needle[0], u0 = c0 >= 'a' && c0 <= 'z' ? c0 - 32 : c0;
	for (size_t i = 0; i + k <= n;) {
		const char *a = memchr(s + i, c0, n - i - k + 1);
		const char *b = u0 != c0 ? memchr(s + i, u0, (size_t)((a ? a : s + n - k + 1) - (s + i))) : NULL;
		const char *p = b ? b : a;
		if (!p)
			return NULL;
		size_t j = 1;
		while (j < k && lower((unsigned char)p[j]) == needle[j])
			j++;
		if (j == k)
			return p;
		i = (size_t)(p - s) + 1;
	}
	return NULL;
}

/* Copy a charset label at p (quotes optional) into lab, lower-cased; false if it
 * holds characters no charset name has (so nothing odd ever reaches iconv). */
static bool read_label(const char *p, const char *end, char *lab, size_t cap)
{
	while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
		p++;
	size_t n = 0;
	while (p < end && n + 1 < cap) {
		int c = (unsigned char)*p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':'))
			break;
		lab[n++] = (char)lower(c);
		p++;
	}
	lab[n] = '\0';
	return n > 0;
}

/* The encoding a document declares: XML declaration at the very start, else an
 * HTML <meta charset> or http-equiv content type in the first 8 KiB. */
static bool declared_charset(const char *s, size_t n, char *lab, size_t cap)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (n - i > 5 && memcmp(s + i, "<?xml", 5) == 0) {
		const char *end = memchr(s + i, '>', n - i < 512 ? n - i : 512);
		if (end) {
			const char *e = find_ci(s + i, (size_t)(end - (s + i)), "encoding");
			if (e) {
				e += 8;
				while (e < end && (*e == ' ' || *e == '='))
					e++;
				return read_label(e, end, lab, cap);
			}
		}
		return false; /* XML without a declared encoding is UTF-8 (or has a BOM) */
	}
	size_t lim = n < 8192 ? n : 8192;
	const char *p = s, *end = s + lim;
	while ((p = find_ci(p, (size_t)(end - p), "<meta")) != NULL) {
		const char *close = memchr(p, '>', (size_t)(end - p));
		if (!close)
			break;
		const char *c = find_ci(p, (size_t)(close - p), "charset");
		if (c) {
			c += 7;
			while (c < close && (*c == ' ' || *c == '='))
				c++;
			if (read_label(c, close, lab, cap))
				return true;
		}
		p = close;
	}
	return false;
}

static bool is_label(const char *lab, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(lab, *names) == 0)
			return true;
	return false;
}

static const char *const utf8_labels[] = { "utf-8", "utf8", "unicode-1-1-utf-8", NULL };
static const char *const cp1252_labels[] = {
	"windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
	"latin-1", "l1", "us-ascii", "ascii", "iso-ir-100", "ibm819", "cp819", NULL,
};

/* The returned name must outlive the call: known labels map to static strings. */
static const char *static_label(const char *lab)
{
	static const char *const known[] = {
		"iso-8859-2", "iso-8859-5", "iso-8859-7", "iso-8859-9", "iso-8859-15", "koi8-r",
		"koi8-u", "windows-1250", "windows-1251", "windows-1253", "windows-1254",
		"windows-1255", "windows-1256", "shift_jis", "euc-jp", "iso-2022-jp", "euc-kr",
		"gb2312", "gbk", "gb18030", "big5", NULL,
	};
	for (size_t i = 0; known[i]; i++)
		if (strcmp(lab, known[i]) == 0)
			return known[i];
	return "declared-charset";
}

/* Word-at-a-time byte tests (8 bytes per step): the scans below see every byte
 * of every input, which made them a tenth of ingest when they went a byte at a
 * time.  Each test is exact as a yes/no answer (the classic has-zero and
 * has-less tricks; has_less needs n <= 128). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t load8(const char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w); /* unaligned and alias-safe */
	return w;
}

static inline bool has_less(uint64_t w, unsigned n)
{
	return ((w - ONES * n) & ~w & HIGHS) != 0;
}

static inline bool has_byte(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (ONES * b);
	return ((x - ONES) & ~x & HIGHS) != 0;
}

/* Index of the first byte at or after i that is not ASCII (n if none). */
static size_t skip_ascii(const char *s, size_t i, size_t n)
{
	while (i + 8 <= n && (load8(s + i) & HIGHS) == 0)
		i += 8;
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

/* Length of the valid UTF-8 prefix of s[0..n) (as pl_utf8_valid_prefix), and the
 * number of multi-byte sequences in it. */
static size_t utf8_prefix(const char *s, size_t n, size_t *nmulti)
{
	size_t i = 0;
	*nmulti = 0;
	while ((i = skip_ascii(s, i, n)) < n) {
		uint32_t cp;
		int k = pl_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			break;
		(*nmulti)++;
		i += (size_t)k;
	}
	return i;
}

/* Valid UTF-8 is copied; every byte that does not start a valid sequence is read
 * as windows-1252.  Counts the repaired bytes and the valid multi-byte sequences
 * so the caller can tell "this is windows-1252" from "UTF-8 with a few bad bytes". */
static void utf8_or_1252(const char *s, size_t n, struct pl_buf *out, size_t *nbad,
			 size_t *nmulti, size_t *first_bad)
{
	*nbad = *nmulti = 0;
	*first_bad = n;
	pl_buf_reserve(out, n + n / 2);
	size_t i = 0;
	while (i < n) {
		size_t multi;
		size_t ok = utf8_prefix(s + i, n - i, &multi);
		pl_buf_append(out, s + i, ok);
		*nmulti += multi;
		i += ok;
		if (i < n) {
			if (*nbad == 0)
				*first_bad = i;
			(*nbad)++;
			pl_utf8_put(out, cp1252((unsigned char)s[i]));
			i++;
		}
	}
}

static void decode_1252(const char *s, size_t n, struct pl_buf *out)
{
	pl_buf_reserve(out, n + n / 2);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			pl_buf_putc(out, (char)c);
		else
			pl_utf8_put(out, cp1252(c));
	}
}

/* UTF-16 to UTF-8; unpaired surrogates become U+FFFD, a trailing odd byte is dropped. */
static void decode_utf16(const unsigned char *s, size_t n, bool be, struct pl_buf *out)
{
	pl_buf_reserve(out, n + n / 2);
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			uint32_t v = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
					: (uint32_t)(s[i + 3] << 8 | s[i + 2]);
			if (v >= 0xDC00 && v <= 0xDFFF) {
				pl_utf8_put(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
				i += 2;
				continue;
			}
		}
		pl_utf8_put(out, u); /* a lone surrogate is turned into U+FFFD by pl_utf8_put */
	}
}

/* Without a BOM, UTF-16 text of a mostly-ASCII language shows a NUL in every other
 * byte.  Returns 1 for little endian, 2 for big endian, 0 when it does not look so. */
static int sniff_utf16(const unsigned char *s, size_t n)
{
	size_t lim = n < 1024 ? n : 1024, even0 = 0, odd0 = 0;
	if (lim < 4)
		return 0;
	lim &= ~(size_t)1;
	for (size_t i = 0; i < lim; i += 2) {
		even0 += s[i] == 0;
		odd0 += s[i + 1] == 0;
	}
	size_t pairs = lim / 2;
	if (odd0 * 10 >= pairs * 9 && even0 * 10 < pairs)
		return 1;
	if (even0 * 10 >= pairs * 9 && odd0 * 10 < pairs)
		return 2;
	return 0;
}

/* Convert with iconv from a declared charset; false (out untouched in length) when
 * the name is unknown or the bytes do not fit the charset. */
static bool decode_iconv(const char *lab, const char *s, size_t n, struct pl_buf *out)
{
	iconv_t cd = iconv_open("UTF-8", lab);
	if (cd == (iconv_t)-1)
		return false;
	size_t start = out->len;
	bool ok = true;
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft > 0 && ok) {
		if (!pl_buf_reserve(out, inleft * 2 + 16)) {
			ok = false;
			break;
		}
		char *o = out->p + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->p);
		if (r == (size_t)-1 && errno != E2BIG)
			ok = false; /* EILSEQ / EINVAL: not really this charset */
	}
	iconv_close(cd);
	if (out->p)
		out->p[out->len] = '\0';
	if (!ok) {
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
	}
	return ok;
}

static const struct {
	const char *magic;
	size_t len;
	const char *what;
} magics[] = {
	{ "%PDF-", 5, "PDF" },      { "\x89PNG", 4, "PNG image" }, { "GIF8", 4, "GIF image" },
	{ "\xFF\xD8\xFF", 3, "JPEG image" }, { "PK\x03\x04", 4, "ZIP archive" },
	{ "\x7F" "ELF", 4, "ELF executable" }, { "\x1F\x8B", 2, "gzip data" },
	{ "SQLite format 3", 15, "SQLite database" },
};

/* Control characters that do not belong in text.  NUL anywhere, or more than 1% of
 * other C0 controls in the first 64 KiB, means the bytes are not an article. */
static bool looks_binary(const char *s, size_t n)
{
	if (memchr(s, '\0', n))
		return true;
	size_t lim = n < 65536 ? n : 65536, ctl = 0;
	for (size_t i = 0; i < lim; i++) {
		while (i + 8 <= lim && !has_less(load8(s + i), 0x20))
			i += 8; /* no control character in these 8 */
		if (i >= lim)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B)
			ctl++;
	}
	return ctl >= 4 && ctl * 100 > lim;
}

/* CRLF and CR to LF; form feed and vertical tab to LF; other C0 controls and DEL
 * dropped; C1 controls (U+0080..U+009F, the trace of windows-1252 text read as
 * latin-1) mapped back through the windows-1252 table. */
static void normalise(const char *s, size_t n, struct pl_buf *out)
{
	pl_buf_reserve(out, n);
	size_t run = 0; /* start of a stretch copied unchanged */
	for (size_t i = 0; i < n; i++) {
		/* 8 bytes none of which is a control, DEL or the lead byte of a C1 */
		while (i + 8 <= n) {
			uint64_t w = load8(s + i);
			if (has_less(w, 0x20) || has_byte(w, 0x7F) || has_byte(w, 0xC2))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		bool c1 = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			  (unsigned char)s[i + 1] < 0xA0;
		if ((c >= 0x20 && c != 0x7F && !c1) || c == '\t' || c == '\n')
			continue;
		pl_buf_append(out, s + run, i - run);
		if (c == '\r') {
			pl_buf_putc(out, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (c == '\f' || c == '\v') {
			pl_buf_putc(out, '\n');
		} else if (c1) {
			pl_utf8_put(out, cp1252((unsigned char)s[i + 1]));
			i++;
		}
		run = i + 1;
	}
	pl_buf_append(out, s + run, n - run);
}

const char *pl_decode_text(const char *origin, const char *data, size_t len, struct pl_buf *out,
			   struct pl_diags *d)
{
	const unsigned char *u = (const unsigned char *)data;
	struct pl_buf tmp = PL_BUF_INIT;
	struct pl_buf warn = PL_BUF_INIT; /* said only once the bytes prove to be text */
	const char *name = NULL;
	char lab[48];
	const char *src = NULL; /* the decoded text: tmp's, or the input itself */
	size_t srclen = 0;

	pl_buf_reset(out);
	for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
		if (len >= magics[i].len && memcmp(data, magics[i].magic, magics[i].len) == 0) {
			pl_error(d, origin, "binary file (%s), not an article", magics[i].what);
			goto done;
		}

	int u16 = 0;
	if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
		name = decode_iconv("utf-32le", data + 4, len - 4, &tmp) ? "utf-32le" : NULL;
	} else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
		name = decode_iconv("utf-32be", data + 4, len - 4, &tmp) ? "utf-32be" : NULL;
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		decode_utf16(u + 2, len - 2, false, &tmp);
		name = "utf-16le";
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		decode_utf16(u + 2, len - 2, true, &tmp);
		name = "utf-16be";
	} else if ((u16 = sniff_utf16(u, len)) != 0) {
		decode_utf16(u, len, u16 == 2, &tmp);
		name = u16 == 2 ? "utf-16be" : "utf-16le";
	} else {
		const char *s = data;
		size_t n = len;
		if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
			s += 3, n -= 3; /* the UTF-8 BOM says UTF-8 whatever a declaration claims */
		else if (declared_charset(s, n, lab, sizeof lab) && !is_label(lab, utf8_labels) &&
			 strncmp(lab, "utf-16", 6) != 0 && strncmp(lab, "utf-32", 6) != 0) {
			/* (a UTF-16/32 label on bytes with no BOM and no NUL pattern is
			 * wrong by construction: such text is read as UTF-8, as WHATWG does) */
			if (is_label(lab, cp1252_labels)) {
				/* A page saved as UTF-8 often keeps its old latin-1 label;
				 * valid multi-byte UTF-8 is then far likelier than mojibake. */
				size_t nm;
				if (!(utf8_prefix(s, n, &nm) == n && nm > 0)) {
					decode_1252(s, n, &tmp);
					name = "windows-1252";
				}
			} else if (decode_iconv(lab, s, n, &tmp)) {
				name = static_label(lab);
			} else {
				pl_buf_printf(&warn, "declared charset '%s' does not fit the bytes", lab);
			}
		}
		size_t nmulti;
		if (!name && utf8_prefix(s, n, &nmulti) == n) {
			/* the common case: valid UTF-8, read in place (no copy) */
			name = "utf-8";
			src = s;
			srclen = n;
		} else if (!name) {
			size_t nbad, first_bad;
			utf8_or_1252(s, n, &tmp, &nbad, &nmulti, &first_bad);
			if (nbad == 0) {
				name = "utf-8";
			} else if (nmulti == 0) {
				name = "windows-1252";
				pl_buf_printf(&warn, "%snot valid UTF-8 (first bad byte at offset %zu); "
					      "read as windows-1252", warn.len ? "; " : "", first_bad);
			} else {
				name = "utf-8";
				pl_buf_printf(&warn, "%s%zu invalid UTF-8 byte%s (first at offset %zu) "
					      "repaired as windows-1252", warn.len ? "; " : "", nbad,
					      nbad == 1 ? "" : "s", first_bad);
			}
		}
	}
	if (!name || tmp.oom) {
		pl_error(d, origin, name ? "out of memory while decoding" : "cannot decode text");
		name = NULL;
		goto done;
	}
	if (!src) {
		src = tmp.p ? tmp.p : "";
		srclen = tmp.len;
	}
	if (looks_binary(src, srclen)) {
		pl_error(d, origin, "binary file, not an article");
		name = NULL;
		goto done;
	}
	if (warn.len)
		pl_diags_add(d, PL_WARNING, origin, false, 0, 0, "%s", warn.p);
	normalise(src, srclen, out);
	if (out->oom) {
		pl_error(d, origin, "out of memory while decoding");
		name = NULL;
		goto done;
	}
	if (!out->p && pl_buf_reserve(out, 1))
		out->p[0] = '\0';
done:
	pl_buf_free(&warn);
	pl_buf_free(&tmp);
	return name;
}
