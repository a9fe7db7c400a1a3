#!/usr/bin/env python3
"""run_golden.py - golden tests of merging, re-extraction, filters and every output format.

usage: run_golden.py EVENTS_FIXTURE_BIN

For each tests/events/fixtures/NAME.json the fixture driver builds a database
(articles, extraction steps) and prints its queries; the output must equal
tests/events/golden/NAME.out.  On the database of each fixture, the CLI
commands listed in CLI_CASES run too, each compared with
golden/NAME.CASE.out.  UPDATE_GOLDEN=1 rewrites the golden files.
A failing case is named with a diff.
"""
import difflib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
GOLD = os.path.join(HERE, "golden")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# (case name, arguments after `parley --db DB`) run on every fixture's database
CLI_CASES = [
    ("events-table", ["events"]),
    ("events-csv", ["events", "--format", "csv"]),
    ("events-json", ["events", "--format", "json"]),
    ("events-jsonl", ["events", "--format", "jsonl", "--actor", "Zelenskiy"]),
    ("events-filters", ["events", "--format", "csv", "--type", "MEET", "--from", "2025-12-01",
                        "--to", "2025-12-31", "--status", "occurred"]),
    ("show-1", ["show", "1"]),
    ("actors", ["actors"]),
    ("places", ["places", "--format", "csv"]),
]


def compare(name, got, path):
    if UPDATE or not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
        print(f"wrote {os.path.relpath(path, HERE)}")
        return True
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if got == want:
        return True
    print(f"FAIL {name}")
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                               "want", "got", n=1))
    return False


def main():
    driver = sys.argv[1]
    parley = os.environ["PARLEY_BIN"]
    failed = 0
    cases = 0
    with tempfile.TemporaryDirectory(prefix="parley-events-") as tmp:
        for fx in sorted(os.listdir(FIX)):
            if not fx.endswith(".json"):
                continue
            name = fx[:-5]
            db = os.path.join(tmp, name + ".db")
            r = subprocess.run([driver, os.path.join(FIX, fx), db], capture_output=True,
                               text=True)
            cases += 1
            if r.returncode != 0:
                print(f"FAIL {name}: driver exit {r.returncode}\n{r.stderr}")
                failed += 1
                continue
            if not compare(name, r.stdout, os.path.join(GOLD, name + ".out")):
                failed += 1
            for case, args in CLI_CASES:
                cases += 1
                r = subprocess.run([parley, "--db", db] + args, capture_output=True, text=True)
                got = r.stdout + (f"[exit {r.returncode}] {r.stderr}" if r.returncode else "")
                if not compare(f"{name} {case}", got,
                               os.path.join(GOLD, f"{name}.{case}.out")):
                    failed += 1
    print(f"{cases} cases, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
