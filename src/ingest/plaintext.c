/* plaintext.c - plain-text articles: title, byline, dates, paragraph structure, language guess. */
#include "formats.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

/* The words (plaintext.list, stopwords.list) come from rules/text/ at run
 * time: see textlists.c. */

/* The head of an article (title, byline, date lines, furniture) is its first
 * few blocks; bylines and date lines further down belong to the story. */
#define HEAD_BLOCKS 8
/* Datelines open one of the first paragraphs, after any page furniture. */
#define DATELINE_BLOCKS 12
/* Longest line taken for a title, a byline or a date line (bytes). */
#define TITLE_MAX 300
#define BYLINE_MAX 160
#define DATE_LINE_MAX 120
/* Pages copied as text often open with short label lines above the headline:
 * the outlet ("Global Affairs Digest"), a section or genre ("Analysis",
 * "World News").  A label has at most LABEL_WORDS words in LABEL_MAX bytes
 * and no sentence punctuation; at most MAX_LABELS of them wait for a
 * headline, a line of at least HEADLINE_WORDS words. */
#define LABEL_WORDS 4
#define LABEL_MAX 48
#define MAX_LABELS 3
#define HEADLINE_WORDS 5
/* Hard-wrapped text has lines of 40..110 bytes: such a line continues on the
 * next one.  Shorter lines (headings, "Financial Post") and longer ones (a
 * paragraph per line) end where they end. */
#define WRAP_MIN 40
#define WRAP_MAX 110
/* Language guess: bytes of body looked at, and the evidence needed. */
#define LANG_SCAN 20000
#define LANG_MIN_HITS 5

struct line {
	size_t s, e;   /* trimmed content [s, e) in the text */
	bool bullet;   /* opens a list item */
	bool drop;     /* title, byline or date line: not part of the body */
};

struct block {
	size_t first, n; /* lines[first .. first+n) */
};

/* ---- Lines and blocks ---------------------------------------------------- */

static bool is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}



/* Length of an entry of `kind` (plaintext.list) starting t[s..e), or 0: the
 * first in list order. */
static size_t list_prefix(const struct pl_textlists *tl, const char *t, size_t s, size_t e,
			  const char *kind)
{
	size_t count;
	const struct pl_tl_phrase *w = pl_textlists_plain(tl, kind, &count);
	for (size_t i = 0; i < count; i++)
		if (e - s >= w[i].plen && memcmp(t + s, w[i].phrase, w[i].plen) == 0)
			return w[i].plen;
	return 0;
}

/* A bullet character followed by a blank. */
static bool bullet_line(const struct pl_textlists *tl, const char *t, size_t s, size_t e)
{
	size_t k = list_prefix(tl, t, s, e, "bullet");
	return k && s + k < e && is_blank_byte(t[s + k]);
}

/* Split text into trimmed lines (\n, \r\n or \r) and blank-line blocks. */
static bool split(const struct pl_textlists *tl, const char *t, size_t len, struct line **lines,
		  size_t *nl, struct block **blocks, size_t *nb)
{
	size_t cap = 0, bcap = 0, n = 0, b = 0;
	struct line *L = NULL;
	struct block *B = NULL;
	bool in_block = false;
	for (size_t i = 0; i < len;) {
		/* the line ends at the first \n or \r (memchr: decoded text has no
		 * \r, and the loop over each byte was a tenth of this reader) */
		const char *lf = memchr(t + i, '\n', len - i);
		size_t j = lf ? (size_t)(lf - t) : len;
		const char *cr = memchr(t + i, '\r', j - i);
		if (cr)
			j = (size_t)(cr - t);
		size_t s = i, e = j;
		pl_text_trim(t, &s, &e);
		if (j < len && t[j] == '\r' && j + 1 < len && t[j + 1] == '\n')
			j++;
		i = j + 1;
		if (s == e) {
			in_block = false;
			continue;
		}
		if (!pl_grow(&L, &cap, n, sizeof *L))
			goto oom;
		L[n] = (struct line){s, e, bullet_line(tl, t, s, e), false};
		if (!in_block) {
			if (!pl_grow(&B, &bcap, b, sizeof *B))
				goto oom;
			B[b++] = (struct block){n, 0};
			in_block = true;
		}
		B[b - 1].n++;
		n++;
	}
	*lines = L, *nl = n, *blocks = B, *nb = b;
	return true;
oom:
	free(L);
	free(B);
	return false;
}

/* ---- Head: title, byline, date lines ------------------------------------- */

static size_t count_words(const char *t, size_t s, size_t e)
{
	size_t w = 0;
	bool in = false;
	for (size_t i = s; i < e; i++) {
		bool blank = is_blank_byte(t[i]);
		if (!blank && !in)
			w++;
		in = !blank;
	}
	return w;
}

/* The date (if any) of a short head line, and whether the line is a date
 * line at all.  Recognition must not depend on opts->saved_at ("11 hours
 * ago" is furniture even when it can't be resolved), so the line is also
 * probed against a fixed saving time whose result is thrown away. */
static bool date_line(const char *t, const struct line *l, const struct pl_ingest_opts *opts, int year,
		      struct pl_datetime *dt, const char **how, bool *resolved)
{
	size_t n = l->e - l->s;
	*resolved = false;
	if (n > DATE_LINE_MAX || pl_text_dateline(t + l->s, n) > 0)
		return false;
	if (pl_text_date(t + l->s, n, opts, year, dt, how)) {
		*resolved = true;
		return true;
	}
	struct pl_ingest_opts probe;
	memset(&probe, 0, sizeof probe);
	probe.saved_at = (struct pl_datetime){2000, 6, 15, 12, 0, 0, 0, true, PL_PREC_SECOND};
	struct pl_datetime ignored;
	const char *h;
	return pl_text_date(t + l->s, n, &probe, 2000, &ignored, &h);
}

/* A short line without sentence shape: an outlet name or section label
 * when a headline follows, else perhaps a short title. */
static bool label_line(const char *t, const struct line *l, size_t words)
{
	size_t n = l->e - l->s;
	char last = t[l->e - 1];
	return words <= LABEL_WORDS && n <= LABEL_MAX && !l->bullet && last != '.' && last != '!' &&
	       last != '?' && last != ':' && last != ',' && last != ';';
}

/* An outlet's name as printed in a masthead: two words or more, each
 * capitalized except short joining words ("Voice of America"). */
static bool outlet_shape(const char *t, const struct line *l)
{
	size_t words = 0;
	for (size_t i = l->s; i < l->e;) {
		while (i < l->e && is_blank_byte(t[i]))
			i++;
		size_t w = i;
		while (i < l->e && !is_blank_byte(t[i]))
			i++;
		if (i == w)
			break;
		words++;
		unsigned char c = (unsigned char)t[w];
		bool upper = (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (!upper && !(i - w <= 3 && c >= 'a' && c <= 'z'))
			return false;
		if ((c < 'A' || c > 'Z') && c < 0x80 && words == 1)
			return false; /* the first word is capitalized */
	}
	return words >= 2;
}

/* "By Irina Sokolova and Daniel Hurst" -> the names, up to a separator. */
static char *byline_names(const struct pl_textlists *tl, const char *t, const struct line *l)
{
	size_t k = list_prefix(tl, t, l->s, l->e, "byline");
	size_t s = l->s + k;
	if (!k || s >= l->e || t[s] != ' ' || s + 1 >= l->e || !(t[s + 1] >= 'A' && t[s + 1] <= 'Z'))
		return NULL;
	s++;
	size_t e = s;
	while (e < l->e && t[e] != '|' && !(t[e] == ' ' && e + 2 < l->e && t[e + 1] == '-' && t[e + 2] == ' ') &&
	       !((unsigned char)t[e] == 0xC2 && e + 1 < l->e && (unsigned char)t[e + 1] == 0xB7))
		e++;
	pl_text_trim(t, &s, &e);
	if (e > s && t[e - 1] == ',')
		e--;
	return e > s ? pl_strndup(t + s, e - s) : NULL;
}

/* ---- Language ------------------------------------------------------------ */

/* Most frequent language by stopword hits, when it clearly leads; NULL
 * otherwise (a guess that can't be made is not made). */
static char *guess_language(const struct pl_textlists *tl, const char *body, size_t len)
{
	size_t nlang;
	const char *const *stopwords = pl_textlist(tl, PL_TL_STOPWORDS, &nlang);
	long *hits = calloc(nlang ? nlang : 1, sizeof *hits);
	char *out = NULL;
	if (!hits)
		return NULL;
	if (len > LANG_SCAN)
		len = LANG_SCAN;
	char word[32];
	for (size_t i = 0; i < len;) {
		/* words: runs of letters (ASCII or multi-byte), lower-cased ASCII */
		size_t k = 0;
		while (i < len) {
			unsigned char c = (unsigned char)body[i];
			bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
			if (!letter) {
				if (k)
					break;
				i++;
				continue;
			}
			if (k < sizeof word)
				word[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			k++;
			i++;
		}
		if (k == 0 || k > sizeof word)
			continue;
		/* a word shared by several languages counts for each of them */
		size_t nf;
		const struct pl_tl_stopword *f = pl_textlists_stopword(tl, word, k, &nf);
		for (size_t j = 0; j < nf; j++)
			hits[f[j].lang]++;
	}
	size_t best = 0, second = 0;
	for (size_t l = 1; l < nlang; l++) {
		if (hits[l] > hits[best]) {
			second = best;
			best = l;
		} else if (l != best && (second == best || hits[l] > hits[second])) {
			second = l;
		}
	}
	if (nlang && hits[best] >= LANG_MIN_HITS && (nlang == 1 || best == second || hits[best] >= 2 * hits[second])) {
		size_t taglen = strcspn(stopwords[best], " \t");
		out = pl_strndup(stopwords[best], taglen);
	}
	free(hits);
	return out;
}

/* ---- Body ---------------------------------------------------------------- */

/* Does s[0..n) hold a tab or two spaces in a row: a run put_line collapses? */
static bool has_run(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\t' || (s[i] == ' ' && i + 1 < n && s[i + 1] == ' '))
			return true;
	return false;
}

/* Append one line, runs of blanks collapsed to single spaces. */
static void put_line(struct pl_buf *b, const char *t, const struct line *l)
{
	size_t n = l->e - l->s;
	if (!has_run(t + l->s, n)) {
		pl_buf_append(b, t + l->s, n); /* no run to collapse: the line as it is */
		return;
	}
	size_t i = l->s;
	while (i < l->e) {
		size_t run = i;
		while (i < l->e && t[i] != ' ' && t[i] != '\t')
			i++;
		pl_buf_append(b, t + run, i - run);
		if (i < l->e) {
			pl_buf_putc(b, ' ');
			while (i < l->e && (t[i] == ' ' || t[i] == '\t'))
				i++;
		}
	}
}

static bool ends_sentence(const char *t, const struct line *l)
{
	char c = t[l->e - 1];
	if (c == '.' || c == '!' || c == '?' || c == '"')
		return true;
	/* ” and … (E2 80 9D, E2 80 A6) */
	return l->e - l->s >= 3 && (unsigned char)t[l->e - 3] == 0xE2 && (unsigned char)t[l->e - 2] == 0x80 &&
	       ((unsigned char)t[l->e - 1] == 0x9D || (unsigned char)t[l->e - 1] == 0xA6);
}

/* Paragraphs of the body: blocks, lines of a block joined when the text is
 * hard-wrapped, list items and other separate lines kept as lines. */
static void build_body(const char *t, const struct line *L, const struct block *B, size_t nb,
		       struct pl_buf *out)
{
	for (size_t b = 0; b < nb; b++) {
		bool started = false;
		const struct line *prev = NULL;
		for (size_t k = 0; k < B[b].n; k++) {
			const struct line *l = &L[B[b].first + k];
			if (l->drop)
				continue;
			if (!started) {
				if (out->len)
					pl_buf_puts(out, "\n\n");
				started = true;
			} else {
				/* between two lines of one block: a list item is a line of
				 * its own; a wrapped line goes on with a space; a line that
				 * ends short ends its paragraph */
				size_t plen = prev->e - prev->s, clen = l->e - l->s;
				bool wrapped = plen >= WRAP_MIN && plen <= WRAP_MAX;
				/* "...as constructive.\nKey points": a sentence end and a
				 * short line after it is a heading, not a continuation */
				if (wrapped && clen < WRAP_MIN && ends_sentence(t, prev))
					wrapped = false;
				if (l->bullet)
					pl_buf_putc(out, '\n');
				else if (wrapped)
					pl_buf_putc(out, ' ');
				else
					pl_buf_puts(out, prev->bullet ? "\n" : "\n\n");
			}
			put_line(out, t, l);
			prev = l;
		}
	}
}

/* ---- The extractor -------------------------------------------------------- */

/* Line `tl` becomes the title; the label lines above it are dropped, and the
 * first, when it opens the text and looks like a masthead, names the outlet
 * (out->source) as nothing else in plain text does.  False on OOM. */
static bool take_title(const char *t, struct line *tl, struct line *const *labels, size_t nlabels,
		       const struct line *first, struct pl_article *out)
{
	out->title = pl_strndup(t + tl->s, tl->e - tl->s);
	if (!out->title)
		return false;
	tl->drop = true;
	for (size_t i = 0; i < nlabels; i++)
		labels[i]->drop = true;
	if (nlabels && labels[0] == first && !out->source && outlet_shape(t, labels[0])) {
		out->source = pl_strndup(t + labels[0]->s, labels[0]->e - labels[0]->s);
		if (!out->source)
			return false;
	}
	return true;
}

/* A text whose only substantive line became its title ("Ministers met in Oslo
 * on Monday.") would have no body at all: that line is then the body too, so a
 * one-paragraph note is stored instead of refused. */
static void keep_one_line_body(const char *t, struct line *L, size_t nl, const struct pl_article *out)
{
	if (!out->title)
		return;
	size_t tlen = strlen(out->title);
	struct line *title_line = NULL;
	for (size_t i = 0; i < nl; i++) {
		if (!L[i].drop)
			return; /* something else is left for the body */
		if (!title_line && L[i].e - L[i].s == tlen && memcmp(t + L[i].s, out->title, tlen) == 0)
			title_line = &L[i];
	}
	if (title_line)
		title_line->drop = false;
}

int pl_plaintext_extract(const char *origin, const char *text, size_t len,
			 const struct pl_ingest_opts *opts, struct pl_article *out,
			 struct pl_diags *d)
{
	struct line *L = NULL;
	struct block *B = NULL;
	size_t nl = 0, nb = 0;
	struct pl_buf body = PL_BUF_INIT;
	int rc = -1;
	const struct pl_textlists *tl = pl_textlists_of(opts);
	if (!split(tl, text, len, &L, &nl, &B, &nb)) {
		pl_error(d, origin, "out of memory");
		goto out;
	}
	if (nl == 0) {
		pl_error(d, origin, "no text in this plain-text file");
		goto out;
	}
	out->format = PL_FMT_TEXT;
	int year = 0;
	if (opts && opts->saved_at.prec >= PL_PREC_YEAR)
		year = opts->saved_at.year;
	else if (opts && opts->default_date.prec >= PL_PREC_YEAR)
		year = opts->default_date.year;

	/* Head: the first substantive line is the title; byline and date lines
	 * are recorded and dropped. */
	struct pl_datetime head_dt = {0}, dt;
	const char *head_how = NULL, *how;
	bool title_open = true; /* until the first line that is neither date nor byline */
	struct line *labels[MAX_LABELS]; /* label lines waiting for a headline */
	size_t nlabels = 0;
	struct line *short_title = NULL; /* the first label of 2+ words */
	size_t head_end = nb < HEAD_BLOCKS ? nb : HEAD_BLOCKS;
	for (size_t b = 0; b < head_end; b++) {
		for (size_t k = 0; k < B[b].n; k++) {
			struct line *l = &L[B[b].first + k];
			size_t n = l->e - l->s;
			bool resolved;
			if (date_line(text, l, opts, year, &dt, &how, &resolved)) {
				l->drop = true;
				/* the first published date wins; an "Updated" one only
				 * when nothing else is known */
				if (resolved && (!head_how || (strcmp(head_how, "byline-updated") == 0 &&
							       strcmp(how, "byline-updated") != 0))) {
					head_dt = dt;
					head_how = how;
				}
				continue;
			}
			if (!out->byline && n <= BYLINE_MAX && (out->byline = byline_names(tl, text, l)) != NULL) {
				l->drop = true;
				/* "By Jane Doe | Published 15 December 2025" */
				if (!head_how && pl_text_date(text + l->s, n, opts, year, &dt, &how)) {
					head_dt = dt;
					head_how = how;
				}
				continue;
			}
			if (title_open) {
				/* the first substantive line: a few words, no list item,
				 * no dateline, not a sentence of running text; label lines
				 * above a headline are skipped */
				size_t w = count_words(text, l->s, l->e);
				bool sentence = text[l->e - 1] == '.' && w > 12;
				if (label_line(text, l, w) && nlabels < MAX_LABELS &&
				    pl_text_dateline(text + l->s, n) == 0) {
					labels[nlabels++] = l;
					if (w >= 2 && !short_title)
						short_title = l;
					continue;
				}
				if (w < 2 && !short_title)
					continue; /* "Advertisement", "Politics": furniture */
				title_open = false;
				bool headline = w >= 2 && n <= TITLE_MAX && !sentence && !l->bullet &&
						pl_text_dateline(text + l->s, n) == 0;
				/* under labels, a headline is long and never ends with a
				 * period ("Talks in Geneva" above "Envoys met on Monday."
				 * is a short title and its first sentence) */
				bool over_labels = w >= HEADLINE_WORDS && text[l->e - 1] != '.';
				if (headline && (!short_title || over_labels)) {
					if (!take_title(text, l, labels, nlabels, L, out))
						goto oom;
				} else if (short_title) {
					/* no headline under the labels: the first label of two
					 * words or more is a short title ("Talks collapse") */
					if (!take_title(text, short_title, NULL, 0, L, out))
						goto oom;
				}
			}
		}
	}

	if (title_open && short_title && !take_title(text, short_title, NULL, 0, L, out))
		goto oom;
	keep_one_line_body(text, L, nl, out);

	/* Dateline: the first of the leading paragraphs that opens with one. */
	size_t dl_end = nb < DATELINE_BLOCKS ? nb : DATELINE_BLOCKS;
	struct pl_datetime dl_dt = {0};
	bool dl_dated = false;
	for (size_t b = 0; b < dl_end && !out->dateline; b++) {
		const struct line *l = &L[B[b].first];
		if (l->drop)
			continue;
		size_t k = pl_text_dateline(text + l->s, l->e - l->s);
		if (!k)
			continue;
		out->dateline = pl_strndup(text + l->s, k);
		dl_dated = pl_text_date(text + l->s, l->e - l->s, opts, year, &dt, &how) && strcmp(how, "dateline") == 0;
		if (dl_dated)
			dl_dt = dt;
	}

	/* Date: an absolute byline date, else the dateline's, else a relative
	 * or "Updated" byline date.  opts->default_date is the dispatcher's. */
	const char *chosen = NULL;
	if (head_how && strcmp(head_how, "byline") == 0) {
		out->published = head_dt;
		chosen = head_how;
	} else if (dl_dated) {
		out->published = dl_dt;
		chosen = "dateline";
	} else if (head_how) {
		out->published = head_dt;
		chosen = head_how;
	}
	if (chosen)
		out->published_how = pl_strdup(chosen);

	build_body(text, L, B, nb, &body);
	if (body.oom) {
		pl_error(d, origin, "out of memory");
		goto out;
	}
	out->body_len = body.len;
	out->body = pl_buf_steal(&body);
	if (!out->body) {
		pl_error(d, origin, "out of memory");
		goto out;
	}
	out->language = guess_language(tl, out->body, out->body_len);
	rc = 0;
	goto out;
oom:
	pl_error(d, origin, "out of memory");
out:
	pl_buf_free(&body);
	free(L);
	free(B);
	return rc;
}
