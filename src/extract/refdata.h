/* refdata.h - reference data of the extract stage (private): actors, dated
 * roles, places, and the token-based alias recognizer over them. */
#ifndef PARLEY_EXTRACT_REFDATA_H
#define PARLEY_EXTRACT_REFDATA_H

#include "parley/util.h"

#include <stdint.h>

enum rd_kind { RD_PERSON, RD_COUNTRY, RD_ORG };

struct rd_actor {
	char *id;      /* people: slug; countries and organisations: their code */
	char *name;    /* canonical name */
	char *shortn;  /* short form for labels ("Zelensky", "US", "NATO") */
	char *country; /* people: nationality; countries: code; organisations: code */
	char *sector;
	enum rd_kind kind;
	int capital;   /* countries: index of the capital in places, -1 if none */
};

struct rd_role {
	int actor;
	char *role, *of, *title;
	int64_t from, to; /* day numbers, inclusive; INT64_MIN/MAX when open */
};

struct rd_place {
	char *id, *name, *country, *kind;
	double lat, lon;
	bool has_coords, venue;
	long population;
};

/* What an alias can mean.  A key may carry several senses (Kyiv: metonym of
 * UKR and a capital; Donetsk: a city and a region). */
enum rd_sense_kind { RS_PERSON, RS_COUNTRY, RS_METONYM, RS_DEMONYM, RS_ORG, RS_PLACE };

struct rd_sense {
	uint8_t kind;  /* enum rd_sense_kind */
	int idx;       /* actor or place index */
	int next;      /* next sense of the same key, -1 at the end */
};

struct smap; /* string -> int hash map */

struct refdata {
	struct rd_actor *actors;
	size_t nactors, actcap;
	struct rd_role *roles;
	size_t nroles, rolecap;
	struct rd_place *places;
	size_t nplaces, placecap;
	struct rd_sense *senses;
	size_t nsenses, sensecap;
	struct smap *keys;   /* alias key -> first sense */
	struct smap *first;  /* first token of any alias -> most tokens of an alias starting so */
	struct smap *ids;    /* "p:slug", "c:CODE", "o:CODE" -> actor index */
	struct smap *dotted; /* keys of aliases written with a final period ("U.S.") */
	struct pl_arena *arena; /* every string above */
};

/* One recognized alias in a text. */
struct rd_hit {
	size_t start, end; /* byte offsets, end exclusive */
	int sense;         /* first sense of the key */
};

/* Load data_dir/actors/{countries,organisations,people,roles}.tsv and
 * data_dir/places/places.tsv.  Row problems are warnings in `d`.  Returns
 * NULL when a file is missing or on OOM (after a diagnostic). */
struct refdata *rd_load(const char *data_dir, struct pl_diags *d);
void rd_free(struct refdata *rd);

/* Add each person's surname as an alias when no other person bears it, it
 * names nothing else and `blocked` (may be NULL) does not refuse it ("Mr.
 * Gore" is Al Gore; "May" stays a month).  Returns how many, -1 on OOM. */
long rd_derive_surnames(struct refdata *rd, bool (*blocked)(const char *, size_t, void *),
			void *ud);

/* Longest alias matches over text[0..len), left to right, on token
 * boundaries.  *out is malloc'd (caller frees).  Returns the count, -1 on OOM. */
long rd_recognize(const struct refdata *rd, const char *text, size_t len, struct rd_hit **out);
/* Exact key lookup of a whole string; -1 when unknown. */
int rd_lookup(const struct refdata *rd, const char *text, size_t len);
/* Actor index by kind and id/code ("p", "c", "o"), -1 when unknown. */
int rd_actor_by_id(const struct refdata *rd, char kind, const char *id);

/* The role `actor` holds on `day`: the one named `prefer` when held (NULL:
 * no preference), else the most recently begun; NULL when none. */
const struct rd_role *rd_role_at(const struct refdata *rd, int actor, int64_t day,
				 const char *prefer);
/* Who holds `role` of `of` on `day` (first in file order), -1 if nobody known. */
int rd_holder(const struct refdata *rd, const char *of, const char *role, int64_t day);

#endif
