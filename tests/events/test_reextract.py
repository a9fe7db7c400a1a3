#!/usr/bin/env python3
"""test_reextract.py - `parley extract` after editing rules replaces the old rules' output, and only that.

On the sample article ($PARLEY_SHARED/samples, skipped when absent) and a
project fixture of the golden tests' style written here:
  1. `parley ingest` extracts as it goes: one run, mentions and events;
  2. `parley extract` again reads nothing (the rules did not change);
  3. with a user rules directory whose merge.rules puts VISIT apart from the
     meeting family, `parley --rules DIR extract` re-reads every article: the
     mentions are all of the new run, no mention of the old run is left, and
     articles, sentences, time expressions and captions are untouched;
  4. `parley extract --all` re-reads everything once more, same counts;
  5. every event still has mentions; every mention belongs to one event.
Each failed check is named; exit 1 on any.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

FAILS = []


def check(name, ok, detail=""):
    if not ok:
        FAILS.append(name)
        print(f"FAIL {name}: {detail}")


def counts(db):
    con = sqlite3.connect(db)
    q = lambda s: con.execute(s).fetchone()[0]
    c = {t: q(f"SELECT count(*) FROM {t}") for t in
         ("articles", "sentences", "timexes", "captions", "mentions", "events", "extract_runs",
          "article_extract")}
    c["runs_with_mentions"] = q("SELECT count(DISTINCT run_id) FROM mentions")
    c["last_run"] = q("SELECT max(id) FROM extract_runs")
    c["mentions_of_last_run"] = q("SELECT count(*) FROM mentions WHERE run_id = "
                                  "(SELECT max(id) FROM extract_runs)")
    c["orphan_events"] = q("SELECT count(*) FROM events e WHERE NOT EXISTS "
                           "(SELECT 1 FROM event_mentions em WHERE em.event_id = e.id)")
    c["unmerged_mentions"] = q("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                               "(SELECT 1 FROM event_mentions em WHERE em.mention_id = m.id)")
    c["timex_digest"] = q("SELECT group_concat(value, ',') FROM (SELECT value FROM timexes "
                          "ORDER BY article_id, start)")
    con.close()
    return c


def main():
    parley = os.environ["PARLEY_BIN"]
    shared = os.environ.get("PARLEY_SHARED", "")
    sample = os.path.join(shared, "samples", "berlin-talks-2025-12-15.txt")
    if not os.path.exists(sample):
        print(f"SKIP: sample article not found at {sample}")
        return 77
    src = os.environ["PARLEY_SRC"]
    tmp = tempfile.mkdtemp(prefix="parley-reextract-")
    try:
        db = os.path.join(tmp, "re.db")
        run = lambda *a: subprocess.run([parley, "--db", db] + list(a), capture_output=True,
                                        text=True)
        r = run("ingest", "--date", "2025-12-15", sample)
        check("ingest exit 0", r.returncode == 0, r.stderr)
        c1 = counts(db)
        check("ingest extracted: one run", c1["extract_runs"] == 1, c1)
        check("ingest extracted: mentions and events", c1["mentions"] > 0 and c1["events"] > 0,
              c1)
        r = run("extract")
        c2 = counts(db)
        check("extract with unchanged rules reads nothing",
              r.returncode == 0 and "0 articles extracted" in r.stderr and c2 == c1,
              r.stderr + str(c2))
        user = os.path.join(tmp, "rules")
        os.makedirs(user)
        with open(os.path.join(src, "rules", "merge.rules"), encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(user, "merge.rules"), "w", encoding="utf-8") as f:
            f.write(text.replace("VISIT = meeting", "VISIT = visit"))
        r = subprocess.run([parley, "--db", db, "--rules", user, "extract"], capture_output=True,
                           text=True)
        c3 = counts(db)
        check("edited rules: exit 0", r.returncode == 0, r.stderr)
        check("edited rules: every article re-read",
              "1 articles extracted" in r.stderr, r.stderr)
        check("edited rules: a new run", c3["extract_runs"] == 2, c3)
        check("edited rules: only the new run's mentions are left",
              c3["runs_with_mentions"] == 1 and c3["mentions_of_last_run"] == c3["mentions"], c3)
        for k in ("articles", "sentences", "timexes", "captions", "timex_digest"):
            check(f"edited rules: {k} untouched", c3[k] == c1[k], f"{c1[k]} -> {c3[k]}")
        check("edited rules: same mentions from unchanged event rules",
              c3["mentions"] == c1["mentions"], f"{c1['mentions']} -> {c3['mentions']}")
        r = subprocess.run([parley, "--db", db, "--rules", user, "extract", "--all"],
                           capture_output=True, text=True)
        c4 = counts(db)
        check("--all: a third run with the same output",
              r.returncode == 0 and c4["extract_runs"] == 3 and c4["mentions"] == c3["mentions"]
              and c4["events"] == c3["events"], str(c4))
        for c, label in ((c1, "after ingest"), (c3, "after re-extraction"), (c4, "after --all")):
            check(f"{label}: no event without mentions", c["orphan_events"] == 0, c)
            check(f"{label}: every mention in an event", c["unmerged_mentions"] == 0, c)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
