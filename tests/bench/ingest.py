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
Then runs, pinned to one core when taskset exists,

    /usr/bin/time -v parley --db TMP/bench.db ingest CORPUS

on the full corpus and on a half-size one (--repeat times each, median wall time,
highest peak RSS), and reports pages/s, MB/s (10^6 bytes of
input per wall-clock second), CPU time and peak RSS for both: peak RSS must not grow
with the corpus (memory bounded by the largest document, issue 2).

Targets (issue 2): >= 300 pages/s on one core; peak RSS independent of corpus size.
Exit status: 0 after a report (targets met or not, unless --strict), 1 if parley
failed, 77 (skip) when ../shared is absent.

usage: ingest.py [--mb N] [--repeat N] [--same-text] [--strict] [--keep]
"""

import argparse
import gzip
import os
import re
import shutil
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


def run_ingest(exe, corpus, db):
    cmd = ["/usr/bin/time", "-v"]
    if shutil.which("taskset"):
        cmd += ["taskset", "-c", "0"]  # one core, as the target says
    cmd += [exe, "--db", db, "ingest", corpus]
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall, cpu, rss = parse_time_v(p.stderr)
    # What parley itself said (summary, errors), without time's report.
    own = p.stderr.split("\tCommand being timed:")[0].strip()
    return p.returncode, wall, cpu, rss, own


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="size of the full corpus in MB (default 100)")
    ap.add_argument("--same-text", action="store_true",
                    help="copies differ only by a trailing comment (measures the duplicate path)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per corpus; the median is reported (default 3)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and databases")
    args = ap.parse_args()

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
        base_rss = run_ingest(exe, os.path.join(tmp, "base"), os.path.join(tmp, "base.db"))[3]
        for label, mb in (("half", args.mb / 2), ("full", args.mb)):
            corpus = os.path.join(tmp, label)
            nfiles, nbytes, largest = build_corpus(pages, int(mb * 1e6), corpus, args.same_text)
            runs = []
            for r in range(args.repeat):  # a fresh database each time; the median run is reported
                db = os.path.join(tmp, f"{label}-{r}.db")
                rc, wall, cpu, rss, own = run_ingest(exe, corpus, db)
                if rc not in (0, 1):  # 1 = some inputs failed, still a complete run
                    print(f"error: parley ingest exited {rc} on the {label} corpus:\n{own[-2000:]}",
                          file=sys.stderr)
                    return 1
                runs.append((wall, cpu, rss, rc, own))
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(db + suffix):
                        os.unlink(db + suffix)
            runs.sort(key=lambda x: x[0])
            wall, cpu, _, rc, own = runs[len(runs) // 2]
            rss = max(x[2] for x in runs)  # the worst peak, not the median one
            rows.append((label, nfiles, nbytes, largest, wall, cpu, rss, rc, own))

        print(f"parley ingest: {len(pages)} pages of article-extraction/html repeated"
              f"{' (same text: duplicates)' if args.same_text else ' (distinct text)'}, "
              f"one core{'' if shutil.which('taskset') else ' (no taskset: not pinned)'}")
        print("load average before the runs: %.2f (the machine may be shared: pages per CPU-second "
              "is the steadier figure)" % load)
        print(f"{'corpus':<6} {'pages':>6} {'MB':>7} {'wall s':>7} {'cpu s':>7} "
              f"{'pages/s':>8} {'MB/s':>7} {'pages/cpu-s':>12} {'peak RSS MB':>12} {'largest doc MB':>15}")
        for label, nfiles, nbytes, largest, wall, cpu, rss, rc, own in rows:
            w = max(wall, 1e-3)
            print(f"{label:<6} {nfiles:>6} {nbytes / 1e6:>7.1f} {wall:>7.2f} {cpu:>7.2f} "
                  f"{nfiles / w:>8.0f} {nbytes / 1e6 / w:>7.1f} {nfiles / max(cpu, 1e-3):>12.0f} "
                  f"{rss / 1024:>12.1f} {largest / 1e6:>15.2f}")
        for label, *_, rc, own in rows:
            tail = [l for l in own.splitlines() if l.strip()][-3:]
            if tail:
                print(f"{label}: parley said: " + " | ".join(tail))

        if len(rows) == 2:
            half, full = rows
            pps = full[1] / max(full[4], 1e-3)
            grow = full[6] / max(half[6], 1)
            ok_speed = pps >= TARGET_PAGES_PER_S
            ok_mem = grow <= RSS_SLACK or full[6] - half[6] <= RSS_NOISE_KB
            print(f"target >= {TARGET_PAGES_PER_S} pages/s: {'met' if ok_speed else 'MISSED'} ({pps:.0f})")
            print(f"target peak RSS independent of corpus size: {'met' if ok_mem else 'MISSED'} "
                  f"(full/half = {grow:.2f}, allowed {RSS_SLACK} or +{RSS_NOISE_KB // 1024} MB)")
            above = (full[6] - base_rss) / 1024
            print(f"peak RSS above a one-small-page run ({base_rss / 1024:.1f} MB): {above:.1f} MB "
                  f"= {above / (full[3] / 1e6):.1f} x the largest document")
            if args.strict and not (ok_speed and ok_mem):
                status = 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
