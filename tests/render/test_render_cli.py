#!/usr/bin/env python3
"""test_render_cli.py - `parley render`, `parley run` and the demo's charts,
through the binary ($PARLEY_BIN) on the bundled demo articles ($PARLEY_SRC/data/demo).

Checks: usage errors exit 2 and write nothing; zero events (empty database,
filters that match nothing) exit 1 with a message and no file, leaving an
existing file alone; run writes an SVG that parses and has labelled groups,
a PNG at 2x and a PDF whose text pdftotext finds; --layout-dump is JSON with
text items; demo writes its four charts beside the database.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = os.environ.get("PARLEY_BIN", "parley")
SRC = os.environ.get("PARLEY_SRC", ".")
SVG = "{http://www.w3.org/2000/svg}"
failures = 0
checks = 0


def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print(f"FAIL {name}")
        if detail:
            print("  " + str(detail)[:2000].replace("\n", "\n  "))


ENV = dict(os.environ)


def run(*args, db=None):
    cmd = [BIN] + (["--db", db] if db else []) + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=ENV)
    return p.returncode, p.stdout, p.stderr


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def test_usage(work):
    out = os.path.join(work, "u.svg")
    cases = [
        (["render"], "no -o"),
        (["render", "-o", os.path.join(work, "u.jpeg")], "unknown extension"),
        (["render", "--lanes", "bogus", "-o", out], "bad --lanes"),
        (["render", "--layout", "spiral", "-o", out], "bad --layout"),
        (["render", "--theme", "dark", "-o", out], "bad --theme"),
        (["render", "--format", "gif", "-o", out], "bad --format"),
        (["render", "--dpi", "-3", "-o", out], "negative --dpi"),
        (["render", "--width", "wide", "-o", out], "non-numeric --width"),
        (["render", "--page", "A3", "-o", out], "bad --page"),
        (["render", "--status", "maybe", "-o", out], "bad --status"),
        (["render", "--from", "yesterday", "-o", out], "bad --from"),
        (["render", "--title", "", "-o", out], "empty --title"),
        (["render", "--bogus", "-o", out], "unknown option"),
        (["render", "stray", "-o", out], "stray argument"),
        (["render", "-o"], "-o without a value"),
        (["run"], "run without inputs"),
        (["run", "--theme", "dark", os.path.join(SRC, "data", "demo")], "run with a bad option"),
    ]
    db = os.path.join(work, "usage.db")
    for args, name in cases:
        rc, _, err = run(*args, db=db)
        check(f"usage: {name}: exit 2", rc == 2, f"rc={rc} {err}")
        check(f"usage: {name}: says why", "parley" in err and len(err.strip()) > 10, err)
    check("usage: no file written", not os.path.exists(out))
    rc, out_text, _ = run("render", "--help")
    check("render --help: exit 0 and lists the options",
          rc == 0 and "--lane-order" in out_text and "--actor" in out_text, out_text)


def test_zero_events(work):
    db = os.path.join(work, "empty.db")
    out = os.path.join(work, "none.svg")
    run("extract", db=db)  # an empty database (render refuses one that does not exist)
    rc, _, err = run("render", "-o", out, db=db)
    check("empty database: exit 1", rc == 1, err)
    check("empty database: message", "no events" in err and "not written" in err, err)
    check("empty database: no file", not os.path.exists(out))
    # an existing file is left alone
    with open(out, "w") as f:
        f.write("keep")
    rc, _, err = run("render", "-o", out, db=db)
    with open(out) as f:
        check("empty database: existing file untouched", f.read() == "keep")
    leftovers = [n for n in os.listdir(work) if n.startswith(".none.svg")]
    check("empty database: no temp files", not leftovers, leftovers)


def test_run_and_render(work):
    db = os.path.join(work, "run.db")
    svg = os.path.join(work, "chart.svg")
    dump = os.path.join(work, "chart.json")
    rc, out, err = run("run", os.path.join(SRC, "data", "demo"), "-o", svg,
                       "--title", "Demo <&> \"talks\"", "--layout-dump", dump, db=db)
    check("run: exit 0", rc == 0, err)
    check("run: summary names the file", svg in err and "events drawn" in err, err)
    try:
        root = ET.parse(svg).getroot()
    except (ET.ParseError, OSError) as e:
        check("run: SVG parses", False, e)
        return
    check("run: svg root, role img", root.tag == SVG + "svg" and root.get("role") == "img")
    check("run: escaped title round-trips", root.find(SVG + "title").text == "Demo <&> \"talks\"")
    check("run: has a desc", (root.find(SVG + "desc").text or "") != "")
    texts = [t for t in root.iter(SVG + "text")]
    check("run: real <text> elements", len(texts) > 20, len(texts))
    lanes = [g for g in root.iter(SVG + "g") if g.get("class") == "lane"]
    check("run: lane groups with names", lanes and all(g.get("data-lane") for g in lanes),
          [g.get("data-lane") for g in lanes])
    events = [g for g in root.iter(SVG + "g") if g.get("class") == "event"]
    check("run: event groups", len(events) > 10, len(events))
    markers = [e for e in root.iter() if (e.get("class") or "").startswith("marker ")]
    check("run: markers are class 'marker ROLE'", len(markers) >= len(events), len(markers))
    titled = [g for g in events if g.find(SVG + "title") is not None]
    check("run: event tooltips", len(titled) == len(events), f"{len(titled)}/{len(events)}")
    try:
        with open(dump) as f:
            d = json.load(f)
        items = d["items"]
        text_items = [i for i in items if i.get("kind") == "text"]
        check("layout dump: text items with boxes",
              text_items and all(k in text_items[0] for k in ("text", "x", "y", "w", "h")),
              text_items[:1])
    except (OSError, ValueError, KeyError) as e:
        check("layout dump: JSON with items", False, e)
    if shutil.which("rsvg-convert"):
        p = subprocess.run(["rsvg-convert", "-o", os.path.join(work, "rsvg.png"), svg],
                           capture_output=True, text=True)
        check("run: rsvg-convert renders the SVG", p.returncode == 0, p.stderr)
    else:
        print("note: rsvg-convert not installed: SVG rendering check skipped")

    # render the same database to PNG and PDF, with filters
    png = os.path.join(work, "chart.png")
    rc, _, err = run("render", "-o", png, db=db)
    size = png_size(png) if rc == 0 else None
    check("render png: exit 0, 2x of 1200 px", size is not None and size[0] == 2400, f"{rc} {size} {err}")
    png2 = os.path.join(work, "chart-dpi.png")
    rc, _, err = run("render", "--dpi", "96", "--width", "900", "-o", png2, db=db)
    size = png_size(png2) if rc == 0 else None
    check("render png --dpi 96 --width 900: 900 px wide", size is not None and size[0] == 900, f"{rc} {size} {err}")
    pdf = os.path.join(work, "handout.pdf")
    rc, _, err = run("render", "--theme", "handout", "--lanes", "country", "--page", "Letter",
                     "--title", "Handout", "-o", pdf, db=db)
    check("render handout pdf: exit 0", rc == 0, err)
    if rc == 0 and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        check("handout: Letter pages", "612 x 792 pts" in info, info)
        check("handout: title metadata", "Handout" in info, info)
    if rc == 0 and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        check("handout: selectable text (title and a chronology)", "Handout" in text and "Chronology" in text,
              text[:500])
    fmt = os.path.join(work, "chart.out")
    rc, _, err = run("render", "--format", "pdf", "--actor", "Zelenskiy", "-o", fmt, db=db)
    with open(fmt, "rb") if rc == 0 else open(os.devnull, "rb") as f:
        check("render --format pdf --actor alias: a PDF", rc == 0 and f.read(4) == b"%PDF", err)
    none = os.path.join(work, "none.png")
    rc, _, err = run("render", "--match", "no such words anywhere", "-o", none, db=db)
    check("filters matching nothing: exit 1, message, no file",
          rc == 1 and "match the filters" in err and not os.path.exists(none), err)


def test_run_partial(work):
    db = os.path.join(work, "partial.db")
    out = os.path.join(work, "partial.pdf")
    rc, _, err = run("-q", "run", os.path.join(SRC, "data", "demo"), os.path.join(work, "missing.txt"),
                     "-o", out, db=db)
    check("run with a missing input: exit 1", rc == 1, err)
    check("run with a missing input: names it", "missing.txt" in err, err)
    with open(out, "rb") if os.path.exists(out) else open(os.devnull, "rb") as f:
        check("run with a missing input: the others still make a chart", f.read(4) == b"%PDF")


def test_demo(work):
    out = os.path.join(work, "output")
    os.makedirs(out)
    db = os.path.join(out, "demo.db")
    rc, stdout, err = run("demo", db=db)
    check("demo: exit 0", rc == 0, err)
    for name in ("demo-timeline.svg", "demo-timeline.png", "demo-timeline.pdf", "demo-handout.pdf"):
        path = os.path.join(out, name)
        check(f"demo: writes {name}", os.path.exists(path) and os.path.getsize(path) > 1000, err)
    size = png_size(os.path.join(out, "demo-timeline.png"))
    check("demo: PNG is 2400 px wide (2x)", size is not None and size[0] == 2400, size)


def main():
    if not os.path.isdir(os.path.join(SRC, "data", "demo")):
        print("SKIP: no data/demo under $PARLEY_SRC")
        return 77
    work = tempfile.mkdtemp(prefix="parley-render-cli-")
    # Sanitizer builds: fontconfig keeps its caches until exit (as tests/layout/lsan_fonts.h says)
    supp = os.path.join(work, "lsan.supp")
    with open(supp, "w") as f:
        f.write("leak:libfontconfig.so\n")
    ENV["LSAN_OPTIONS"] = (ENV.get("LSAN_OPTIONS", "") + ":suppressions=" + supp).lstrip(":")
    try:
        for t in (test_usage, test_zero_events, test_run_and_render, test_run_partial, test_demo):
            sub = os.path.join(work, t.__name__)
            os.makedirs(sub)
            t(sub)
    finally:
        if failures == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"outputs kept in {work}")
    print(f"render cli: {checks} checks, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
