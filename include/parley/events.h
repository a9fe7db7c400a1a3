/* events.h - event records: who did what, with whom, where and when.
 *
 * Stage 3 of the pipeline.  The extract stage (src/extract/) runs the actor,
 * place, event, status and topic rules over stored sentences and produces
 * *mentions* (one per trigger in one sentence, with its evidence); the store
 * merges mentions of the same event, within and across articles, into
 * *events*.  `parley events` and the renderer read events back through
 * pl_events_query as struct pl_event values.
 *
 * Ownership: a struct pl_event and everything it points to is owned by the
 * struct pl_events list that holds it; free the list with pl_events_free.
 */
#ifndef PARLEY_EVENTS_H
#define PARLEY_EVENTS_H

#include "parley/ingest.h"
#include "parley/util.h"

enum pl_event_status {
	PL_STATUS_OCCURRED = 0,
	PL_STATUS_PLANNED,      /* "may continue this coming weekend", "will meet" */
	PL_STATUS_ONGOING,      /* "are holding talks" */
	PL_STATUS_NEGATED,      /* "talks did not take place" */
	PL_STATUS_HYPOTHETICAL, /* "could agree", "if Russia accepts" */
	PL_STATUS_HISTORICAL,   /* background: "attacked by Russian forces in February 2022" */
};
const char *pl_event_status_name(enum pl_event_status s); /* "occurred", "planned", ... */
bool pl_event_status_parse(const char *s, enum pl_event_status *out);

/* Where an event's date came from, best first. */
enum pl_date_source {
	PL_DATE_NONE = 0,    /* no date supported by the text (events without dates are kept, undated) */
	PL_DATE_SENTENCE,    /* a time expression of the same clause or sentence */
	PL_DATE_REFERENCE,   /* the article's running reference time */
	PL_DATE_PUBLICATION, /* the publication date (flagged: weakest) */
};
const char *pl_date_source_name(enum pl_date_source s); /* "none", "sentence", "reference", "publication" */

struct pl_event_actor {
	char *name;    /* canonical name ("Volodymyr Zelensky", "Ukraine", "NATO") */
	char *country; /* ISO 3166 alpha-3 or organisation code ("UKR", "NATO"); NULL if unknown */
	char *role;    /* "source", "target" or "participant" in this event */
	char *title;   /* role at the event's date ("president", "special envoy"), NULL if unknown */
};

struct pl_event_location {
	char *name;    /* "Berlin" */
	char *country; /* "DEU" */
	double lat, lon;
	bool has_coords;
};

/* One piece of evidence: a mention in one sentence of one article. */
struct pl_event_source {
	char *article;   /* origin exactly as ingested (path or URL) */
	char *title;     /* article title, NULL if none */
	char *source;    /* outlet, NULL if unknown */
	char *published; /* ISO date-time of the article, NULL if undated */
	char *sentence;  /* the sentence text */
	size_t start, end; /* byte span of the mention in the article body */
	char *rule;      /* id of the rule that produced it */
	bool caption;    /* from a photo caption: weak evidence */
};

struct pl_event {
	int64_t id;
	char *type;      /* MEET, TALKS, CALL, VISIT, STATEMENT, OFFER, ... */
	char *plover;    /* PLOVER type and mode, "CONSULT/negotiate" */
	char *cameo;     /* CAMEO code, "046" */
	char *date;      /* ISO, as precise as known ("2025-12-14", "2022-02"); NULL when undated */
	char *date_end;  /* end of a multi-day span, NULL if none */
	enum pl_precision precision;
	enum pl_date_source date_source;
	char *date_mod;  /* TIMEX3 mod carried over ("BEFORE" for "by Christmas"), NULL if none */
	enum pl_event_status status;
	char *label;     /* short readable label for charts */
	struct pl_event_actor *actors;
	size_t nactors;
	struct pl_event_location *location; /* NULL when the text gives no place */
	char **topics;   /* "territory", "security guarantees", ... */
	size_t ntopics;
	double confidence; /* 0..1 */
	long nmentions, narticles, noutlets;
	struct pl_event_source *sources;
	size_t nsources;
};

struct pl_events {
	struct pl_event *v;
	size_t n, cap;
};
void pl_events_free(struct pl_events *ev); /* frees all events; keeps ev reusable (n = 0) */

/* Filters shared by `parley events` and `parley render`.  NULL/0 fields do not
 * filter.  Text filters are case-insensitive; actor matches canonical names and
 * aliases; dates compare at the event's precision. */
struct pl_event_filter {
	const char *actor, *country, *place, *type, *status, *topic, *match;
	const char *from, *to; /* ISO dates, inclusive */
};

#endif
