/* events_schema.c - schema v2: event mentions, merged events, extraction runs (migration 1 -> 2).
 *
 * Offsets are BYTE offsets into articles.body (see schema.c).  Dates are ISO
 * 8601 at their precision ("2025-12-14", "2025-12", "2025"); day_lo/day_hi
 * are the first and last day the date covers, as days since 1970-01-01 (what
 * merging and the --from/--to filters compare).
 *
 * extract_runs     one row per `parley extract` / extracting ingest: when, the
 *                  fingerprint of the rule and data files used, user rule dirs.
 * article_extract  which run extracted each root article last (also when it
 *                  yielded no mention), so re-extraction knows what is stale.
 * mentions         one trigger in one sentence: article, sentence n, [start,
 *                  end) into the body (for a photo caption, caption = 1,
 *                  `sentence` is the caption's n and [start, end) are offsets
 *                  into the caption text), rule id, type and its merge family, PLOVER, CAMEO,
 *                  status and its rank, date fields, place, label, confidence,
 *                  caption flag, run.
 * mention_actors   actors of a mention in order (name, country, role, title,
 *                  collective: a country or organisation, not a person).
 * mention_topics   topics of a mention.
 * events           merged events: the fields `parley events` prints, counts,
 *                  and the merge keys (family, day_lo, day_hi, key_precision).
 * event_mentions   event <-> mention (each mention in exactly one event).
 * event_actors     union of the actors of an event's mentions; `collective`
 *                  marks countries/organisations (they match their members);
 *                  family, day_lo, day_hi, fine (a day-precise event of at
 *                  most two weeks) and ckey ("c:UKR" for a collective, "p:UKR"
 *                  for a person of that country) copy the event's merge keys so
 *                  that candidate events are found through one index seek per
 *                  actor, whatever the size of the database.
 * event_topics     union of the topics.
 * events_stale     events whose mentions or articles changed since they were
 *                  computed (filled by merging and by triggers; `lost` when a
 *                  mention left, so actors and topics are rebuilt; emptied by
 *                  pl_events_refresh).
 * views: event_list (one line per event, actors joined), mention_list (each
 *                  mention with its article origin, text span and event).
 */
#include "events_int.h"

const char store_events_schema_v2[] =
	"CREATE TABLE extract_runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  started_at TEXT NOT NULL,\n"
	"  fingerprint TEXT NOT NULL,\n"
	"  rule_dirs TEXT\n"
	");\n"
	"CREATE TABLE article_extract (\n"
	"  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  run_id INTEGER NOT NULL REFERENCES extract_runs(id),\n"
	"  mentions INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE mentions (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
	"  sentence INTEGER,\n"
	"  start INTEGER NOT NULL,\n"
	"  end INTEGER NOT NULL CHECK (end >= start),\n"
	"  rule TEXT NOT NULL,\n"
	"  type TEXT NOT NULL,\n"
	"  family TEXT NOT NULL,\n"
	"  plover TEXT,\n"
	"  cameo TEXT,\n"
	/* The checks compare with = rather than IN (...): SQLite builds a
	 * temporary index for every IN list it evaluates, and these run on
	 * each mention stored (about a third of the cost of the insert). */
	"  status TEXT NOT NULL CHECK (status = 'occurred' OR status = 'planned' OR\n"
	"    status = 'ongoing' OR status = 'negated' OR status = 'hypothetical' OR\n"
	"    status = 'historical'),\n"
	"  status_rank INTEGER NOT NULL,\n"
	"  date TEXT,\n"
	"  date_end TEXT,\n"
	"  precision TEXT,\n"
	"  date_source TEXT NOT NULL CHECK (date_source = 'none' OR date_source = 'sentence' OR\n"
	"    date_source = 'reference' OR date_source = 'publication'),\n"
	"  date_mod TEXT,\n"
	"  day_lo INTEGER,\n"
	"  day_hi INTEGER,\n"
	"  place TEXT,\n"
	"  place_country TEXT,\n"
	"  lat REAL,\n"
	"  lon REAL,\n"
	"  label TEXT,\n"
	"  confidence REAL NOT NULL,\n"
	"  caption INTEGER NOT NULL DEFAULT 0,\n"
	"  run_id INTEGER NOT NULL REFERENCES extract_runs(id)\n"
	");\n"
	"CREATE INDEX mentions_article ON mentions(article_id, start);\n"
	"CREATE INDEX mentions_run ON mentions(run_id);\n"
	"CREATE TABLE mention_actors (\n"
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,\n"
	"  n INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  country TEXT,\n"
	"  role TEXT,\n"
	"  title TEXT,\n"
	"  collective INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (mention_id, n)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE mention_topics (\n"
	"  mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,\n"
	"  topic TEXT NOT NULL,\n"
	"  PRIMARY KEY (mention_id, topic)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE events (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  type TEXT NOT NULL,\n"
	"  family TEXT NOT NULL,\n"
	"  plover TEXT,\n"
	"  cameo TEXT,\n"
	"  date TEXT,\n"
	"  date_end TEXT,\n"
	"  precision TEXT,\n"
	"  date_source TEXT NOT NULL DEFAULT 'none',\n"
	"  date_mod TEXT,\n"
	"  status TEXT NOT NULL,\n"
	"  status_group TEXT NOT NULL,\n"
	"  label TEXT,\n"
	"  place TEXT,\n"
	"  place_country TEXT,\n"
	"  lat REAL,\n"
	"  lon REAL,\n"
	"  confidence REAL NOT NULL DEFAULT 0,\n"
	"  mentions INTEGER NOT NULL DEFAULT 0,\n"
	"  articles INTEGER NOT NULL DEFAULT 0,\n"
	"  outlets INTEGER NOT NULL DEFAULT 0,\n"
	"  day_lo INTEGER,\n"
	"  day_hi INTEGER,\n"
	"  key_precision INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX events_day ON events(day_lo, day_hi);\n"
	"CREATE INDEX events_place ON events(place COLLATE NOCASE, family, day_lo);\n"
	"CREATE TABLE event_mentions (\n"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
	"  mention_id INTEGER NOT NULL UNIQUE REFERENCES mentions(id) ON DELETE CASCADE,\n"
	"  PRIMARY KEY (event_id, mention_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE event_actors (\n"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  country TEXT,\n"
	"  role TEXT,\n"
	"  title TEXT,\n"
	"  collective INTEGER NOT NULL DEFAULT 0,\n"
	"  n INTEGER NOT NULL DEFAULT 0,\n"
	"  family TEXT,\n"
	"  day_lo INTEGER,\n"
	"  day_hi INTEGER,\n"
	"  fine INTEGER NOT NULL DEFAULT 0,\n"
	"  ckey TEXT,\n"
	"  PRIMARY KEY (event_id, name)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX event_actors_window ON event_actors(name, family, fine, day_lo);\n"
	"CREATE INDEX event_actors_cwindow ON event_actors(ckey, family, fine, day_lo);\n"
	"CREATE TABLE event_topics (\n"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,\n"
	"  topic TEXT NOT NULL,\n"
	"  PRIMARY KEY (event_id, topic)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX event_topics_topic ON event_topics(topic);\n"
	"CREATE TABLE events_stale (\n"
	"  event_id INTEGER PRIMARY KEY,\n"
	"  lost INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	/* A mention about to go (re-extraction, article deleted or its text
	 * updated) leaves its event to be recomputed. */
	"CREATE TRIGGER mentions_gone BEFORE DELETE ON mentions BEGIN\n"
	"  INSERT INTO events_stale (event_id, lost)\n"
	"    SELECT event_id, 1 FROM event_mentions WHERE mention_id = old.id\n"
	"    ON CONFLICT (event_id) DO UPDATE SET lost = 1;\n"
	"END;\n"
	/* An article whose text changed in place keeps its id: its mentions
	 * point into the old text, so they go (re-extraction makes new ones). */
	"CREATE TRIGGER articles_text_changed AFTER UPDATE OF content_hash ON articles\n"
	"  WHEN old.content_hash IS NOT new.content_hash BEGIN\n"
	"  DELETE FROM mentions WHERE article_id = old.id;\n"
	"  DELETE FROM article_extract WHERE article_id = old.id;\n"
	"END;\n"
	/* A new wire copy adds an article and maybe an outlet to its root's events. */
	"CREATE TRIGGER articles_wire_added AFTER INSERT ON articles\n"
	"  WHEN new.wire_of IS NOT NULL BEGIN\n"
	"  INSERT OR IGNORE INTO events_stale (event_id)\n"
	"    SELECT em.event_id FROM mentions m JOIN event_mentions em ON em.mention_id = m.id\n"
	"    WHERE m.article_id = new.wire_of;\n"
	"END;\n"
	"CREATE TRIGGER articles_wire_changed AFTER UPDATE OF wire_of ON articles BEGIN\n"
	"  INSERT OR IGNORE INTO events_stale (event_id)\n"
	"    SELECT em.event_id FROM mentions m JOIN event_mentions em ON em.mention_id = m.id\n"
	"    WHERE m.article_id IN (old.wire_of, new.wire_of);\n"
	"END;\n"
	"CREATE VIEW event_list AS\n"
	"  SELECT e.id, e.date, e.date_end, e.type, e.status, e.label,\n"
	"    (SELECT group_concat(name, '; ') FROM\n"
	"       (SELECT name FROM event_actors WHERE event_id = e.id ORDER BY n, name)) AS actors,\n"
	"    e.place, e.place_country, e.mentions, e.articles, e.outlets,\n"
	"    round(e.confidence, 2) AS confidence,\n"
	"    (SELECT group_concat(topic, '; ') FROM event_topics WHERE event_id = e.id) AS topics\n"
	"  FROM events e ORDER BY e.day_lo IS NULL, e.day_lo, e.id;\n"
	"CREATE VIEW mention_list AS\n"
	"  SELECT m.id, em.event_id, a.origin, m.sentence, m.start, m.end,\n"
	"    CAST(substr(CAST(CASE WHEN m.caption THEN (SELECT text FROM captions c\n"
	"      WHERE c.article_id = m.article_id AND c.n = m.sentence) ELSE a.body END AS BLOB),\n"
	"      m.start + 1, m.end - m.start) AS TEXT) AS text,\n"
	"    m.type, m.status, m.date, m.date_source, m.place, m.label, m.rule, m.caption\n"
	"  FROM mentions m JOIN articles a ON a.id = m.article_id\n"
	"  LEFT JOIN event_mentions em ON em.mention_id = m.id\n"
	"  ORDER BY m.article_id, m.start;\n";

/* Migration 2 -> 3: candidate search reads its rows from the indexes alone.
 * Each *_near index is the v2 index it replaces (event_actors_window,
 * event_actors_cwindow, events_place) followed by the event id then day_hi:
 * the rows come in the same order as before (the key columns, then the
 * event id) and the day_hi test needs no seek into the table.  The far pass
 * of a search (events that began days before the mention and still run)
 * only ever finds events of more than one day: its partial indexes leave
 * out the one-day events, most of them.  The coarse half of a search (dated
 * events of month or year precision, or longer than two weeks) reads a
 * partial index of those rows only; the merger also asks it whether there is
 * any such row at all (often none). */
const char store_events_schema_v3[] =
	"DROP INDEX event_actors_window;\n"
	"DROP INDEX event_actors_cwindow;\n"
	"DROP INDEX events_place;\n"
	"CREATE INDEX event_actors_near ON event_actors(name, family, fine, day_lo, event_id,\n"
	"  day_hi);\n"
	"CREATE INDEX event_actors_cnear ON event_actors(ckey, family, fine, day_lo, event_id,\n"
	"  day_hi);\n"
	"CREATE INDEX event_actors_far ON event_actors(name, family, fine, day_lo, event_id, day_hi)\n"
	"  WHERE fine = 1 AND day_hi > day_lo;\n"
	"CREATE INDEX event_actors_cfar ON event_actors(ckey, family, fine, day_lo, event_id,\n"
	"  day_hi) WHERE fine = 1 AND day_hi > day_lo;\n"
	"CREATE INDEX event_actors_coarse ON event_actors(name, family, fine, day_lo, event_id,\n"
	"  day_hi) WHERE fine = 0 AND day_lo IS NOT NULL;\n"
	"CREATE INDEX event_actors_ccoarse ON event_actors(ckey, family, fine, day_lo, event_id,\n"
	"  day_hi) WHERE fine = 0 AND day_lo IS NOT NULL;\n"
	"CREATE INDEX events_place_near ON events(place COLLATE NOCASE, family, day_lo, id,\n"
	"  day_hi);\n";

/* Migration 3 -> 4: the far pass of a candidate search reads the *_near
 * indexes (the same rows in the same order, those ending after they begin)
 * and the merge's candidate rows cache answers nearly every search anyway
 * (events_ccache.c), so the partial far-pass indexes only cost writes: two
 * more b-trees for each actor row of a multi-day event. */
const char store_events_schema_v4[] =
	"DROP INDEX event_actors_far;\n"
	"DROP INDEX event_actors_cfar;\n";
