/* output.h - private pieces shared by the drawing back-ends (cairo PNG/PDF,
 * the SVG writer) and pl_render_file's atomic file handling.
 *
 * Units: output units as in render.h (CSS px for PNG/SVG, points for PDF).
 * Pages: PDF draws one page per display page; SVG and PNG stack the pages
 * vertically (page p is offset by p * dl->height), so nothing is dropped.
 */
#ifndef PARLEY_RENDER_OUTPUT_H
#define PARLEY_RENDER_OUTPUT_H

#include "parley/render.h"

#include <stdio.h>

/* Pango must see fonts exactly as the layout's measurer does (text_measure.c):
 * resolution 72 so a point size equals output units, hint metrics off so
 * advances stay linear in the scale. */
#define RENDER_PANGO_DPI 72.0

/* Largest edge of a PNG, in pixels: cairo image surfaces stop at 32767. */
#define RENDER_PNG_MAX 32767

/* Back-ends write to `f` (an open temp file); they return 0, or -1 after a
 * diagnostic naming `path` (the user's target, for messages only). */
int render_png(const struct pl_display *dl, double scale, FILE *f, const char *path,
	       struct pl_diags *d);
int render_pdf(const struct pl_display *dl, FILE *f, const char *path, struct pl_diags *d);
int render_svg(const struct pl_display *dl, FILE *f, const char *path, struct pl_diags *d);

/* ---- Shared geometry and policy (output.c) ---------------------------------- */

/* Marker outline: the polygon for `shape` centred on (cx, cy) with outer
 * radius r, written to pts as x0,y0,x1,y1,...; returns the vertex count
 * (at most RENDER_MARKER_MAXPTS), 0 for a circle (draw an arc of radius r).
 * Shapes are scaled so their visual weight matches the circle's. */
#define RENDER_MARKER_MAXPTS 12
size_t render_marker_polygon(enum pl_marker_shape shape, double cx, double cy, double r,
			     double pts[2 * RENDER_MARKER_MAXPTS]);
/* Radius of a marker drawn in box (w, h). */
double render_marker_radius(const struct pl_item *it);
/* The strike of a negated marker: a slash from lower left to upper right
 * a little beyond the outline. */
void render_marker_strike(const struct pl_item *it, double yoff, double *x0, double *y0,
			  double *x1, double *y1);
/* Dash pattern (dash, gap) for a dashed item stroked `w` wide: markers get
 * dashes proportional to their size, so a small outline reads as dashed, not
 * as scattered dots; lines get dashes that grow with their width. */
void render_dash(const struct pl_item *it, double w, double pat[2]);
/* Whether to dash `it` at all (it->dashed, except on small markers). */
bool render_dashed(const struct pl_item *it);
/* The strike of a negated marker: its width, colour and halo. */
double render_strike_width(const struct pl_item *it);
#define RENDER_STRIKE_RGB 0x1A1A1Au  /* the themes' text colour: reads as "crossed out" */
#define RENDER_STRIKE_HALO 1.2       /* extra width of the paper-coloured halo */
/* True when `url` may become a link: http, https or mailto only (never
 * javascript:, data: or local paths). */
bool render_link_ok(const char *url);
/* Background colour hollow markers are filled with (they must hide lines behind them). */
#define RENDER_HOLLOW_FILL 0xFFFFFFu

#endif
