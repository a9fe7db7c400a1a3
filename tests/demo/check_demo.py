#!/usr/bin/env python3
"""check_demo.py - the demo corpus (data/demo) is well-formed and covers what it promises.

Two modes, registered as two tests in tests/demo/meson.build:

  check_demo.py corpus   the files alone: MANIFEST.tsv matches the files, every HTML page
                         parses with balanced tags, feeds and NITF are well-formed XML,
                         dates are ISO 8601 and sit where the MANIFEST says (and, for the
                         "only in the byline / only in the URL" pages, nowhere else),
                         wire copies are word for word copies, tests/demo/expect.tsv
                         names phrases that really are in each file, and the corpus has
                         the name variants, relative dates and formats it promises.
  check_demo.py parley   runs `$PARLEY_BIN text --format json [options] FILE` on every
                         article and checks that the body keeps the news phrases and
                         loses the furniture phrases of expect.tsv, captions are kept
                         apart, and the publication date (and how it was found) matches
                         the MANIFEST.  A missing or failing command is a failure.
  check_demo.py store    runs `parley demo` into a fresh database twice and checks with
                         `parley articles --format json` that every MANIFEST article is
                         stored once, with its date, the wire copies are linked to their
                         originals, and the second run added nothing.

Every failure names the article and the check; the exit status is 1 if any failed.
"""

import datetime
import email.utils
import html
import html.parser
import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

SRC = os.environ.get("PARLEY_SRC") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DEMO = os.path.join(SRC, "data", "demo")
MANIFEST = os.path.join(DEMO, "MANIFEST.tsv")
EXPECT = os.path.join(SRC, "tests", "demo", "expect.tsv")

COLUMNS = ["file", "format", "outlet", "published", "date_from", "options", "exercises"]
FORMATS = {"html", "rss", "atom", "nitf", "newsml", "text", "jsonl"}
DATE_FROM = {"json-ld", "meta", "time-element", "url", "byline", "byline-relative",
             "feed", "nitf", "dateline", "option"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
NS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

failures = []
checks = 0


def fail(article, what):
    failures.append(f"{article}: {what}")


def check(cond, article, what):
    global checks
    checks += 1
    if not cond:
        fail(article, what)
    return cond


def norm(s):
    """Fold curly quotes and dashes the corpus writes as entities, collapse white space."""
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def parse_iso(s):
    """ISO 8601 date or date-time (Z or offset) -> (date, aware datetime or None)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?", s)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    try:
        date = datetime.date(y, mo, d)
        if m[4] is None:
            return date, None
        tz = None
        if m[7]:
            tz = datetime.timezone.utc if m[7] == "Z" else datetime.timezone(
                datetime.timedelta(hours=int(m[7][1:3]), minutes=int(m[7][4:6]))
                * (1 if m[7][0] == "+" else -1))
        return date, datetime.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=tz)
    except ValueError:
        return None


# ---- reading the corpus ----------------------------------------------------------

class Page(html.parser.HTMLParser):
    """Visible text, tag balance, <time>, <meta>, <link rel=canonical>, JSON-LD of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.text, self.times, self.metas, self.jsonld = [], [], {}, []
        self.canonical = None
        self.paragraphs, self._p = [], None
        self._skip = 0  # inside <script>/<style>: not visible text
        self._script_type = None
        self._script_buf = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and "content" in a:
                self.metas[key] = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "time" and "datetime" in a:
            self.times.append(a["datetime"])
        if tag in VOID:
            return
        self.stack.append((tag, self.getpos()[0]))
        if tag in ("script", "style"):
            self._skip += 1
            self._script_type = a.get("type")
            self._script_buf = []
        elif tag == "p":
            self._p = []
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "figcaption", "br"):
            self.text.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            opened = f"<{self.stack[-1][0]}> of line {self.stack[-1][1]}" if self.stack else "nothing"
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes {opened}")
            # resynchronise on the nearest matching open tag, if any
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
            return
        self.stack.pop()
        if tag in ("script", "style"):
            self._skip -= 1
            if tag == "script" and self._script_type == "application/ld+json":
                self.jsonld.append("".join(self._script_buf))
        elif tag == "p" and self._p is not None:
            self.paragraphs.append(norm("".join(self._p)))
            self._p = None
        self.text.append("\n")

    def handle_data(self, data):
        if self._skip:
            self._script_buf.append(data)
            return
        self.text.append(data)
        if self._p is not None:
            self._p.append(data)

    def visible(self):
        return norm("".join(self.text))


def read_page(article, markup):
    p = Page()
    try:
        p.feed(markup)
        p.close()
    except Exception as e:  # html.parser raises only on internal errors, but name the file if so
        fail(article, f"html.parser: {e}")
    for e in p.errors:
        fail(article, f"unbalanced HTML: {e}")
    for tag, line in p.stack:
        fail(article, f"unbalanced HTML: <{tag}> of line {line} never closed")
    return p


def jsonld_dates(article, page):
    """datePublished values of Article-like JSON-LD objects (top level or in @graph)."""
    out = []
    for raw in page.jsonld:
        try:
            doc = json.loads(raw)
        except ValueError as e:
            fail(article, f"JSON-LD does not parse: {e}")
            continue
        todo = doc if isinstance(doc, list) else [doc]
        while todo:
            o = todo.pop()
            if isinstance(o, dict):
                if "datePublished" in o:
                    out.append(o["datePublished"])
                todo.extend(o.get("@graph", []))
    return out


def text_paragraphs(raw):
    return [norm(p) for p in re.split(r"\n\s*\n", raw) if p.strip()]


def load_manifest():
    rows = []
    with open(MANIFEST, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#") and l.strip()]
    if not lines or lines[0].split("\t") != COLUMNS:
        fail("MANIFEST.tsv", f"header must be {COLUMNS}")
        return rows
    for n, line in enumerate(lines[1:], 2):
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            fail("MANIFEST.tsv", f"data row {n}: {len(cols)} columns, want {len(COLUMNS)}")
            continue
        rows.append(dict(zip(COLUMNS, cols)))
    return rows


def load_expect():
    exp = {}
    with open(EXPECT, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#") and l.strip()]
    for n, line in enumerate(lines[1:], 2):
        cols = line.split("\t")
        if len(cols) != 3 or cols[1] not in ("keep", "drop", "caption", "title"):
            fail("expect.tsv", f"data row {n} is not article<TAB>keep|drop|caption|title<TAB>phrase")
            continue
        exp.setdefault(cols[0], []).append((cols[1], cols[2]))
    return exp


def options_of(row):
    return [] if row["options"] == "-" else shlex.split(row["options"])


class Source:
    """What one MANIFEST row's article is made of, read straight from the file."""

    def __init__(self, row):
        self.row = row
        self.key = row["file"]
        self.path = os.path.join(DEMO, self.key.split("#")[0])
        self.item = int(self.key.split("#")[1]) if "#" in self.key else 0
        self.page = None       # Page for HTML (the page, or the feed item's content)
        self.text = ""         # visible text, normalised
        self.paragraphs = []   # news paragraphs, normalised
        self.title = ""
        self.dates = {}        # date_from token -> list of date strings found there


def read_source(row):
    s = Source(row)
    fmt = row["format"]
    raw = open(s.path, encoding="utf-8").read()
    if fmt == "html":
        s.page = read_page(s.key, raw)
        s.text = s.page.visible()
        s.paragraphs = s.page.paragraphs
        m = re.search(r"<title>(.*?)</title>", raw, re.S)
        s.title = norm(html.unescape(m[1])) if m else ""
        s.dates["json-ld"] = jsonld_dates(s.key, s.page)
        s.dates["meta"] = [v for k, v in s.page.metas.items()
                           if "published" in k.lower() or k.lower() in ("pubdate", "publish_date", "dc.date.issued", "date")]
        s.dates["time-element"] = s.page.times
        urls = [u for u in (s.page.canonical, s.page.metas.get("og:url")) if u]
        s.dates["url"] = ["-".join(m.groups()) for u in urls
                          for m in [re.search(r"/(\d{4})/(\d{2})/(\d{2})/", u)] if m]
    elif fmt == "rss":
        root = ET.fromstring(raw)
        items = root.findall("./channel/item")
        if not check(0 < s.item <= len(items), s.key, f"feed has {len(items)} items"):
            return s
        it = items[s.item - 1]
        for tag in ("title", "link", "guid", "pubDate", NS_CONTENT):
            check(it.find(tag) is not None and (it.find(tag).text or "").strip(), s.key, f"item lacks <{tag}>")
        s.title = norm(it.findtext("title") or "")
        s.page = read_page(s.key, it.findtext(NS_CONTENT) or "")
        s.text, s.paragraphs = s.page.visible(), s.page.paragraphs
        try:
            s.dates["feed"] = [email.utils.parsedate_to_datetime(it.findtext("pubDate")).isoformat()]
        except (TypeError, ValueError):
            fail(s.key, f"pubDate {it.findtext('pubDate')!r} is not RFC 822")
    elif fmt == "atom":
        root = ET.fromstring(raw)
        entries = root.findall(ATOM + "entry")
        if not check(0 < s.item <= len(entries), s.key, f"feed has {len(entries)} entries"):
            return s
        e = entries[s.item - 1]
        for tag in ("title", "id", "published", "updated", "content"):
            check((e.findtext(ATOM + tag) or "").strip(), s.key, f"entry lacks <{tag}>")
        s.title = norm(e.findtext(ATOM + "title") or "")
        s.page = read_page(s.key, e.findtext(ATOM + "content") or "")
        s.text, s.paragraphs = s.page.visible(), s.page.paragraphs
        s.dates["feed"] = [e.findtext(ATOM + "published") or ""]
    elif fmt == "nitf":
        root = ET.fromstring(raw)
        check(root.tag == "nitf", s.key, "root element is not <nitf>")
        s.title = norm(root.findtext("./head/title") or "")
        body = root.find("./body/body.content")
        if check(body is not None, s.key, "no body/body.content"):
            s.paragraphs = [norm("".join(p.itertext())) for p in body.iter("p")]
            s.text = " ".join(s.paragraphs)
        d = root.find("./head/docdata/date.issue")
        if check(d is not None, s.key, "no docdata/date.issue"):
            m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z", d.get("norm", ""))
            if check(m, s.key, f"date.issue norm {d.get('norm')!r} is not YYYYMMDDTHHMMSSZ"):
                s.dates["nitf"] = ["%s-%s-%sT%s:%s:%sZ" % m.groups()]
    elif fmt == "text":
        paras = text_paragraphs(raw)
        s.title = paras[0] if paras else ""
        s.paragraphs = paras
        s.text = norm(raw)
    return s


# ---- corpus checks -------------------------------------------------------------

def same_instant(a, b):
    """Two ISO strings name the same date (and, when both carry a zone, the same instant)."""
    pa, pb = parse_iso(a), parse_iso(b)
    if not pa or not pb:
        return False
    if pa[1] and pb[1] and pa[1].tzinfo and pb[1].tzinfo:
        return pa[1] == pb[1]
    return pa[0] == pb[0]


def written_dates(date):
    """Ways a date is written in visible text ("December 15, 2025", "15 December 2025")."""
    m = MONTHS[date.month - 1]
    return [f"{m} {date.day}, {date.year}", f"{date.day} {m} {date.year}"]


def check_date_claims(s, pub):
    row, key = s.row, s.key
    date = pub[0]
    tokens = row["date_from"].split("|")
    first = tokens[0]
    for t in tokens:
        check(t in DATE_FROM, key, f"date_from token {t!r} unknown")
    if first in ("json-ld", "meta", "time-element", "url", "feed", "nitf"):
        found = s.dates.get(first, [])
        check(any(same_instant(v, row["published"]) for v in found), key,
              f"published {row['published']} not found in {first} (found {found})")
    elif first == "byline":
        check(any(w in s.text for w in written_dates(date)), key,
              f"byline date ({written_dates(date)[0]}) not in the visible text")
    elif first == "byline-relative":
        m = re.search(r"\b(\d+) hours? ago\b", s.text)
        opts = options_of(row)
        saved = opts[opts.index("--saved-at") + 1] if "--saved-at" in opts else None
        if check(m and saved and parse_iso(saved) and parse_iso(saved)[1], key,
                 "needs 'N hours ago' in the text and --saved-at DATE-TIME in options"):
            want = parse_iso(saved)[1] - datetime.timedelta(hours=int(m[1]))
            check(want == pub[1], key, f"--saved-at minus {m[1]} hours is {want.isoformat()}, not {row['published']}")
    elif first == "option":
        opts = options_of(row)
        check("--date" in opts and opts[opts.index("--date") + 1] == row["published"], key,
              "date_from 'option' needs --date equal to published")
    if "dateline" in tokens:
        dl = re.search(r"\b[A-Z][A-Z ]+, (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2}) \(", s.text)
        check(dl and MONTHS[date.month - 1].startswith(dl[1]) and int(dl[2]) == date.day, key,
              "dateline missing or its month/day differ from published")
    # "ONLY in the byline / URL" pages: no machine-readable date anywhere else.
    if row["format"] == "html" and first in ("byline", "url", "time-element"):
        for other in ("json-ld", "meta", "time-element", "url"):
            if other != first:
                check(not s.dates.get(other), key, f"date is meant to be only in {first}, but {other} has {s.dates.get(other)}")


def check_options(row):
    opts = options_of(row)
    i = 0
    while i < len(opts):
        o = opts[i]
        if check(o in ("--date", "--saved-at", "--source") and i + 1 < len(opts), row["file"], f"bad option {o!r}"):
            if o != "--source":
                check(parse_iso(opts[i + 1]), row["file"], f"{o} value {opts[i + 1]!r} is not ISO 8601")
        i += 2


def check_wire_copy(copy, sources):
    m = re.search(r"wire-copy-of=(\S+)", copy.row["exercises"])
    if not m:
        return False
    orig = sources.get(m[1])
    if not check(orig is not None, copy.key, f"wire-copy-of names {m[1]}, which is not in the MANIFEST"):
        return False
    # The wire story runs from its dateline paragraph to the reporting credit.
    paras = orig.paragraphs
    start = next((i for i, p in enumerate(paras) if re.search(r"\(Meridian Wire\) -", p)), None)
    end = next((i for i, p in enumerate(paras) if p.startswith("(Reporting by")), None)
    if not check(start is not None and end is not None and start < end, copy.key,
                 f"original {m[1]} has no dateline..credit span"):
        return False
    for p in paras[start:end + 1]:
        check(p in copy.text, copy.key, f"wire copy lacks the original's paragraph {p[:60]!r}...")
    return True


def corpus():
    rows = load_manifest()
    expect = load_expect()
    keys = [r["file"] for r in rows]
    for k in set(keys):
        check(keys.count(k) == 1, k, "listed more than once in MANIFEST.tsv")
    listed = {k.split("#")[0] for k in keys}
    on_disk = {f for f in os.listdir(DEMO) if f != "MANIFEST.tsv"}
    for f in sorted(on_disk - listed):
        fail(f, "in data/demo but not in MANIFEST.tsv")
    for f in sorted(listed - on_disk):
        fail(f, "in MANIFEST.tsv but not in data/demo")

    sources = {}
    for row in rows:
        key = row["file"]
        if row["file"].split("#")[0] not in on_disk:
            continue
        check(row["format"] in FORMATS, key, f"format {row['format']!r} unknown")
        pub = parse_iso(row["published"])
        if not check(pub, key, f"published {row['published']!r} is not ISO 8601"):
            continue
        check(datetime.date(2025, 11, 20) <= pub[0] <= datetime.date(2025, 12, 20), key,
              "published outside the story arc (2025-11-20..2025-12-20)")
        check_options(row)
        try:
            s = read_source(row)
        except (ET.ParseError, UnicodeDecodeError) as e:
            fail(key, f"does not parse: {e}")
            continue
        sources[key] = s
        check(s.title, key, "no title")
        check(len(s.text.split()) >= 150, key, f"only {len(s.text.split())} words of text")
        check_date_claims(s, pub)
        if row["format"] == "html":
            raw = open(s.path, encoding="utf-8").read()
            check(re.search(r"<html[^>]* lang=", raw), key, "<html> has no lang")
            check("<nav" in raw and "<footer" in raw, key, "an HTML page needs furniture (nav, footer)")
        if row["format"] in ("rss", "atom", "nitf"):
            raw = open(s.path, encoding="utf-8").read()
            check("<!DOCTYPE" not in raw and "<!ENTITY" not in raw, key, "no DTD or entity declarations in the corpus")

    # Feeds: MANIFEST rows FILE#1..FILE#n cover every item, on consecutive rows
    # (parley demo ingests each file once, with the options of its first row).
    for f in sorted(listed):
        items = [int(k.split("#")[1]) for k in keys if k.startswith(f + "#")]
        if items:
            root = ET.parse(os.path.join(DEMO, f)).getroot()
            n = len(root.findall("./channel/item")) + len(root.findall(ATOM + "entry"))
            check(items == list(range(1, n + 1)), f, f"MANIFEST lists items {items} of a feed with {n}")
            at = [i for i, k in enumerate(keys) if k.startswith(f + "#")]
            check(at == list(range(at[0], at[0] + len(at))), f, "the feed's MANIFEST rows are not consecutive")

    # expect.tsv: names real articles, and its phrases really are in the files
    # (so a furniture phrase that parley must drop is furniture that exists).
    for key in expect:
        check(key in keys, key, "expect.tsv names an article not in the MANIFEST")
    for key, s in sources.items():
        kinds = [k for k, _ in expect.get(key, [])]
        check("keep" in kinds and "title" in kinds, key, "expect.tsv needs keep and title rows for every article")
        raw = open(s.path, encoding="utf-8").read()
        whole = norm(html.unescape(re.sub(r"<[^>]+>", " ", raw)))
        for kind, phrase in expect.get(key, []):
            # A plain-text title is whichever line parley judges the headline: any line will do here.
            if kind == "title":
                target = s.text if s.row["format"] == "text" else s.title
            else:
                target = s.text if kind in ("keep", "caption") else whole
            check(norm(phrase) in target, key, f"expect.tsv {kind} phrase not in the file: {phrase!r}")

    wires = sum(check_wire_copy(s, sources) for s in sources.values())

    # What the corpus promises (issue 2 item 9, data/README.md).
    alltext = " ".join(s.text for s in sources.values())
    check(len(rows) >= 8, "corpus", f"{len(rows)} articles, want at least 8")
    fmts = {r["format"] for r in rows}
    check({"html", "rss", "text"} <= fmts, "corpus", f"formats {sorted(fmts)} lack html, rss or text")
    check(len({r["outlet"] for r in rows}) >= 5, "corpus", "fewer than 5 outlets")
    check(wires >= 2, "corpus", f"{wires} wire copies, want at least 2")
    for variant in ("Zelensky ", "Zelenskiy", "Zelenskyy", "Volodymyr Zelensky", "the Ukrainian leader",
                    "Kremlin", "Moscow", "Kyiv", "Washington", "White House"):
        check(variant in alltext, "corpus", f"name variant {variant!r} missing")
    for rel in ("on Monday", "on Sunday", "last week", "this coming weekend", "by Christmas",
                "yesterday", "11 hours ago", "next week", "on Tuesday", "last month", "February 2022"):
        check(rel in alltext, "corpus", f"time expression {rel!r} missing")
    for who in ("Witkoff", "Kushner", "Merz", "Rutte", "von der Leyen", "Trump", "Umerov", "Ushakov",
                "Dmitriev", "Putin", "Rubio", "Driscoll", "Yermak", "Article 5", "Miami", "Geneva",
                "Abu Dhabi", "28-point"):
        check(who in alltext, "corpus", f"{who!r} never mentioned")
    froms = {r["date_from"].split("|")[0] for r in rows}
    for need in ("json-ld", "meta", "time-element", "url", "byline", "byline-relative", "feed", "option"):
        check(need in froms, "corpus", f"no article dated by {need}")
    check(any("caption" in k for e in expect.values() for k, _ in e), "corpus", "no photo caption")


# ---- parley checks -------------------------------------------------------------

def parley_articles(path, opts, cache={}):
    """Run parley text --format json on one file; a list of article objects, or an error string."""
    key = (path, tuple(opts))
    if key in cache:
        return cache[key]
    exe = os.environ.get("PARLEY_BIN")
    if not exe or not os.access(exe, os.X_OK):
        cache[key] = f"PARLEY_BIN ({exe!r}) is not an executable"
        return cache[key]
    cmd = [exe, "text", "--format", "json"] + opts + [path]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        cache[key] = f"{shlex.join(cmd)}: timed out"
        return cache[key]
    if p.returncode != 0:
        cache[key] = f"{shlex.join(cmd)}: exit {p.returncode}: {p.stderr.strip()[:300]}"
        return cache[key]
    out = p.stdout.strip()
    try:
        doc = json.loads(out)
        arts = doc if isinstance(doc, list) else doc.get("articles", [doc]) if isinstance(doc, dict) else None
    except ValueError:
        try:  # JSON Lines: one article per line
            arts = [json.loads(l) for l in out.splitlines() if l.strip()]
        except ValueError as e:
            arts = f"{shlex.join(cmd)}: output is neither JSON nor JSON Lines: {e}"
    cache[key] = arts
    return arts


def published_of(a):
    """(ISO string or None, how or '') from the forms `published` may take in the JSON."""
    p = a.get("published")
    how = a.get("published_how") or a.get("date_source") or ""
    if isinstance(p, dict):
        how = p.get("how") or p.get("source") or how
        p = p.get("value") or p.get("iso") or p.get("date")
    return (p if isinstance(p, str) and p else None), (how or "")


def parley():
    rows = load_manifest()
    expect = load_expect()
    for row in rows:
        key = row["file"]
        path = os.path.join(DEMO, key.split("#")[0])
        item = int(key.split("#")[1]) if "#" in key else 1
        arts = parley_articles(path, options_of(row))
        if isinstance(arts, str):
            fail(key, arts)
            continue
        if not check(isinstance(arts, list) and len(arts) >= item, key,
                     f"parley gave {len(arts) if isinstance(arts, list) else 0} articles, want item {item}"):
            continue
        a = arts[item - 1]
        if not check(isinstance(a, dict), key, "article is not a JSON object"):
            continue
        body = norm(a.get("body") or "")
        title = norm(a.get("title") or "")
        caps = [norm(c if isinstance(c, str) else str(c.get("text", ""))) for c in a.get("captions") or []]
        for kind, phrase in expect.get(key, []):
            ph = norm(phrase)
            if kind == "keep":
                check(ph in body, key, f"body lost news text {phrase!r}")
            elif kind == "drop":
                check(ph not in body, key, f"body keeps furniture {phrase!r}")
            elif kind == "caption":
                check(any(ph in c for c in caps), key, f"no caption contains {phrase!r} (captions: {caps})")
            elif kind == "title":
                check(ph in title, key, f"title {title!r} lacks {phrase!r}")
        got, how = published_of(a)
        want = row["published"]
        if not check(got, key, f"no publication date (want {want})"):
            continue
        pg, pw = parse_iso(got), parse_iso(want)
        if not check(pg, key, f"published {got!r} is not ISO 8601"):
            continue
        check(pg[0] == pw[0], key, f"published {got}, want {want}")
        if pg[1] and pw[1] and pg[1].tzinfo and pw[1].tzinfo:
            # "N hours ago" is known to the hour; everything else to the minute as written.
            slack = datetime.timedelta(hours=1 if row["date_from"] == "byline-relative" else 0)
            check(abs(pg[1] - pw[1]) <= slack, key, f"published {got} is not the instant {want}")
        tokens = row["date_from"].split("|")
        check(any(how.lower().startswith(t) or t in how.lower() for t in tokens), key,
              f"date found by {how!r}, MANIFEST says {row['date_from']}")


def store():
    """`parley demo` into a fresh database: every article stored once, dated as the
    MANIFEST says, wire copies linked to their original, and a second run adds nothing."""
    import tempfile
    rows = load_manifest()
    exe = os.environ.get("PARLEY_BIN")
    if not exe or not os.access(exe, os.X_OK):
        fail("demo", f"PARLEY_BIN ({exe!r}) is not an executable")
        return
    with tempfile.TemporaryDirectory(prefix="parley-demo-") as tmp:
        db = os.path.join(tmp, "demo.db")
        env = dict(os.environ, PARLEY_DATA_DIR=os.path.join(SRC, "data"))
        for run in (1, 2):
            p = subprocess.run([exe, "--db", db, "demo"], capture_output=True, text=True, env=env, timeout=120)
            if not check(p.returncode == 0, "demo", f"parley demo run {run}: exit {p.returncode}: {p.stderr.strip()[:300]}"):
                return
            p = subprocess.run([exe, "--db", db, "articles", "--format", "json"], capture_output=True,
                               text=True, timeout=60)
            if not check(p.returncode == 0, "demo", f"parley articles: exit {p.returncode}: {p.stderr.strip()[:300]}"):
                return
            try:
                out = p.stdout.strip()
                arts = json.loads(out) if out.startswith("[") else [json.loads(l) for l in out.splitlines() if l.strip()]
            except ValueError as e:
                fail("demo", f"parley articles --format json: not JSON or JSON Lines: {e}")
                return
            check(len(arts) == len(rows), "demo", f"run {run}: {len(arts)} articles stored, want {len(rows)}")
        by_key = {}
        for a in arts:
            origin = a.get("origin") or ""
            rel = os.path.relpath(origin.split("#")[0], DEMO) + ("#" + origin.split("#")[1] if "#" in origin else "")
            by_key[rel] = a
        for row in rows:
            a = by_key.get(row["file"])
            if not check(a is not None, row["file"], "not stored by parley demo"):
                continue
            got = parse_iso(a.get("published") or "")
            check(got and got[0] == parse_iso(row["published"])[0], row["file"],
                  f"stored published {a.get('published')}, want {row['published']}")
            m = re.search(r"wire-copy-of=(\S+)", row["exercises"])
            orig = by_key.get(m[1]) if m else None
            if m and check(orig is not None, row["file"], f"original {m[1]} not stored"):
                # Either may be the root: whichever was ingested first.
                linked = a.get("wire_of") == orig.get("id") or orig.get("wire_of") == a.get("id")
                check(linked, row["file"], f"not linked as a wire copy of {m[1]} "
                      f"(wire_of {a.get('wire_of')}, original's {orig.get('wire_of')})")
        nwire = sum(1 for a in arts if a.get("wire_of"))
        want = sum(1 for r in rows if "wire-copy-of=" in r["exercises"])
        check(nwire == want, "demo", f"{nwire} articles stored as wire copies, want {want}")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    if mode == "corpus":
        corpus()
    elif mode == "parley":
        parley()
    elif mode == "store":
        store()
    else:
        print(f"usage: {sys.argv[0]} corpus|parley|store", file=sys.stderr)
        return 2
    for f in failures:
        print(f"FAIL {f}")
    print(f"{mode}: {checks} checks, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
