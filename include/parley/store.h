/* store.h - the SQLite store of articles, and the ingest driver that fills it.
 *
 * One database file holds every article ingested, with its captions, its
 * paragraphs and sentences as byte ranges into the body, and (from the time
 * stage on) its time expressions.  The schema and its migrations are in
 * src/store/schema.c and described in docs/ARCHITECTURE.md.
 *
 * Deduplication (decided here, once):
 *   - same origin, same normalized text  -> nothing is written (a duplicate);
 *   - same origin, changed text          -> that row is replaced in place (same id);
 *   - new origin, same text as a stored article (exact normalized-text match, or
 *     5-word shingle Jaccard >= 0.9 found through MinHash bands) -> a wire copy:
 *     the row is stored (its outlet, URL, title, dates and captions are
 *     provenance) with wire_of pointing at the first article of that text, but
 *     it gets no paragraphs, sentences, timexes or bands, so later stages read
 *     the text once.  wire_of always points at a root (a row whose wire_of is NULL).
 *   - new origin, same text and the same URL as a stored article -> a duplicate
 *     (the same page saved under two paths).
 *   - texts under 8 words (an empty feed item, "Photo gallery") are never
 *     matched across origins.
 *   - a root whose text is later updated keeps its wire copies' links.
 *
 * Ownership: a struct pl_store is created by pl_store_open and destroyed by
 * pl_store_close; nothing it returns outlives it.  Strings handed to callbacks
 * are borrowed and valid only during the call.
 */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include "parley/ingest.h"
#include "parley/util.h"

#include <sqlite3.h>

#define PL_STORE_SCHEMA_VERSION 4 /* 2: events (eventstore.h); 3, 4: merge indexes */

struct pl_store;

/* Open (creating if needed) the database at `path` (":memory:" works), set WAL,
 * foreign_keys=ON and busy_timeout, and migrate it to PL_STORE_SCHEMA_VERSION.
 * NULL after a diagnostic naming `path` when it cannot be opened, is not a
 * parley database, or was written by a newer parley.  Caller closes.  A store
 * is used by one thread at a time (it is opened without SQLite's mutexes). */
struct pl_store *pl_store_open(const char *path, struct pl_diags *d);
/* Finalize every cached statement and close.  An open transaction is rolled
 * back (commit first with pl_store_commit).  NULL is a no-op. */
void pl_store_close(struct pl_store *s);
/* The schema version of the open database (PRAGMA user_version). */
int pl_store_schema_version(struct pl_store *s);
/* The underlying connection, borrowed, for later stages that add their own
 * rows (timexes) inside the store's transactions.  Do not close it. */
sqlite3 *pl_store_db(struct pl_store *s);

/* ---- Transactions --------------------------------------------------------- */

/* BEGIN IMMEDIATE unless a transaction is already open.  0 or -1 (+diag). */
int pl_store_begin(struct pl_store *s, struct pl_diags *d);
/* COMMIT the open transaction (no-op when none).  0 or -1 (+diag). */
int pl_store_commit(struct pl_store *s, struct pl_diags *d);
/* A named unit inside the transaction (one input file): everything put after
 * pl_store_mark is kept by pl_store_keep or undone by pl_store_undo.  Marks do
 * not nest.  0 or -1 (+diag). */
int pl_store_mark(struct pl_store *s, struct pl_diags *d);
int pl_store_keep(struct pl_store *s, struct pl_diags *d);
int pl_store_undo(struct pl_store *s, struct pl_diags *d);

/* ---- Articles --------------------------------------------------------------- */

enum pl_put_result {
	PL_PUT_STORED,    /* a new article, with paragraphs and sentences */
	PL_PUT_UPDATED,   /* same origin, new text: replaced in place */
	PL_PUT_DUPLICATE, /* nothing written */
	PL_PUT_WIRE,      /* stored as a wire copy of info.wire_of */
};

struct pl_put_info {
	enum pl_put_result result;
	int64_t id;      /* the row written, or for a duplicate the row it duplicates */
	int64_t wire_of; /* the root article, for PL_PUT_WIRE (and an updated wire copy); else 0 */
};

/* Store article `a` (borrowed) with its paragraph and sentence ranges (byte
 * offsets into a->body, sorted, non-overlapping, on UTF-8 boundaries; a
 * sentence outside every paragraph is stored with paragraph NULL).  Deduplicates as described at the top.
 * Ranges that break these rules are refused with a diagnostic (nothing
 * written).  Call inside a transaction for speed; works outside one too.
 * Returns 0 and fills *info, or -1 after a diagnostic naming a->origin. */
int pl_store_put(struct pl_store *s, const struct pl_article *a,
		 const struct pl_range *paras, size_t npara,
		 const struct pl_range *sents, size_t nsent,
		 struct pl_put_info *info, struct pl_diags *d);

/* One stored article as listed; every pointer is borrowed from the current
 * row and valid only during the callback; NULL when the column is NULL. */
struct pl_stored {
	int64_t id;
	const char *origin, *url, *title, *source, *byline, *dateline, *language, *format;
	const char *published, *published_precision, *published_how, *modified;
	const char *content_hash, *ingested_at;
	const char *body; /* NULL unless the listing asked for bodies */
	size_t body_len;
	int64_t wire_of; /* 0 when the article is not a wire copy */
	long ncaptions, nparagraphs, nsentences;
	const char *const *captions; /* ncaptions strings, borrowed; only with texts */
};
typedef int (*pl_stored_fn)(const struct pl_stored *a, void *ud);

/* Call fn for every stored article in id order (with bodies and captions when
 * `with_text`).  fn returning non-zero stops the walk and is returned.
 * -1 after a diagnostic on a database error. */
int pl_store_each(struct pl_store *s, bool with_text, pl_stored_fn fn, void *ud,
		  struct pl_diags *d);

/* Counts over the whole database. */
struct pl_store_counts {
	int64_t articles, wire_copies, dated, paragraphs, sentences, captions, sources, timexes;
};
int pl_store_counts(struct pl_store *s, struct pl_store_counts *c, struct pl_diags *d);

/* ---- Text fingerprints (exposed for tests and later stages) ----------------- */

/* The text as compared for duplicates: lower-cased letters and digits, every
 * run of whitespace/punctuation one space.  Appends to `out`. */
void pl_text_normalize(const char *s, size_t n, struct pl_buf *out);
/* 64-bit FNV-1a of the normalized text, as 16 lower-case hex digits + NUL. */
void pl_content_hash(const char *body, size_t n, char hex[17]);
/* Jaccard similarity (0..1) of the 5-word shingle sets of two texts. */
double pl_text_similarity(const char *a, size_t na, const char *b, size_t nb);

/* ---- Article presentation --------------------------------------------------- */

/* Append `a` as one JSON object (no newline): title, source, url, published
 * (ISO or null), published_how, published_precision, modified, byline,
 * dateline, language, format, origin, captions, body. */
void pl_article_json(const struct pl_article *a, struct pl_buf *out);
/* The same shape for a stored article (plus id, content_hash, wire_of,
 * ingested_at, paragraphs, sentences). */
void pl_stored_json(const struct pl_stored *a, struct pl_buf *out);
/* "day", "minute", ... or NULL for PL_PREC_NONE. */
const char *pl_precision_name(enum pl_precision p);

/* ---- Time expressions ------------------------------------------------------- */

struct pl_timexes; /* parley/time.h */

/* Store the time expressions `x` (offsets into the body of article `id`) in
 * `timexes`, each with the index of the sentence (of `sents`, the article's
 * sentence ranges) that holds its start.  0 or -1 (+diag). */
int pl_store_put_timexes(struct pl_store *s, int64_t id, const char *body, size_t body_len,
			 const struct pl_timexes *x, const struct pl_range *sents, size_t nsent,
			 struct pl_diags *d);

/* A pl_after_put_fn (below) that tags an article just stored or updated with
 * the tagger `ud` (a struct pl_tagger *, borrowed), grounded on its
 * publication date when that is at least a day (else relative expressions stay
 * unresolved), and stores the expressions.  Wire copies are skipped: their
 * text is the root's. */
int pl_store_timex_hook(struct pl_store *s, const struct pl_put_info *info,
			const struct pl_article *a, const struct pl_range *sents, size_t nsent,
			void *ud, struct pl_diags *d);

/* ---- The ingest driver ------------------------------------------------------ */

struct pl_import_progress {
	size_t files_done, files_total;
	uint64_t articles; /* articles parsed so far */
	uint64_t bytes;    /* input bytes read so far (after gunzip) */
};
typedef void (*pl_progress_fn)(const struct pl_import_progress *p, void *ud);
/* Called after an article was written (stored, updated or a wire copy; not
 * for duplicates) inside the file's mark, with its sentence ranges, so later
 * stages can add rows (an update has already dropped the old timexes; a wire
 * copy, info->result PL_PUT_WIRE, has no sentences stored: skip it).
 * Non-zero fails the file (its articles are undone). */
typedef int (*pl_after_put_fn)(struct pl_store *s, const struct pl_put_info *info,
			       const struct pl_article *a, const struct pl_range *sents,
			       size_t nsent, void *ud, struct pl_diags *d);

struct pl_import_opts {
	struct pl_ingest_opts ingest;  /* dates, --source, boilerplate rules */
	unsigned batch;                /* commit after this many articles (0: 200) */
	pl_progress_fn progress;       /* may be NULL */
	void *progress_ud;
	pl_after_put_fn after_put;     /* may be NULL */
	void *after_put_ud;
};

struct pl_import_stats {
	size_t files, files_failed;
	uint64_t articles; /* parsed */
	uint64_t stored, updated, duplicates, wire_copies;
	uint64_t bytes;
};

/* Ingest `paths` (files; directories walked recursively in sorted order,
 * skipping dot files and README*, MANIFEST*, LICENSE* (corpus documentation);
 * "-" for stdin; gzip content unpacked) into `s`.  A file that
 * cannot be read or parsed gets diagnostics naming it, its articles are undone
 * and the others still go in.  Articles read from stdin without a URL get the
 * origin "stdin:<content hash>".  Commits in batches and at the end.
 * Returns 0 when every file went in, 1 when some failed, -1 when the database
 * itself failed (the run stops; what was committed stays). */
int pl_import(struct pl_store *s, const char *const *paths, size_t npaths,
	      const struct pl_import_opts *o, struct pl_import_stats *st, struct pl_diags *d);

#endif
