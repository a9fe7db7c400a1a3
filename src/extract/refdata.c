/* refdata.c - load the actor and place TSVs and recognize their aliases in text.
 *
 * Aliases are keyed by their tokens: a token is a run of letters/digits
 * (any non-punctuation code point above ASCII counts as a letter), and the key
 * is the tokens joined by the separators between them with whitespace runs
 * folded to one space and ’ read as '.  So "U.S." is "U.S", "Zelenskiy’s"
 * starts with the token "Zelenskiy", and "Washington,  D.C." is
 * "Washington, D.C".  Recognition walks the tokens once: a map of first tokens
 * gives the longest alias starting with each, and only then are the n-gram
 * keys built and looked up, longest first (a trie by hashing).  Matching is
 * case-sensitive as the alias lists are written (data/actors/README.md); a
 * leading "the" is dropped from aliases and left in the text.
 */
#include "refdata.h"

#include "parley/ingest.h"
#include "parley/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- string -> int map (open addressing, keys in the arena) ------------------ */

/* sig: one bit per (length, first, middle and last byte) signature of every
 * key, checked before hashing: the recognizer probes the first-token map
 * with every token of every sentence, and most words start no alias. */
#define SIG_BITS 65536u

struct smap {
	const char **key;
	int *val;
	uint32_t *hash;
	size_t n, cap; /* cap is a power of two */
	uint64_t sig[SIG_BITS / 64];
};

static inline uint32_t sig_of(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint32_t h = (uint32_t)n;
	h = h * 31u + (unsigned char)s[0];
	h = h * 31u + (unsigned char)s[n / 2];
	h = h * 31u + (unsigned char)s[n - 1];
	return (h * 2654435761u) >> 16; /* < SIG_BITS */
}

static inline bool sig_maybe(const struct smap *m, const char *s, size_t n)
{
	uint32_t b = sig_of(s, n);
	return (m->sig[b / 64] >> (b % 64)) & 1u;
}

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ? h : 1;
}

static struct smap *smap_new(void)
{
	struct smap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 1024;
	m->key = calloc(m->cap, sizeof *m->key);
	m->val = calloc(m->cap, sizeof *m->val);
	m->hash = calloc(m->cap, sizeof *m->hash);
	if (!m->key || !m->val || !m->hash) {
		free(m->key);
		free(m->val);
		free(m->hash);
		free(m);
		return NULL;
	}
	return m;
}

static void smap_free(struct smap *m)
{
	if (!m)
		return;
	free(m->key);
	free(m->val);
	free(m->hash);
	free(m);
}

/* Slot of key s[0..n) (found or the empty slot where it would go). */
static size_t smap_slot(const struct smap *m, const char *s, size_t n, uint32_t h)
{
	size_t i = h & (m->cap - 1);
	while (m->hash[i]) {
		if (m->hash[i] == h && strncmp(m->key[i], s, n) == 0 && m->key[i][n] == '\0')
			return i;
		i = (i + 1) & (m->cap - 1);
	}
	return i;
}

static int *smap_get(const struct smap *m, const char *s, size_t n)
{
	if (!sig_maybe(m, s, n))
		return NULL;
	size_t i = smap_slot(m, s, n, fnv(s, n));
	return m->hash[i] ? &m->val[i] : NULL;
}

static bool smap_grow(struct smap *m)
{
	struct smap g = { 0 };
	memcpy(g.sig, m->sig, sizeof g.sig);
	g.cap = m->cap * 2;
	g.key = calloc(g.cap, sizeof *g.key);
	g.val = calloc(g.cap, sizeof *g.val);
	g.hash = calloc(g.cap, sizeof *g.hash);
	if (!g.key || !g.val || !g.hash) {
		free(g.key);
		free(g.val);
		free(g.hash);
		return false;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->hash[i])
			continue;
		size_t j = m->hash[i] & (g.cap - 1);
		while (g.hash[j])
			j = (j + 1) & (g.cap - 1);
		g.key[j] = m->key[i];
		g.val[j] = m->val[i];
		g.hash[j] = m->hash[i];
	}
	free(m->key);
	free(m->val);
	free(m->hash);
	g.n = m->n;
	*m = g;
	return true;
}

/* Insert or find; *isnew tells which.  NULL on OOM. */
static int *smap_put(struct smap *m, struct pl_arena *a, const char *s, size_t n, bool *isnew)
{
	if ((m->n + 1) * 10 > m->cap * 7 && !smap_grow(m))
		return NULL;
	uint32_t h = fnv(s, n);
	size_t i = smap_slot(m, s, n, h);
	*isnew = !m->hash[i];
	if (*isnew) {
		char *k = pl_arena_strndup(a, s, n);
		if (!k)
			return NULL;
		m->key[i] = k;
		m->hash[i] = h;
		uint32_t b = sig_of(s, n);
		m->sig[b / 64] |= (uint64_t)1 << (b % 64);
		m->val[i] = 0;
		m->n++;
	}
	return &m->val[i];
}

/* ---- tokens and keys -------------------------------------------------------- */

static inline bool word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (c <= 0xBF || c == 0xD7 || c == 0xF7)
		return false;
	if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x2190 && c <= 0x2BFF) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD)
		return false;
	return true;
}

struct tok {
	size_t s, e;
};

/* pl_utf8_decode with the ASCII byte (most of any text) decided in place:
 * the tokenizer reads every character of every sentence. */
static inline int decode_at(const char *t, size_t len, size_t i, uint32_t *c)
{
	if ((unsigned char)t[i] < 0x80) {
		*c = (unsigned char)t[i];
		return 1;
	}
	return pl_utf8_decode(t + i, len - i, c);
}

/* word_cp of each ASCII byte (1: a letter or digit). */
static const bool ascii_word[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

/* Split text into tokens; returns the count (at most max). */
static size_t tokenize(const char *t, size_t len, struct tok *v, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		unsigned char b0 = (unsigned char)t[i];
		if (b0 < 0x80 && !ascii_word[b0]) { /* ASCII punctuation and spaces */
			i++;
			continue;
		}
		uint32_t c;
		int k = decode_at(t, len, i, &c);
		if (k <= 0)
			k = 1;
		if (!word_cp(c)) {
			i += (size_t)k;
			continue;
		}
		size_t s = i;
		while (i < len) {
			unsigned char b = (unsigned char)t[i];
			if (b < 0x80) { /* word_cp of an ASCII character */
				if (!ascii_word[b])
					break;
				i++;
				continue;
			}
			k = pl_utf8_decode(t + i, len - i, &c);
			if (k <= 0 || !word_cp(c))
				break;
			i += (size_t)k;
		}
		v[n].s = s;
		v[n].e = i;
		n++;
	}
	return n;
}

/* Append the normalized separator t[s..e) to out (bounded); false if too long. */
static bool put_sep(char *out, size_t *on, size_t cap, const char *t, size_t s, size_t e)
{
	if (e == s + 1 && t[s] == ' ') { /* the usual separator, one space */
		if (*on + 1 >= cap)
			return false;
		out[(*on)++] = ' ';
		return true;
	}
	bool space = false;
	for (size_t i = s; i < e;) {
		uint32_t c;
		int k = decode_at(t, e, i, &c);
		if (k <= 0)
			k = 1;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F) {
			space = true;
			i += (size_t)k;
			continue;
		}
		if (space) {
			if (*on + 1 >= cap)
				return false;
			out[(*on)++] = ' ';
			space = false;
		}
		if (c == 0x2019 || c == 0x2018) {
			if (*on + 1 >= cap)
				return false;
			out[(*on)++] = '\'';
		} else {
			if (*on + (size_t)k >= cap)
				return false;
			memcpy(out + *on, t + i, (size_t)k);
			*on += (size_t)k;
		}
		i += (size_t)k;
	}
	if (space) {
		if (*on + 1 >= cap)
			return false;
		out[(*on)++] = ' ';
	}
	return true;
}

#define KEYCAP 256
#define MAXTOK 4096

/* Key of tokens v[i..j] of t into out; returns its length or 0 when too long. */
static size_t make_key(const char *t, const struct tok *v, size_t i, size_t j, char *out)
{
	size_t on = 0;
	for (size_t k = i; k <= j; k++) {
		if (k > i && !put_sep(out, &on, KEYCAP, t, v[k - 1].e, v[k].s))
			return 0;
		size_t n = v[k].e - v[k].s;
		if (on + n >= KEYCAP)
			return 0;
		memcpy(out + on, t + v[k].s, n);
		on += n;
	}
	out[on] = '\0';
	return on;
}

/* ---- loading ------------------------------------------------------------------ */

/* Which of several places a name means first: countries, then capitals,
 * then diplomatic venues, then the most populous (London, England before
 * London, Ontario). */
static double place_weight(const struct refdata *rd, int idx)
{
	const struct rd_place *p = &rd->places[idx];
	double w = (double)p->population;
	if (p->kind && !strcmp(p->kind, "country"))
		w += 4e10;
	else if (p->kind && !strcmp(p->kind, "capital"))
		w += 2e10;
	if (p->venue)
		w += 1e10;
	return w;
}

static bool add_sense(struct refdata *rd, const char *alias, size_t n, enum rd_sense_kind kind,
		      int idx)
{
	struct tok v[32];
	size_t nt = tokenize(alias, n, v, 32);
	size_t first = 0;
	if (nt > 1 && v[0].e - v[0].s == 3 && strncasecmp(alias + v[0].s, "the", 3) == 0)
		first = 1; /* "the Kremlin" is keyed "Kremlin"; the text keeps its "the" */
	if (nt == 0 || nt == 32)
		return true;
	char key[KEYCAP];
	size_t kn = make_key(alias, v, first, nt - 1, key);
	if (kn == 0)
		return true;
	bool isnew;
	int *head = smap_put(rd->keys, rd->arena, key, kn, &isnew);
	if (!head)
		return false;
	if (isnew)
		*head = -1;
	for (int s = *head; s >= 0; s = rd->senses[s].next)
		if (rd->senses[s].kind == kind && rd->senses[s].idx == idx)
			return true;
	if (rd->nsenses == rd->sensecap) {
		size_t nc = rd->sensecap ? rd->sensecap * 2 : 4096;
		struct rd_sense *p = realloc(rd->senses, nc * sizeof *p);
		if (!p)
			return false;
		rd->senses = p;
		rd->sensecap = nc;
	}
	/* Keep senses in kind order (person, country, metonym, demonym, org,
	 * place) so the first sense is the one a placeholder is named after. */
	int si = (int)rd->nsenses++;
	rd->senses[si] = (struct rd_sense){ (uint8_t)kind, idx, -1 };
	int *link = head;
	while (*link >= 0 && (rd->senses[*link].kind < kind ||
			      (rd->senses[*link].kind == kind &&
			       (kind != RS_PLACE || place_weight(rd, rd->senses[*link].idx) >=
							    place_weight(rd, idx)))))
		link = &rd->senses[*link].next;
	rd->senses[si].next = *link;
	*link = si;
	/* "U.S." keeps its final period in the text it replaces */
	if (alias[n - 1] == '.' && v[nt - 1].e == n - 1) {
		bool dn;
		int *dv = smap_put(rd->dotted, rd->arena, key, kn, &dn);
		if (!dv)
			return false;
		*dv = 1;
	}
	/* the first-token map records the longest alias starting with this token */
	size_t ftn = v[first].e - v[first].s;
	int *mx = smap_put(rd->first, rd->arena, alias + v[first].s, ftn, &isnew);
	if (!mx)
		return false;
	int ntok = (int)(nt - first);
	if (isnew || *mx < ntok)
		*mx = ntok;
	return true;
}

/* Each |-separated alias of field f as a sense. */
static bool add_aliases(struct refdata *rd, const char *f, enum rd_sense_kind kind, int idx)
{
	while (f && *f) {
		const char *bar = strchr(f, '|');
		size_t n = bar ? (size_t)(bar - f) : strlen(f);
		if (n && !add_sense(rd, f, n, kind, idx))
			return false;
		f = bar ? bar + 1 : NULL;
	}
	return true;
}

/* A TSV file split in place: rows of fields, header mapped to column numbers. */
#define POPULATION_MAX 2000000000L /* more than any city has */

struct tsv {
	struct pl_buf raw; /* the file, cut into NUL-terminated cells in place */
	char *orig;        /* the file as read, for positioned messages */
	char **cell;     /* nrows * ncols, NULL for a missing cell */
	size_t nrows, ncols;
	char **head;
};

static void tsv_free(struct tsv *t)
{
	pl_buf_free(&t->raw);
	free(t->orig);
	free(t->cell);
	free(t->head);
	memset(t, 0, sizeof *t);
}

/* A warning about a cell (`at`, a pointer into t->raw) at its file:line:col,
 * the file's text registered with d for the caret. */
static void cell_warning(const struct tsv *t, const char *path, const char *at, struct pl_diags *d,
			 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void cell_warning(const struct tsv *t, const char *path, const char *at, struct pl_diags *d,
			 const char *fmt, ...)
{
	struct pl_buf msg = PL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pl_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	/* a missing cell is "" outside the text: then the file alone */
	uintptr_t a = (uintptr_t)at, b = (uintptr_t)t->raw.p;
	bool inside = t->raw.p && a >= b && a - b < t->raw.len;
	size_t off = inside ? (size_t)(a - b) : 0;
	if (inside)
		pl_diags_source(d, path, t->orig, t->raw.len);
	pl_diags_add(d, PL_WARNING, path, inside, off, inside ? strlen(at) : 0, "%s",
		     msg.p ? msg.p : "");
	pl_buf_free(&msg);
}

static int tsv_read(const char *path, struct tsv *t, struct pl_diags *d)
{
	memset(t, 0, sizeof *t);
	if (pl_read_file(path, 64u << 20, &t->raw, d) != 0)
		return -1;
	if (!(t->orig = pl_strndup(t->raw.p ? t->raw.p : "", t->raw.len))) {
		pl_error(d, path, "out of memory");
		return -1;
	}
	char *p = t->raw.p ? t->raw.p : (char *)"";
	size_t lines = 1;
	for (size_t i = 0; i < t->raw.len; i++)
		lines += p[i] == '\n';
	/* header */
	char *nl = strchr(p, '\n');
	if (!nl) {
		pl_error(d, path, "no header line");
		return -1;
	}
	*nl = '\0';
	size_t nc = 1;
	for (char *q = p; *q; q++)
		nc += *q == '\t';
	t->ncols = nc;
	t->head = calloc(nc, sizeof *t->head);
	t->cell = calloc(lines * nc, sizeof *t->cell);
	if (!t->head || !t->cell) {
		pl_error(d, path, "out of memory");
		return -1;
	}
	size_t c = 0;
	for (char *q = p, *f = p;; q++) {
		if (*q == '\t' || *q == '\0' || *q == '\r') {
			bool end = *q != '\t';
			*q = '\0';
			t->head[c++] = f;
			f = q + 1;
			if (end)
				break;
		}
	}
	char *line = nl + 1;
	while (line < p + t->raw.len) {
		char *e = strchr(line, '\n');
		if (e)
			*e = '\0';
		if (*line && *line != '#') {
			char **row = t->cell + t->nrows * nc;
			size_t k = 0;
			for (char *q = line, *f = line; k < nc; q++) {
				if (*q == '\t' || *q == '\0' || *q == '\r') {
					bool end = *q != '\t';
					*q = '\0';
					row[k++] = f;
					f = q + 1;
					if (end)
						break;
				}
			}
			t->nrows++;
		}
		if (!e)
			break;
		line = e + 1;
	}
	return 0;
}

static int col(const struct tsv *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], name) == 0)
			return (int)i;
	return -1;
}

/* Cell of row r, column c ("" when missing). */
static const char *cell(const struct tsv *t, size_t r, int c)
{
	if (c < 0)
		return "";
	const char *s = t->cell[r * t->ncols + (size_t)c];
	return s ? s : "";
}

static char *adup(struct refdata *rd, const char *s)
{
	return s && *s ? pl_arena_strndup(rd->arena, s, strlen(s)) : NULL;
}

static int add_actor(struct refdata *rd, const struct rd_actor *a)
{
	if (rd->nactors == rd->actcap) {
		size_t nc = rd->actcap ? rd->actcap * 2 : 1024;
		struct rd_actor *p = realloc(rd->actors, nc * sizeof *p);
		if (!p)
			return -1;
		rd->actors = p;
		rd->actcap = nc;
	}
	rd->actors[rd->nactors] = *a;
	return (int)rd->nactors++;
}

static bool put_id(struct refdata *rd, char kind, const char *id, int idx)
{
	char k[128];
	int n = snprintf(k, sizeof k, "%c:%s", kind, id);
	if (n <= 0 || (size_t)n >= sizeof k)
		return true;
	bool isnew;
	int *v = smap_put(rd->ids, rd->arena, k, (size_t)n, &isnew);
	if (!v)
		return false;
	*v = idx;
	return true;
}

int rd_actor_by_id(const struct refdata *rd, char kind, const char *id)
{
	/* the key put_id writes ("%c:%s"), without snprintf: events look
	 * offices and capitals up by code for many of their actors */
	char k[128];
	size_t il = strlen(id);
	if (il + 2 >= sizeof k)
		return -1;
	k[0] = kind;
	k[1] = ':';
	memcpy(k + 2, id, il);
	int *v = smap_get(rd->ids, k, il + 2);
	return v ? *v : -1;
}

/* Add an actor under its id, its name and its |-separated aliases (all as
 * senses of kind `sk`).  Returns its index, -1 on OOM. */
static int register_actor(struct refdata *rd, const struct rd_actor *a, char idkind,
			  enum rd_sense_kind sk, const char *aliases)
{
	if (!a->id || !a->name)
		return -1; /* their copies failed */
	int idx = add_actor(rd, a);
	if (idx < 0 || !put_id(rd, idkind, a->id, idx) ||
	    !add_sense(rd, a->name, strlen(a->name), sk, idx) || !add_aliases(rd, aliases, sk, idx))
		return -1;
	return idx;
}

/* Day number of an ISO date at any precision; `end` picks the last day it covers. */
static bool parse_day(const char *s, bool end, int64_t *out)
{
	int y = 0, m = 0, dd = 0;
	int n = sscanf(s, "%d-%d-%d", &y, &m, &dd);
	if (n < 1 || y < 1 || y > 9999)
		return false;
	if (n == 1) {
		m = end ? 12 : 1;
		dd = end ? 31 : 1;
	} else if (n == 2) {
		if (m < 1 || m > 12)
			return false;
		if (end) {
			int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
			*out = pl_days_from_civil(ny, nm, 1) - 1;
			return true;
		}
		dd = 1;
	}
	*out = pl_days_from_civil(y, m, dd);
	return true;
}

/* "Volodymyr Zelensky" with alias "Zelensky" -> "Zelensky": the shortest alias
 * that ends the name; else the last word. */
static char *short_person(struct refdata *rd, const char *name, const char *aliases)
{
	size_t nl = strlen(name);
	const char *best = NULL;
	size_t bestn = 0;
	for (const char *f = aliases; f && *f;) {
		const char *bar = strchr(f, '|');
		size_t n = bar ? (size_t)(bar - f) : strlen(f);
		if (n < nl && name[nl - n - 1] == ' ' && memcmp(name + nl - n, f, n) == 0 &&
		    (!best || n < bestn)) {
			best = f;
			bestn = n;
		}
		f = bar ? bar + 1 : NULL;
	}
	if (best)
		return pl_arena_strndup(rd->arena, best, bestn);
	const char *sp = strrchr(name, ' ');
	return adup(rd, sp ? sp + 1 : name);
}

static int rows_countries(struct refdata *rd, const struct tsv *t, const char *path, struct pl_diags *d)
{
	int cc = col(t, "code"), cn = col(t, "name"), ca = col(t, "aliases"),
	    cd = col(t, "demonyms"), cm = col(t, "metonyms"), cs = col(t, "sector"),
	    co = col(t, "official_name");
	int rc = 0;
	for (size_t r = 0; r < t->nrows && rc == 0; r++) {
		const char *code = cell(t, r, cc), *name = cell(t, r, cn);
		if (!*code || !*name)
			continue;
		struct rd_actor a = { adup(rd, code), adup(rd, name), adup(rd, name), adup(rd, code),
				      adup(rd, cell(t, r, cs)), RD_COUNTRY, -1 };
		int idx = register_actor(rd, &a, 'c', RS_COUNTRY, cell(t, r, co));
		if (idx < 0 ||
		    !add_aliases(rd, cell(t, r, ca), RS_COUNTRY, idx) ||
		    !add_aliases(rd, cell(t, r, cm), RS_METONYM, idx) ||
		    !add_aliases(rd, cell(t, r, cd), RS_DEMONYM, idx)) {
			rc = -1;
			break;
		}
		/* plural demonyms: "Ukrainians", "Israelis" name the people or side */
		for (const char *f = cell(t, r, cd); *f;) {
			const char *bar = strchr(f, '|');
			size_t n = bar ? (size_t)(bar - f) : strlen(f);
			if (n > 2 && n < 60 && (f[n - 1] == 'n' || f[n - 1] == 'i')) {
				char pl[64];
				memcpy(pl, f, n);
				pl[n] = 's';
				if (!add_sense(rd, pl, n + 1, RS_DEMONYM, idx)) {
					rc = -1;
					break;
				}
			}
			if (!bar)
				break;
			f = bar + 1;
		}
	}
	return rc;
}

static int rows_orgs(struct refdata *rd, const struct tsv *t, const char *path, struct pl_diags *d)
{
	int cc = col(t, "code"), cn = col(t, "name"), ca = col(t, "aliases"),
	    cs = col(t, "sector");
	int rc = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *code = cell(t, r, cc), *name = cell(t, r, cn);
		if (!*code || !*name)
			continue;
		/* short form: the code when it is an acronym people write (NATO, EU) */
		struct rd_actor a = { adup(rd, code), adup(rd, name), adup(rd, code), adup(rd, code),
				      adup(rd, cell(t, r, cs)), RD_ORG, -1 };
		if (register_actor(rd, &a, 'o', RS_ORG, cell(t, r, ca)) < 0) {
			rc = -1;
			break;
		}
	}
	return rc;
}

static int rows_people(struct refdata *rd, const struct tsv *t, const char *path, struct pl_diags *d)
{
	int ci = col(t, "id"), cn = col(t, "name"), ca = col(t, "aliases"),
	    cc = col(t, "country"), cs = col(t, "sector");
	int rc = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *id = cell(t, r, ci), *name = cell(t, r, cn);
		if (!*id || !*name)
			continue;
		struct rd_actor a = { adup(rd, id), adup(rd, name),
				      short_person(rd, name, cell(t, r, ca)),
				      adup(rd, cell(t, r, cc)), adup(rd, cell(t, r, cs)),
				      RD_PERSON, -1 };
		if (register_actor(rd, &a, 'p', RS_PERSON, cell(t, r, ca)) < 0) {
			rc = -1;
			break;
		}
	}
	return rc;
}

static int rows_roles(struct refdata *rd, const struct tsv *t, const char *path, struct pl_diags *d)
{
	int cp = col(t, "person"), cr = col(t, "role"), co = col(t, "of"), cf = col(t, "from"),
	    ct = col(t, "to"), cti = col(t, "title");
	int rc = 0;
	rd->roles = calloc(t->nrows ? t->nrows : 1, sizeof *rd->roles);
	if (!rd->roles)
		rc = -1;
	for (size_t r = 0; r < t->nrows && rc == 0; r++) {
		int who = rd_actor_by_id(rd, 'p', cell(t, r, cp));
		if (who < 0) {
			cell_warning(t, path, cell(t, r, cp), d, "unknown person '%s'; row skipped",
				     cell(t, r, cp));
			continue;
		}
		struct rd_role *ro = &rd->roles[rd->nroles];
		ro->actor = who;
		ro->role = adup(rd, cell(t, r, cr));
		ro->of = adup(rd, cell(t, r, co));
		ro->title = adup(rd, cell(t, r, cti));
		ro->from = INT64_MIN;
		ro->to = INT64_MAX;
		if (*cell(t, r, cf) && !parse_day(cell(t, r, cf), false, &ro->from))
			continue;
		if (*cell(t, r, ct) && !parse_day(cell(t, r, ct), true, &ro->to))
			continue;
		if (ro->role && ro->of)
			rd->nroles++;
	}
	return rc;
}

static int rows_places(struct refdata *rd, const struct tsv *t, const char *path, struct pl_diags *d)
{
	int ci = col(t, "id"), cn = col(t, "name"), ca = col(t, "aliases"), ck = col(t, "kind"),
	    cv = col(t, "venue"), cc = col(t, "country"), cla = col(t, "lat"),
	    clo = col(t, "lon"), cpo = col(t, "population"), cas = col(t, "ascii_name");
	int rc = 0;
	rd->places = calloc(t->nrows ? t->nrows : 1, sizeof *rd->places);
	if (!rd->places)
		rc = -1;
	for (size_t r = 0; r < t->nrows && rc == 0; r++) {
		const char *name = cell(t, r, cn);
		if (!*name)
			continue;
		struct rd_place *p = &rd->places[rd->nplaces];
		p->id = adup(rd, cell(t, r, ci));
		p->name = adup(rd, name);
		p->country = adup(rd, cell(t, r, cc));
		p->kind = adup(rd, cell(t, r, ck));
		p->venue = strcmp(cell(t, r, cv), "yes") == 0;
		const char *pop = cell(t, r, cpo);
		p->population = 0; /* unknown */
		if (*pop && !pl_rules_int(pop, 0, POPULATION_MAX, &p->population))
			cell_warning(t, path, pop, d,
				     "population of '%s' must be a whole number from 0 to %ld, not '%s'; "
				     "read as unknown", name, POPULATION_MAX, pop);
		char *e1, *e2;
		const char *la = cell(t, r, cla), *lo = cell(t, r, clo);
		p->lat = strtod(la, &e1);
		p->lon = strtod(lo, &e2);
		p->has_coords = *la && *lo && !*e1 && !*e2;
		int idx = (int)rd->nplaces++;
		if (!add_sense(rd, name, strlen(name), RS_PLACE, idx) ||
		    !add_aliases(rd, cell(t, r, cas), RS_PLACE, idx) ||
		    !add_aliases(rd, cell(t, r, ca), RS_PLACE, idx)) {
			rc = -1;
			break;
		}
		/* a country's capital, for "the German capital" */
		if (p->kind && strcmp(p->kind, "capital") == 0 && p->country) {
			int c = rd_actor_by_id(rd, 'c', p->country);
			if (c >= 0 && (rd->actors[c].capital < 0 ||
				       rd->places[rd->actors[c].capital].population < p->population))
				rd->actors[c].capital = idx;
		}
	}
	return rc;
}

/* Read data_dir/rel as a TSV and hand its rows to `rows` (which returns -1
 * on OOM only). */
static int load_tsv(struct refdata *rd, const char *dir, const char *rel,
		    int (*rows)(struct refdata *, const struct tsv *, const char *,
				struct pl_diags *),
		    struct pl_diags *d)
{
	struct pl_buf path = PL_BUF_INIT;
	struct tsv t;
	pl_buf_printf(&path, "%s/%s", dir, rel);
	int rc = path.oom ? -1 : tsv_read(path.p, &t, d);
	if (rc == 0 && (rc = rows(rd, &t, path.p, d)) != 0)
		pl_error(d, path.p, "out of memory");
	if (!path.oom)
		tsv_free(&t);
	pl_buf_free(&path);
	return rc;
}

void rd_free(struct refdata *rd)
{
	if (!rd)
		return;
	free(rd->actors);
	free(rd->roles);
	free(rd->places);
	free(rd->senses);
	smap_free(rd->keys);
	smap_free(rd->first);
	smap_free(rd->ids);
	smap_free(rd->dotted);
	pl_arena_destroy(rd->arena);
	free(rd);
}

struct refdata *rd_load(const char *data_dir, struct pl_diags *d)
{
	struct refdata *rd = calloc(1, sizeof *rd);
	if (!rd || !(rd->arena = pl_arena_create(1 << 16)) || !(rd->keys = smap_new()) ||
	    !(rd->first = smap_new()) || !(rd->ids = smap_new()) ||
	    !(rd->dotted = smap_new())) {
		pl_error(d, data_dir, "out of memory loading reference data");
		goto fail;
	}
	/* people before their roles, countries before places (capitals) */
	if (load_tsv(rd, data_dir, "actors/countries.tsv", rows_countries, d) ||
	    load_tsv(rd, data_dir, "actors/organisations.tsv", rows_orgs, d) ||
	    load_tsv(rd, data_dir, "actors/people.tsv", rows_people, d) ||
	    load_tsv(rd, data_dir, "actors/roles.tsv", rows_roles, d) ||
	    load_tsv(rd, data_dir, "places/places.tsv", rows_places, d))
		goto fail;
	return rd;
fail:
	rd_free(rd);
	return NULL;
}

/* ---- derived aliases ----------------------------------------------------------- */

struct surname {
	const char *s;
	size_t n;
	int actor;
};

static int cmp_surname(const void *a, const void *b)
{
	const struct surname *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

long rd_derive_surnames(struct refdata *rd, bool (*blocked)(const char *, size_t, void *),
			void *ud)
{
	struct surname *v = calloc(rd->nactors ? rd->nactors : 1, sizeof *v);
	size_t n = 0;
	long added = 0;
	if (!v)
		return -1;
	for (size_t i = 0; i < rd->nactors; i++) {
		const struct rd_actor *a = &rd->actors[i];
		const char *sp = a->kind == RD_PERSON ? strrchr(a->name, ' ') : NULL;
		if (!sp || sp[1] < 'A' || sp[1] > 'Z')
			continue;
		v[n++] = (struct surname){ sp + 1, strlen(sp + 1), (int)i };
	}
	qsort(v, n, sizeof *v, cmp_surname);
	/* first names of people in the data: "Ahmed", "Abbas" are no one's surname alone */
	struct surname *fn = calloc(rd->nactors ? rd->nactors : 1, sizeof *fn);
	size_t nfn = 0;
	if (!fn) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < rd->nactors; i++) {
		const struct rd_actor *a = &rd->actors[i];
		const char *sp = a->kind == RD_PERSON ? strchr(a->name, ' ') : NULL;
		if (sp)
			fn[nfn++] = (struct surname){ a->name, (size_t)(sp - a->name), (int)i };
	}
	qsort(fn, nfn, sizeof *fn, cmp_surname);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && cmp_surname(&v[i], &v[j]) == 0)
			j++;
		/* only a surname one person bears, that names nothing else and
		 * is no ordinary word ("May", "Major", "Rice") */
		if (j == i + 1 && v[i].n >= 3 && !smap_get(rd->keys, v[i].s, v[i].n) &&
		    !bsearch(&v[i], fn, nfn, sizeof *fn, cmp_surname) &&
		    !(blocked && blocked(v[i].s, v[i].n, ud))) {
			if (!add_sense(rd, v[i].s, v[i].n, RS_PERSON, v[i].actor)) {
				free(v);
				free(fn);
				return -1;
			}
			added++;
		}
		i = j;
	}
	free(v);
	free(fn);
	return added;
}

/* ---- recognition -------------------------------------------------------------- */

long rd_recognize(const struct refdata *rd, const char *text, size_t len, struct rd_hit **out)
{
	*out = NULL;
	/* tokens are separated, so len bytes hold at most (len + 1) / 2 of them:
	 * a sentence's tokens fit on the stack, a long text gets what it needs
	 * (MAXTOK at most, as before) */
	struct tok stackv[256];
	size_t maxt = (len + 1) / 2 + 1;
	if (maxt > MAXTOK)
		maxt = MAXTOK;
	struct tok *v = maxt <= sizeof stackv / sizeof *stackv ? stackv : malloc(maxt * sizeof *v);
	if (!v)
		return -1;
	size_t nt = tokenize(text, len, v, maxt);
	size_t n = 0, cap = 0;
	struct rd_hit *hits = NULL;
	char key[KEYCAP];
	for (size_t i = 0; i < nt;) {
		int *mx = smap_get(rd->first, text + v[i].s, v[i].e - v[i].s);
		if (!mx) {
			i++;
			continue;
		}
		size_t maxn = (size_t)*mx;
		if (maxn > nt - i)
			maxn = nt - i;
		int best = -1;
		size_t bestj = i;
		for (size_t k = maxn; k >= 1 && best < 0; k--) {
			size_t kn = make_key(text, v, i, i + k - 1, key);
			if (kn == 0)
				continue;
			int *s = smap_get(rd->keys, key, kn);
			if (s) {
				best = *s;
				bestj = i + k - 1;
			}
		}
		if (best < 0) {
			i++;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct rd_hit *p = realloc(hits, nc * sizeof *p);
			if (!p) {
				free(hits);
				if (v != stackv)
					free(v);
				return -1;
			}
			hits = p;
			cap = nc;
		}
		size_t end = v[bestj].e;
		size_t kn = make_key(text, v, i, bestj, key);
		if (end < len && text[end] == '.' && kn && smap_get(rd->dotted, key, kn))
			end++;
		hits[n++] = (struct rd_hit){ v[i].s, end, best };
		i = bestj + 1;
	}
	if (v != stackv)
		free(v);
	*out = hits;
	return (long)n;
}

int rd_lookup(const struct refdata *rd, const char *text, size_t len)
{
	struct tok v[64];
	size_t nt = tokenize(text, len, v, 64);
	if (nt == 0 || nt == 64)
		return -1;
	size_t first = 0;
	if (nt > 1 && v[0].e - v[0].s == 3 && strncasecmp(text + v[0].s, "the", 3) == 0)
		first = 1;
	char key[KEYCAP];
	size_t kn = make_key(text, v, first, nt - 1, key);
	if (kn == 0)
		return -1;
	int *s = smap_get(rd->keys, key, kn);
	if (s)
		return *s;
	/* case-insensitive fallback for command-line filters ("zelensky") */
	for (size_t i = 0; i < rd->keys->cap; i++)
		if (rd->keys->hash[i] && strcasecmp(rd->keys->key[i], key) == 0)
			return rd->keys->val[i];
	return -1;
}

/* ---- roles -------------------------------------------------------------------- */

const struct rd_role *rd_role_at(const struct refdata *rd, int actor, int64_t day,
				 const char *prefer)
{
	const struct rd_role *first = NULL;
	for (size_t i = 0; i < rd->nroles; i++) {
		const struct rd_role *r = &rd->roles[i];
		if (r->actor != actor || r->from > day || day > r->to)
			continue;
		if (prefer && strcmp(r->role, prefer) == 0)
			return r;
		if (!first || r->from > first->from)
			first = r; /* the latest appointment still running */
	}
	return first;
}

int rd_holder(const struct refdata *rd, const char *of, const char *role, int64_t day)
{
	for (size_t i = 0; i < rd->nroles; i++) {
		const struct rd_role *r = &rd->roles[i];
		if (r->from <= day && day <= r->to && strcmp(r->of, of) == 0 &&
		    strcmp(r->role, role) == 0)
			return r->actor;
	}
	return -1;
}
