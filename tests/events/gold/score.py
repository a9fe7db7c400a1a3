#!/usr/bin/env python3
"""score.py - recall and precision of parley's events on the dev gold set (TimeBank/AQUAINT diplomacy).

usage: score.py [--floor-recall R] [--floor-precision P] [--verbose]

For each tests/events/gold/DOCID.tsv (our own annotations: type, date at its
precision, status, actors, a note in our words), the document
$PARLEY_SHARED/eval/tempeval3/train/*/DOCID.tml is read at test time: the text
of <TEXT> (tags stripped) is ingested with its DCT as --date and the outlet
prefix of the id (APW, NYT, XIE...) as --source; `parley ingest` extracts as
it goes.  The events of the database (`parley events --format json`) are
assigned to every document they have a source in.

A predicted event matches a gold event of its document when
  - their types are of one family (rules/merge.rules, MERGE_FAMILY),
  - the predicted date is at least as precise as the gold and falls inside
    it (gold "1998-02" is matched by any day or span in February 1998), or,
    for a gold day, the predicted span holds that day and is at most a week
    long; a coarser prediction ("1998" for gold "1998-02-23") does not match;
    gold "-" (the text gives no date) matches any date,
  - they have an actor in common: the same canonical name, or a country /
    organisation on one side and an actor of that country on the other.
Matching is one-to-one and maximal (augmenting paths), so the order of the
gold rows does not change the figures.  Recall = matched gold / gold;
precision = matched predictions / predictions.  Exits 77 when $PARLEY_SHARED
is absent, 1 when a figure is below its floor.
"""
import argparse
import calendar
import html
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("type\t"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                sys.exit(f"{path}: expected type, date, status, actors[, note]: {line!r}")
            rows.append({"type": cols[0], "date": cols[1], "status": cols[2],
                         "actors": [a for a in cols[3].split("|") if a],
                         "note": cols[4] if len(cols) > 4 else ""})
    return rows


def rules_families(src):
    fam = {}
    with open(os.path.join(src, "rules", "merge.rules"), encoding="utf-8") as f:
        inlist = False
        for line in f:
            s = line.split("#")[0].strip()
            if s == "list MERGE_FAMILY":
                inlist = True
            elif s == "end":
                inlist = False
            elif inlist and "=" in s:
                k, v = (x.strip() for x in s.split("=", 1))
                fam[k.upper()] = v
    return fam


def actor_table(data):
    """canonical name (lower) -> (country code, collective)."""
    table = {}
    def load(name, name_col, code_col, collective):
        with open(os.path.join(data, "actors", name), encoding="utf-8") as f:
            next(f)
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) > max(name_col, code_col):
                    table[c[name_col].lower()] = (c[code_col] or None, collective)
    load("people.tsv", 1, 3, False)
    load("countries.tsv", 2, 0, True)
    load("organisations.tsv", 1, 0, True)
    return table


def day_range(value):
    """(first, last) ordinal days a date covers at its precision, or None."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not m:
        return None
    y = int(m.group(1))
    import datetime
    if m.group(3):
        d = datetime.date(y, int(m.group(2)), int(m.group(3))).toordinal()
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return (datetime.date(y, mo, 1).toordinal(),
                datetime.date(y, mo, calendar.monthrange(y, mo)[1]).toordinal())
    return datetime.date(y, 1, 1).toordinal(), datetime.date(y, 12, 31).toordinal()


def date_ok(gold, ev):
    g = day_range(gold)
    if g is None:
        return True  # gold "-": the text gives no date; any will do
    p = day_range(ev.get("date"))
    if p is None:
        return False
    if ev.get("date_end"):
        e = day_range(ev["date_end"])
        if e:
            p = (p[0], e[1])
    # the prediction must be at least as precise as the gold and fall in its range
    return g[0] <= p[0] and p[1] <= g[1] or (p[0] <= g[0] and g[1] <= p[1] and p[1] - p[0] <= 6
                                              and g[0] == g[1])


def actors_ok(gold_actors, ev, table):
    for g in gold_actors:
        gc, gcoll = table.get(g.lower(), (None, False))
        for a in ev.get("actors", []):
            name = (a.get("name") or "").lower()
            if name == g.lower():
                return True
            pc, pcoll = table.get(name, (a.get("country"), False))
            pc = a.get("country") or pc
            if gc and pc and gc == pc and (gcoll or pcoll):
                return True
    return False


def max_matching(edges):
    """Maximum one-to-one matching of gold k to prediction i (edges[k] lists
    the i that match k), by augmenting paths; returns {i: k}."""
    owner = {}

    def augment(k, seen):
        for i in edges[k]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or augment(owner[i], seen):
                owner[i] = k
                return True
        return False

    for k in range(len(edges)):
        augment(k, set())
    return owner


def tml_text(path):
    with open(path, encoding="utf-8") as f:
        xml = f.read()
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", xml, re.S).group(1)
    body = re.search(r"<TEXT>(.*)</TEXT>", xml, re.S).group(1)
    text = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
    # TimeBank keeps the wire's paragraph breaks as blank lines; keep them
    text = re.sub(r"\n\s*\n", "\n\n", text)
    return dct[:10], text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--floor-recall", type=float, default=0.0)
    ap.add_argument("--floor-precision", type=float, default=0.0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    shared = os.environ.get("PARLEY_SHARED", "")
    train = os.path.join(shared, "eval", "tempeval3", "train")
    if not shared or not os.path.isdir(train):
        print(f"SKIP: TempEval-3 train set not found at {train or '$PARLEY_SHARED'}")
        return 77
    parley = os.environ["PARLEY_BIN"]
    src = os.environ.get("PARLEY_SRC", os.path.join(HERE, "..", "..", ".."))
    data = os.environ.get("PARLEY_DATA_DIR", os.path.join(src, "data"))
    fam = rules_families(src)
    table = actor_table(data)
    family = lambda t: fam.get((t or "").upper(), (t or "").upper())

    docs = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".tsv"))
    gold = {d: read_tsv(os.path.join(HERE, d + ".tsv")) for d in docs}
    with tempfile.TemporaryDirectory(prefix="parley-gold-") as tmp:
        db = os.path.join(tmp, "gold.db")
        for d in docs:
            found = [os.path.join(train, c, d + ".tml") for c in ("TimeBank", "AQUAINT")]
            found = [p for p in found if os.path.exists(p)]
            if not found:
                print(f"error: {d}.tml not in {train}")
                return 1
            dct, text = tml_text(found[0])
            path = os.path.join(tmp, d + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            outlet = re.match(r"[A-Za-z]+", d).group(0).upper()
            r = subprocess.run([parley, "--db", db, "-q", "ingest", "--date", dct, "--source",
                                outlet, path], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"error: ingest {d}: {r.stderr}")
                return 1
        r = subprocess.run([parley, "--db", db, "events", "--format", "json"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"error: parley events: {r.stderr}")
            return 1
        events = json.loads(r.stdout)

    by_doc = {d: [] for d in docs}
    for ev in events:
        for d in {os.path.basename(s["article"])[:-4] for s in ev["sources"]}:
            if d in by_doc:
                by_doc[d].append(ev)
    tg = tp = tm = 0
    print(f"{'document':<28} {'gold':>4} {'pred':>4} {'match':>5}  recall precision")
    misses, extras = [], []
    for d in docs:
        preds = by_doc[d]
        edges = [[i for i, ev in enumerate(preds)
                  if family(ev["type"]) == family(g["type"]) and date_ok(g["date"], ev)
                  and actors_ok(g["actors"], ev, table)] for g in gold[d]]
        owner = max_matching(edges)
        used = set(owner)
        matched = len(owner)
        misses += [(d, g) for k, g in enumerate(gold[d]) if k not in owner.values()]
        extras += [(d, ev) for i, ev in enumerate(preds) if i not in used]
        tg += len(gold[d])
        tp += len(preds)
        tm += matched
        print(f"{d:<28} {len(gold[d]):>4} {len(preds):>4} {matched:>5}  "
              f"{matched / max(1, len(gold[d])):6.2f} {matched / max(1, len(preds)):9.2f}")
    recall = tm / max(1, tg)
    precision = tm / max(1, tp)
    print(f"{'total':<28} {tg:>4} {tp:>4} {tm:>5}  {recall:6.2f} {precision:9.2f}")
    print(f"recall {100 * recall:.1f}%  precision {100 * precision:.1f}%  "
          f"(target >= 80% each; floors {100 * args.floor_recall:.0f}% / "
          f"{100 * args.floor_precision:.0f}%)")
    if args.verbose:
        print("\nmissed gold events:")
        for d, g in misses:
            print(f"  {d} {g['type']} {g['date']} {'|'.join(g['actors'])}  ({g['note']})")
        print("\npredictions matching no gold event:")
        for d, ev in extras:
            names = "|".join(a["name"] for a in ev["actors"])
            print(f"  {d} #{ev['id']} {ev['type']} {ev['date']} {ev['status']} {names}  "
                  f"({ev['label']})")
    ok = recall >= args.floor_recall and precision >= args.floor_precision
    if not ok:
        print("FAIL: below the floor")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
