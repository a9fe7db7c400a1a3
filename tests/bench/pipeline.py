#!/usr/bin/env python3
"""pipeline.py - benchmark the full pipeline (ingest + extract + merge + store) on generated news.

A generator writes N plain-text articles (default 10,000) into a temporary
directory (never the repository) from the templates below: our own sentences in
wire style with slots for actors, titles, countries, places and dates, ~500
words each, about ten event sentences (meetings, talks, calls, visits,
statements, offers, demands, rejections, accusations, sanctions, agreements,
ceasefires, prisoner exchanges, attacks; past, planned and denied) among
background sentences.  Actors are people of data/actors/people.tsv with their
country, places the capitals and venues of data/places; publication dates are
spread over 2025, so the same meetings are reported by several outlets and
the merger has real work.  Then, pinned to one core when taskset exists,

    /usr/bin/time -v parley --db TMP/bench.db -q ingest CORPUS

(ingest extracts and merges as it goes) on the full corpus and on its first
half, and reports articles/s, MB/s (10^6 input bytes per wall-clock second),
CPU seconds, peak RSS, and the mentions and events stored.  Peak RSS must not
grow with the corpus.  --phases also times `ingest --no-extract` and `extract`
apart.

Targets (issue 4): >= 1,000 articles/s on one core; memory independent of
corpus size.  Exit status: 0 after a report (1 with --strict when a target is
missed), 1 if parley failed.

usage: pipeline.py [--articles N] [--phases] [--strict] [--keep] [--generate DIR]
"""
import argparse
import datetime
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

TARGET_ARTICLES_PER_S = 1000
RSS_SLACK = 1.15
RSS_NOISE_KB = 8192

OUTLETS = ["Meridian Wire", "Northern Gazette", "Baltic Ledger", "Continental Post",
           "Atlantic Dispatch", "Adriatic Observer", "Dnipro Courier", "Sentinel Review",
           "Global Affairs Digest", "Harbour Times", "Capital Record", "Eastern Chronicle"]
REPORTERS = ["Anna Weber", "Tomas Novak", "Leila Haddad", "James Ortiz", "Mei Lin",
             "Olena Shevchuk", "Pierre Dubois", "Sara Lind", "Kofi Mensah", "Ivan Petrov"]

# Event sentences: {A},{B} people; {CA},{CB} their countries; {P} a place; {D} a
# date phrase; {TOPIC} an issue; {REGION} a contested region.
EVENTS = [
    "{A} met {B} in {P} {D} to discuss {TOPIC}, officials said.",
    "{A} held talks with {B} in {P} {D}, a meeting both sides called constructive.",
    "{A} and {B} spoke by phone {D} about {TOPIC}, according to a readout.",
    "{A} arrived in {P} {D} for a two-day visit, the first since the war began.",
    "{A} said {D} that {CA} was ready to offer security guarantees to {CB}.",
    "{CA} demanded {D} that {CB} withdraw its forces from {REGION}.",
    "{CA} rejected {D} a proposal by {CB} for a ceasefire along the front line.",
    "{A} accused {CB} {D} of breaking the agreement reached in {P}.",
    "{CA} imposed new sanctions on {CB} {D}, targeting banks and energy exports.",
    "{CA} and {CB} signed an agreement on {TOPIC} in {P} {D}.",
    "{CA} and {CB} agreed {D} on a prisoner exchange, the third this year.",
    "{A} will travel to {P} next week for talks with {B} on {TOPIC}.",
    "Negotiators from {CA} and {CB} may meet again in {P} this coming weekend.",
    "{A} threatened {D} to cut off talks if {CB} did not change its position.",
    "Talks between {CA} and {CB} did not take place {D}, contrary to earlier reports.",
    "{A} proposed {D} a new round of negotiations in {P} on {TOPIC}.",
    "{CA} said {D} it had launched strikes on targets in {REGION}.",
    "{A} told reporters in {P} {D} that progress on {TOPIC} had been real.",
]

# Background: no event, the texture of real articles.
FILLER = [
    "The talks come as pressure grows on both governments to show results before the winter.",
    "Analysts cautioned that a lasting settlement remained far off and that many details were still open.",
    "Diplomats familiar with the discussions described the atmosphere as tense but businesslike.",
    "The economy has suffered from years of conflict, with exports down and inflation high.",
    "Officials declined to give details of the documents under discussion, citing the sensitivity of the issues.",
    "Public opinion polls show broad support for a negotiated end to the fighting, though views differ on the terms.",
    "The question of who would guarantee any agreement has dominated the negotiations for months.",
    "European governments have pushed to be included in any talks that affect the security of the continent.",
    "Humanitarian groups have called for safe corridors and the return of civilians held in detention.",
    "Energy infrastructure has been a frequent target, leaving millions without power for hours at a time.",
    "The previous round ended without a joint statement, and both delegations briefed reporters separately.",
    "Several lawmakers questioned whether the proposals went far enough to protect national interests.",
    "Markets reacted calmly to the news, with the currency little changed in afternoon trading.",
    "A spokesperson said further meetings at the level of advisers were being prepared.",
    "Observers noted that the language used by both sides had softened compared with last month.",
    "Reconstruction costs are estimated in the hundreds of billions of dollars over the next decade.",
]

TOPICS = ["security guarantees", "territory", "a ceasefire", "prisoners", "energy", "sanctions",
          "the peace plan", "elections", "reconstruction", "grain exports"]
REGIONS = ["Donbas", "Donetsk", "Crimea", "Zaporizhzhia", "Kherson", "the border areas",
           "the Golan Heights", "the West Bank", "Gaza", "Nagorno-Karabakh"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def the(country):
    """Country names as running text writes them ("the United States")."""
    return "the " + country if country.startswith(("United ", "Netherlands", "Philippines",
                                                    "Czech", "Central African")) else country


def load_refdata(data):
    countries = {}
    with open(os.path.join(data, "actors", "countries.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            countries[c[0]] = c[2]
    people = []
    with open(os.path.join(data, "actors", "people.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) > 4 and c[3] in countries and c[4] in ("government", "diplomatic"):
                people.append((c[1], countries[c[3]]))
    places = []
    for name in ("venues.tsv", "places.tsv"):
        with open(os.path.join(data, "places", name), encoding="utf-8") as f:
            header = next(f).rstrip("\n").split("\t")
            for line in f:
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                if name == "venues.tsv" or row.get("kind") == "capital":
                    n = row.get("name") or ""
                    if n and re.match(r"^[A-Za-z .'-]+$", n):
                        places.append(n)
    return people, sorted(set(places))


def date_phrase(rng, pub, day):
    """How an article published on `pub` refers to `day` (at most six days before)."""
    back = (pub - day).days
    r = rng.random()
    if back == 0 and r < 0.5:
        return "on " + WEEKDAYS[day.weekday()]
    if back == 1 and r < 0.5:
        return "yesterday"
    if r < 0.6:
        return "on " + WEEKDAYS[day.weekday()]
    if r < 0.9:
        return "on " + day.strftime("%B ") + str(day.day)
    return "earlier this week"


def make_stories(rng, people, places, n, start):
    """What happened: n meetings (two people, a place, a day) that several outlets report."""
    return [(tuple(rng.sample(people, 2)), rng.choice(places),
             start + datetime.timedelta(days=rng.randint(0, 364))) for _ in range(n)]


def article(rng, people, places, stories):
    (a, b), place, day = rng.choice(stories)
    pub = day + datetime.timedelta(days=rng.randint(0, 2))
    outlet = rng.choice(OUTLETS)
    filler = FILLER[:]
    rng.shuffle(filler)
    title = f"{a[0]} and {b[0]} hold talks in {place}"
    sents = []
    words = 0
    n_events = 0
    while words < 480:
        if n_events < 11 and (rng.random() < 0.45 or words > 380):
            main = rng.random() < 0.6
            x, y = (a, b) if main else tuple(rng.sample(people, 2))
            p = place if main else rng.choice(places)
            d = day if main else pub - datetime.timedelta(days=rng.randint(0, 6))
            s = rng.choice(EVENTS).format(A=x[0], B=y[0], CA=the(x[1]), CB=the(y[1]), P=p,
                                          D=date_phrase(rng, pub, d), TOPIC=rng.choice(TOPICS),
                                          REGION=rng.choice(REGIONS))
            n_events += 1
        else:
            s = filler[len(sents) % len(filler)]
        sents.append(s[0].upper() + s[1:])
        words += len(s.split())
    paras, i = [], 0
    while i < len(sents):
        n = rng.randint(1, 3)
        paras.append(" ".join(sents[i:i + n]))
        i += n
    dateline = place.upper() + f" ({outlet.split()[0]}) - "
    body = "\n\n".join([dateline + paras[0]] + paras[1:])
    text = (f"{title}\nBy {rng.choice(REPORTERS)}, {outlet}\n"
            f"Published: {pub.strftime('%B')} {pub.day}, {pub.year}\n\n{body}\n")
    return text


def generate(dirpath, n, data, seed=20251215):
    rng = random.Random(seed)
    people, places = load_refdata(data)
    # one story for every five articles: each meeting is reported about five times
    stories = make_stories(rng, people, places, max(1, n // 5), datetime.date(2025, 1, 1))
    total = 0
    for k in range(n):
        sub = os.path.join(dirpath, f"{k // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        text = article(rng, people, places, stories).encode("utf-8")
        with open(os.path.join(sub, f"article-{k:06d}.txt"), "wb") as f:
            f.write(text)
        total += len(text)
    return total


def timed(cmd):
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    r = subprocess.run(pin + ["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    stats = {}
    for line in r.stderr.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            t = line.rsplit(" ", 1)[1].split(":")
            stats["wall"] = sum(float(x) * 60 ** i for i, x in enumerate(reversed(t)))
        elif line.startswith("Maximum resident set size"):
            stats["rss_kb"] = int(line.rsplit(" ", 1)[1])
        elif line.startswith("User time"):
            stats["user"] = float(line.rsplit(" ", 1)[1])
        elif line.startswith("System time"):
            stats["sys"] = float(line.rsplit(" ", 1)[1])
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-2000:])
    return r.returncode, stats


def counts(db):
    con = sqlite3.connect(db)
    q = lambda s: con.execute(s).fetchone()[0]
    c = {t: q(f"SELECT count(*) FROM {t}") for t in ("articles", "mentions", "events")}
    con.close()
    return c


def run(parley, corpus, files, nbytes, tmp, label, phases):
    db = os.path.join(tmp, f"bench-{label}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    rc, st = timed([parley, "--db", db, "-q", "ingest"] + corpus)
    if rc != 0:
        return None
    c = counts(db)
    st.update(c)
    cpu = st["user"] + st["sys"]
    print(f"{label:>6}: {files} articles, {nbytes / 1e6:.1f} MB: {st['wall']:.2f} s wall, "
          f"{cpu:.2f} s CPU: {files / st['wall']:.0f} articles/s wall "
          f"({files / cpu:.0f} per CPU second), {nbytes / 1e6 / st['wall']:.2f} MB/s wall "
          f"({nbytes / 1e6 / cpu:.2f} per CPU second), peak RSS {st['rss_kb'] / 1024:.1f} MiB; "
          f"{c['mentions']} mentions merged into {c['events']} events")
    if phases:
        db2 = db + ".phases"
        rc1, s1 = timed([parley, "--db", db2, "-q", "ingest", "--no-extract"] + corpus)
        rc2, s2 = timed([parley, "--db", db2, "-q", "extract"])
        if rc1 == 0 and rc2 == 0:
            print(f"        phases: ingest --no-extract {s1['wall']:.2f} s wall, "
                  f"{s1['user'] + s1['sys']:.2f} s CPU (RSS {s1['rss_kb'] / 1024:.1f} MiB); "
                  f"extract (time expressions, events, merge) {s2['wall']:.2f} s wall, "
                  f"{s2['user'] + s2['sys']:.2f} s CPU (RSS {s2['rss_kb'] / 1024:.1f} MiB)")
    return st


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--generate", metavar="DIR", help="only write the corpus into DIR")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.environ.get("PARLEY_SRC", os.path.join(here, "..", ".."))
    data = os.environ.get("PARLEY_DATA_DIR", os.path.join(src, "data"))
    if args.generate:
        nbytes = generate(args.generate, args.articles, data)
        print(f"wrote {args.articles} articles ({nbytes / 1e6:.1f} MB) to {args.generate}")
        return 0
    parley = os.environ.get("PARLEY_BIN") or shutil.which("parley")
    tmp = tempfile.mkdtemp(prefix="parley-pipeline-")
    try:
        corpus = os.path.join(tmp, "corpus")
        nbytes = generate(corpus, args.articles, data)
        subdirs = sorted(os.listdir(corpus))
        half = subdirs[:max(1, len(subdirs) // 2)]
        half_files = sum(len(os.listdir(os.path.join(corpus, s))) for s in half)
        half_bytes = sum(os.path.getsize(os.path.join(corpus, s, f))
                         for s in half for f in os.listdir(os.path.join(corpus, s)))
        print(f"corpus: {args.articles} generated articles, {nbytes / 1e6:.1f} MB "
              f"(~{nbytes / args.articles / 6.2:.0f} words each)")
        full = run(parley, [corpus], args.articles, nbytes, tmp, "full", args.phases)
        part = run(parley, [os.path.join(corpus, s) for s in half], half_files, half_bytes,
                   tmp, "half", False)
        if not full or not part:
            print("parley failed")
            return 1
        # on a shared machine the wall clock counts other processes too: the
        # one-core figure is articles per CPU second
        rate = args.articles / (full["user"] + full["sys"])
        flat = full["rss_kb"] <= max(part["rss_kb"] * RSS_SLACK, part["rss_kb"] + RSS_NOISE_KB)
        print(f"target >= {TARGET_ARTICLES_PER_S} articles per CPU second: {rate:.0f} "
              f"({'met' if rate >= TARGET_ARTICLES_PER_S else 'MISSED'}); peak RSS "
              f"{part['rss_kb'] / 1024:.1f} -> {full['rss_kb'] / 1024:.1f} MiB for "
              f"{half_files} -> {args.articles} articles "
              f"({'flat' if flat else 'GROWS'})")
        ok = rate >= TARGET_ARTICLES_PER_S and flat
        return 0 if ok or not args.strict else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
