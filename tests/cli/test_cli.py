#!/usr/bin/env python3
"""test_cli.py - the parley command line: exit codes, usage errors, --help,
ingest of good and bad inputs, duplicates and wire copies, `text --format json`
against golden files, `articles --format json`, and that a failing run loses
nothing already stored.

Uses $PARLEY_BIN; fixtures in tests/cli/fixtures, goldens in tests/cli/golden
(UPDATE_GOLDEN=1 rewrites them; review the diff)."""
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
GOLDEN = os.path.join(HERE, "golden")
BIN = os.environ.get("PARLEY_BIN")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

failures = []
count = 0


def run(*args, db=None, stdin=None, env_extra=None):
    """Run parley with args (and --db db); returns (rc, stdout, stderr)."""
    cmd = [BIN] + (["--db", db] if db else []) + list(args)
    env = dict(os.environ)
    env.pop("PARLEY_DB", None)
    if env_extra:
        env.update(env_extra)
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=env, cwd=WORK)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check(case, cond, detail=""):
    global count
    count += 1
    if not cond:
        failures.append(case)
        print(f"FAIL {case}" + (f"\n  {detail}" if detail else ""), file=sys.stderr)


def fixture(name):
    return os.path.join(FIX, name)


def articles(db):
    rc, out, err = run("articles", "--format", "json", db=db)
    if rc != 0:
        return None
    return [json.loads(line) for line in out.splitlines()]


def pretty_jsonl(out):
    """JSON Lines output as indented objects, so a golden file reads like a record."""
    try:
        return "".join(json.dumps(json.loads(l), indent=2, ensure_ascii=False) + "\n"
                       for l in out.splitlines())
    except ValueError as e:
        return f"(not JSON Lines: {e})\n{out}"


def golden(case, name, got):
    path = os.path.join(GOLDEN, name)
    if UPDATE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(got)
    try:
        with open(path, encoding="utf-8") as f:
            want = f.read()
    except FileNotFoundError:
        want = None
    check(case, got == want, f"{name} differs from the output (UPDATE_GOLDEN=1 to rewrite):\n{got}")


def test_help():
    for cmd in ("ingest", "text", "articles", "demo", "version"):
        rc, out, err = run(cmd, "--help")
        check(f"help {cmd}: exit 0", rc == 0, err)
        check(f"help {cmd}: usage line", out.startswith(f"usage: parley {cmd}"), out[:80])
    rc, out, _ = run("--help")
    for cmd in ("ingest", "text", "articles", "demo"):
        check(f"global help lists {cmd}", f"  {cmd} " in out)


def test_usage_errors():
    bad = [
        ("ingest",),
        ("ingest", "--bogus", "x"),
        ("ingest", "--date", "2025-13-01", fixture("wire.xml")),
        ("ingest", "--date", "2025-02-30", fixture("wire.xml")),
        ("ingest", "--date", "2025-12-15T25:00", fixture("wire.xml")),
        ("ingest", "--date", "2025-12-15 10:30", fixture("wire.xml")),
        ("ingest", "--date", "yesterday", fixture("wire.xml")),
        ("ingest", "--date", "2025-12", fixture("wire.xml")),
        ("ingest", "--saved-at", "2025-12-15T10:30+1", fixture("wire.xml")),
        ("ingest", "--date"),
        ("text",),
        ("text", "--format", "xml", fixture("wire.xml")),
        ("text", fixture("wire.xml"), fixture("talks.txt")),
        ("articles", "extra"),
        ("articles", "--format", "csv"),
        ("demo", "extra"),
        ("no-such-command",),
    ]
    db = os.path.join(WORK, "usage.db")
    for args in bad:
        rc, out, err = run(*args, db=db)
        check(f"usage error exits 2: {' '.join(args)}", rc == 2, f"rc={rc} err={err}")
        check(f"usage error says something: {' '.join(args)}", err.strip() != "")
    check("usage errors create no database", not os.path.exists(db))
    good = ["2025-12-15", "2025-12-15T10:30", "2025-12-15T10:30:05Z", "2025-12-15T10:30+01:00",
            "2025-12-15T10:30:05-05:00", "2024-02-29"]
    for i, d in enumerate(good):
        rc, _, err = run("-q", "ingest", "--date", d, "--saved-at", d, fixture("wire.xml"),
                         db=os.path.join(WORK, f"date{i}.db"))
        check(f"--date {d} accepted", rc == 0, err)


def test_ingest_good_then_duplicates():
    db = os.path.join(WORK, "good.db")
    rc, out, err = run("ingest", fixture("wire.xml"), fixture("outlet2.xml"), db=db)
    check("ingest good: exit 0", rc == 0, err)
    check("ingest good: summary", "2 stored, 0 duplicates, 1 wire copies, 0 failed" in err, err)
    check("ingest good: no progress line when not a terminal", "\r" not in err, repr(err))
    arts = articles(db)
    check("ingest good: 3 rows", arts is not None and len(arts) == 3, str(arts))
    if arts and len(arts) == 3:
        by = {a["origin"]: a for a in arts}
        first = by.get(fixture("wire.xml") + "#1")
        copy = by.get(fixture("outlet2.xml") + "#1")
        check("wire copy linked to the first", first and copy and copy["wire_of"] == first["id"],
              json.dumps(copy))
        check("wire copy has no sentences of its own", copy and copy["sentences"] == 0)
        check("root has sentences", first and first["sentences"] == 2)
        check("feed date stored", first and first["published"] == "2025-12-15T10:30:00Z"
              and first["published_precision"] == "second")
        check("undated item stored without a date",
              by.get(fixture("wire.xml") + "#2", {}).get("published", "x") is None)
        for a in arts:
            for k in ("id", "origin", "title", "source", "url", "published", "published_how",
                      "content_hash", "wire_of", "body", "captions", "paragraphs", "sentences"):
                check(f"articles json has {k}", k in a)
    rc, out, err = run("ingest", fixture("wire.xml"), db=db)
    check("re-ingest: exit 0", rc == 0, err)
    check("re-ingest: all duplicates", "0 stored, 2 duplicates, 0 wire copies, 0 failed" in err, err)
    check("re-ingest: nothing added", len(articles(db) or []) == 3)
    rc, out, err = run("-q", "ingest", fixture("wire.xml"), db=db)
    check("-q: no summary", rc == 0 and err == "", repr(err))
    rc, out, err = run("articles", db=db)
    check("articles table: exit 0", rc == 0, err)
    check("articles table: header + 3 lines", len(out.splitlines()) == 4, out)
    check("articles table: wire copy marked", "=1 " in out, out)


def test_missing_and_bad_inputs():
    db = os.path.join(WORK, "bad.db")
    rc, _, err = run("-q", "ingest", fixture("wire.xml"), db=db)
    check("bad: first ingest ok", rc == 0, err)
    before = articles(db)
    binary = os.path.join(WORK, "binary.xml")
    with open(binary, "wb") as f:
        f.write(b"\x00\x01\x02PNG\x00\xff\xfe" * 64)
    empty = os.path.join(WORK, "empty.txt")
    open(empty, "w").close()
    missing = os.path.join(WORK, "nope.txt")
    huge = os.path.join(WORK, "huge.txt")
    with open(huge, "wb") as f:
        f.truncate(33 << 20)  # sparse: over the 32 MiB cap without writing it
    rc, out, err = run("ingest", missing, binary, fixture("outlet2.xml"), empty, huge, db=db)
    check("bad: exit 1", rc == 1, f"rc={rc} {err}")
    check("bad: missing file named", f"{missing}: error: " in err, err)
    check("bad: binary file named", f"{binary}: error: " in err, err)
    check("bad: empty file named", f"{empty}: error: " in err, err)
    check("bad: file over the size cap named", f"{huge}: error: " in err and "limit" in err, err)
    check("bad: summary counts the failures", "1 wire copies, 4 failed" in err, err)
    after = articles(db)
    check("bad: nothing stored before is lost", after is not None and before is not None
          and [a["id"] for a in before] == [a["id"] for a in after[:len(before)]], str(after))
    check("bad: the good file went in", after is not None and len(after) == len(before or []) + 1)
    rc, out, err = run("ingest", fixture("wire.xml"), db=os.path.join(WORK, "no", "such", "dir.db"))
    check("unopenable database: exit 1 naming it", rc == 1 and "dir.db: error: " in err, err)
    rc, out, err = run("ingest", fixture("wire.xml"), db=fixture("talks.txt"))
    check("a text file as database: exit 1", rc == 1 and "not a database" in err, err)
    rc, out, err = run("articles", db=os.path.join(WORK, "absent.db"))
    check("articles without a database: exit 1", rc == 1 and "no database" in err, err)
    check("articles without a database creates none", not os.path.exists(os.path.join(WORK, "absent.db")))


def test_db_error_once():
    """A database that cannot be opened is one error naming it, exit 1: ingest used to say it
    again from its extract step, run once more from its render step."""
    unopenable = os.path.join(WORK, "no", "such", "dir.db")
    notdb = os.path.join(WORK, "notes.db")
    with open(notdb, "w") as f:
        f.write("only some notes, not a database\n" * 40)
    for db in (unopenable, notdb):
        for args in (("ingest", fixture("wire.xml")), ("run", fixture("wire.xml"), "-o",
                                                       os.path.join(WORK, "once.svg"))):
            rc, out, err = run(*args, db=db)
            case = f"{args[0]} on {os.path.basename(db)}"
            lines = [l for l in err.splitlines() if l.startswith(db + ": error: ")]
            check(f"{case}: exit 1", rc == 1, f"rc={rc} {err}")
            check(f"{case}: the error is printed once", len(lines) == 1, err)
            check(f"{case}: no chart", not os.path.exists(os.path.join(WORK, "once.svg")))


def test_read_commands_need_a_database():
    """A mistyped --db: the commands that only read refuse it (exit 1, naming the path) and
    create nothing; they used to make an empty database and print an empty list or chart."""
    typo = os.path.join(WORK, "typo.db")
    svg = os.path.join(WORK, "typo.svg")
    for args in (("events",), ("events", "--format", "json"), ("show", "1"), ("actors",),
                 ("places", "--format", "csv"), ("articles",), ("render", "-o", svg)):
        rc, out, err = run(*args, db=typo)
        case = f"{' '.join(args)} on a missing database"
        check(f"{case}: exit 1", rc == 1, f"rc={rc} {err}")
        check(f"{case}: the error names it", f"{typo}: error: no database here" in err, err)
        check(f"{case}: the error is printed once", err.count(typo + ": error: ") == 1, err)
        made = [n for n in os.listdir(WORK) if n.startswith("typo.")]
        check(f"{case}: nothing created", made == [], str(made))


def test_rules_unknown_kind():
    """`rules test --kind` with a kind no rule has is a usage error listing the kinds (it
    ran nothing and said "0 examples, 0 failed", exit 0); a real kind still runs."""
    rc, out, err = run("rules", "test", "--kind", "NOSUCH")
    check("rules test --kind NOSUCH: exit 2", rc == 2, f"rc={rc} {out} {err}")
    check("rules test --kind NOSUCH: names the kind", "'NOSUCH'" in err, err)
    check("rules test --kind NOSUCH: lists the known kinds",
          all(k in err for k in ("boilerplate", "timex", "event")), err)
    check("rules test --kind NOSUCH: runs no example", "examples" not in out, out)
    rc, out, err = run("rules", "test", "--kind", "boilerplate")
    check("rules test --kind boilerplate: exit 0", rc == 0, err)
    check("rules test --kind boilerplate: ran examples", out.startswith("boilerplate "), out)


def test_default_title():
    """Without --title a chart is named after what it shows -- the filters, else the actors
    and place of most events, and the dates -- not "Timeline" (golden/envoys-titles.txt)."""
    db = os.path.join(WORK, "title.db")
    svg = os.path.join(WORK, "title.svg")
    dump = svg + ".json"
    rc, _, err = run("-q", "run", "--date", "2025-12-15", fixture("envoys.txt"), "-o", svg,
                     "--layout-dump", dump, db=db)
    check("title: run exit 0", rc == 0, err)
    lines = []
    for args in ((), ("--actor", "Witkoff"), ("--type", "TALKS"), ("--status", "occurred", "--place", "Geneva"),
                 ("--title", "Envoys in Geneva")):
        rc, _, err = run("-q", "render", *args, "-o", svg, "--layout-dump", dump, db=db)
        check(f"title: render {' '.join(args)} exit 0", rc == 0, err)
        title = json.load(open(dump, encoding="utf-8"))["title"] if rc == 0 else "(failed)"
        check(f"title: render {' '.join(args)} is not 'Timeline'", title != "Timeline", title)
        with open(svg, encoding="utf-8") as f:
            check(f"title: render {' '.join(args)}: the SVG carries it", title in f.read(), title)
        lines.append(f"{' '.join(args) or '(no options)'}\t{title}\n")
    golden("default chart titles", "envoys-titles.txt", "".join(lines))


def test_paths_stdin_gz_dirs():
    tree = os.path.join(WORK, "tree")
    os.makedirs(os.path.join(tree, "b", "deeper"))
    shutil.copy(fixture("wire.xml"), os.path.join(tree, "b", "deeper", "wire.xml"))
    with open(fixture("outlet2.xml"), "rb") as f, gzip.open(os.path.join(tree, "a.xml.gz"), "wb") as g:
        g.write(f.read())
    for doc in (".hidden.xml", "README.md", "MANIFEST.tsv"):
        with open(os.path.join(tree, doc), "w") as f:
            f.write("Not an article: describes the corpus.\n")
    db = os.path.join(WORK, "tree.db")
    rc, _, err = run("ingest", tree, db=db)
    check("tree: exit 0 (dot files and corpus docs skipped)", rc == 0, err)
    arts = articles(db) or []
    check("tree: sorted walk, .gz unpacked", [a["origin"] for a in arts] ==
          [os.path.join(tree, "a.xml.gz#1"), os.path.join(tree, "b/deeper/wire.xml#1"),
           os.path.join(tree, "b/deeper/wire.xml#2")], str([a["origin"] for a in arts]))
    check("tree: the later copy is the wire copy", len(arts) == 3 and arts[1]["wire_of"] == arts[0]["id"])
    with open(fixture("wire.xml"), "rb") as f:
        data = f.read()
    db2 = os.path.join(WORK, "stdin.db")
    rc, _, err = run("ingest", "-", db=db2, stdin=data)
    check("stdin: exit 0", rc == 0, err)
    arts = articles(db2) or []
    check("stdin: items named by their URL", [a["origin"] for a in arts] ==
          ["https://northwire.example/2025/12/15/berlin-talks", "https://northwire.example/ministers-again"],
          str([a["origin"] for a in arts]))
    rc, _, err = run("ingest", "-", db=db2, stdin=data)
    check("stdin again: duplicates", rc == 0 and "2 duplicates" in err, err)


def test_timexes():
    """Ingest tags time expressions against each article's date; --no-extract does not;
    an updated article's expressions are replaced, not added to."""
    db = os.path.join(WORK, "timex.db")
    feed = os.path.join(WORK, "timex.xml")
    shutil.copy(fixture("wire.xml"), feed)
    rc, _, err = run("-q", "ingest", feed, db=db)
    check("timex: exit 0", rc == 0, err)
    con = sqlite3.connect(db)
    q = ("SELECT t.text, t.type, t.value, t.anchor, t.sentence, "
         "CAST(substr(CAST(a.body AS BLOB), t.start + 1, t.end - t.start) AS TEXT) "
         "FROM timexes t JOIN articles a ON a.id = t.article_id WHERE a.origin = ? ORDER BY t.start")
    rows = con.execute(q, (feed + "#1",)).fetchall()
    monday = [r for r in rows if r[0] == "Monday"]
    check("timex: 'on Monday' grounded on the feed date", monday and monday[0][1:4] == ("DATE", "2025-12-15", "dct"),
          str(rows))
    check("timex: offsets slice the body to the text", rows and all(r[0] == r[5] for r in rows), str(rows))
    check("timex: sentence index set", rows and all(r[4] is not None for r in rows), str(rows))
    before = con.execute("SELECT count(*) FROM timexes").fetchone()[0]
    con.close()
    with open(feed, encoding="utf-8") as f:
        text = f.read().replace("in Berlin on Monday", "in Berlin on Monday and on Tuesday")
    with open(feed, "w", encoding="utf-8") as f:
        f.write(text)
    rc, _, err = run("ingest", feed, db=db)
    check("timex: update exit 0", rc == 0 and "(1 updated)" in err, err)
    con = sqlite3.connect(db)
    after = con.execute("SELECT count(*) FROM timexes").fetchone()[0]
    tuesday = con.execute("SELECT value FROM timexes WHERE text = 'Tuesday'").fetchall()
    con.close()
    check("timex: update replaces the expressions", after == before + 1 and len(tuesday) == 1,
          f"{before} -> {after}, Tuesday {tuesday}")
    db2 = os.path.join(WORK, "noextract.db")
    rc, _, err = run("-q", "ingest", "--no-extract", feed, db=db2)
    con = sqlite3.connect(db2)
    n = con.execute("SELECT count(*) FROM timexes").fetchone()[0]
    con.close()
    check("--no-extract: no time expressions", rc == 0 and n == 0, f"rc={rc} n={n} {err}")


def test_text_golden():
    for fmt, ext in (("json", "json"), ("text", "txt")):
        rc, out, err = run("text", "--format", fmt, "wire.xml", env_extra=None)
        check(f"text {fmt}: exit 0", rc == 0, err)
        golden(f"text --format {fmt} wire.xml", f"wire.{ext}", pretty_jsonl(out) if fmt == "json" else out)
        check(f"text {fmt}: no-date note", "wire.xml#2: note: no publication date found" in err, err)
    rc, out, err = run("text", "--format", "json", "talks.txt")
    check("text json talks.txt: exit 0", rc == 0, err)
    golden("text --format json talks.txt", "talks.json", pretty_jsonl(out))
    rc, out, err = run("text", "--date", "2025-12-16", "--format", "json", "talks.txt")
    obj = json.loads(out) if rc == 0 and out else {}
    check("text --date fills a missing date or keeps a found one", obj.get("published", "")[:10] == "2025-12-16", out)
    rc, out, err = run("text", "--format", "json", "wire.xml")
    for line in out.splitlines():
        obj = json.loads(line)
        for k in ("title", "source", "url", "published", "published_how", "published_precision",
                  "modified", "byline", "dateline", "language", "format", "captions", "body"):
            check(f"text json has {k}", k in obj)
    rc, out, err = run("text", "nope.txt")
    check("text missing file: exit 1", rc == 1 and "nope.txt: error: " in err, err)


def test_jsonl_nul():
    r"""A "\u0000" escape in a JSON Lines field is dropped (as a raw NUL byte is), and the
    rest of the field is kept: no field stops at it, nothing stored holds a NUL."""
    rc, out, err = run("text", "--format", "json", fixture("nul.jsonl"))
    check("jsonl NUL: exit 0", rc == 0, err)
    recs = [json.loads(l) for l in out.splitlines()] if rc == 0 else []
    check("jsonl NUL: two records", len(recs) == 2, out)
    if len(recs) == 2:
        a, b = recs
        check("jsonl NUL: title kept after the NUL", a["title"] == "Envoys meet in Oslo", a["title"])
        check("jsonl NUL: source kept after the NUL", a["source"] == "Northwire", a["source"])
        check("jsonl NUL: caption kept after the NUL", a["captions"] == ["Envoys in Oslo, Monday"],
              str(a["captions"]))
        check("jsonl NUL: body kept after the NUL",
              a["body"] == "Envoys met in Oslo on Monday. They agreed to meet again on Friday.", a["body"])
        check("jsonl NUL: html body after a leading NUL",
              b["body"] == "Talks resumed in Geneva on Tuesday.", b["body"])
    check("jsonl NUL: no NUL printed", "\\u0000" not in out and "\0" not in out, out)
    db = os.path.join(WORK, "nul.db")
    rc, _, err = run("-q", "ingest", "--no-extract", fixture("nul.jsonl"), db=db)
    check("jsonl NUL: ingest exit 0", rc == 0, err)
    con = sqlite3.connect(db)
    con.text_factory = bytes
    rows = con.execute("SELECT title, source, body FROM articles UNION ALL "
                       "SELECT text, NULL, NULL FROM captions").fetchall()
    con.close()
    for row in rows:
        for v in row:
            if v is None:
                continue
            check("jsonl NUL: stored text has no NUL", b"\0" not in v, repr(v))
            try:
                v.decode("utf-8")
            except UnicodeDecodeError:
                check("jsonl NUL: stored text is UTF-8", False, repr(v))
    check("jsonl NUL: everything stored", len(rows) == 3, str(rows))


def test_demo():
    data = os.path.join(WORK, "data")
    os.makedirs(os.path.join(data, "demo"))
    for ref in ("actors", "places"):  # reference data for the events stage (eventstore)
        os.symlink(os.path.join(os.environ["PARLEY_DATA_DIR"], ref), os.path.join(data, ref))
    for n in ("wire.xml", "outlet2.xml"):
        shutil.copy(fixture(n), os.path.join(data, "demo", n))
    db = os.path.join(WORK, "demo.db")
    rc, out, err = run("demo", db=db, env_extra={"PARLEY_DATA_DIR": data})
    check("demo: exit 0", rc == 0, err)
    check("demo: summary", "2 stored, 0 duplicates, 1 wire copies" in out, out)
    check("demo: database counts", "3 articles (1 wire copies) from 2 sources" in out, out)
    rc, out, err = run("demo", db=db, env_extra={"PARLEY_DATA_DIR": data})
    check("demo again: all duplicates", rc == 0 and "0 stored, 3 duplicates" in out, out)
    # with a MANIFEST.tsv, each file is read with the options of its row
    with open(os.path.join(data, "demo", "MANIFEST.tsv"), "w") as f:
        f.write("# test manifest\nfile\tformat\toutlet\tpublished\tdate_from\toptions\texercises\n"
                "wire.xml#1\trss\tNorthwire\t2025-12-15\tfeed\t--date 2025-12-20\tdated item\n"
                "wire.xml#2\trss\tNorthwire\t2025-12-20\toption\t--date 2025-12-20\tundated item\n"
                "outlet2.xml#1\trss\tDaily Courier\t2025-12-15\tfeed\t-\twire copy\n")
    db2 = os.path.join(WORK, "demo2.db")
    rc, out, err = run("demo", db=db2, env_extra={"PARLEY_DATA_DIR": data})
    check("demo manifest: exit 0", rc == 0, err)
    check("demo manifest: 2 files, manifest not read as an article", "parley demo: 2 files" in out, out)
    dates = {a["origin"].rsplit("/", 1)[-1]: a["published"] for a in articles(db2) or []}
    check("demo manifest: --date applied to the undated item", dates.get("wire.xml#2") == "2025-12-20", str(dates))
    check("demo manifest: found dates kept", dates.get("wire.xml#1") == "2025-12-15T10:30:00Z", str(dates))
    with open(os.path.join(data, "demo", "MANIFEST.tsv"), "a") as f:
        f.write("talks.txt\ttext\tX\t-\t-\t--date 2025-99-01\tbad date\n")
    rc, out, err = run("demo", db=db2, env_extra={"PARLEY_DATA_DIR": data})
    check("demo manifest with a bad option: exit 1 naming the line", rc == 1 and "MANIFEST.tsv:6: error:" in err, err)
    rc, out, err = run("demo", db=db, env_extra={"PARLEY_DATA_DIR": os.path.join(WORK, "nodata")})
    check("demo without data: exit 1 naming the folder", rc == 1 and "nodata/demo: error: " in err, err)


def main():
    global WORK
    if not BIN:
        print("PARLEY_BIN is not set", file=sys.stderr)
        return 1
    WORK = tempfile.mkdtemp(prefix="parley-cli-")
    for name in ("wire.xml", "outlet2.xml", "talks.txt"):
        shutil.copy(fixture(name), os.path.join(WORK, name))
    try:
        for t in (test_help, test_usage_errors, test_ingest_good_then_duplicates,
                  test_missing_and_bad_inputs, test_paths_stdin_gz_dirs, test_timexes, test_text_golden,
                  test_jsonl_nul, test_db_error_once,
                  test_read_commands_need_a_database, test_rules_unknown_kind,
                  test_default_title, test_demo):
            t()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"{count - len(failures)} passed, {len(failures)} failed", file=sys.stderr)
    return 1 if failures else 0


WORK = None
if __name__ == "__main__":
    sys.exit(main())
