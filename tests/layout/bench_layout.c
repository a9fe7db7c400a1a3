/* bench_layout.c - layout time for 100, 1,000 and 10,000 generated events
 * (timeline and chronology, explainer theme).  Target: 10,000 events well
 * under 1 s, growing like n log n.  Prints one line per size; not a test. */
#include "gen.h"
#include "lsan_fonts.h"

#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	const char *data = getenv("PARLEY_DATA_DIR");
	int rc = 0;
	for (int layout = 0; layout < 2; layout++)
		for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
			struct gen g = { .n = sizes[s], .y = 2022, .m = 1, .d = 1, .spread_days = 1460,
					 .nlanes = 8, .fuzzy = true, .seed = 7 };
			struct pl_events ev = { 0 };
			gen_events(&ev, &g);
			struct pl_chart_spec sp = { 0 };
			sp.layout = layout ? PL_LAYOUT_CHRONOLOGY : PL_LAYOUT_TIMELINE;
			sp.title = "Benchmark";
			sp.data_dir = data;
			struct pl_diags d;
			pl_diags_init(&d);
			double best = 1e9;
			long placed = 0;
			size_t items = 0;
			for (int rep = 0; rep < 3; rep++) {
				double t0 = now();
				struct pl_display *dl = pl_layout(&ev, &sp, &d);
				double t = now() - t0;
				if (!dl) {
					rc = 1;
					break;
				}
				best = t < best ? t : best;
				placed = dl->nplaced;
				items = dl->nitems;
				pl_display_destroy(dl);
			}
			printf("layout %-10s %6zu events: %8.1f ms (best of 3), %ld placed, %zu items\n",
			       layout ? "chronology" : "timeline", sizes[s], best * 1000, placed, items);
			pl_diags_finish(&d);
			gen_free(&ev);
		}
	(void)argc;
	(void)argv;
	return rc;
}
