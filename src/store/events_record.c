/* events_record.c - status and date-source names, day ranges, JSON form and rule fingerprints. */
#include "events_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const status_names[] = {
	[PL_STATUS_OCCURRED] = "occurred",     [PL_STATUS_PLANNED] = "planned",
	[PL_STATUS_ONGOING] = "ongoing",       [PL_STATUS_NEGATED] = "negated",
	[PL_STATUS_HYPOTHETICAL] = "hypothetical", [PL_STATUS_HISTORICAL] = "historical",
};

/* The store's own copies of the status and date-source names (the public
 * pl_event_status_name & co. live with the extract stage): the names are
 * what the schema's CHECK constraints spell, so they are part of the schema. */
const char *status_str(enum pl_event_status s)
{
	return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s]
									   : "occurred";
}

bool status_from_str(const char *s, enum pl_event_status *out)
{
	for (size_t i = 0; s && i < sizeof status_names / sizeof status_names[0]; i++)
		if (strcasecmp(s, status_names[i]) == 0) {
			*out = (enum pl_event_status)i;
			return true;
		}
	return false;
}

static const char *const source_names[] = { "none", "sentence", "reference", "publication" };

const char *date_source_str(enum pl_date_source s)
{
	return (unsigned)s < 4 ? source_names[s] : "none";
}

int date_source_score(const char *name)
{
	static const int score[] = { 0, 3, 2, 1 };
	for (int i = 0; name && i < 4; i++)
		if (strcmp(name, source_names[i]) == 0)
			return score[i];
	return 0;
}

void bind_str(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

char *column_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? pl_strdup((const char *)t) : NULL;
}

long column_ids(sqlite3_stmt *q, int64_t **ids)
{
	size_t n = 0, cap = 0;
	int step;
	*ids = NULL;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *v = realloc(*ids, cap * sizeof *v);
			if (!v)
				break;
			*ids = v;
		}
		(*ids)[n++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	if (step != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return -1;
	}
	return (long)n;
}

/* ---- Day ranges ------------------------------------------------------------ */

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int month_days(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

/* Days of one ISO value at its own precision: YYYY, YYYY-MM, YYYY-MM-DD[T...],
 * YYYY-Www, YYYY-Qn, YYYY-Hn. */
static bool value_days(const char *s, int64_t *lo, int64_t *hi)
{
	int y, m, dd;
	if (!s || !digits(s, 4, &y))
		return false;
	if (s[4] == '\0' || s[4] == 'T') {
		*lo = pl_days_from_civil(y, 1, 1);
		*hi = pl_days_from_civil(y, 12, 31);
		return true;
	}
	if (s[4] != '-')
		return false;
	const char *r = s + 5;
	if ((r[0] == 'Q' || r[0] == 'H') && r[1] >= '1' && r[1] <= (r[0] == 'Q' ? '4' : '2') &&
	    r[2] == '\0') {
		int months = r[0] == 'Q' ? 3 : 6, first = (r[1] - '1') * months + 1;
		int last = first + months - 1;
		*lo = pl_days_from_civil(y, first, 1);
		*hi = pl_days_from_civil(y, last, month_days(y, last));
		return true;
	}
	if (r[0] == 'W' && digits(r + 1, 2, &m) && m >= 1 && m <= 53 && r[3] == '\0') {
		/* ISO week 1 holds January 4th; weeks start on Monday. */
		int64_t jan4 = pl_days_from_civil(y, 1, 4);
		int64_t wd = ((jan4 % 7) + 7 + 3) % 7; /* 0 = Monday (1970-01-01 was a Thursday) */
		*lo = jan4 - wd + (m - 1) * 7;
		*hi = *lo + 6;
		return true;
	}
	if (!digits(r, 2, &m) || m < 1 || m > 12)
		return false;
	if (r[2] == '\0') {
		*lo = pl_days_from_civil(y, m, 1);
		*hi = pl_days_from_civil(y, m, month_days(y, m));
		return true;
	}
	if (r[2] != '-' || !digits(r + 3, 2, &dd) || dd < 1 || dd > month_days(y, m) ||
	    (r[5] != '\0' && r[5] != 'T'))
		return false;
	*lo = *hi = pl_days_from_civil(y, m, dd);
	return true;
}

bool pl_event_days(const char *date, const char *date_end, int64_t *lo, int64_t *hi)
{
	if (!value_days(date, lo, hi))
		return false;
	int64_t elo, ehi;
	if (date_end && value_days(date_end, &elo, &ehi) && ehi > *hi)
		*hi = ehi;
	return true;
}

/* ---- JSON ------------------------------------------------------------------ */

/* `"key":"value"` (or null), preceded by a comma unless it opens an object. */
static void kv(struct pl_buf *b, const char *key, const char *v)
{
	if (b->len && b->p[b->len - 1] != '{')
		pl_buf_putc(b, ',');
	pl_buf_printf(b, "\"%s\":", key);
	if (v)
		pl_buf_json_str(b, v, strlen(v));
	else
		pl_buf_puts(b, "null");
}

void pl_event_json(const struct pl_event *e, struct pl_buf *b)
{
	pl_buf_printf(b, "{\"id\":%lld", (long long)e->id);
	kv(b, "type", e->type);
	kv(b, "plover", e->plover);
	kv(b, "cameo", e->cameo);
	kv(b, "date", e->date);
	kv(b, "date_end", e->date_end);
	kv(b, "precision", pl_precision_name(e->precision));
	kv(b, "date_source", date_source_str(e->date_source));
	kv(b, "date_mod", e->date_mod);
	kv(b, "status", status_str(e->status));
	kv(b, "label", e->label);
	pl_buf_puts(b, ",\"actors\":[");
	for (size_t i = 0; i < e->nactors; i++) {
		const struct pl_event_actor *a = &e->actors[i];
		pl_buf_puts(b, i ? ",{" : "{");
		kv(b, "name", a->name);
		kv(b, "country", a->country);
		kv(b, "role", a->role);
		kv(b, "title", a->title);
		pl_buf_putc(b, '}');
	}
	pl_buf_puts(b, "],\"location\":");
	if (e->location) {
		pl_buf_putc(b, '{');
		kv(b, "name", e->location->name);
		kv(b, "country", e->location->country);
		if (e->location->has_coords)
			pl_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f}", e->location->lat,
				      e->location->lon);
		else
			pl_buf_puts(b, ",\"lat\":null,\"lon\":null}");
	} else {
		pl_buf_puts(b, "null");
	}
	pl_buf_puts(b, ",\"topics\":[");
	for (size_t i = 0; i < e->ntopics; i++) {
		if (i)
			pl_buf_putc(b, ',');
		pl_buf_json_str(b, e->topics[i], strlen(e->topics[i]));
	}
	pl_buf_printf(b, "],\"confidence\":%.2f,\"counts\":{\"mentions\":%ld,\"articles\":%ld,"
			 "\"outlets\":%ld},\"sources\":[",
		      e->confidence, e->nmentions, e->narticles, e->noutlets);
	for (size_t i = 0; i < e->nsources; i++) {
		const struct pl_event_source *s = &e->sources[i];
		pl_buf_puts(b, i ? ",{" : "{");
		kv(b, "article", s->article);
		kv(b, "title", s->title);
		kv(b, "source", s->source);
		kv(b, "published", s->published);
		kv(b, "sentence", s->sentence);
		pl_buf_printf(b, ",\"start\":%zu,\"end\":%zu", s->start, s->end);
		kv(b, "rule", s->rule);
		pl_buf_printf(b, ",\"caption\":%s}", s->caption ? "true" : "false");
	}
	pl_buf_puts(b, "]}");
}

/* ---- Fingerprints ---------------------------------------------------------- */

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		*h ^= c[i];
		*h *= 0x100000001b3ULL;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int hash_file(uint64_t *h, const char *path, const char *name, struct pl_diags *d)
{
	struct pl_buf b = PL_BUF_INIT;
	if (pl_read_file(path, PL_MAX_INPUT, &b, d) < 0)
		return -1;
	fnv(h, name, strlen(name) + 1);
	fnv(h, b.p ? b.p : "", b.len);
	pl_buf_free(&b);
	return 0;
}

int pl_events_fingerprint(const char *const *dirs, size_t n, char hex[17], struct pl_diags *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (!dirs[i] || stat(dirs[i], &st) != 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			rc = hash_file(&h, dirs[i], dirs[i], d);
			continue;
		}
		DIR *dir = opendir(dirs[i]);
		if (!dir)
			continue;
		char **names = NULL;
		size_t k = 0, cap = 0;
		struct dirent *e;
		while (rc == 0 && (e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if (k == cap) {
				cap = cap ? cap * 2 : 32;
				char **p = realloc(names, cap * sizeof *p);
				if (!p) {
					rc = -1;
					break;
				}
				names = p;
			}
			if (!(names[k] = pl_strdup(e->d_name)))
				rc = -1;
			else
				k++;
		}
		closedir(dir);
		if (rc < 0)
			pl_error(d, dirs[i], "out of memory listing rule files");
		if (names)
			qsort(names, k, sizeof *names, cmp_str);
		for (size_t j = 0; j < k; j++) {
			struct pl_buf p = PL_BUF_INIT;
			pl_buf_printf(&p, "%s/%s", dirs[i], names[j]);
			if (rc == 0 && stat(p.p, &st) == 0 && S_ISREG(st.st_mode))
				rc = hash_file(&h, p.p, names[j], d);
			pl_buf_free(&p);
			free(names[j]);
		}
		free(names);
	}
	for (int i = 0; i < 16; i++)
		hex[i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 0xf];
	hex[16] = '\0';
	return rc;
}
