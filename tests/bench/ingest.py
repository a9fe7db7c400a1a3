#!/usr/bin/env python3
"""ingest.py - benchmark `parley ingest`: throughput and peak memory on ~100 MB of real pages.

Builds a corpus in a temporary directory (never in the repository) by repeating the
91 pages of $PARLEY_SHARED/eval/article-extraction/html (gunzipped) until it reaches
the target size; every copy ends with a distinct comment (<!-- parley-bench copy K -->)
so that no file is byte-identical to another.  The store also recognises the same
text under another name (duplicate) and near-identical text (wire copy, 5-word
shingle Jaccard >= 0.9) and stores neither again, so copies after the first also get
a marker word ("zK") after every 8th word of their visible text: their bodies then
differ enough to be stored in full, as new articles would be.  --same-text leaves the
text alone and measures the duplicate path instead.

Two rows, each on the full corpus and on a half-size one (peak RSS must not grow
with the corpus: memory bounded by the largest document, issue 2):

  ingest    `parley ingest --no-extract`: issue 2's ingest.  Read (and gunzip) each
            file, detect its format, decode it to UTF-8, parse the HTML (libxml2),
            prune and score the DOM for the main text, publication date cascade,
            boilerplate phrase rules, paragraphs and sentences, content hash and
            MinHash bands (duplicates, wire copies), and store all of it in SQLite
            (WAL, one transaction per 200 articles).  No time expressions and no
            events: the run checks that the database holds no timexes and no
            mentions afterwards, as --no-extract's help promises.
  pipeline  `parley ingest` as it is by default: all of the above, plus the time
            expressions of every stored article tagged into the database
            (rules/time*.rules, loaded once) and then `parley extract`: event
            mentions extracted and merged into events (issues 3 and 4).  Its rule
            loading and compiling is a fixed cost of each run, counted here.

Each run is, pinned to one core when taskset exists,

    /usr/bin/time -v parley --db TMP/bench.db ingest [--no-extract] CORPUS

with a fresh database, --repeat times per row and corpus: the median run (by CPU
time) is reported, with the highest peak RSS of the runs.  Columns: pages per
CPU-second (user+sys; the steady figure on a shared machine) and per wall-clock
second, MB/s (10^6 input bytes) per CPU-second and per wall second, peak RSS.

Targets (issue 2, on the ingest row): >= 300 pages per second on one core, read as
pages per CPU-second of the full corpus (the wall clock of a loaded machine counts
other processes); peak RSS independent of corpus size.
Exit status: 0 after a report (targets met or not, unless --strict), 1 if parley
failed or --no-extract stored what it must not, 77 (skip) when ../shared is absent.

usage: ingest.py [--mb N] [--repeat N] [--rows ingest,pipeline] [--same-text] [--strict] [--keep]
"""

import argparse
import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

TARGET_PAGES_PER_S = 300
# Peak RSS of the full run may exceed the half run's by this factor, or by RSS_NOISE_KB,
# and still count as "not growing with the corpus": runs of the same corpus differ by
# a few MB (allocator, SQLite's page cache, which is capped by cache_size).
RSS_SLACK = 1.15
RSS_NOISE_KB = 4096


def shared_pages():
    shared = os.environ.get("PARLEY_SHARED") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")
    d = os.path.join(shared, "eval", "article-extraction", "html")
    if not os.path.isdir(d):
        return None, d
    pages = []
    for name in sorted(os.listdir(d)):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(d, name), "rb") as f:
                pages.append((name[:-3], f.read()))
    return pages, d


# Markup that is not visible text: left as it is, so scripts, JSON-LD, comments and
# tags stay valid.  Everything else is a run of text between tags.
MARKUP = re.compile(rb"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)|([^<]+)",
                    re.S | re.I)
WORDS8 = re.compile(rb"((?:\S+\s+){8})")


def mark_text(html, copy):
    """Insert the word b"z<copy>" after every 8th word of the visible text of `html`."""
    marker = b"z%d " % copy

    def sub(m):
        if m.group(1) is not None:
            return m.group(1)
        return WORDS8.sub(lambda w: w.group(1) + marker, m.group(2))
    return MARKUP.sub(sub, html)


def build_corpus(pages, target_bytes, root, same_text):
    """Write copies of `pages` under root/cNNN/ until target_bytes; returns (files, bytes, largest)."""
    os.makedirs(root)
    nfiles = nbytes = largest = 0
    copy = 0
    while nbytes < target_bytes:
        sub = os.path.join(root, "c%03d" % copy)
        os.makedirs(sub)
        for name, data in pages:
            if nbytes >= target_bytes:
                break
            if copy and not same_text:
                data = mark_text(data, copy)
            body = data + b"\n<!-- parley-bench copy %d -->\n" % copy
            with open(os.path.join(sub, name), "wb") as f:
                f.write(body)
            nfiles += 1
            nbytes += len(body)
            largest = max(largest, len(body))
        copy += 1
    return nfiles, nbytes, largest


def parse_time_v(stderr):
    """Wall seconds, user+sys seconds and peak RSS (KiB) from GNU time -v output."""
    def field(label):
        m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", stderr, re.M)
        return m.group(1).strip() if m else None
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    if wall:
        for part in wall.split(":"):
            secs = secs * 60 + float(part)
    cpu = float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0)
    rss = int(field("Maximum resident set size (kbytes)") or 0)
    return secs, cpu, rss


# The two rows: name, extra `parley ingest` arguments, what they include (see above).
ROWS = {
    "ingest": (["--no-extract"], "parse, clean, sentences, fingerprints, store (no timexes, no events)"),
    "pipeline": ([], "ingest + time expressions + event extraction and merging"),
}


def run_ingest(exe, corpus, db, extra):
    cmd = ["/usr/bin/time", "-v"]
    if shutil.which("taskset"):
        cmd += ["taskset", "-c", "0"]  # one core, as the target says
    cmd += [exe, "--db", db, "ingest"] + extra + [corpus]
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall, cpu, rss = parse_time_v(p.stderr)
    # What parley itself said (summary, errors), without time's report.
    own = p.stderr.split("\tCommand being timed:")[0].strip()
    return p.returncode, wall, cpu, rss, own


def stored_counts(db):
    """Rows of the tables that tell what a run did: articles, sentences, timexes, mentions."""
    out = {}
    con = sqlite3.connect(db)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for t in ("articles", "sentences", "timexes", "mentions"):
            out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] if t in names else 0
    finally:
        con.close()
    return out


def drop_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="size of the full corpus in MB (default 100)")
    ap.add_argument("--same-text", action="store_true",
                    help="copies differ only by a trailing comment (measures the duplicate path)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per row and corpus; the median is reported (default 3)")
    ap.add_argument("--rows", default="ingest,pipeline",
                    help="comma-separated rows to run: ingest (--no-extract), pipeline (default ingest)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and databases")
    args = ap.parse_args()
    modes = [m for m in args.rows.split(",") if m]
    if not modes or any(m not in ROWS for m in modes):
        print(f"error: --rows takes {', '.join(ROWS)}", file=sys.stderr)
        return 1

    pages, where = shared_pages()
    if pages is None:
        print(f"SKIP: {where} is absent (the benchmark pages live in ../shared)")
        return 77
    exe = os.environ.get("PARLEY_BIN")
    if not exe or not os.access(exe, os.X_OK):
        print(f"error: PARLEY_BIN ({exe!r}) is not an executable", file=sys.stderr)
        return 1
    if not os.access("/usr/bin/time", os.X_OK):
        print("error: /usr/bin/time (Debian package `time`) is needed for peak RSS", file=sys.stderr)
        return 1

    load = os.getloadavg()[0]
    tmp = tempfile.mkdtemp(prefix="parley-bench-ingest-")
    rows, status = [], 0
    try:
        # Baseline: the smallest page alone, for what parley needs before any document.
        small = min(pages, key=lambda p: len(p[1]))
        os.makedirs(os.path.join(tmp, "base"))
        with open(os.path.join(tmp, "base", small[0]), "wb") as f:
            f.write(small[1])
        base_rss = {m: run_ingest(exe, os.path.join(tmp, "base"), os.path.join(tmp, f"base-{m}.db"),
                                  ROWS[m][0])[3] for m in modes}
        corpora = {}
        for label, mb in (("half", args.mb / 2), ("full", args.mb)):
            corpus = os.path.join(tmp, label)
            corpora[label] = (corpus,) + build_corpus(pages, int(mb * 1e6), corpus, args.same_text)
        for mode in modes:
            for label in ("half", "full"):
                corpus, nfiles, nbytes, largest = corpora[label]
                runs, counts = [], None
                for r in range(args.repeat):  # a fresh database each time
                    db = os.path.join(tmp, f"{mode}-{label}-{r}.db")
                    rc, wall, cpu, rss, own = run_ingest(exe, corpus, db, ROWS[mode][0])
                    if rc not in (0, 1):  # 1 = some inputs failed, still a complete run
                        print(f"error: parley ingest ({mode}) exited {rc} on the {label} corpus:\n"
                              f"{own[-2000:]}", file=sys.stderr)
                        return 1
                    if counts is None:
                        counts = stored_counts(db)
                    runs.append((cpu, wall, rss, own))
                    if not args.keep:
                        drop_db(db)
                runs.sort(key=lambda x: x[0])
                cpu, wall, _, own = runs[len(runs) // 2]
                rss = max(x[2] for x in runs)  # the worst peak, not the median one
                rows.append(dict(mode=mode, label=label, files=nfiles, bytes=nbytes, largest=largest,
                                 wall=wall, cpu=cpu, rss=rss, own=own, counts=counts))

        print(f"parley ingest: {len(pages)} pages of article-extraction/html repeated"
              f"{' (same text: duplicates)' if args.same_text else ' (distinct text)'}, "
              f"one core{'' if shutil.which('taskset') else ' (no taskset: not pinned)'}")
        print("load average before the runs: %.2f (the machine may be shared: the per CPU-second "
              "figures are the steadier ones)" % load)
        for mode in modes:
            print(f"  {mode:<9} = {' '.join(['ingest'] + ROWS[mode][0])}: {ROWS[mode][1]}")
        print(f"{'row':<9} {'corpus':<6} {'pages':>6} {'MB':>6} {'cpu s':>6} {'wall s':>6} "
              f"{'pages/cpu-s':>11} {'pages/s':>7} {'MB/cpu-s':>8} {'MB/s':>6} {'peak RSS MB':>11}")
        for w in rows:
            c, t = max(w["cpu"], 1e-3), max(w["wall"], 1e-3)
            print(f"{w['mode']:<9} {w['label']:<6} {w['files']:>6} {w['bytes'] / 1e6:>6.1f} "
                  f"{w['cpu']:>6.2f} {w['wall']:>6.2f} {w['files'] / c:>11.0f} {w['files'] / t:>7.0f} "
                  f"{w['bytes'] / 1e6 / c:>8.1f} {w['bytes'] / 1e6 / t:>6.1f} {w['rss'] / 1024:>11.1f}")
        print(f"largest document: {rows[0]['largest'] / 1e6:.2f} MB")
        for w in rows:
            k = w["counts"]
            tail = [l for l in w["own"].splitlines() if l.strip()][-2:]
            print(f"{w['mode']} {w['label']}: stored {k['articles']} articles, {k['sentences']} sentences, "
                  f"{k['timexes']} timexes, {k['mentions']} mentions; parley said: " + " | ".join(tail))
            if w["mode"] == "ingest" and (k["timexes"] or k["mentions"]):
                print("error: ingest --no-extract stored time expressions or mentions", file=sys.stderr)
                status = 1

        ok_all = True
        for mode in modes:
            half, full = [w for w in rows if w["mode"] == mode]
            pps = full["files"] / max(full["cpu"], 1e-3)
            grow = full["rss"] / max(half["rss"], 1)
            ok_mem = grow <= RSS_SLACK or full["rss"] - half["rss"] <= RSS_NOISE_KB
            above = (full["rss"] - base_rss[mode]) / 1024
            print(f"{mode}: peak RSS independent of corpus size: {'met' if ok_mem else 'MISSED'} "
                  f"(full/half = {grow:.2f}, allowed {RSS_SLACK} or +{RSS_NOISE_KB // 1024} MB); "
                  f"{above:.1f} MB above a one-small-page run ({base_rss[mode] / 1024:.1f} MB) "
                  f"= {above / (full['largest'] / 1e6):.1f} x the largest document")
            ok_all = ok_all and ok_mem
            if mode == "ingest":
                ok_speed = pps >= TARGET_PAGES_PER_S
                print(f"ingest: target >= {TARGET_PAGES_PER_S} pages per CPU-second: "
                      f"{'met' if ok_speed else 'MISSED'} ({pps:.0f})")
                ok_all = ok_all and ok_speed
        if args.strict and not ok_all:
            status = 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
