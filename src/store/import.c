/* import.c - the ingest driver: walk paths, read, parse, store; one savepoint per file. */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Articles per transaction: large enough that commits cost little (each
 * writes the batch's changed pages to the WAL once: pages every article
 * touches, such as index leaves, are written once per batch), small enough
 * that an interrupted run loses little: a crash loses the uncommitted batch
 * at most, which running the same ingest again stores (docs/ARCHITECTURE.md). */
#define DEFAULT_BATCH 1000
/* Files up to this size are imported with SQLite's statement journal in
 * memory (PRAGMA temp_store): a file's savepoint saves every page the file
 * changes, and on disk (past a 64 KiB spill) that was 47k of the 60k pwrite
 * calls importing 1,000 articles.  The journal holds the pages one file
 * changes, a bounded number per article (a few MiB at this size); a larger
 * file (a feed of many articles) is imported with the journal on disk, so
 * memory stays independent of the input. */
#define SMALL_FILE (256u << 10)
/* Directory depth that can only be a symlink loop in real corpora. */
#define MAX_DEPTH 64
/* Report progress inside a file every this many articles (big feeds). */
#define PROGRESS_EVERY 64

/* One input to read, in order; err != 0 when the path could not be used
 * (reported when its turn comes, so messages follow the argument order). */
struct entry {
	char *path;
	int err;
	const char *why; /* with err: what failed */
};

struct list {
	struct entry *v;
	size_t n, cap;
};

static int push(struct list *l, const char *path, int err, const char *why)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct entry *p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return -1;
		l->v = p;
		l->cap = cap;
	}
	char *dup = pl_strdup(path);
	if (!dup)
		return -1;
	l->v[l->n++] = (struct entry){ dup, err, why };
	return 0;
}

/* Names a directory walk passes over: hidden files, and the documentation
 * files that describe a corpus rather than being articles of it
 * (README.md, MANIFEST.tsv, LICENSE).  Files named explicitly are always read. */
static bool skipped_name(const char *name)
{
	static const char *const docs[] = { "readme", "manifest", "license" };
	if (name[0] == '.')
		return true;
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		if (strncasecmp(name, docs[i], strlen(docs[i])) == 0)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add `path` (a file) or every file under it (a directory, sorted by name,
 * hidden and documentation files skipped).  -1 only on out of memory. */
static int collect(const char *path, struct list *l, int depth)
{
	struct stat st;
	if (strcmp(path, "-") == 0)
		return push(l, path, 0, NULL);
	if (stat(path, &st) != 0)
		return push(l, path, errno, "cannot open");
	if (!S_ISDIR(st.st_mode))
		/* a FIFO, device or socket met in a walk would block or never end: pass over it */
		return depth > 0 && !S_ISREG(st.st_mode) ? 0 : push(l, path, 0, NULL);
	if (depth >= MAX_DEPTH)
		return push(l, path, ELOOP, "directory nesting too deep");
	DIR *dir = opendir(path);
	if (!dir)
		return push(l, path, errno, "cannot open directory");
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (skipped_name(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **p = realloc(names, cap * sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			names = p;
		}
		struct pl_buf full = PL_BUF_INIT;
		pl_buf_puts(&full, path);
		if (full.len && full.p[full.len - 1] != '/')
			pl_buf_putc(&full, '/');
		pl_buf_puts(&full, e->d_name);
		if (!(names[n] = pl_buf_steal(&full))) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(dir);
	if (rc == 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = collect(names[i], l, depth + 1);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* State of one file's parse, for the per-article callback. */
struct run {
	struct pl_store *s;
	const struct pl_import_opts *o;
	struct pl_import_stats file;  /* this file's counts, merged when it is kept */
	struct pl_import_progress *prog;
	struct pl_diags *d;
	bool is_stdin;
	bool failed;
};

static void report(const struct pl_import_opts *o, const struct pl_import_progress *p)
{
	if (o->progress)
		o->progress(p, o->progress_ud);
}

/* Articles from stdin have no path to be named by: use the URL, else the text. */
static int name_stdin_article(struct pl_article *a)
{
	char hash[23] = "stdin:";
	const char *name = a->url;
	if (!name) {
		pl_content_hash(a->body, a->body_len, hash + 6);
		name = hash;
	}
	char *dup = pl_strdup(name);
	if (!dup)
		return -1;
	free(a->origin);
	a->origin = dup;
	return 0;
}

static int on_article(struct pl_article *a, void *ud)
{
	struct run *r = ud;
	struct pl_range *paras = NULL, *sents = NULL;
	long np = 0, ns = 0;
	struct pl_put_info info;
	r->file.articles++;
	r->prog->articles++;
	if (r->is_stdin && name_stdin_article(a) < 0)
		goto oom;
	if (!a->body) {
		pl_error(r->d, a->origin, "article has no body");
		goto fail;
	}
	np = pl_paragraphs(a->body, a->body_len, &paras);
	ns = np < 0 ? -1 : pl_sentences(a->body, a->body_len, &sents);
	if (ns < 0)
		goto oom;
	if (pl_store_put(r->s, a, paras, (size_t)np, sents, (size_t)ns, &info, r->d) < 0)
		goto fail;
	switch (info.result) {
	case PL_PUT_STORED: r->file.stored++; break;
	case PL_PUT_UPDATED: r->file.updated++; break;
	case PL_PUT_DUPLICATE: r->file.duplicates++; break;
	case PL_PUT_WIRE: r->file.wire_copies++; break;
	}
	if (info.result != PL_PUT_DUPLICATE && r->o->after_put &&
	    r->o->after_put(r->s, &info, a, sents, (size_t)ns, r->o->after_put_ud, r->d) != 0)
		goto fail;
	if (r->prog->articles % PROGRESS_EVERY == 0)
		report(r->o, r->prog);
	free(paras);
	free(sents);
	pl_article_free(a);
	free(a);
	return 0;
oom:
	pl_error(r->d, a->origin, "out of memory");
fail:
	r->failed = true;
	free(paras);
	free(sents);
	pl_article_free(a);
	free(a);
	return 1; /* stop parsing this file: it will be undone */
}

static void merge(struct pl_import_stats *t, const struct pl_import_stats *f)
{
	t->stored += f->stored;
	t->updated += f->updated;
	t->duplicates += f->duplicates;
	t->wire_copies += f->wire_copies;
}

/* Read, parse and store one file inside its own savepoint.  Returns 0 when it
 * went in, 1 when it failed (undone), -1 when the database failed. */
/* Commit, set the statement journal's place (`mem`: in memory) and begin:
 * SQLite reads temp_store when a transaction begins. */
static int rebegin(struct pl_store *s, bool mem, struct pl_diags *d)
{
	if (pl_store_commit(s, d) < 0 ||
	    store_exec(s, mem ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT", d) < 0)
		return -1;
	return pl_store_begin(s, d);
}

static int import_one(struct pl_store *s, const struct entry *e, const struct pl_import_opts *o,
		      struct pl_import_stats *st, struct pl_import_progress *prog,
		      struct pl_buf *buf, bool *mem, struct pl_diags *d)
{
	if (e->err) {
		pl_error(d, e->path, "%s: %s", e->why, strerror(e->err));
		return 1;
	}
	if (pl_read_file(e->path, PL_MAX_INPUT, buf, d) < 0)
		return 1;
	st->bytes += buf->len;
	prog->bytes += buf->len;
	if (*mem && buf->len > SMALL_FILE) { /* a big file: its journal on disk */
		if (rebegin(s, false, d) < 0)
			return -1;
		*mem = false;
	}
	if (pl_store_mark(s, d) < 0)
		return -1;
	struct run r = { .s = s, .o = o, .prog = prog, .d = d,
			 .is_stdin = strcmp(e->path, "-") == 0 };
	long n = pl_ingest_buffer(e->path, buf->p ? buf->p : "", buf->len, &o->ingest, on_article,
				  &r, d);
	st->articles += r.file.articles;
	if (n < 0 || r.failed) {
		if (pl_store_undo(s, d) < 0)
			return -1;
		if (sqlite3_get_autocommit(s->db) && pl_store_begin(s, d) < 0)
			return -1;
		return 1;
	}
	if (n == 0)
		pl_diags_add(d, PL_WARNING, e->path, false, 0, 0, "no article found");
	if (pl_store_keep(s, d) < 0)
		return -1;
	merge(st, &r.file);
	return 0;
}

int pl_import(struct pl_store *s, const char *const *paths, size_t npaths,
	      const struct pl_import_opts *o, struct pl_import_stats *st, struct pl_diags *d)
{
	struct list l = { 0 };
	struct pl_buf buf = PL_BUF_INIT;
	struct pl_import_progress prog = { 0 };
	unsigned batch = o->batch ? o->batch : DEFAULT_BATCH;
	uint64_t since_commit = 0;
	int rc = -1;
	memset(st, 0, sizeof *st);
	for (size_t i = 0; i < npaths; i++)
		if (collect(paths[i], &l, 0) < 0) {
			pl_error(d, paths[i], "out of memory listing files");
			goto out;
		}
	prog.files_total = l.n;
	bool mem = true; /* the statement journal in memory (SMALL_FILE) */
	if (store_exec(s, "PRAGMA temp_store = MEMORY", d) < 0 || pl_store_begin(s, d) < 0)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		uint64_t before = st->articles;
		int r = import_one(s, &l.v[i], o, st, &prog, &buf, &mem, d);
		if (r < 0)
			goto out;
		st->files++;
		st->files_failed += r == 1;
		prog.files_done++;
		since_commit += st->articles - before;
		if (since_commit >= batch) {
			if (rebegin(s, true, d) < 0)
				goto out;
			since_commit = 0;
			mem = true;
		}
		report(o, &prog);
		pl_buf_reset(&buf);
	}
	if (pl_store_commit(s, d) < 0)
		goto out;
	rc = st->files_failed ? 1 : 0;
out:
	/* outside a transaction: this connection's later statements journal
	 * to disk again */
	if (sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	pl_buf_free(&buf);
	return rc;
}
