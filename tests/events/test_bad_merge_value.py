#!/usr/bin/env python3
"""test_bad_merge_value.py - a merge list value that is not a number is reported, not read as 0.

A user rules directory whose merge.rules gives MERGE_SPAN `meeting = six`
(then, apart, MERGE_STATUS_RANK `occurred = high`) makes `parley ingest` of
one meeting report fail (exit 1) with an error naming the list, the entry
and the value; the shipped lists ingest it (exit 0, one event).  The
article is written here.  Each failed check is named; exit 1 on any.
"""
import os
import subprocess
import sys
import tempfile

ARTICLE = ("Merz meets Zelensky in Berlin\n\nBERLIN - German Chancellor Friedrich Merz met "
           "Ukrainian President Volodymyr Zelensky in Berlin on Monday to discuss security "
           "guarantees, officials said.\n")
CASES = [  # (name, text replaced in merge.rules, its replacement, words the error must name)
    ("span", "  meeting = 6\n", "  meeting = six\n", ["MERGE_SPAN", "meeting", "'six'"]),
    ("rank", "  occurred = 5\n", "  occurred = high\n", ["MERGE_STATUS_RANK", "occurred", "'high'"]),
]
FAILS = []


def check(name, ok, detail=""):
    if not ok:
        FAILS.append(name)
        print(f"FAIL {name}: {detail}")


def main():
    parley = os.environ["PARLEY_BIN"]
    src = os.environ["PARLEY_SRC"]
    with open(os.path.join(src, "rules", "merge.rules"), encoding="utf-8") as f:
        shipped = f.read()
    with tempfile.TemporaryDirectory(prefix="parley-badmerge-") as tmp:
        art = os.path.join(tmp, "a.txt")
        with open(art, "w", encoding="utf-8") as f:
            f.write(ARTICLE)
        db = os.path.join(tmp, "ok.db")
        r = subprocess.run([parley, "--db", db, "ingest", "--date", "2025-12-15", art],
                           capture_output=True, text=True)
        check("shipped lists: exit 0", r.returncode == 0, r.stderr)
        check("shipped lists: one event", "holds 1 events" in r.stderr, r.stderr)
        for name, old, new, words in CASES:
            check(f"{name}: the shipped list has the entry", old in shipped, old)
            user = os.path.join(tmp, name)
            os.makedirs(user)
            with open(os.path.join(user, "merge.rules"), "w", encoding="utf-8") as f:
                f.write(shipped.replace(old, new))
            r = subprocess.run([parley, "--db", os.path.join(tmp, name + ".db"), "--rules", user,
                                "ingest", "--date", "2025-12-15", art],
                               capture_output=True, text=True)
            check(f"{name}: exit 1", r.returncode == 1, f"exit {r.returncode}: {r.stderr}")
            for w in words:
                check(f"{name}: the error names {w}", w in r.stderr, r.stderr)
    print(f"{len(FAILS)} failed" if FAILS else "all passed")
    return 1 if FAILS else 0


sys.exit(main())
