/* ingest.h - turn one input (file, stdin, feed, news XML) into clean articles.
 *
 * Stage 1 of the pipeline.  An input is detected by content (plain text, HTML,
 * RSS/Atom feed, NITF, NewsML-G2, JSON Lines), decoded to UTF-8, parsed, and
 * every article it holds is handed to a callback as a struct pl_article whose
 * strings are all valid UTF-8.  Nothing here touches the database.
 */
#ifndef PARLEY_INGEST_H
#define PARLEY_INGEST_H

#include "parley/util.h"

/* ---- Dates -------------------------------------------------------------- */

enum pl_precision {
	PL_PREC_NONE = 0, /* no date at all */
	PL_PREC_YEAR,
	PL_PREC_MONTH,
	PL_PREC_DAY,
	PL_PREC_HOUR,
	PL_PREC_MINUTE,
	PL_PREC_SECOND,
};

/* A calendar date-time as written in the source.  Fields finer than `prec`
 * are 0.  `tz_min` is the UTC offset in minutes when has_tz. */
struct pl_datetime {
	int year, month, day, hour, minute, second;
	int tz_min;
	bool has_tz;
	enum pl_precision prec;
};

/* Parse ISO 8601 ("2025-12-15", "2025-12-15T10:30", "...:05Z", "...+01:00",
 * "2025-12", "2025") and the common RFC 822 form of feeds ("Mon, 15 Dec 2025
 * 10:30:00 GMT").  Returns true and fills *dt on success. */
bool pl_datetime_parse(const char *s, size_t n, struct pl_datetime *dt);
/* Append dt as ISO 8601 to the stated precision ("2025-12-15T10:30:00+01:00") to `out`. */
void pl_datetime_format(const struct pl_datetime *dt, struct pl_buf *out);
/* Days since 1970-01-01 of a proleptic Gregorian date (no time zones involved). */
int64_t pl_days_from_civil(int y, int m, int d);
void pl_civil_from_days(int64_t z, int *y, int *m, int *d);
/* Days in month m (1-12) of proleptic Gregorian year y; 0 when m is out of range. */
int pl_days_in_month(int y, int m);

/* ---- Articles ------------------------------------------------------------ */

enum pl_format {
	PL_FMT_UNKNOWN = 0,
	PL_FMT_TEXT,
	PL_FMT_HTML,
	PL_FMT_RSS,
	PL_FMT_ATOM,
	PL_FMT_NITF,
	PL_FMT_NEWSML,
	PL_FMT_JSONL,
};
const char *pl_format_name(enum pl_format f); /* "text", "html", "rss", ...; static */

/* One article.  Every string is owned by the article, NUL-terminated, valid
 * UTF-8, and may be NULL when unknown (body never is NULL after a successful
 * parse).  Free with pl_article_free. */
struct pl_article {
	char *origin;      /* path or URL as the user gave it; feed items get "path#N" (1-based) */
	char *url;         /* canonical URL when the input names one */
	char *title;
	char *source;      /* outlet name ("Reuters", "Financial Post"); when the input
	                      names none, the masthead line above a plain-text headline,
	                      else the agency in the dateline's parentheses
	                      ("BERLIN, Dec 15 (Meridian Wire) -" -> "Meridian Wire") */
	char *byline;
	char *dateline;    /* "KYIV, Feb 5 (Reuters) -" as written, when present */
	char *language;    /* BCP 47 tag ("en") from markup, or guessed from text */
	enum pl_format format;

	struct pl_datetime published; /* prec == PL_PREC_NONE: no date found */
	char *published_how;          /* how it was found: "json-ld:datePublished",
	                                 "meta:article:published_time", "time-element",
	                                 "url", "dateline", "byline-relative", "feed:pubDate",
	                                 "option:--date", ...; NULL when none */
	struct pl_datetime modified;  /* kept apart from published */

	char *body;        /* main text: paragraphs separated by one blank line ("\n\n"),
	                      no leading/trailing whitespace, no page furniture */
	size_t body_len;
	char **captions;   /* photo captions, kept apart from the body */
	size_t ncaptions;
};

void pl_article_free(struct pl_article *a); /* frees members, not `a` itself; NULL ok */

/* ---- Options and the entry point ----------------------------------------- */

struct pl_boiler; /* compiled boilerplate phrase rules (rules/boilerplate*.rules) */
struct pl_textlists; /* word lists of the text readers (rules/text/NAME.list) */

struct pl_ingest_opts {
	/* publication date for inputs that carry none (--date); prec NONE if unset */
	struct pl_datetime default_date;
	/* when the page was saved (--saved-at), for "11 hours ago"; prec NONE if unset */
	struct pl_datetime saved_at;
	const char *source;            /* --source: outlet name overriding what is found */
	const struct pl_boiler *boiler; /* may be NULL: then no phrase rules are applied */
	/* word lists for plain text and text dates; NULL: pl_textlists_default() */
	const struct pl_textlists *textlists;
};

/* Called once per article found.  The callee may keep the article: it takes
 * ownership and must pl_article_free() it (and free() the pointer).  Return 0 to
 * go on, non-zero to stop the parse. */
typedef int (*pl_article_fn)(struct pl_article *a, void *ud);

/* Parse one input already in memory.  `origin` names it in diagnostics and in
 * pl_article.origin.  `data` need not be UTF-8: it is decoded first.  Returns
 * the number of articles delivered, or -1 after adding diagnostics naming
 * `origin` when the input as a whole is unusable (binary, empty, no article).
 * Feeds stream: items are delivered as they are parsed, so memory stays bounded
 * by one item plus the input. */
long pl_ingest_buffer(const char *origin, const char *data, size_t len,
		      const struct pl_ingest_opts *opts, pl_article_fn fn, void *ud,
		      struct pl_diags *d);

/* Detect the format of `data` by content; `name` (may be NULL) breaks ties by extension. */
enum pl_format pl_detect_format(const char *data, size_t len, const char *name);

/* Convert `data` to valid UTF-8 in `out`: BOM, XML declaration or HTML meta
 * charset, UTF-8 validity, then windows-1252.  Returns the name of the encoding
 * used ("utf-8", "windows-1252", "iso-8859-1", "utf-16le"...; static), or NULL after
 * adding a diagnostic when the bytes are binary (NUL bytes, control codes). */
const char *pl_decode_text(const char *origin, const char *data, size_t len,
			   struct pl_buf *out, struct pl_diags *d);

/* ---- Boilerplate phrase rules --------------------------------------------- */

/* Load every rules file named boilerplate*.rules in `dirs` (later dirs override
 * earlier rules of the same id).  NULL after diagnostics on error.  The result
 * holds its own matching scratch (PCRE2 match data, JIT stack), made once: use
 * one pl_boiler from one thread at a time (load one per thread).  Caller
 * destroys. */
struct pl_boiler *pl_boiler_load(const char *const *dirs, size_t ndirs, struct pl_diags *d);
void pl_boiler_destroy(struct pl_boiler *b); /* NULL ok */
/* Apply the phrase rules to a.body: lines or paragraphs a rule marks as
 * boilerplate are dropped, those marked as captions move to a.captions, and the
 * body is re-joined with "\n\n" between paragraphs (a.body_len updated).
 * Returns the number of lines removed or moved, -1 on OOM. */
long pl_boiler_apply(const struct pl_boiler *b, struct pl_article *a);

/* ---- Word lists of the text readers ------------------------------------------ */

/* Load rules/text/NAME.list (abbreviations, sentence_starters, months,
 * textdate, stopwords, plaintext) from dirs[0], the shipped rules directory,
 * where every list must be, then DIR/text/NAME.list of each later dir (--rules)
 * when present: its entries are added after the shipped ones, and an
 * abbreviation or starter listed again takes the later entry.  Read at run
 * time, so edits need no rebuild.  NULL after diagnostics naming the file (and
 * line, for a bad entry).  Read-only once loaded: may be shared by threads.
 * Caller destroys. */
struct pl_textlists *pl_textlists_load(const char *const *dirs, size_t ndirs, struct pl_diags *d);
void pl_textlists_destroy(struct pl_textlists *tl); /* NULL ok */
/* The lists used where none is given (pl_sentences, pl_ingest_opts without
 * textlists): those of pl_textlists_use, else the shipped lists, read once on
 * first use from $PARLEY_RULES_DIR or the build's rules/ and kept for the
 * process.  NULL when those cannot be read (the CLI loads them itself first, to
 * report why).  Borrowed. */
const struct pl_textlists *pl_textlists_default(void);
/* Make `tl` (borrowed: keep it alive while in use; NULL: back to the shipped
 * lists) the default.  Call before ingesting, not while other threads read. */
void pl_textlists_use(const struct pl_textlists *tl);

/* ---- Sentences and paragraphs -------------------------------------------- */

/* Byte range [start, end) into an article body. */
struct pl_range {
	size_t start, end;
};

/* Split `body` into paragraphs (separated by blank lines).  Returns the count;
 * *out is malloc'd (caller frees).  -1 on OOM. */
long pl_paragraphs(const char *body, size_t len, struct pl_range **out);
/* Split `body` into sentences: knows news abbreviations (Dec., U.S., Mr., Gen.,
 * No., St.), initials, decimals, quotes and datelines; never crosses a
 * paragraph break.  Ranges exclude surrounding whitespace.  Returns the count;
 * *out is malloc'd (caller frees).  -1 on OOM. */
long pl_sentences(const char *body, size_t len, struct pl_range **out);
/* Same with the given word lists (NULL: pl_textlists_default()); -1 also when
 * there are no lists at all. */
long pl_sentences_with(const struct pl_textlists *tl, const char *body, size_t len,
		       struct pl_range **out);
/* Index of the range of v[0..n) (sorted and disjoint, as pl_sentences and
 * pl_paragraphs return them; borrowed) that holds byte `at`; -1 when `at` falls
 * between ranges or past the last.  A binary search: O(log n). */
long pl_range_find(const struct pl_range *v, size_t n, size_t at);

#endif
