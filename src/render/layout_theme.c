/* layout_theme.c - chart themes and the type -> shape table, read at run time
 * from DATA/render/themes.tsv and DATA/render/types.tsv. */
#include "render/layout_int.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const shape_names[] = {
	"circle", "square", "diamond", "triangle-up", "triangle-down",
	"star", "cross", "hexagon", "pentagon", "chevron",
};
#define NSHAPES (sizeof shape_names / sizeof *shape_names)

const char *shape_name(enum pl_marker_shape s)
{
	return (size_t)s < NSHAPES ? shape_names[s] : "circle";
}

static bool parse_rgb(const char *s, uint32_t *out)
{
	if (s[0] != '#' || strlen(s) != 7)
		return false;
	char *end;
	unsigned long v = strtoul(s + 1, &end, 16);
	if (*end)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Split a line into at most 3 tab-separated fields in place. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

struct key {
	const char *name;
	size_t off;    /* offsetof into struct theme */
	char type;     /* 'd' double, 'i' int, 's' font string, 'c' colour, 'p' palette */
};

#define K(name, field, type) { name, offsetof(struct theme, field), type }
static const struct key keys[] = {
	K("width", width, 'd'), K("height", height, 'd'), K("margin", margin, 'd'),
	K("font", font, 's'), K("title_size", title_size, 'd'), K("subtitle_size", subtitle_size, 'd'),
	K("label_size", label_size, 'd'), K("small_size", small_size, 'd'),
	K("rows_per_lane", rows_per_lane, 'i'), K("max_lanes", max_lanes, 'i'),
	K("max_label_width", max_label_w, 'd'),
	K("row_gap", row_gap, 'd'), K("marker", marker, 'd'), K("max_height", max_height, 'd'),
	K("text", text_rgb, 'c'), K("muted", muted_rgb, 'c'), K("rule", rule_rgb, 'c'),
	K("band", band_rgb, 'c'), K("palette", palette, 'p'),
};

static int set_key(struct theme *t, const char *k, const char *v)
{
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (strcmp(keys[i].name, k) != 0)
			continue;
		char *p = (char *)t + keys[i].off;
		char *end;
		switch (keys[i].type) {
		case 'd': {
			double d = strtod(v, &end);
			if (end == v || *end || !(d >= 0) || !isfinite(d))
				return -1; /* also "nan" and "inf", which strtod takes */
			memcpy(p, &d, sizeof d);
			return 0;
		}
		case 'i': {
			long l = strtol(v, &end, 10);
			if (end == v || *end || l < 0 || l > 64)
				return -1;
			int x = (int)l;
			memcpy(p, &x, sizeof x);
			return 0;
		}
		case 's':
			if (strlen(v) >= sizeof t->font || !*v)
				return -1;
			snprintf(t->font, sizeof t->font, "%s", v);
			return 0;
		case 'c': {
			uint32_t c;
			if (!parse_rgb(v, &c))
				return -1;
			memcpy(p, &c, sizeof c);
			return 0;
		}
		default: {
			char buf[256];
			snprintf(buf, sizeof buf, "%s", v);
			t->npalette = 0;
			for (char *s = buf; *s && t->npalette < 16;) {
				char *sp = strchr(s, ' ');
				if (sp)
					*sp = '\0';
				if (*s && !parse_rgb(s, &t->palette[t->npalette++]))
					return -1;
				if (!sp)
					break;
				s = sp + 1;
			}
			return t->npalette ? 0 : -1;
		}
		}
	}
	return -1;
}

/* Read `path` line by line; `fn` handles the fields of each non-comment line. */
static int read_table(const char *path, struct pl_diags *d,
		      int (*fn)(void *ctx, char **f, int nf), void *ctx)
{
	struct pl_buf b = PL_BUF_INIT;
	if (pl_read_file(path, 1u << 20, &b, d) < 0)
		return -1;
	int rc = 0;
	size_t lineno = 0;
	for (char *line = b.p; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (*line && *line != '#') {
			char *f[3];
			int nf = split_tabs(line, f, 3);
			if (fn(ctx, f, nf) < 0) {
				pl_diags_add(d, PL_ERROR, path, false, 0, 0,
					     "line %zu: bad entry '%s'", lineno, f[0]);
				rc = -1;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	pl_buf_free(&b);
	return rc;
}

struct theme_ctx {
	struct theme *t;
	const char *name;
	int pass; /* 0: "*" rows, 1: the theme's own rows (so they override) */
	bool seen;
};

static int theme_row(void *vctx, char **f, int nf)
{
	struct theme_ctx *c = vctx;
	if (nf != 3)
		return -1;
	bool star = strcmp(f[0], "*") == 0;
	if (!star && strcmp(f[0], c->name) == 0)
		c->seen = true;
	if ((c->pass == 0 && star) || (c->pass == 1 && !star && strcmp(f[0], c->name) == 0))
		return set_key(c->t, f[1], f[2]);
	return 0;
}

static int type_row(void *vctx, char **f, int nf)
{
	struct theme *t = vctx;
	if (nf != 2 || !*f[0] || strlen(f[0]) >= sizeof *t->types)
		return -1;
	size_t s = 0;
	while (s < NSHAPES && strcmp(shape_names[s], f[1]) != 0)
		s++;
	if (s == NSHAPES)
		return -1;
	char (*nt)[24] = realloc(t->types, (t->ntypes + 1) * sizeof *nt);
	if (!nt)
		return -1;
	t->types = nt;
	enum pl_marker_shape *ns = realloc(t->shapes, (t->ntypes + 1) * sizeof *ns);
	if (!ns)
		return -1;
	t->shapes = ns;
	snprintf(t->types[t->ntypes], sizeof *t->types, "%s", f[0]);
	t->shapes[t->ntypes++] = (enum pl_marker_shape)s;
	return 0;
}

int theme_load(struct theme *t, const char *data_dir, const char *name, struct pl_diags *d)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	struct pl_buf path = PL_BUF_INIT;
	pl_buf_printf(&path, "%s/render/themes.tsv", data_dir);
	struct theme_ctx c = { t, name, 0, false };
	int rc = read_table(path.p, d, theme_row, &c);
	if (rc == 0) {
		c.pass = 1;
		rc = read_table(path.p, d, theme_row, &c);
	}
	if (rc == 0 && !c.seen) {
		pl_error(d, path.p, "no theme named '%s'", name);
		rc = -1;
	}
	if (rc == 0 && (t->width <= 0 || t->label_size <= 0 || t->npalette == 0 || !t->font[0])) {
		pl_error(d, path.p, "theme '%s' lacks width, label_size, palette or font", name);
		rc = -1;
	}
	if (rc == 0) {
		pl_buf_reset(&path);
		pl_buf_printf(&path, "%s/render/types.tsv", data_dir);
		rc = read_table(path.p, d, type_row, t);
	}
	pl_buf_free(&path);
	return rc;
}

void theme_free(struct theme *t)
{
	free(t->types);
	free(t->shapes);
	t->types = NULL;
	t->shapes = NULL;
	t->ntypes = 0;
}

int theme_shape(const struct theme *t, const char *type)
{
	for (size_t i = 0; type && i < t->ntypes; i++)
		if (strcasecmp(t->types[i], type) == 0)
			return (int)t->shapes[i];
	return -1;
}

struct cname_ctx {
	char **codes;   /* wanted codes (borrowed) */
	char **names;   /* out: owned names, NULL where not found */
	size_t n;
};

static int cname_row(void *vctx, char **f, int nf)
{
	struct cname_ctx *c = vctx;
	if (nf < 3)
		return 0; /* not ours to judge: the actors table has its own checker */
	char *tab = strchr(f[2], '\t');
	if (tab)
		*tab = '\0';
	for (size_t i = 0; i < c->n; i++)
		if (!c->names[i] && *f[2] && strcmp(c->codes[i], f[0]) == 0)
			c->names[i] = pl_strdup(f[2]);
	return 0;
}

int country_names(const char *data_dir, char **codes, size_t n, char **names)
{
	struct pl_buf path = PL_BUF_INIT;
	struct pl_diags quiet;
	pl_diags_init(&quiet);
	pl_buf_printf(&path, "%s/actors/countries.tsv", data_dir);
	struct cname_ctx c = { codes, names, n };
	int rc = path.oom ? -1 : read_table(path.p, &quiet, cname_row, &c);
	pl_diags_finish(&quiet);
	pl_buf_free(&path);
	return rc;
}
