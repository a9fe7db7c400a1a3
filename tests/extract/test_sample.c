/* test_sample.c - the sample article ($PARLEY_SHARED/samples) must yield the
 * events issue 4 lists, and nothing from its subscription furniture. */
#include "../check.h"
#include "common.h"

#include <unistd.h>

/* What one required event looks like; NULL/-1 fields are not checked. */
struct want {
	const char *what; /* for the failure message */
	const char *type, *date, *date_end;
	int status;       /* enum pl_event_status or -1 */
	const char *place;
	const char *actors[4]; /* "Name" or "Name/role" */
	const char *topic;
};

static bool has_actor(const struct pl_event *e, const char *spec)
{
	const char *slash = strchr(spec, '/');
	size_t n = slash ? (size_t)(slash - spec) : strlen(spec);
	for (size_t i = 0; i < e->nactors; i++)
		if (strlen(e->actors[i].name) == n && !strncmp(e->actors[i].name, spec, n) &&
		    (!slash || !strcmp(e->actors[i].role, slash + 1)))
			return true;
	return false;
}

static bool matches(const struct pl_event *e, const struct want *w)
{
	if (strcmp(e->type, w->type) != 0)
		return false;
	if (w->date && (!e->date || strcmp(e->date, w->date) != 0))
		return false;
	if (w->date_end && (!e->date_end || strcmp(e->date_end, w->date_end) != 0))
		return false;
	if (w->status >= 0 && (int)e->status != w->status)
		return false;
	if (w->place && (!e->location || strcmp(e->location->name, w->place) != 0))
		return false;
	for (int i = 0; i < 4 && w->actors[i]; i++)
		if (!has_actor(e, w->actors[i]))
			return false;
	if (w->topic) {
		bool t = false;
		for (size_t i = 0; i < e->ntopics; i++)
			t = t || !strcmp(e->topics[i], w->topic);
		if (!t)
			return false;
	}
	return true;
}

static const struct want wants[] = {
	{ "talks in Berlin on 2025-12-14 (Merz hosting Witkoff and Zelensky)", "TALKS", "2025-12-14",
	  NULL, PL_STATUS_OCCURRED, "Berlin",
	  { "Volodymyr Zelensky", "Steve Witkoff", "Friedrich Merz" }, NULL },
	{ "talks in Berlin on 2025-12-15 (Zelensky with Witkoff and Kushner)", "TALKS", "2025-12-15",
	  NULL, PL_STATUS_OCCURRED, "Berlin",
	  { "Volodymyr Zelensky", "Steve Witkoff", "Jared Kushner" }, NULL },
	{ "US offer of security guarantees to Ukraine", "OFFER", NULL, NULL, PL_STATUS_OCCURRED, NULL,
	  { "United States/source", "Ukraine/target" }, "security guarantees" },
	{ "Merz's statement", "STATEMENT", "2025-12-15", NULL, PL_STATUS_OCCURRED, NULL,
	  { "Friedrich Merz/source" }, NULL },
	{ "agreement Merz announced: ceasefire secured by guarantees", "AGREE", "2025-12-15", NULL,
	  PL_STATUS_OCCURRED, NULL, { "Friedrich Merz" }, "ceasefire" },
	{ "Umerov's statement", "STATEMENT", "2025-12-15", NULL, PL_STATUS_OCCURRED, "Berlin",
	  { "Rustem Umerov/source" }, NULL },
	{ "planned working-group talks in the US, possibly Miami, 2025-12-20/21", "TALKS",
	  "2025-12-20", "2025-12-21", PL_STATUS_PLANNED, "Miami", { NULL }, NULL },
	{ "Trump's planned call into the leaders' dinner with Rutte and von der Leyen", "CALL",
	  "2025-12-15", NULL, PL_STATUS_PLANNED, NULL,
	  { "Donald Trump/source", "Mark Rutte", "Ursula von der Leyen", "Friedrich Merz" }, NULL },
	{ "Putin's territorial demands", "DEMAND", NULL, NULL, -1, NULL,
	  { "Vladimir Putin/source" }, "territory" },
	{ "Kyiv's refusal to cede land", "REJECT", NULL, NULL, PL_STATUS_OCCURRED, NULL,
	  { "Ukraine/source" }, "territory" },
	{ "the Russian attack of February 2022 (historical)", "ATTACK", "2022-02", NULL,
	  PL_STATUS_HISTORICAL, NULL, { "Russia/source", "Ukraine/target" }, NULL },
};

int main(void)
{
	const char *shared = getenv("PARLEY_SHARED");
	struct pl_buf path = PL_BUF_INIT;
	pl_buf_printf(&path, "%s/samples/berlin-talks-2025-12-15.txt", shared ? shared : "../shared");
	if (access(path.p, R_OK) != 0)
		SKIP("sample article %s not found (set PARLEY_SHARED)", path.p);
	struct pl_ruleset *rs = NULL;
	struct pl_extractor *x = open_extractor(&rs);
	if (!x)
		return 1;
	struct pl_diags d;
	pl_diags_init(&d);
	struct collect c = { 0 };
	CHECK(ingest_file(path.p, "2025-12-15", &c, &d) == 1);
	struct pl_events ev = { 0 };
	if (c.n == 1) {
		CHECK(extract_one(x, c.v[0], &ev, &d) > 0);
		for (size_t i = 0; i < sizeof wants / sizeof *wants; i++) {
			bool found = false;
			for (size_t k = 0; k < ev.n && !found; k++)
				found = matches(&ev.v[k], &wants[i]);
			check_count_++;
			if (!found) {
				check_failures_++;
				fprintf(stderr, "missing: %s\n", wants[i].what);
			}
		}
		/* nothing from the subscription blurbs (they never reach the body) */
		for (size_t k = 0; k < ev.n; k++) {
			const char *s = ev.v[k].sources[0].sentence;
			CHECK(!strstr(s, "ubscri") && !strstr(s, "SUBSCRI") && !strstr(s, "newsletter") &&
			      !strstr(s, "Postmedia") && !strstr(s, "sign in"));
			CHECK_STR(ev.v[k].sources[0].article, path.p);
			CHECK(ev.v[k].sources[0].rule != NULL);
			if (!ev.v[k].sources[0].caption)
				CHECK(ev.v[k].sources[0].end <= c.v[0]->body_len);
		}
	}
	if (d.nerrors)
		print_diags(&d);
	CHECK_INT(d.nerrors, 0);
	pl_events_free(&ev);
	collect_free(&c);
	pl_buf_free(&path);
	pl_diags_finish(&d);
	pl_extractor_destroy(x);
	pl_rules_destroy(rs);
	return check_done();
}
