/* events.c - names of event statuses and date sources, and freeing event lists. */
#include "parley/events.h"

#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
	"occurred", "planned", "ongoing", "negated", "hypothetical", "historical",
};

const char *pl_event_status_name(enum pl_event_status s)
{
	if ((unsigned)s < sizeof status_names / sizeof *status_names)
		return status_names[s];
	return "occurred";
}

bool pl_event_status_parse(const char *s, enum pl_event_status *out)
{
	for (size_t i = 0; s && i < sizeof status_names / sizeof *status_names; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum pl_event_status)i;
			return true;
		}
	return false;
}

const char *pl_date_source_name(enum pl_date_source s)
{
	switch (s) {
	case PL_DATE_SENTENCE: return "sentence";
	case PL_DATE_REFERENCE: return "reference";
	case PL_DATE_PUBLICATION: return "publication";
	default: return "none";
	}
}

void pl_event_clear(struct pl_event *e)
{
	free(e->type);
	free(e->plover);
	free(e->cameo);
	free(e->date);
	free(e->date_end);
	free(e->date_mod);
	free(e->label);
	for (size_t i = 0; i < e->nactors; i++) {
		free(e->actors[i].name);
		free(e->actors[i].country);
		free(e->actors[i].role);
		free(e->actors[i].title);
	}
	free(e->actors);
	if (e->location) {
		free(e->location->name);
		free(e->location->country);
		free(e->location);
	}
	for (size_t i = 0; i < e->ntopics; i++)
		free(e->topics[i]);
	free(e->topics);
	for (size_t i = 0; i < e->nsources; i++) {
		struct pl_event_source *s = &e->sources[i];
		free(s->article);
		free(s->title);
		free(s->source);
		free(s->published);
		free(s->sentence);
		free(s->rule);
	}
	free(e->sources);
	memset(e, 0, sizeof *e);
}

void pl_events_free(struct pl_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n; i++)
		pl_event_clear(&ev->v[i]);
	free(ev->v);
	ev->v = NULL;
	ev->n = ev->cap = 0;
}
