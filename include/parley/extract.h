/* extract.h - turn one article's sentences into event mentions.
 *
 * Stage 3a of the pipeline (see events.h for the record it produces).  An
 * extractor holds the reference data (data/actors, data/places: people,
 * countries, organisations, dated roles, gazetteer) and borrows a rule set
 * holding the `actor`, `place`, `event`, `status` and `topic` rules
 * (rules/actors*.rules, places*, events*, status*, topics*) and the time
 * rules.  For each sentence it recognizes entities in one pass over the
 * tokens, rewrites them as placeholders (PERSON, COUNTRY, ORG, GROUP, DEMONYM,
 * PLACE) so that rules can name entity slots, runs the rules and builds one
 * struct pl_event per trigger.  docs/EVENTS.md describes the design.
 *
 * Thread use: one extractor per thread (it owns matcher scratch).
 */
#ifndef PARLEY_EXTRACT_H
#define PARLEY_EXTRACT_H

#include "parley/events.h"
#include "parley/ingest.h"
#include "parley/rules.h"
#include "parley/time.h"
#include "parley/util.h"

struct pl_extractor;

/* What the extractor reads of one article.  Everything is borrowed from the
 * caller for the duration of the call. */
struct pl_article_view {
	const char *origin;             /* path or URL as ingested (copied into each source) */
	const char *title, *source;     /* may be NULL */
	struct pl_datetime published;   /* prec PL_PREC_NONE: undated */
	const char *body;               /* valid UTF-8 */
	size_t body_len;
	const struct pl_range *sents;   /* sentence ranges into body; NULL: computed here */
	size_t nsents;
	const char *const *captions;    /* photo captions (weak evidence); may be NULL */
	size_t ncaptions;
	const struct pl_timexes *timexes; /* the body's time expressions, grounded against
	                                     `published`; NULL: tagged here */
};

/* Create an extractor.  `rs` is borrowed and must outlive the extractor; it
 * should hold the extraction rules and the time rules.  `data_dir` is the
 * directory holding actors/ and places/ (the CLI's data dir).  Problems
 * (unreadable or malformed TSV rows) go into `d`; returns NULL when the
 * reference data cannot be read at all or on OOM.  Caller destroys. */
struct pl_extractor *pl_extractor_create(const struct pl_ruleset *rs, const char *data_dir,
					 struct pl_diags *d);
void pl_extractor_destroy(struct pl_extractor *x); /* NULL ok */

/* Extract the event mentions of one article and append them to `out` (each
 * with nmentions = narticles = noutlets = 1 and exactly one source whose
 * start/end are byte offsets of the trigger in the body, or in the caption
 * text when `caption` is set).  The appended events are owned by `out`
 * (pl_events_free).  Rule run-time problems are warnings in `d`.  Returns the
 * number appended, -1 on OOM. */
long pl_extract_article(struct pl_extractor *x, const struct pl_article_view *a,
			struct pl_events *out, struct pl_diags *d);

/* An actor or place known to the reference data, for CLI filters. */
struct pl_actor_ref {
	const char *name;    /* canonical name ("Volodymyr Zelensky"); owned by the extractor */
	const char *country; /* alpha-3 or organisation code, NULL if unknown; owned likewise */
	const char *kind;    /* "person", "country" or "organisation" */
};

/* Look up an actor by canonical name or alias ("Zelenskiy", "Зеленський",
 * "the Kremlin", "NATO"), exact spelling as the alias lists write it, with a
 * case-insensitive fallback.  Returns false when unknown. */
bool pl_extractor_find_actor(const struct pl_extractor *x, const char *text,
			     struct pl_actor_ref *out);

/* Look up a place by name or alias ("Berlin", "Kiev"); `out` strings are owned
 * by the extractor (do not free them).  Returns false when unknown. */
bool pl_extractor_find_place(const struct pl_extractor *x, const char *text,
			     struct pl_event_location *out);

/* How many actors, people, places and roles the reference data holds
 * (for `parley version --verbose` style summaries and tests). */
void pl_extractor_counts(const struct pl_extractor *x, size_t *nactors, size_t *nplaces,
			 size_t *nroles);

#endif
