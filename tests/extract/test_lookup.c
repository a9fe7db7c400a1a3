/* test_lookup.c - reference data through the extractor's lookups: aliases
 * and transliterations name one actor, metonyms name governments, places
 * resolve with coordinates; the data is as large as issue 4 asks. */
#include "../check.h"
#include "common.h"

static struct pl_extractor *x;

static void test_aliases(void)
{
	static const char *const zel[] = { "Zelensky", "Zelenskiy", "Zelenskyy", "Зеленський",
					   "Volodymyr Zelensky", "zelensky" };
	for (size_t i = 0; i < sizeof zel / sizeof *zel; i++) {
		struct pl_actor_ref a = { 0 };
		CHECK(pl_extractor_find_actor(x, zel[i], &a));
		CHECK_STR(a.name, "Volodymyr Zelensky");
		CHECK_STR(a.country, "UKR");
		CHECK_STR(a.kind, "person");
	}
}

static void test_metonyms(void)
{
	struct pl_actor_ref a = { 0 };
	CHECK(pl_extractor_find_actor(x, "the Kremlin", &a));
	CHECK_STR(a.name, "Russia");
	CHECK_STR(a.kind, "country");
	CHECK(pl_extractor_find_actor(x, "Kyiv", &a));
	CHECK_STR(a.country, "UKR");
	CHECK(pl_extractor_find_actor(x, "the White House", &a));
	CHECK_STR(a.country, "USA");
	CHECK(pl_extractor_find_actor(x, "NATO", &a));
	CHECK_STR(a.kind, "organisation");
	CHECK(!pl_extractor_find_actor(x, "Nobody Inparticular", &a));
}

static void test_places(void)
{
	struct pl_event_location l = { 0 };
	CHECK(pl_extractor_find_place(x, "Kiev", &l));
	CHECK_STR(l.name, "Kyiv");
	CHECK_STR(l.country, "UKR");
	CHECK(l.has_coords && l.lat > 50 && l.lat < 51);
	CHECK(pl_extractor_find_place(x, "Miami", &l));
	CHECK_STR(l.country, "USA");
	CHECK(pl_extractor_find_place(x, "Camp David", &l));
	CHECK(!pl_extractor_find_place(x, "Atlantis Prime", &l));
}

static void test_counts(void)
{
	size_t na = 0, np = 0, nr = 0;
	pl_extractor_counts(x, &na, &np, &nr);
	CHECK(na >= 249 + 300); /* every country and at least 300 people */
	CHECK(np > 1000);
	CHECK(nr > 300);
}

int main(void)
{
	struct pl_ruleset *rs = NULL;
	x = open_extractor(&rs);
	if (!x)
		return 1;
	RUN(test_aliases);
	RUN(test_metonyms);
	RUN(test_places);
	RUN(test_counts);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	return check_done();
}
