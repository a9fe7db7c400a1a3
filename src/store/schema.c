/* schema.c - the database schema, as a list of migration steps keyed by PRAGMA user_version.
 *
 * Schema v1.  Offsets are BYTE offsets into articles.body (UTF-8), end
 * exclusive; in SQL read a span with
 *   substr(CAST(body AS BLOB), start + 1, end - start)
 * because substr() on TEXT counts characters.
 *
 * articles      one row per input article (feed items are rows of their own).
 *   origin        path or URL exactly as given ("feed.xml#3" for the 3rd item;
 *                 "stdin:<hash>" for stdin without a URL); UNIQUE: the key
 *                 that makes re-ingesting idempotent.
 *   published     ISO 8601 written to its precision ("2025-12-15",
 *                 "2025-12-15T10:30:00+01:00"); NULL when no date was found.
 *   published_precision  year|month|day|hour|minute|second, NULL with published.
 *   published_how how the date was found ("meta:article:published_time", ...).
 *   modified      ISO 8601 of the last-modified date, kept apart.
 *   content_hash  16 hex digits: 64-bit FNV-1a of the normalized body (letters
 *                 and digits lower-cased, every other run one space).  A hash
 *                 hit is confirmed by comparing normalized texts, so a
 *                 collision can never merge two different articles; 64 bits
 *                 keep the index small.
 *   body          the clean main text, paragraphs separated by "\n\n".
 *   ingested_at   UTC time of the (last) write, "2026-01-02T03:04:05Z".
 *   wire_of       the root article this one is a wire copy of (NULL for a
 *                 root); a wire copy has no paragraphs/sentences/timexes.
 * captions      photo captions of an article, n from 0.
 * paragraphs    [start, end) of each paragraph of the body, n from 0.
 * sentences     [start, end) of each sentence, n from 0; `paragraph` is the n
 *               of the paragraph holding it.
 * timexes       time expressions found by the time stage at ingest: [start,
 *               end) into the body, the sentence n, the text, TIMEX3 type
 *               (DATE, TIME, DURATION, SET) and value, mod (BEFORE, AFTER,
 *               APPROX...), range_end (the value of a range's end: "Dec.
 *               14-15"), anchor (none | dct | ref | unresolved: what a
 *               relative value was grounded on; the DCT is the article's
 *               publication date), raw (the rule's underspecified value before
 *               grounding) and the id of the rule that found it.
 * article_bands MinHash band keys of root articles, to find near-identical
 *               wire copies without comparing every pair.
 */
#include "store_int.h"
#include "events_int.h" /* store_events_schema_v2 (owner: eventstore) */

#include <stddef.h>
#include <stdio.h>

/* Step i takes the database from user_version i to i + 1.  Never edit a step
 * once released: add a new one. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE articles (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  origin TEXT NOT NULL UNIQUE,\n"
	"  url TEXT,\n"
	"  title TEXT,\n"
	"  source TEXT,\n"
	"  byline TEXT,\n"
	"  dateline TEXT,\n"
	"  language TEXT,\n"
	"  format TEXT NOT NULL,\n"
	"  published TEXT,\n"
	/* Constant checks compare with = rather than IN (...): SQLite 3.40 builds
	 * a temporary b-tree for an IN list of more than two values each time a
	 * row is checked, which was half the cost of inserting a time
	 * expression.  Databases made before 2026-11-27 18:30 have the IN
	 * lists: the same values pass, only slower. */
	"  published_precision TEXT CHECK (published_precision = 'year' OR\n"
	"    published_precision = 'month' OR published_precision = 'day' OR\n"
	"    published_precision = 'hour' OR published_precision = 'minute' OR\n"
	"    published_precision = 'second'),\n"
	"  published_how TEXT,\n"
	"  modified TEXT,\n"
	"  content_hash TEXT NOT NULL,\n"
	"  body TEXT NOT NULL,\n"
	"  ingested_at TEXT NOT NULL,\n"
	"  wire_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,\n"
	"  CHECK ((published IS NULL) = (published_precision IS NULL))\n"
	");\n"
	"CREATE INDEX articles_hash ON articles(content_hash);\n"
	"CREATE INDEX articles_wire ON articles(wire_of) WHERE wire_of IS NOT NULL;\n"
	"CREATE INDEX articles_published ON articles(published);\n"
	"CREATE TABLE captions (\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  PRIMARY KEY (article_id, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE paragraphs (\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL CHECK (end >= start),\n"
	"  PRIMARY KEY (article_id, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE sentences (\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  paragraph INTEGER,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL CHECK (end >= start),\n"
	"  PRIMARY KEY (article_id, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE timexes (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  sentence INTEGER,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL CHECK (end >= start),\n"
	"  text TEXT NOT NULL,\n"
	"  type TEXT NOT NULL CHECK (type = 'DATE' OR type = 'TIME' OR type = 'DURATION' OR\n"
	"    type = 'SET'),\n"
	"  value TEXT,\n"
	"  mod TEXT,\n"
	"  range_end TEXT,\n"
	"  anchor TEXT,\n"
	"  raw TEXT,\n"
	"  rule TEXT\n"
	");\n"
	"CREATE INDEX timexes_article ON timexes(article_id, start);\n"
	"CREATE TABLE article_bands (\n"
	"  band INTEGER NOT NULL,\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY (band, article_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX article_bands_article ON article_bands(article_id);\n",
	/* 1 -> 2: mentions, events, extraction runs (events_schema.c documents them) */
	store_events_schema_v2,
	/* 2 -> 3: covering and partial indexes for the events merge (events_schema.c) */
	store_events_schema_v3,
	/* 3 -> 4: the far-pass indexes go (events_schema.c) */
	store_events_schema_v4,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == PL_STORE_SCHEMA_VERSION,
	       "one migration step per schema version");

int pl_store_schema_version(struct pl_store *s)
{
	sqlite3_stmt *q = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Bring the database to PL_STORE_SCHEMA_VERSION, one step per transaction, so
 * a failure leaves it at the last complete version. */
int store_migrate(struct pl_store *s, struct pl_diags *d)
{
	int v = pl_store_schema_version(s);
	if (v < 0) {
		store_db_error(s, "cannot read the schema version", d);
		return -1;
	}
	if (v > PL_STORE_SCHEMA_VERSION) {
		pl_error(d, s->path, "database schema v%d is newer than this parley (v%d)", v,
			 PL_STORE_SCHEMA_VERSION);
		return -1;
	}
	while (v < PL_STORE_SCHEMA_VERSION) {
		char pragma[48];
		if (store_exec(s, "BEGIN IMMEDIATE", d) < 0)
			return -1;
		/* Read again under the write lock: another process opening the same new
		 * database may have migrated it since (two first ingests at once). */
		v = pl_store_schema_version(s);
		if (v < 0 || v >= PL_STORE_SCHEMA_VERSION) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			if (v < 0)
				store_db_error(s, "cannot read the schema version", d);
			return v < 0 ? -1 : 0;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (store_exec(s, migrations[v], d) < 0 || store_exec(s, pragma, d) < 0 ||
		    store_exec(s, "COMMIT", d) < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		v++;
	}
	return 0;
}
