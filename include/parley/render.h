/* render.h - timelines: a pure layout step and thin drawing back-ends.
 *
 * Stage 4 of the pipeline.  pl_layout() turns events (struct pl_event, as
 * pl_events_query returns them) and a chart specification into a display
 * list: positioned boxes, lines, markers and text runs whose extents were
 * measured with pango.  Nothing in the layout draws.  Back-ends draw a display
 * list: cairo for PNG and PDF, a hand-written SVG writer that keeps labels as
 * real <text> with named groups, <title>/<desc> and per-event tooltips.
 * pl_display_dump_json() writes the display list for tests and post-processing.
 *
 * Units: output units — CSS pixels for PNG/SVG, points for PDF pages; y grows
 * downwards; (x, y) is the top-left corner of a box.
 *
 * Ownership: a struct pl_display owns every item and string in it; free with
 * pl_display_destroy.  The layout borrows the events only during the call.
 */
#ifndef PARLEY_RENDER_H
#define PARLEY_RENDER_H

#include "parley/events.h"
#include "parley/util.h"

enum pl_item_kind {
	PL_ITEM_RECT,   /* box: fill and/or stroke (backgrounds, spans, fuzzy spans, badges, lane bands) */
	PL_ITEM_LINE,   /* line from (x, y) to (x2, y2): axis, ticks, connectors, leader lines, spine */
	PL_ITEM_MARKER, /* event marker centred in its box: shape encodes the type */
	PL_ITEM_TEXT,   /* a text run laid out by pango inside its box */
};

enum pl_marker_shape {
	PL_SHAPE_CIRCLE, PL_SHAPE_SQUARE, PL_SHAPE_DIAMOND, PL_SHAPE_TRIANGLE_UP,
	PL_SHAPE_TRIANGLE_DOWN, PL_SHAPE_STAR, PL_SHAPE_CROSS, PL_SHAPE_HEXAGON,
	PL_SHAPE_PENTAGON, PL_SHAPE_CHEVRON,
};

/* 0xRRGGBB plus alpha 0..1. */
struct pl_color {
	uint32_t rgb;
	double alpha;
};

struct pl_item {
	enum pl_item_kind kind;
	double x, y, w, h;        /* box in output units (lines: bounding box) */
	double x2, y2;            /* LINE: end point ((x, y) is the start) */
	struct pl_color fill, stroke;
	bool has_fill, has_stroke;
	double stroke_width;
	bool dashed;              /* planned events, fuzzy edges, leader lines */
	enum pl_marker_shape shape; /* MARKER */
	bool hollow;              /* MARKER: planned */
	bool struck;              /* MARKER: negated (drawn with a strike) */
	char *text;               /* TEXT: UTF-8, exactly as drawn (after any shortening) */
	char *font;               /* TEXT: pango font description ("DejaVu Sans Bold 11") */
	int align;                /* TEXT: -1 left, 0 centre, 1 right */
	bool rtl;                 /* TEXT: base direction right-to-left */
	char *role;               /* what it is: "title", "subtitle", "axis-tick", "axis-context",
	                             "lane-header", "event-label", "event-date", "place", "badge",
	                             "legend", "footer", "note", "connector", "leader", "break", ... */
	int64_t event_id;         /* the event it belongs to, 0 if none */
	int lane;                 /* lane index, -1 if none */
	int page;                 /* 0-based page (handout PDFs have several) */
	char *link;               /* URL for PDF links / SVG anchors, NULL if none */
	char *tooltip;            /* SVG <title> per event: date, label, sources */
};

struct pl_display {
	double width, height;     /* of one page, output units */
	int npages;
	char *title, *desc;       /* chart title and description (SVG <title>/<desc>, PDF metadata) */
	char *author, *subject;   /* PDF metadata */
	char **lanes;             /* lane names in order (SVG group names) */
	size_t nlanes;
	struct pl_item *items;    /* in drawing order */
	size_t nitems, cap;
	/* What the layout had to do to avoid overlaps, for the user and tests. */
	long nshortened;          /* labels shortened */
	long nclustered;          /* events folded into "+N" cluster markers */
	long nplaced;             /* events drawn with their own marker */
	long nundated;            /* timeline: undated events left off the axis (listed in a note) */
	char **notes;             /* human-readable notes ("+3 on 2025-12-15: ...") */
	size_t nnotes;
	bool oom;                 /* an append ran out of memory while laying out (sticky);
	                             pl_layout never returns a list with it set */
};

void pl_display_destroy(struct pl_display *dl); /* NULL ok */

enum pl_layout_kind { PL_LAYOUT_TIMELINE, PL_LAYOUT_CHRONOLOGY };
enum pl_lanes_by { PL_LANES_ACTOR, PL_LANES_COUNTRY, PL_LANES_PLACE, PL_LANES_TYPE, PL_LANES_TOPIC, PL_LANES_NONE };
enum pl_theme { PL_THEME_EXPLAINER, PL_THEME_HANDOUT, PL_THEME_SLIDE };

struct pl_chart_spec {
	enum pl_layout_kind layout;
	enum pl_lanes_by lanes;
	const char *const *lane_order; /* explicit lane order (others follow by first appearance) */
	size_t nlane_order;
	enum pl_theme theme;
	double width, height;          /* 0: the theme's default */
	double dpi;                    /* PNG: 0 means the theme's (explainer: 2x) */
	const char *page;              /* "A4" or "Letter" (handout) */
	const char *font;              /* font family, NULL: the theme's */
	const char *title, *subtitle;
	const char *generated;         /* generation date for the footer (ISO); NULL: omit */
	const char *data_dir;          /* shipped data/ (themes: DIR/render/themes.tsv, types.tsv);
	                                  NULL: the build's source data/ */
};

/* Lay out `ev` per `spec`.  Returns the display list (caller destroys), or
 * NULL after a diagnostic (no events, impossible size). */
struct pl_display *pl_layout(const struct pl_events *ev, const struct pl_chart_spec *spec,
			     struct pl_diags *d);

enum pl_output_format { PL_OUT_SVG, PL_OUT_PNG, PL_OUT_PDF };
/* Guess the format from a file name's extension; false if unknown. */
bool pl_output_format_from_name(const char *path, enum pl_output_format *f);
/* Draw `dl` to `path` in format `f` (PNG at `scale` × output units).
 * 0, or -1 after a diagnostic naming path (no partial file is left behind). */
int pl_render_file(const struct pl_display *dl, enum pl_output_format f, double scale,
		   const char *path, struct pl_diags *d);
/* Append the display list to `out` as JSON: {"version","width","height","pages",
 * "title","desc","lanes","placed","shortened","clustered","undated","notes",
 * "items":[{kind,role,text,x,y,w,h,...}]}; numbers rounded to 2 decimals. */
void pl_display_dump_json(const struct pl_display *dl, struct pl_buf *out);

#endif
