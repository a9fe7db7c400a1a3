/* output.c - pl_render_file: format choice, atomic writes (temp file + rename),
 * and the marker geometry and link policy both back-ends share. */
#include "render/output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

bool pl_output_format_from_name(const char *path, enum pl_output_format *f)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;
	if (!dot || (slash && dot < slash))
		return false;
	if (strcasecmp(dot, ".svg") == 0)
		*f = PL_OUT_SVG;
	else if (strcasecmp(dot, ".png") == 0)
		*f = PL_OUT_PNG;
	else if (strcasecmp(dot, ".pdf") == 0)
		*f = PL_OUT_PDF;
	else
		return false;
	return true;
}

/* Temp name "DIR/.BASE.XXXXXX" beside the target, so rename() stays on one
 * file system and is atomic. */
static char *temp_name(const char *path)
{
	struct pl_buf b = PL_BUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		pl_buf_append(&b, path, (size_t)(slash - path + 1));
	pl_buf_printf(&b, ".%s.XXXXXX", slash ? slash + 1 : path);
	return pl_buf_steal(&b);
}

int pl_render_file(const struct pl_display *dl, enum pl_output_format f, double scale,
		   const char *path, struct pl_diags *d)
{
	if (!dl || dl->width <= 0 || dl->height <= 0 || dl->npages < 1) {
		pl_error(d, path, "nothing to draw (empty display list)");
		return -1;
	}
	if (!(scale > 0) || scale > 100) {
		pl_error(d, path, "scale %g out of range (0, 100]", scale);
		return -1;
	}
	char *tmp = temp_name(path);
	if (!tmp) {
		pl_error(d, path, "out of memory");
		return -1;
	}
	int rc = -1;
	FILE *fp = NULL;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		pl_error(d, path, "cannot create a file beside it: %s", strerror(errno));
		goto out_name;
	}
	/* mkstemp makes 0600; give the result the permissions a plain create would. */
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0 || !(fp = fdopen(fd, "wb"))) {
		pl_error(d, path, "cannot write: %s", strerror(errno));
		close(fd);
		goto out_unlink;
	}
	switch (f) {
	case PL_OUT_SVG: rc = render_svg(dl, fp, path, d); break;
	case PL_OUT_PNG: rc = render_png(dl, scale, fp, path, d); break;
	case PL_OUT_PDF: rc = render_pdf(dl, fp, path, d); break;
	default: pl_error(d, path, "unknown output format %d", (int)f); break;
	}
	if (rc == 0 && (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)) {
		pl_error(d, path, "write failed: %s", strerror(errno));
		rc = -1;
	}
	if (fclose(fp) != 0 && rc == 0) {
		pl_error(d, path, "write failed: %s", strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		pl_error(d, path, "cannot replace: %s", strerror(errno));
		rc = -1;
	}
out_unlink:
	if (rc != 0)
		unlink(tmp);
out_name:
	free(tmp);
	return rc;
}

/* ---- Markers ----------------------------------------------------------------- */

static size_t regular(double *pts, size_t n, double cx, double cy, double r, double start)
{
	for (size_t i = 0; i < n; i++) {
		double a = start + 2 * M_PI * (double)i / (double)n;
		pts[2 * i] = cx + r * cos(a);
		pts[2 * i + 1] = cy + r * sin(a);
	}
	return n;
}

/* Copy unit-square coordinates (pairs in [-1, 1]) scaled by r around (cx, cy). */
static size_t scaled(double *pts, const double *unit, size_t n, double cx, double cy, double r)
{
	for (size_t i = 0; i < n; i++) {
		pts[2 * i] = cx + r * unit[2 * i];
		pts[2 * i + 1] = cy + r * unit[2 * i + 1];
	}
	return n;
}

size_t render_marker_polygon(enum pl_marker_shape shape, double cx, double cy, double r,
			     double pts[2 * RENDER_MARKER_MAXPTS])
{
	/* Outlines are sized for equal visual weight: a square of side 2r looks
	 * much heavier than a circle of radius r, a triangle much lighter. */
	static const double cross[] = { -0.32, -1, 0.32, -1, 0.32, -0.32, 1, -0.32, 1, 0.32, 0.32, 0.32,
					0.32, 1, -0.32, 1, -0.32, 0.32, -1, 0.32, -1, -0.32, -0.32, -0.32 };
	static const double chevron[] = { -0.75, -0.95, 0.05, -0.95, 0.85, 0, 0.05, 0.95, -0.75, 0.95,
					  0.05, 0 };
	switch (shape) {
	case PL_SHAPE_CIRCLE:
		return 0;
	case PL_SHAPE_SQUARE:
		return regular(pts, 4, cx, cy, r * 1.2, M_PI / 4);
	case PL_SHAPE_DIAMOND:
		return regular(pts, 4, cx, cy, r * 1.15, -M_PI / 2);
	case PL_SHAPE_TRIANGLE_UP:
		/* centroid (= circumcentre) at (cx, cy + 0.15r): the wide base
		 * then sits lower and the triangle looks centred */
		return regular(pts, 3, cx, cy + r * 0.15, r * 1.25, -M_PI / 2);
	case PL_SHAPE_TRIANGLE_DOWN:
		return regular(pts, 3, cx, cy - r * 0.15, r * 1.25, M_PI / 2);
	case PL_SHAPE_STAR: {
		for (size_t i = 0; i < 10; i++) {
			double a = -M_PI / 2 + M_PI * (double)i / 5;
			double rr = (i % 2 ? 0.5 : 1.25) * r;
			pts[2 * i] = cx + rr * cos(a);
			pts[2 * i + 1] = cy + 0.1 * r + rr * sin(a);
		}
		return 10;
	}
	case PL_SHAPE_CROSS:
		return scaled(pts, cross, 12, cx, cy, r * 1.1);
	case PL_SHAPE_HEXAGON:
		return regular(pts, 6, cx, cy, r * 1.08, 0);
	case PL_SHAPE_PENTAGON:
		return regular(pts, 5, cx, cy + r * 0.06, r * 1.12, -M_PI / 2);
	case PL_SHAPE_CHEVRON:
		return scaled(pts, chevron, 6, cx, cy, r * 1.1);
	}
	return 0;
}

double render_marker_radius(const struct pl_item *it)
{
	double s = it->w < it->h ? it->w : it->h;
	/* Leave room for the stroke and the star's and triangle's longer reach. */
	return s > 0 ? s / 2 / 1.25 : 0;
}

void render_marker_strike(const struct pl_item *it, double yoff, double *x0, double *y0,
			  double *x1, double *y1)
{
	double r = render_marker_radius(it) * 1.35;
	double cx = it->x + it->w / 2, cy = it->y + yoff + it->h / 2;
	*x0 = cx - r * 0.8;
	*y0 = cy + r * 0.8;
	*x1 = cx + r * 0.8;
	*y1 = cy - r * 0.8;
}

bool render_dashed(const struct pl_item *it)
{
	/* A dashed outline on a marker under 12 units reads as broken, not as
	 * "planned": small hollow markers keep a solid outline (hollow says it). */
	return it->dashed && (it->kind != PL_ITEM_MARKER || render_marker_radius(it) >= 6);
}

void render_dash(const struct pl_item *it, double w, double pat[2])
{
	if (it->kind == PL_ITEM_MARKER) {
		/* about eight dashes around a circle of radius r (perimeter 2 pi r) */
		double r = render_marker_radius(it);
		pat[0] = r * 0.5 + w * 0.5;
		pat[1] = r * 0.3 + w * 0.5;
	} else {
		pat[0] = 3 * w + 1;
		pat[1] = 2 * w + 1;
	}
}

double render_strike_width(const struct pl_item *it)
{
	double w = render_marker_radius(it) * 0.28;
	return w < 1.1 ? 1.1 : w;
}

bool render_link_ok(const char *url)
{
	if (!url)
		return false;
	return strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "mailto:", 7) == 0;
}
