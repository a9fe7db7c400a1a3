/* bench_render.c - layout + drawing time for 100, 1,000 and 10,000 generated
 * events to SVG, PNG and PDF (target: 10,000 events under 2 s per format;
 * vis-timeline users report ~4 minutes for 3,490 items).
 *
 * usage: bench_render [OUTDIR]   (default: a temp dir, removed afterwards;
 * with OUTDIR the charts stay there to be looked at) */
#include "layout/gen.h"
#include "layout/lsan_fonts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* CPU seconds of this process: the machine may be shared, and wall time
 * then measures the neighbours.  The summary gives wall time too. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const fmt_ext[] = { "svg", "png", "pdf" };

struct job {
	const char *name;
	enum pl_layout_kind layout;
	enum pl_theme theme;
	double scale; /* PNG */
};

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	static const struct job jobs[] = {
		{ "explainer-timeline", PL_LAYOUT_TIMELINE, PL_THEME_EXPLAINER, 2 },
		{ "handout-timeline", PL_LAYOUT_TIMELINE, PL_THEME_HANDOUT, 2 },
		{ "explainer-chronology", PL_LAYOUT_CHRONOLOGY, PL_THEME_EXPLAINER, 1 },
	};
	char dir[256];
	bool keep = argc > 1;
	if (keep)
		snprintf(dir, sizeof dir, "%s", argv[1]);
	else
		snprintf(dir, sizeof dir, "/tmp/parley-bench-XXXXXX");
	if (!keep && !mkdtemp(dir))
		return 1;
	int failures = 0;
	double worst10k[3] = { 0 }, worst10k_wall[3] = { 0 };
	printf("CPU seconds (layout, then drawing to each format):\n");
	printf("%-22s %7s %8s %9s %9s %9s %7s\n", "chart", "events", "layout", "+svg", "+png",
	       "+pdf", "pages");
	for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
		/* Three years of negotiations, six actors, fuzzy dates, spans. */
		struct gen g = { .n = sizes[si], .y = 2022, .m = 2, .d = 24, .spread_days = 1390,
				 .nlanes = 6, .fuzzy = true, .seed = 7 };
		struct pl_events ev = { 0 };
		gen_events(&ev, &g);
		for (size_t ji = 0; ji < sizeof jobs / sizeof *jobs; ji++) {
			const struct job *j = &jobs[ji];
			struct pl_chart_spec spec = { .layout = j->layout, .lanes = PL_LANES_ACTOR,
						      .theme = j->theme, .title = "Negotiations, 2022-2025",
						      .subtitle = "Generated events", .generated = "2025-12-16",
						      .data_dir = getenv("PARLEY_DATA_DIR") };
			struct pl_diags d;
			pl_diags_init(&d);
			double t0 = cpu(), w0 = wall();
			struct pl_display *dl = pl_layout(&ev, &spec, &d);
			double tl = cpu() - t0, wl = wall() - w0, tf[3] = { 0 };
			if (!dl) {
				fprintf(stderr, "%s %zu: layout failed\n", j->name, sizes[si]);
				for (size_t k = 0; k < d.n; k++)
					fprintf(stderr, "  %s\n", d.v[k].msg);
				failures++;
				pl_diags_finish(&d);
				continue;
			}
			for (int f = 0; f < 3; f++) {
				char path[512];
				snprintf(path, sizeof path, "%s/%s-%zu.%s", dir, j->name, sizes[si], fmt_ext[f]);
				double t1 = cpu(), w1 = wall();
				if (pl_render_file(dl, (enum pl_output_format)f, j->scale, path, &d) < 0) {
					fprintf(stderr, "%s: render failed\n", path);
					failures++;
				}
				tf[f] = cpu() - t1;
				if (sizes[si] == 10000 && tl + tf[f] > worst10k[f])
					worst10k[f] = tl + tf[f];
				if (sizes[si] == 10000 && wl + wall() - w1 > worst10k_wall[f])
					worst10k_wall[f] = wl + wall() - w1;
			}
			for (size_t k = 0; k < d.n; k++)
				fprintf(stderr, "  %s %zu: %s\n", j->name, sizes[si], d.v[k].msg);
			printf("%-22s %7zu %7.3fs %8.3fs %8.3fs %8.3fs %7d\n", j->name, sizes[si], tl,
			       tf[0], tf[1], tf[2], dl->npages);
			fflush(stdout);
			pl_display_destroy(dl);
			pl_diags_finish(&d);
		}
		gen_free(&ev);
	}
	printf("10,000 events, layout + draw, worst chart: SVG %.2f s, PNG %.2f s, PDF %.2f s CPU "
	       "(wall %.2f / %.2f / %.2f s);\ntarget < 2 s each; vis-timeline users report ~240 s "
	       "for 3,490 items\n", worst10k[0], worst10k[1], worst10k[2], worst10k_wall[0],
	       worst10k_wall[1], worst10k_wall[2]);
	if (!keep) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	} else {
		printf("charts in %s\n", dir);
	}
	return failures ? 1 : 0;
}
