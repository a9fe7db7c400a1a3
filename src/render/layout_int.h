/* layout_int.h - private pieces shared by the layout step's files (text
 * measurement, dates and the axis, label placement, themes, display-list helpers).
 *
 * Units: times are days since 1970-01-01 (proleptic Gregorian, fractional for
 * hours; no time zone ever shifts a day); lengths are output units (CSS px or
 * PDF points).
 */
#ifndef PARLEY_RENDER_LAYOUT_INT_H
#define PARLEY_RENDER_LAYOUT_INT_H

#include "parley/render.h"

/* ---- Text measurement (text_measure.c) ----------------------------------- */

struct measurer;
struct text_ext {
	double w, h;    /* logical extents, output units */
	bool rtl;       /* pango resolved the paragraph as right-to-left */
	int unknown;    /* glyphs the font could not draw (boxes) */
};
/* Create a measurer on pango's cairo font map (fontconfig fonts), hint metrics
 * off so extents do not depend on the output scale.  NULL if pango fails. */
struct measurer *measure_create(void);
void measure_destroy(struct measurer *m); /* NULL ok */
/* Measure `text` (n bytes of UTF-8) in pango font description `font`. */
void measure_text(struct measurer *m, const char *font, const char *text, size_t n,
		  struct text_ext *out);
/* The longest prefix of `text` (cut on a code-point boundary, trailing spaces
 * dropped) that with "…" fits in max_w; caller frees.  Returns NULL when not
 * even one character and the ellipsis fit.  *out gets the result's extents. */
char *measure_shorten(struct measurer *m, const char *font, const char *text, double max_w,
		      struct text_ext *out);
/* Unknown glyphs seen in every text measured so far (distinct strings). */
long measure_unknown_total(const struct measurer *m);

/* ---- Dates and the axis (axis.c) ------------------------------------------ */

/* An event date as the period it names: [t0, t1) in days. */
struct when {
	double t0, t1;
	enum pl_precision prec;
};
/* Parse "[-]YYYY[-MM[-DD[Thh[:mm[:ss]]]]]" (zone suffixes ignored: the clock
 * time as written) into the period it names.  False if not a date. */
bool when_parse(const char *s, struct when *w);
/* "15 Dec 2025", "Dec 2025", "2025", "44 BCE" at precision p. */
void when_format(double t, enum pl_precision p, struct pl_buf *out);
/* "3 yrs", "8 mos", "5 wks", "6 days" for a gap of `days`. */
void gap_format(double days, struct pl_buf *out);

struct axis_seg {
	double t0, t1;  /* domain, days */
	double x0, x1;  /* range, output units */
	size_t first, n; /* its events in the sorted order given to axis_build */
	double min_step; /* finest tick interval, days (0: any; 1 when no event has a time of day) */
};
struct axis {
	struct axis_seg *seg;
	size_t nseg;
	double break_w; /* width of each break between segments */
};
/* Split sorted periods (by t0) into segments separated by breaks where a gap
 * exceeds K x the typical spacing and a fair share of the whole range, then
 * give each segment a pixel range inside [x0, x1].  Returns -1 on OOM. */
int axis_build(struct axis *ax, const struct when *w, size_t n, double x0, double x1,
	       double break_w);
void axis_free(struct axis *ax);
/* x of time t (clamped into the segment whose domain is nearest). */
double axis_x(const struct axis *ax, double t);
/* x of time t clamped into the segment of time `anchor` (bands and spans
 * never cross a break). */
double axis_x_in(const struct axis *ax, double anchor, double t);

struct tick {
	double t, x;
	char label[40];
	bool major; /* a context-row boundary */
};
struct tick_set {
	struct tick *minor, *context;
	size_t nminor, ncontext;
	char interval[24]; /* "1 day", "3 month", ... (for the dump) */
};
/* Choose the finest ladder interval whose minor labels fit the segment's pixels
 * without touching, and make its ticks plus the context row.  -1 on OOM. */
int axis_ticks(const struct axis_seg *s, struct measurer *m, const char *font,
	       double min_gap, struct tick_set *out);
void tick_set_free(struct tick_set *ts);

/* ---- Label placement in rows (labels.c) ----------------------------------- */

/* One label to place in a lane: ideal left edge and width; the placer fills
 * row and x, or leaves row = -1 (not placed). */
struct lbl {
	double ideal, w;
	int row;
	double x;
	size_t idx; /* caller's index */
};
/* Place labels (sorted by ideal) into at most `rows` rows inside [lo, hi]:
 * first-fit at the ideal position, else the row where a 1-D displacement
 * (pool-adjacent-violators: least squares, order kept) moves no label more
 * than max_shift.  Boxes in one row keep `gap` between them.  O(n * rows)
 * amortised.  Returns the number placed, -1 on OOM. */
long labels_place(struct lbl *l, size_t n, int rows, double lo, double hi, double gap,
		  double max_shift);

/* ---- Themes (layout_theme.c) ---------------------------------------------- */

struct theme {
	char name[16];
	double width, height;      /* height 0: grows with the content */
	double margin;
	char font[96];             /* family */
	double title_size, subtitle_size, label_size, small_size;
	int rows_per_lane;         /* label rows per lane (cap) */
	int max_lanes;             /* timeline lanes beyond it fold into "Others" (0: no cap) */
	double max_label_w;        /* no label is wider */
	double row_gap;            /* between a label row and the next */
	double marker;             /* marker box size */
	double max_height;         /* single-page canvases never grow beyond */
	uint32_t text_rgb, muted_rgb, rule_rgb, band_rgb;
	uint32_t palette[16];
	size_t npalette;
	/* event type -> shape, from types.tsv */
	char (*types)[24];
	enum pl_marker_shape *shapes;
	size_t ntypes;
};
/* Load `name` from DIR/render/themes.tsv and DIR/render/types.tsv.  -1 after a
 * diagnostic naming the file and line. */
int theme_load(struct theme *t, const char *data_dir, const char *name, struct pl_diags *d);
void theme_free(struct theme *t);
/* The table's shape for an event type, or -1 when the table does not list it
 * (the layout then picks the shape its chart uses least). */
int theme_shape(const struct theme *t, const char *type);
/* Country names for ISO alpha-3 codes from DIR/actors/countries.tsv (lane
 * headers "Ukraine", not "UKR"): names[i] gets an owned copy or stays NULL
 * (organisation codes, unknown codes).  -1 when the table cannot be read
 * (the codes then stay as they are: a cosmetic loss, no diagnostic). */
int country_names(const char *data_dir, char **codes, size_t n, char **names);
#define NSHAPES_ALL (PL_SHAPE_CHEVRON + 1) /* every enum pl_marker_shape, the last being CHEVRON */
const char *shape_name(enum pl_marker_shape s);

/* ---- Display-list helpers (display.c) -------------------------------------- */

/* Append a zeroed item (lane -1) on `page`; NULL on OOM (the display keeps what
 * it has and dl->oom is set: pl_layout then fails). */
struct pl_item *dl_add(struct pl_display *dl, enum pl_item_kind k, int page);
struct pl_item *dl_text(struct pl_display *dl, int page, double x, double y,
			const struct text_ext *e, const char *text, const char *font,
			uint32_t rgb, const char *role);
struct pl_item *dl_line(struct pl_display *dl, int page, double x, double y, double x2,
			double y2, uint32_t rgb, double width, const char *role);
struct pl_item *dl_rect(struct pl_display *dl, int page, double x, double y, double w,
			double h, const char *role);
int dl_note(struct pl_display *dl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* pl_strdup for the strings of items: a failure sets dl->oom, so pl_layout
 * fails instead of drawing a chart with a label missing (NULL in: NULL out). */
char *dl_strdup(struct pl_display *dl, const char *s);
static inline struct pl_color rgb_col(uint32_t rgb, double a) { struct pl_color c = { rgb, a }; return c; }

#endif
