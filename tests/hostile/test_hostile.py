#!/usr/bin/env python3
"""test_hostile.py - the parley CLI as a new user meets it, then on hostile inputs.

Pins what the README and the --help texts promise:
  * exit status 0 all good, 1 some inputs (or the database) failed, 2 usage;
  * every error names its file (`path: error: ...`), with line:col and a
    caret where there is a position (rule files, XML);
  * what is already stored survives a failed run (the articles table is
    checksummed before and after);
  * hostile text (markup, `]]>`, quotes, bidi overrides) in names that reach
    events and charts comes out as well-formed JSON/CSV/SVG with no live markup;
  * a --db that is not SQLite, or sits in a read-only directory, is a clear
    error that leaves the file alone.

Fixtures are in fixtures/ (see its README); large and binary inputs are made
here at run time.  Each case prints `ok NAME` or `FAIL NAME: why`; the run
ends with "N passed, N failed".  UPDATE_GOLDEN=1 rewrites
fixtures/rules-broken.golden.
"""
import csv
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
BIN = os.environ.get("PARLEY_BIN")
SRC = os.environ.get("PARLEY_SRC", os.path.join(HERE, "..", ".."))
ENV = dict(os.environ)
ENV.pop("PARLEY_DB", None)
ENV.pop("PARLEY_RULES", None)
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
TMP = tempfile.mkdtemp(prefix="parley-hostile-")
RESULTS = []


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def setup_sanitizer_env():
    # Sanitizer builds: fontconfig keeps its caches until exit (see tests/render).
    supp = os.path.join(TMP, "lsan.supp")
    with open(supp, "w") as f:
        f.write("leak:libfontconfig.so\n")
    ENV["LSAN_OPTIONS"] = (ENV.get("LSAN_OPTIONS", "") + ":suppressions=" + supp).lstrip(":")


def run(args, db=None, env=None, stdin=None, cwd=None, timeout=120, user=None):
    """Run parley; returns (exit code, stdout bytes, stderr text)."""
    cmd = [BIN] + (["--db", db] if db else []) + args
    if user:
        cmd = user + cmd
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=env or ENV, cwd=cwd or TMP,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def expect_rc(rc, want, what, err):
    check(rc == want, f"{what}: exit {rc}, expected {want}; stderr:\n{err[-1500:]}")


def errors_naming(err, path):
    """The `path: error:` / `path:L:C: error:` lines of stderr for `path`."""
    pat = re.compile(r"^" + re.escape(path) + r"(?::\d+:\d+)?: error: ", re.M)
    return pat.findall(err)


def articles_checksum(db):
    """sha256 of every row of the articles table, in id order, all columns."""
    con = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        n = 0
        for row in con.execute("SELECT * FROM articles ORDER BY id"):
            h.update(repr(row).encode())
            n += 1
        return n, h.hexdigest()
    finally:
        con.close()


def case(fn):
    RESULTS.append(fn)
    return fn


# ---- inputs made at run time -----------------------------------------------------

def make_mixed_dir(name):
    """Good files, a binary, an empty file, a 33 MiB file, an XXE feed and a broken gz."""
    d = os.path.join(TMP, name)
    if os.path.isdir(d):
        return d  # made once per run: the 33 MiB file takes a moment
    os.makedirs(d)
    shutil.copy(os.path.join(FIX, "good-wire.txt"), os.path.join(d, "a-good-wire.txt"))
    shutil.copy(os.path.join(FIX, "good-page.html"), os.path.join(d, "b-good-page.html"))
    shutil.copy(os.path.join(FIX, "xxe-feed.xml"), os.path.join(d, "c-xxe-feed.xml"))
    with open(os.path.join(d, "d-binary.bin"), "wb") as f:
        f.write(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    open(os.path.join(d, "e-empty.txt"), "wb").close()
    with open(os.path.join(d, "f-huge.txt"), "wb") as f:
        line = b"Ministers met in Oslo on Monday and talked about fish. " * 18 + b"\n"
        size = 0
        while size < 33 * 1024 * 1024:
            f.write(line)
            size += len(line)
    with open(os.path.join(d, "g-broken.txt.gz"), "wb") as f:
        f.write(gzip.compress(open(os.path.join(FIX, "good-wire.txt"), "rb").read())[:40])
    return d


MIX_BAD = ["d-binary.bin", "e-empty.txt", "f-huge.txt", "g-broken.txt.gz"]
MIX_GOOD = ["a-good-wire.txt", "b-good-page.html", "c-xxe-feed.xml"]


# ---- a new user ----------------------------------------------------------------------

@case
def new_user_help_and_usage():
    rc, out, err = run([])
    expect_rc(rc, 2, "parley without a command", err)
    check("usage: parley" in err, "no usage on stderr without a command")
    rc, out, err = run(["--help"])
    expect_rc(rc, 0, "parley --help", err)
    text = out.decode()
    check("Exit status: 0" in text, "--help does not document the exit status")
    commands = re.findall(r"^  ([a-z]+)\s{2,}", text.split("Commands:")[1].split("Global")[0], re.M)
    check(len(commands) >= 10, f"--help lists only {commands}")
    for c in commands:
        rc, out, err = run([c, "--help"])
        expect_rc(rc, 0, f"parley {c} --help", err)
        check(out.decode().startswith("usage: parley"), f"parley {c} --help: no usage line")
    rc, out, err = run(["version"])
    expect_rc(rc, 0, "parley version", err)
    rc, out, err = run(["bogus"])
    expect_rc(rc, 2, "unknown command", err)
    check("'bogus'" in err, "unknown command not named")
    rc, out, err = run(["ingest", "--bogus", "x"])
    expect_rc(rc, 2, "unknown option", err)
    check("'--bogus'" in err, "unknown option not named")
    rc, out, err = run(["--db"])
    expect_rc(rc, 2, "--db without a value", err)
    rc, out, err = run(["text", os.path.join(FIX, "good-wire.txt"), os.path.join(FIX, "good-page.html")])
    expect_rc(rc, 2, "text with two files", err)


@case
def new_user_first_run():
    db = os.path.join(TMP, "first.db")
    rc, out, err = run(["articles"], db=db)
    expect_rc(rc, 1, "articles before any ingest", err)
    check(not os.path.exists(db), "a read command created the database")
    rc, out, err = run(["ingest", os.path.join(FIX, "good-wire.txt")], db=db)
    expect_rc(rc, 0, "ingest a good file", err)
    rc, out, err = run(["articles"], db=db)
    expect_rc(rc, 0, "articles", err)
    check(b"Norway and Sweden" in out, "the stored title is not listed")
    rc, out, err = run(["events", "--format", "json"], db=db)
    expect_rc(rc, 0, "events --format json", err)
    json.loads(out)
    rc, out, err = run(["text", "-"], stdin=open(os.path.join(FIX, "good-wire.txt"), "rb").read())
    expect_rc(rc, 0, "text from standard input", err)
    check(b"Skagerrak" in out, "text - lost the body")


# ---- a directory of mixed inputs -------------------------------------------------------

@case
def mixed_directory_ingest():
    d = make_mixed_dir("mix")
    db = os.path.join(TMP, "mix.db")
    rc, out, err = run(["ingest", "--date", "2025-12-15", d], db=db)
    expect_rc(rc, 1, "ingest of a mixed directory", err)
    for bad in MIX_BAD:
        n = len(errors_naming(err, os.path.join(d, bad)))
        check(n >= 1, f"no 'path: error:' line names {bad}:\n{err}")
    check(re.search(r"\b4 failed\b", err), f"summary does not count 4 failures:\n{err}")
    con = sqlite3.connect(db)
    origins = [r[0] for r in con.execute("SELECT origin FROM articles")]
    bodies = " ".join(r[0] for r in con.execute("SELECT body || coalesce(title,'') FROM articles"))
    con.close()
    for good in MIX_GOOD:
        check(any(os.path.basename(o).startswith(good) for o in origins),
              f"{good} was not stored (stored: {origins})")
    for bad in MIX_BAD:
        check(not any(bad in o for o in origins), f"{bad} was stored")
    check("root:" not in bodies and "/bin/" not in bodies, "the XXE entity was expanded into the store")


@case
def mixed_directory_text_each():
    d = make_mixed_dir("mix")
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        rc, out, err = run(["text", "--format", "json", path])
        if name in MIX_BAD:
            expect_rc(rc, 1, f"text {name}", err)
            check(errors_naming(err, path), f"text {name}: the error does not name the file:\n{err}")
            check(out == b"", f"text {name}: printed an article for a failed input")
        else:
            expect_rc(rc, 0, f"text {name}", err)
            for line in out.decode().splitlines():
                a = json.loads(line)
                check(a["body"], f"text {name}: empty body")
                check("root:" not in line, f"text {name}: entity expanded")


@case
def mixed_directory_run():
    """`parley run` stores and draws what it can, names what it cannot, exits 1."""
    d = make_mixed_dir("mix")
    db = os.path.join(TMP, "run.db")
    svg = os.path.join(TMP, "run.svg")
    rc, out, err = run(["run", "--date", "2025-12-15", d, "-o", svg], db=db, timeout=300)
    expect_rc(rc, 1, "run on a mixed directory", err)
    for bad in MIX_BAD:
        check(errors_naming(err, os.path.join(d, bad)), f"run: no error names {bad}:\n{err}")
    check(os.path.exists(svg), "run did not draw the chart of the good inputs")
    svg_checks(svg)


@case
def feeds_that_attack_the_parser():
    bomb = os.path.join(FIX, "entity-bomb.xml")
    rc, out, err = run(["text", bomb])
    expect_rc(rc, 1, "entity bomb", err)
    check(re.search(re.escape(bomb) + r":\d+:\d+: error: ", err), f"entity bomb: no file:line:col:\n{err}")
    # A gzip that unpacks past the 32 MiB limit is refused, not inflated whole.
    gzb = os.path.join(TMP, "bomb.txt.gz")
    with open(gzb, "wb") as f:
        f.write(gzip.compress(b"Ministers met in Oslo. " * (2 * 1024 * 1024)))
    rc, out, err = run(["text", gzb])
    expect_rc(rc, 1, "gzip bomb", err)
    check(errors_naming(err, gzb) and "MiB" in err, f"gzip bomb: no size error naming it:\n{err}")
    # HTML nested far deeper than any page: an error naming the file, no crash.
    deep = os.path.join(TMP, "deep.html")
    with open(deep, "w") as f:
        f.write("<html><body>" + "<div>" * 50000 + "<p>Ministers met in Oslo on Monday.</p>" +
                "</div>" * 50000 + "</body></html>")
    rc, out, err = run(["text", deep])
    check(rc in (0, 1), f"deep HTML: exit {rc}:\n{err[-800:]}")
    if rc == 1:
        check(errors_naming(err, deep), f"deep HTML: error does not name the file:\n{err}")
    # Paths that are not files.
    loop = os.path.join(TMP, "loop")
    if not os.path.lexists(loop):
        os.symlink("loop", loop)
    for p in (loop, os.path.join(TMP, "missing.txt")):
        rc, out, err = run(["text", p])
        expect_rc(rc, 1, f"text {os.path.basename(p)}", err)
        check(errors_naming(err, p), f"{p}: error does not name it:\n{err}")


@case
def directory_with_pipes_and_devices():
    """A FIFO or a device inside a directory walk is passed over, never read (it would block
    or never end); named on the command line it is read as the user asked."""
    d = os.path.join(TMP, "specials")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(FIX, "good-wire.txt"), os.path.join(d, "a.txt"))
    if not os.path.exists(os.path.join(d, "b-pipe.txt")):
        os.mkfifo(os.path.join(d, "b-pipe.txt"))
        os.symlink("/dev/zero", os.path.join(d, "c-zero.txt"))
    db = os.path.join(TMP, "specials.db")
    try:
        rc, out, err = run(["ingest", "--no-extract", d], db=db, timeout=60)
    except subprocess.TimeoutExpired:
        raise Fail("ingest of a directory with a FIFO did not finish in 60 s")
    expect_rc(rc, 0, "ingest of a directory with a FIFO and a device", err)
    check(articles_checksum(db)[0] == 1, "the good file was not stored")
    rc, out, err = run(["text", "/dev/zero"], timeout=60)
    expect_rc(rc, 1, "text /dev/zero", err)
    check(errors_naming(err, "/dev/zero") and "MiB" in err, f"/dev/zero: no size error:\n{err}")


@case
def usage_errors_name_the_option():
    db = os.path.join(TMP, "usage.db")
    rc, out, err = run(["ingest", os.path.join(FIX, "good-wire.txt")], db=db)
    expect_rc(rc, 0, "ingest", err)
    svg = os.path.join(TMP, "usage.svg")
    for args, word in ((["show", "abc"], "ID"), (["show", "-1"], "ID"),
                       (["events", "--from", "2025-13"], "--from"),
                       (["events", "--to", "2025-02-30"], "--to"),
                       (["events", "--format", "xml"], "--format"),
                       (["render", "-o", svg, "--width", "0"], "--width"),
                       (["render", "-o", svg, "--dpi", "100000"], "--dpi"),
                       (["render", "-o", svg, "--lanes", "bogus"], "--lanes"),
                       (["render", "-o", os.path.join(TMP, "o.txt")], "o.txt"),
                       (["render"], "-o"),
                       (["render", "-o", svg, "--title"], "--title"),
                       (["ingest", "--date", "tomorrow", os.path.join(FIX, "good-wire.txt")], "--date"),
                       (["text", "--format", "yaml", os.path.join(FIX, "good-wire.txt")], "--format")):
        rc, out, err = run(args, db=db)
        expect_rc(rc, 2, " ".join(args), err)
        check(word in err, f"{' '.join(args)}: the message does not name {word}:\n{err}")
        check(not os.path.exists(svg), f"{' '.join(args)}: wrote a chart anyway")
    rc, out, err = run(["show", "999"], db=db)
    expect_rc(rc, 1, "show of a missing event", err)


# ---- nothing stored is lost ----------------------------------------------------------------

@case
def failed_runs_keep_what_is_stored():
    db = os.path.join(TMP, "keep.db")
    rc, out, err = run(["ingest", os.path.join(FIX, "good-wire.txt"), os.path.join(FIX, "good-page.html")], db=db)
    expect_rc(rc, 0, "first ingest", err)
    before = articles_checksum(db)
    check(before[0] == 2, f"{before[0]} articles stored, expected 2")
    d = make_mixed_dir("mix")
    broken_rules = os.path.join(FIX, "rules-broken")
    attempts = [
        (["ingest", d], 1),                                  # duplicates and failures
        (["ingest", os.path.join(TMP, "missing.txt")], 1),    # nothing readable
        (["--rules", broken_rules, "ingest", os.path.join(FIX, "good-wire.txt")], 1),
        (["ingest", "--date", "2025-02-30", os.path.join(FIX, "good-wire.txt")], 2),
        (["ingest"], 2),
    ]
    for args, want in attempts:
        rc, out, err = run(args, db=db)
        expect_rc(rc, want, " ".join(args[-3:]), err)
        after = articles_checksum(db)
        if args == ["ingest", d]:
            # the good files of the mixed dir are new: two more, the old rows unchanged
            con = sqlite3.connect(db)
            old = hashlib.sha256()
            for row in con.execute("SELECT * FROM articles ORDER BY id LIMIT 2"):
                old.update(repr(row).encode())
            con.close()
            check(old.hexdigest() == before[1], "the first two articles changed")
            before = after
            continue
        check(after == before, f"articles changed after the failed run {args}")


@case
def concurrent_first_ingests():
    """Three ingests started at once on a database that does not exist yet: each waits its
    turn to create the schema (it once raced: 'table articles already exists')."""
    for attempt in range(3):
        db = os.path.join(TMP, f"race{attempt}.db")
        files = [os.path.join(FIX, f) for f in ("good-wire.txt", "good-page.html", "xxe-feed.xml")]
        procs = [subprocess.Popen([BIN, "-q", "--db", db, "ingest", "--no-extract", f], env=ENV,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files]
        for f, p in zip(files, procs):
            out, err = p.communicate(timeout=120)
            expect_rc(p.returncode, 0, f"concurrent ingest of {os.path.basename(f)}", err.decode())
        check(articles_checksum(db)[0] == 3, f"attempt {attempt}: not all three articles stored")


# ---- timex --------------------------------------------------------------------------------

@case
def timex_bad_dct():
    f = os.path.join(FIX, "good-wire.txt")
    for dct in ["2025-13-01", "2025-02-30", "yesterday", "", "2025", "2025-12-15T25:00", "12/15/2025",
                "2025-12-15junk", "99999-01-01"]:
        rc, out, err = run(["timex", "--dct", dct, f])
        expect_rc(rc, 2, f"timex --dct {dct!r}", err)
        check("--dct" in err, f"timex --dct {dct!r}: the message does not name --dct:\n{err}")
        check(out == b"", f"timex --dct {dct!r}: printed expressions anyway")
    rc, out, err = run(["timex", "--dct", "2025-12-15", f])
    expect_rc(rc, 0, "timex with a good DCT", err)
    for line in out.decode().splitlines():
        json.loads(line)
    bad = os.path.join(TMP, "latin1.txt")
    with open(bad, "wb") as fh:
        fh.write("Caf\xe9 talks on Monday.\n".encode("latin-1"))
    rc, out, err = run(["timex", bad])
    expect_rc(rc, 1, "timex on non-UTF-8 text", err)
    check(errors_naming(err, bad), f"timex: the UTF-8 error does not name the file:\n{err}")


@case
def timex_timeml_is_valid_xml():
    """--format timeml on text holding controls XML 1.0 cannot carry (fixtures/timex-controls.txt:
    SOH, VT, ESC, NUL, U+FFFE, a CR, and markup): a well-formed TimeML document, checked by
    libxml2 (xmllint) and expat, whose <TEXT> is the input with those characters as U+FFFD
    and whose TIMEX3 elements are the expressions of --format jsonl."""
    src = os.path.join(FIX, "timex-controls.txt")
    rc, out, err = run(["timex", "--dct", "2025-12-15", "--format", "timeml", src])
    expect_rc(rc, 0, "timex --format timeml", err)
    xmllint = shutil.which("xmllint")
    if xmllint:
        p = subprocess.run([xmllint, "--noout", "-"], input=out, capture_output=True)
        check(p.returncode == 0, f"xmllint rejects the TimeML output:\n{p.stderr.decode()}\n{out!r}")
    try:
        root = ET.fromstring(out)
    except ET.ParseError as e:
        raise Fail(f"the TimeML output is not well-formed XML ({e}):\n{out!r}")
    check(root.tag == "TimeML", f"root element {root.tag}")
    dct = root.find("DCT/TIMEX3")
    check(dct is not None and dct.get("value") == "2025-12-15", "no DCT TIMEX3 with the --dct value")
    text_el = root.find("TEXT")
    raw = open(src, "rb").read().decode("utf-8")
    want = "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" else c
                   for c in raw)
    check("".join(text_el.itertext()) == want,
          f"the text differs from the input:\n{''.join(text_el.itertext())!r}\n{want!r}")
    rc, jl, err = run(["timex", "--dct", "2025-12-15", src])
    expect_rc(rc, 0, "timex --format jsonl", err)
    exprs = [json.loads(l) for l in jl.decode().splitlines()]
    tags = text_el.findall("TIMEX3")
    check([(t.text, t.get("value")) for t in tags] == [(e["text"], e["value"]) for e in exprs],
          f"TIMEX3 elements {[(t.text, t.get('value')) for t in tags]} vs jsonl {exprs}")
    check(len(tags) >= 3, f"only {len(tags)} expressions found in the fixture")


@case
def timex_dense_dates_memory_bounded():
    """20 MB of "on March 3, 2025, " with no sentence or paragraph end: every date is found,
    with offsets into the whole input, and the peak memory (the child's max RSS, a bound, not a
    timing) stays under 512 MiB.  Holding every match of the whole text took 2.2 GB; tagging in
    pieces cut at spaces takes ~75 MB (more under ASan, still well below the bound)."""
    unit = b"on March 3, 2025, "
    reps = 20 * 1024 * 1024 // len(unit)
    src = os.path.join(TMP, "dense-dates.txt")
    with open(src, "wb") as f:
        f.write(unit * reps)
    out_path = os.path.join(TMP, "dense-dates.jsonl")
    with open(out_path, "wb") as out, open(os.path.join(TMP, "dense-dates.err"), "wb") as err:
        p = subprocess.Popen([BIN, "timex", "--dct", "2025-12-15", src], stdout=out, stderr=err,
                             env=ENV, cwd=TMP)
        _, status, usage = os.wait4(p.pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    errtext = open(os.path.join(TMP, "dense-dates.err"), encoding="utf-8", errors="replace").read()
    expect_rc(rc, 0, "timex on 20 MB of dates", errtext)
    peak_mib = usage.ru_maxrss / 1024  # KiB on Linux
    check(peak_mib < 512, f"timex on 20 MB of dates peaked at {peak_mib:.0f} MiB")
    n = 0
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            want = n * len(unit) + 3
            if (t["start"], t["end"], t["text"], t["value"]) != (want, want + 13, "March 3, 2025", "2025-03-03"):
                raise Fail(f"expression {n} is {line.strip()}, expected start {want}")
            n += 1
    check(n == reps, f"{n} expressions found, {reps} in the input")
    os.remove(src)
    os.remove(out_path)


# ---- rules check --------------------------------------------------------------------------

@case
def rules_check_reports_every_error():
    rdir = os.path.join(FIX, "rules-broken")
    rc, out, err = run(["rules", "check", rdir])
    expect_rc(rc, 1, "rules check of a broken dir", err)
    lines = err.splitlines()
    locs = []
    for i, line in enumerate(lines):
        m = re.match(r"^(.*?\.rules):(\d+):(\d+): error: ", line)
        if not m:
            continue
        check(m.group(1).startswith(rdir), f"error names {m.group(1)}, not a file of {rdir}")
        locs.append(f"{os.path.basename(m.group(1))}:{m.group(2)}:{m.group(3)}")
        # the source line (indented 4), then a caret under column col (bytes, 1-based)
        check(i + 2 < len(lines), f"no caret after {line}")
        src, caret = lines[i + 1], lines[i + 2]
        check("^" in caret and not caret.replace("^", "").replace("~", "").strip(),
              f"no caret line after {line}: {caret!r}")
        if src.isascii():
            check(caret.index("^") - 4 == int(m.group(3)) - 1,
                  f"caret not under column {m.group(3)} after {line}:\n{src}\n{caret}")
    check(not re.search(r"f-good\.rules:\d+", err), "the good file was reported")
    golden = os.path.join(FIX, "rules-broken.golden")
    got = "\n".join(locs) + "\n"
    if UPDATE:
        with open(golden, "w") as fh:
            fh.write(got)
    want = open(golden).read()
    check(got == want, f"error locations differ from {golden}:\n--- want\n{want}--- got\n{got}")
    for name in sorted(os.listdir(rdir)):
        if name != "f-good.rules":
            check(any(l.startswith(name + ":") for l in locs), f"{name}: no error reported")
    # a broken time*.rules in --rules DIR stops timex (it reads common* and time* files)
    user = os.path.join(TMP, "user-rules")
    os.makedirs(user, exist_ok=True)
    shutil.copy(os.path.join(rdir, "a-unclosed.rules"), os.path.join(user, "time-mine.rules"))
    rc, out, err = run(["--rules", user, "timex", os.path.join(FIX, "good-wire.txt")])
    expect_rc(rc, 1, "timex with broken --rules", err)
    check(re.search(r"time-mine\.rules:5:22: error: ", err), f"timex with broken --rules:\n{err}")
    check(out == b"", "timex printed expressions with broken rules")


# ---- hostile names in events and charts ------------------------------------------------------

HOSTILE_PERSON = "Ana <script>alert(\"x\")</script> & 'Bo' ]]> \u202eZed\x1b[2J\x1b]0;owned\x07\u2066"
HOSTILE_PLACE = "<svg onload=alert(1)> & \"Q\" ]]> \u202eZedgrad\x1b[31m\x08\x9b2J\u2069"
# What must never reach a terminal raw: C0 controls but LF, DEL, C1 (as UTF-8), and the bidi
# embeddings, overrides and isolates.
TERMINAL_HOSTILE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def add_tsv_row(path, values):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
    row = [values.get(col, "") for col in header]
    with open(path, "a", encoding="utf-8") as f:
        f.write("\t".join(row) + "\n")


def hostile_data_dir():
    data = os.path.join(TMP, "data")
    if not os.path.exists(data):
        shutil.copytree(os.environ.get("PARLEY_DATA_DIR", os.path.join(SRC, "data")), data)
        add_tsv_row(os.path.join(data, "actors", "people.tsv"),
                    {"id": "ana-zedkov", "name": HOSTILE_PERSON, "aliases": "Zedkov",
                     "country": "UKR", "sector": "diplomatic"})
        add_tsv_row(os.path.join(data, "places", "places.tsv"),
                    {"id": "city/ukr/zedgrad", "name": HOSTILE_PLACE, "ascii_name": "Zedgrad",
                     "aliases": "Zedgrad", "kind": "city", "country": "UKR", "admin1": "00",
                     "lat": "50.1", "lon": "30.2", "population": "100000",
                     "geonames_id": "99999999", "source": "test"})
    return data


def svg_checks(path):
    tree = ET.parse(path)  # well-formed or it raises
    texts = []
    for el in tree.iter():
        tag = el.tag.split("}")[-1].lower()
        check(tag not in ("script", "foreignobject", "iframe"), f"{path}: a <{tag}> element")
        for k in el.attrib:
            check(not k.split("}")[-1].lower().startswith("on"), f"{path}: an event attribute {k}")
        texts.append("".join(el.itertext()))
    raw = open(path, encoding="utf-8").read()
    check("<script" not in raw and "<svg onload" not in raw, f"{path}: raw markup from a name")
    return "\n".join(texts)


def hostile_events(name):
    """The hostile article ingested into TMP/NAME with the hostile data/: (env, db, the raw
    output of `events --format json`)."""
    env = dict(ENV)
    env["PARLEY_DATA_DIR"] = hostile_data_dir()
    db = os.path.join(TMP, name)
    rc, out, err = run(["ingest", "--date", "2025-12-15", os.path.join(FIX, "hostile-article.txt")], db=db, env=env)
    expect_rc(rc, 0, "ingest of the hostile article", err)
    rc, out, err = run(["events", "--format", "json"], db=db, env=env)
    expect_rc(rc, 0, "events --format json", err)
    return env, db, out


@case
def hostile_names_in_events_and_charts():
    env, db, out = hostile_events("hostile.db")
    events = json.loads(out)
    check(events, "no events from the hostile article")
    names = {a["name"] for e in events for a in e["actors"]}
    places = {e["location"]["name"] for e in events if e.get("location")}
    check(HOSTILE_PERSON in names, f"the hostile person did not come through verbatim: {names}")
    check(HOSTILE_PLACE in places, f"the hostile place did not come through verbatim: {places}")
    rc, out, err = run(["events", "--format", "jsonl"], db=db, env=env)
    expect_rc(rc, 0, "events --format jsonl", err)
    check(len([json.loads(l) for l in out.decode().splitlines()]) == len(events), "jsonl count")
    rc, out, err = run(["events", "--format", "csv"], db=db, env=env)
    expect_rc(rc, 0, "events --format csv", err)
    rows = list(csv.reader(io.StringIO(out.decode())))
    check(len(rows) == len(events) + 1, f"csv has {len(rows)} rows for {len(events)} events")
    check(any(HOSTILE_PERSON in c for r in rows for c in r), "csv lost the hostile name")
    for ev in events:
        rc, out, err = run(["show", str(ev["id"])], db=db, env=env)
        expect_rc(rc, 0, f"show {ev['id']}", err)
    for lanes in ("actor", "place"):
        svg = os.path.join(TMP, f"hostile-{lanes}.svg")
        rc, out, err = run(["render", "--lanes", lanes, "--title", "<b>T&amp;</b> ]]>", "-o", svg,
                            "--layout-dump", svg + ".json"], db=db, env=env)
        expect_rc(rc, 0, f"render --lanes {lanes}", err)
        text = svg_checks(svg)
        check("<b>T&amp;</b> ]]>" in text, "the title did not come through as text")
        json.load(open(svg + ".json", encoding="utf-8"))
    svg = os.path.join(TMP, "hostile-chronology.svg")
    rc, out, err = run(["render", "--layout", "chronology", "-o", svg], db=db, env=env)
    expect_rc(rc, 0, "render --layout chronology", err)
    svg_checks(svg)
    for ext, magic in (("pdf", b"%PDF"), ("png", b"\x89PNG")):
        path = os.path.join(TMP, "hostile." + ext)
        rc, out, err = run(["render", "-o", path], db=db, env=env)
        expect_rc(rc, 0, f"render {ext}", err)
        check(open(path, "rb").read(4) == magic, f"{path} is not a {ext}")


@case
def terminal_output_is_inert():
    """Table output (events, actors, places, articles, show) shows control characters and bidi
    overrides from names as visible stand-ins (ESC as U+241B, bidi as U+FFFD) instead of
    sending them to the terminal; JSON escapes the controls and keeps the names exact."""
    env, db, out = hostile_events("terminal.db")
    check(b"\x1b" not in out and b"\x07" not in out, "events --format json wrote a raw control character")
    events = json.loads(out)
    names = {a["name"] for e in events for a in e["actors"]}
    check(HOSTILE_PERSON in names, f"JSON did not keep the hostile name exactly: {names}")
    outputs = [(["events"], "Zed"), (["actors"], "Zed"), (["places"], "Zedgrad"), (["articles"], "")]
    outputs += [(["show", str(e["id"])], "") for e in events]
    seen_person = False
    for args, word in outputs:
        rc, out, err = run(args, db=db, env=env)
        expect_rc(rc, 0, " ".join(args), err)
        text = out.decode("utf-8")
        bad = TERMINAL_HOSTILE.search(text)
        check(not bad, f"parley {' '.join(args)} printed {bad and repr(bad.group())} raw:\n{text!r}")
        check(word in text, f"parley {' '.join(args)} does not show {word!r}:\n{text}")
        seen_person |= "Zed\u241b[2J\u241b]0;owned\u2407\ufffd" in text
    check(seen_person, "no table shows the person's name with visible stand-ins")


# ---- the database file ------------------------------------------------------------------------

@case
def db_that_is_not_sqlite():
    for name, content in (("notes.db", b"this is not a database, only some notes\n" * 40),
                          ("binary.db", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 20)):
        db = os.path.join(TMP, name)
        with open(db, "wb") as f:
            f.write(content)
        for args in (["ingest", os.path.join(FIX, "good-wire.txt")], ["articles"], ["events"],
                     ["events", "--format", "json"], ["extract"], ["render", "-o", os.path.join(TMP, "x.svg")],
                     ["show", "1"], ["actors"], ["places"]):
            rc, out, err = run(args, db=db)
            expect_rc(rc, 1, f"{args[0]} on {name}", err)
            check(errors_naming(err, db), f"{args[0]} on {name}: no error naming the database:\n{err}")
            check("not a database" in err, f"{args[0]} on {name}: the error does not say why:\n{err}")
            check(open(db, "rb").read() == content, f"{args[0]} changed {name}")
            for side in ("-wal", "-shm", "-journal"):
                check(not os.path.exists(db + side), f"{args[0]} left {name}{side} behind")
        check(not os.path.exists(os.path.join(TMP, "x.svg")), "render wrote a chart without a database")


def unprivileged():
    """A command prefix that drops root (permission bits do not stop root), or []."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    # nobody must reach the binary and the fixtures
    p = subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", BIN, "version"],
                       capture_output=True)
    if p.returncode != 0:
        return None
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@case
def db_in_read_only_directory():
    prefix = unprivileged()
    if prefix is None:
        print("  (skipped: running as root without setpriv, or nobody cannot run the binary)")
        return
    ro = os.path.join(TMP, "readonly")
    os.makedirs(ro, exist_ok=True)
    os.chmod(TMP, 0o755)
    art = os.path.join(TMP, "ro-article.txt")
    shutil.copy(os.path.join(FIX, "good-wire.txt"), art)
    os.chmod(art, 0o644)
    os.chmod(ro, 0o555)
    db = os.path.join(ro, "p.db")
    try:
        rc, out, err = run(["ingest", art], db=db, user=prefix)
        expect_rc(rc, 1, "ingest into a read-only directory", err)
        check(errors_naming(err, db), f"no error naming {db}:\n{err}")
        check(not os.path.exists(db), "a database appeared in the read-only directory")
        rc, out, err = run(["articles"], db=db, user=prefix)
        expect_rc(rc, 1, "articles from a read-only directory", err)
        check(errors_naming(err, db), f"articles: no error naming {db}:\n{err}")
        rc, out, err = run(["events", "--format", "json"], db=db, user=prefix)
        expect_rc(rc, 1, "events from a read-only directory", err)
    finally:
        os.chmod(ro, 0o755)


def main():
    if not BIN or not os.path.exists(BIN):
        print("PARLEY_BIN is not set to the parley binary", file=sys.stderr)
        return 1
    setup_sanitizer_env()
    passed = failed = 0
    for fn in RESULTS:
        try:
            fn()
            print(f"ok {fn.__name__}")
            passed += 1
        except Fail as e:
            print(f"FAIL {fn.__name__}: {e}")
            failed += 1
        except Exception:
            print(f"FAIL {fn.__name__}: unexpected exception")
            traceback.print_exc(file=sys.stdout)
            failed += 1
    print(f"{passed} passed, {failed} failed")
    if failed == 0:
        shutil.rmtree(TMP, ignore_errors=True)
    else:
        print(f"(inputs kept in {TMP})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
