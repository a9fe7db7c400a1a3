/* eventstore.h - event mentions in the store, merged into events, and queried back.
 *
 * The extract stage hands each article's mentions (struct pl_event records
 * with exactly one source each) to pl_events_put_article, which replaces the
 * article's previous mentions and merges the new ones into events: mentions
 * of one type family (rules/merge.rules, list MERGE_FAMILY), with compatible
 * actors (an unordered set for meetings, source -> target for the families
 * MERGE_ORDER marks `ordered`), compatible places (equal, or one missing),
 * dates within a window that depends on precision, and statuses of one
 * MERGE_STATUS group, become one event.  pl_events_query reads events back as
 * struct pl_event values (parley events, show, render).
 *
 * Tables, merge rules and their reasons: src/store/events_schema.c and
 * docs/ARCHITECTURE.md.
 *
 * Ownership: a struct pl_merger borrows the rule set it was created from
 * (which must outlive it) and is destroyed with pl_merger_destroy, before
 * the store it merged into is closed (it holds prepared statements on the
 * store's connection).  Lists
 * filled by the query functions are owned by the caller (pl_events_free).
 */
#ifndef PARLEY_EVENTSTORE_H
#define PARLEY_EVENTSTORE_H

#include "parley/events.h"
#include "parley/rules.h"
#include "parley/store.h"

/* ---- Merge configuration ------------------------------------------------- */

/* What merging needs to know about types, statuses and actors: lists
 * MERGE_FAMILY (type = family), MERGE_ORDER (family = ordered|unordered),
 * MERGE_STATUS (status = group) and MERGE_STATUS_RANK (status = integer; the
 * highest rank among an event's mentions is the event's status) of `rs`
 * (borrowed: rules/merge.rules plus user overrides), and the names of
 * collective actors (countries, organisations: data_dir/actors/countries.tsv
 * and organisations.tsv), which match any member of their country.  A type
 * missing from MERGE_FAMILY is its own family.  NULL after a diagnostic when
 * the data files cannot be read.  Caller destroys. */
struct pl_merger;
struct pl_merger *pl_merger_create(const struct pl_ruleset *rs, const char *data_dir,
				   struct pl_diags *d);
void pl_merger_destroy(struct pl_merger *m); /* NULL ok */

/* ---- Extraction runs ----------------------------------------------------- */

/* Fingerprint (16 hex digits + NUL) of the files in `dirs` (each a directory:
 * its regular files, sorted, not recursive; or one file): names and bytes.
 * Re-extraction compares it with the fingerprint of the run that produced an
 * article's mentions.  Missing paths are skipped.  0, or -1 after a diag. */
int pl_events_fingerprint(const char *const *dirs, size_t n, char hex[17], struct pl_diags *d);

/* Record a new extraction run (rules fingerprint, user rule directories as a
 * ':'-joined note, may be NULL) and return its id (> 0), or -1 after a diag. */
int64_t pl_events_run_begin(struct pl_store *s, const char *fingerprint, const char *rule_dirs,
			    struct pl_diags *d);

/* The root articles (not wire copies) that `fingerprint` has not extracted
 * yet: never extracted, or by a run with another fingerprint; all roots when
 * `all`.  *ids is malloc'd (caller frees), ascending.  Count, or -1 (+diag). */
long pl_events_pending(struct pl_store *s, const char *fingerprint, bool all, int64_t **ids,
		       struct pl_diags *d);

/* ---- Writing mentions ---------------------------------------------------- */

/* Replace the mentions of article `article_id` by `mentions` (borrowed; each
 * with exactly one source whose start/end are byte offsets into the body,
 * rule and caption set), tagged with extraction run `run`, and merge them into
 * events.  Events that lose mentions are marked stale (events_stale) for
 * pl_events_refresh.  Call inside a transaction (pl_store_begin) for speed.
 * 0 or -1 after a diagnostic. */
int pl_events_put_article(struct pl_store *s, struct pl_merger *m, int64_t article_id,
			  const struct pl_events *mentions, int64_t run, struct pl_diags *d);

/* Recompute every stale event (changed mentions, new wire copies of its
 * articles) from its current mentions: best date, label, status, place,
 * actors, topics, confidence and counts; delete events left without
 * mentions.  Returns the number recomputed, or -1 after a diagnostic. */
long pl_events_refresh(struct pl_store *s, struct pl_diags *d);

/* After a run of pl_events_put_article: let each touched event that now fits
 * an older one be absorbed by it (incremental merging depends on arrival
 * order), then pl_events_refresh.  0 or -1 after a diagnostic. */
int pl_events_settle(struct pl_store *s, struct pl_merger *m, struct pl_diags *d);

/* Forget every event (mentions stay) and merge all mentions again, in article
 * order, with `m`'s current merge rules; then refresh.  Event ids change.
 * Returns the number of events, or -1 after a diagnostic. */
long pl_events_remerge(struct pl_store *s, struct pl_merger *m, struct pl_diags *d);

/* ---- Running the extractor ------------------------------------------------ */

struct pl_extractor; /* parley/extract.h */

struct pl_extract_stats {
	uint64_t articles, mentions, bytes;
};

/* Extract the stored articles `ids` (from pl_events_pending) with `x`, one at
 * a time, storing their mentions under run `run` and merging them with `m`;
 * commits every 200 articles, settles the touched events and commits at
 * the end.  0, or -1 after a diagnostic (what was committed stays). */
int pl_events_extract(struct pl_store *s, struct pl_extractor *x, struct pl_merger *m,
		      int64_t run, const int64_t *ids, size_t n, struct pl_extract_stats *st,
		      struct pl_diags *d);

/* ---- Reading events ------------------------------------------------------ */

/* Resolve actor names for filters: when set, --actor also matches the
 * canonical name of an alias ("Zelenskiy" -> "Volodymyr Zelensky").  The
 * merger's actor table is used; NULL matches names only. */
struct pl_events_query_opts {
	const struct pl_merger *names; /* may be NULL */
	int64_t id;                    /* > 0: only this event */
	bool with_sentences;           /* fill pl_event_source.sentence */
};

/* Append the events matching `f` (NULL: all), ordered by date (undated last)
 * then id, with their actors, location, topics and sources, to *out.
 * Returns the number appended, or -1 after a diagnostic. */
long pl_events_query(struct pl_store *s, const struct pl_event_filter *f,
		     const struct pl_events_query_opts *o, struct pl_events *out,
		     struct pl_diags *d);

/* Byte offset in the body of the sentence holding the evidence `src` (as
 * filled by pl_events_query: article origin, start, end; wire copies are
 * followed to their root), to place the mention inside src->sentence; -1
 * when unknown (a source not in the database); 0 for a caption (its
 * start/end are offsets into the caption, src->sentence). */
long pl_events_sentence_offset(struct pl_store *s, const struct pl_event_source *src);

/* Append `e` as one JSON object (no newline) with the fields of `parley
 * events --format json`: id, type, plover, cameo, date, date_end, precision,
 * date_source, date_mod, status, label, actors [{name,country,role,title}],
 * location {name,country,lat,lon} or null, topics, confidence, counts
 * {mentions,articles,outlets}, sources [{article,title,source,published,
 * sentence,start,end,rule,caption}]. */
void pl_event_json(const struct pl_event *e, struct pl_buf *out);

/* One row of `parley actors` / `parley places`: borrowed strings, valid during
 * the callback. */
struct pl_found {
	const char *name, *country; /* country NULL when unknown */
	double lat, lon;            /* places with coordinates only */
	bool has_coords;
	long events, mentions;
};
typedef int (*pl_found_fn)(const struct pl_found *f, void *ud);
/* Every actor (`places` false) or place (true) of the events, most events
 * first.  fn returning non-zero stops and is returned; -1 after a diag. */
int pl_events_found(struct pl_store *s, bool places, pl_found_fn fn, void *ud,
		    struct pl_diags *d);

/* Counts for summaries. */
struct pl_events_counts {
	int64_t mentions, events, articles_extracted, stale;
};
int pl_events_counts(struct pl_store *s, struct pl_events_counts *c, struct pl_diags *d);

/* ---- Dates ---------------------------------------------------------------- */

/* The days (since 1970-01-01) an ISO date at its precision covers: "2025-12"
 * is Dec 1..31, "2025" the whole year, "2025-W51" its week, "2025-Q4" its
 * quarter; `date_end` (may be NULL) extends the end.  False when `date` is
 * NULL or not a date. */
bool pl_event_days(const char *date, const char *date_end, int64_t *lo, int64_t *hi);

#endif
