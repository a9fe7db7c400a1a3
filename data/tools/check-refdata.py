#!/usr/bin/env python3
"""Validate the reference data in data/actors and data/places; exit 1 on any problem.

Checks: table shapes, unique ids, country codes (ISO 3166-1 via Debian iso-codes, former
countries via ISO 3166-3, Kosovo XKX), organisation codes, sectors, the role vocabulary,
ISO dates (YYYY, YYYY-MM or YYYY-MM-DD) and their order, roles referencing known people,
two holders of a single-holder office at the same time, aliases shared by different actors
(unless declared in data/actors/ambiguous.tsv), coordinates, and that countries.tsv is what
make-countries.py produces from its inputs. Prints one line per problem, then a summary.
"""
import argparse
import calendar
import os
import re
import subprocess
import sys
import tempfile

from refdata_common import DATA, ISO_DIR, TOOLS, iso_countries, iso_former, read_tsv, split_list

SECTORS = {"government", "military", "opposition", "diplomatic", "international", "non-state"}
ROLES = {
    "president", "vice president", "prime minister", "deputy prime minister", "chancellor",
    "king", "queen", "emir", "sultan", "crown prince", "supreme leader", "pope",
    "paramount leader", "foreign minister", "deputy foreign minister", "assistant secretary",
    "defence minister", "finance minister", "minister", "trade representative",
    "secretary of the army", "national security adviser", "security council secretary",
    "security council deputy chairman", "intelligence chief", "chief of staff",
    "deputy chief of staff", "presidential aide", "senior adviser", "senior official",
    "spokesperson", "envoy", "negotiator", "ambassador", "speaker", "senator",
    "parliamentary leader", "party leader", "political leader", "opposition leader", "leader",
    "regional head", "mayor", "ombudsman", "fund head", "foreign affairs director",
    "chief of general staff", "commander-in-chief", "military commander",
    "secretary general", "commission president", "council president", "high representative",
    "parliament president", "assembly president", "commissioner", "commission chair",
    "director general", "managing director", "central bank governor", "high commissioner",
    "humanitarian chief", "prosecutor", "judge", "inspector",
}
# Offices one person holds at a time for a given country or organisation: two holders
# whose terms certainly overlap are a data error.
SINGLE_HOLDER = {
    "president", "prime minister", "chancellor", "king", "queen", "emir", "sultan",
    "crown prince", "supreme leader", "pope", "foreign minister", "defence minister",
    "secretary general", "commission president", "council president", "high representative",
    "parliament president", "assembly president", "director general", "managing director",
    "commission chair", "high commissioner", "prosecutor", "chief of general staff",
    "commander-in-chief", "security council secretary",
}
PLACE_KINDS = {"country", "region", "capital", "city", "venue"}
LAST_DAY = "2025-12-31"     # the data describe the world as of December 2025
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Report:
    def __init__(self):
        self.problems = []

    def add(self, where, msg):
        self.problems.append("%s: %s" % (where, msg))


def date_bounds(value):
    """(earliest, latest) day an ISO date of year, month or day precision can mean."""
    m = DATE_RE.match(value)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if mo is None:
        return "%04d-01-01" % y, "%04d-12-31" % y
    mo = int(mo)
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(y, mo)[1]
    if d is None:
        return "%04d-%02d-01" % (y, mo), "%04d-%02d-%02d" % (y, mo, last)
    if not 1 <= int(d) <= last:
        return None
    return value, value


def check_header(rep, path, rows, columns):
    if not rows:
        rep.add(path, "empty table")
        return False
    missing = [c for c in columns if c not in rows[0]]
    if missing:
        rep.add(path, "missing columns %s" % missing)
        return False
    for i, r in enumerate(rows, 2):
        if None in r or any(v is None for v in r.values()):
            rep.add("%s:%d" % (path, i), "wrong number of fields")
    return True


def unique(rep, path, rows, key):
    seen = {}
    for i, r in enumerate(rows, 2):
        k = r[key]
        if not k:
            rep.add("%s:%d" % (path, i), "empty %s" % key)
        elif k in seen:
            rep.add("%s:%d" % (path, i), "duplicate %s %r (first on line %d)" % (key, k, seen[k]))
        else:
            seen[k] = i


def load(rep, path, name, columns, key=None):
    """Read a table, check its header (and its key's uniqueness): (rows, usable)."""
    rows = read_tsv(path)
    ok = check_header(rep, name, rows, columns)
    if ok and key:
        unique(rep, name, rows, key)
    return rows, ok


def located(name, rows):
    """(file:line, row) pairs, line numbers counting the header as line 1."""
    for i, r in enumerate(rows, 2):
        yield "%s:%d" % (name, i), r


def norm_alias(a):
    return re.sub(r"\s+", " ", a.replace("\u2019", "'")).strip().casefold()


# Faults the checker must catch: (name, file under data/, text to append or (old, new)
# to replace once, a fragment of the expected problem line).
FAULTS = [
    ("duplicate person id", "actors/people.tsv",
     "vladimir-putin\tVladimir Putin II\t\tRUS\tgovernment\t\n", "duplicate id 'vladimir-putin'"),
    ("impossible date", "actors/roles.tsv",
     "vladimir-putin\tpresident\tRUS\t2025-13-01\t\t\t\n", "bad or missing from date '2025-13-01'"),
    ("day 31 in a 30-day month", "actors/roles.tsv",
     "vladimir-putin\tenvoy\tRUS\t2024-04-31\t\t\t\n", "bad or missing from date '2024-04-31'"),
    ("ends before it starts", "actors/roles.tsv",
     "vladimir-putin\tenvoy\tRUS\t2020-05\t2019\t\t\n", "ends (2019) before it starts (2020-05)"),
    ("unknown country of a person", "actors/people.tsv",
     "nobody-x\tNobody X\t\tXXX\tgovernment\t\n", "unknown country or organisation 'XXX'"),
    ("role of an unknown person", "actors/roles.tsv",
     "no-such-person\tenvoy\tUSA\t2020\t\t\t\n", "unknown person 'no-such-person'"),
    ("role outside the vocabulary", "actors/roles.tsv",
     "vladimir-putin\ttsar\tRUS\t2020\t\t\t\n", "role 'tsar' not in the vocabulary"),
    ("two presidents at once", "actors/roles.tsv",
     "joe-biden\tpresident\tUSA\t2018-03-01\t2018-06-01\t\t\n", "president of USA: joe-biden overlaps donald-trump"),
    ("alias shared by two actors", "actors/people.tsv",
     "sergei-lavrov-2\tSergei Lavrov Jr\tPutin\tRUS\tdiplomatic\t\n", "'putin' names"),
    ("organisation code that is a country code", "actors/organisations.tsv",
     "FRA\tFake Org\t\tforum\tinternational\t\t\t\n", "organisation code 'FRA' is a country code"),
    ("place out of range", "places/places.tsv",
     "city/zzz/nowhere\tNowhere\tNowhere\t\tcity\t\tUKR\t\t91.0\t10.0\t\t\tx\n", "coordinates out of range"),
    ("stale countries.tsv", "actors/country-names.tsv",
     ("UKR\tUkraine\t", "UKR\tUkrayina\t"), "out of date: run data/tools/make-countries.py"),
]


def self_test(args):
    """Run the checker on the real data (must pass) and on copies with one fault each."""
    import shutil
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        def run(data):
            return subprocess.run([sys.executable, os.path.abspath(__file__), "--data", data,
                                   "--iso-dir", args.iso_dir], capture_output=True, text=True)
        res = run(args.data)
        ok = res.returncode == 0
        print("%s clean data" % ("ok  " if ok else "FAIL"))
        failures += not ok
        for name, rel_path, change, expect in FAULTS:
            copy = os.path.join(tmp, "data")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(args.data, copy, ignore=shutil.ignore_patterns("demo", "*.md"))
            path = os.path.join(copy, rel_path)
            text = open(path, encoding="utf-8").read()
            if isinstance(change, tuple):
                if change[0] not in text:
                    print("FAIL %s: fixture text %r not found" % (name, change[0]))
                    failures += 1
                    continue
                text = text.replace(change[0], change[1], 1)
            else:
                text += change
            open(path, "w", encoding="utf-8").write(text)
            res = run(copy)
            ok = res.returncode == 1 and expect in res.stdout
            print("%s %s" % ("ok  " if ok else "FAIL", name))
            if not ok:
                print("     expected %r with exit 1; got exit %d:\n%s" % (expect, res.returncode, res.stdout))
            failures += not ok
    total = len(FAULTS) + 1
    print("%d passed, %d failed" % (total - failures, failures))
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--iso-dir", default=ISO_DIR)
    ap.add_argument("--self-test", action="store_true",
                    help="check that every kind of fault in FAULTS is reported")
    args = ap.parse_args()
    if args.self_test:
        return self_test(args)
    rep = Report()
    A = lambda name: os.path.join(args.data, "actors", name)
    P = lambda name: os.path.join(args.data, "places", name)
    rel = lambda p: os.path.relpath(p, os.path.dirname(args.data))

    if not os.path.exists(os.path.join(args.iso_dir, "iso_3166-1.json")):
        print("check-refdata: %s missing: apt-get install iso-codes" % args.iso_dir)
        return 2
    current = {c["alpha_3"] for c in iso_countries(args.iso_dir)}
    former = {c["alpha_3"] for c in iso_former(args.iso_dir)} - current

    # Countries.
    name = rel(A("countries.tsv"))
    countries, ok = load(rep, A("countries.tsv"), name,
                         ["code", "alpha2", "name", "aliases", "demonyms", "metonyms", "sector"], "code")
    if ok:
        codes = {r["code"] for r in countries}
        for c in sorted(current - codes):
            rep.add(name, "ISO 3166-1 country %s missing" % c)
        for where, r in located(name, countries):
            if r["code"] not in current:
                rep.add(where, "unknown country code %r" % r["code"])
            if not r["name"]:
                rep.add(where, "empty name")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "countries.tsv")
        res = subprocess.run([sys.executable, os.path.join(TOOLS, "make-countries.py"),
                              "--iso-dir", args.iso_dir, "--data", args.data, "--out", out],
                             capture_output=True, text=True)
        if res.returncode != 0:
            rep.add("make-countries.py", res.stderr.strip() or "failed")
        elif open(out, encoding="utf-8").read() != open(A("countries.tsv"), encoding="utf-8").read():
            rep.add(rel(A("countries.tsv")), "out of date: run data/tools/make-countries.py")

    # Organisations.
    name = rel(A("organisations.tsv"))
    orgs, ok = load(rep, A("organisations.tsv"), name,
                    ["code", "name", "aliases", "type", "sector", "parent", "country"], "code")
    org_codes = {r["code"] for r in orgs} if ok else set()
    if ok:
        for where, r in located(name, orgs):
            if not re.match(r"^[A-Z][A-Z0-9]+$", r["code"]):
                rep.add(where, "organisation code %r is not upper-case letters and digits" % r["code"])
            if r["code"] in current or r["code"] in former:
                rep.add(where, "organisation code %r is a country code" % r["code"])
            if r["parent"] and r["parent"] not in org_codes:
                rep.add(where, "unknown parent organisation %r" % r["parent"])
            if r["country"] and r["country"] not in current:
                rep.add(where, "unknown country %r" % r["country"])
            if r["sector"] not in SECTORS:
                rep.add(where, "unknown sector %r" % r["sector"])

    # People and their roles.
    name = rel(A("people.tsv"))
    people, ok = load(rep, A("people.tsv"), name, ["id", "name", "aliases", "country", "sector", "note"], "id")
    person_ids = {r["id"] for r in people} if ok else set()
    if ok:
        for where, r in located(name, people):
            if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", r["id"]):
                rep.add(where, "id %r is not a lower-case slug" % r["id"])
            if r["country"] not in current and r["country"] not in org_codes:
                rep.add(where, "unknown country or organisation %r" % r["country"])
            if r["sector"] not in SECTORS:
                rep.add(where, "unknown sector %r" % r["sector"])
    name = rel(A("roles.tsv"))
    roles, ok = load(rep, A("roles.tsv"), name, ["person", "role", "of", "from", "to", "title", "note"])
    with_role = set()
    terms = {}
    if ok:
        for i, (where, r) in enumerate(located(name, roles), 2):
            if r["person"] not in person_ids:
                rep.add(where, "unknown person %r" % r["person"])
            with_role.add(r["person"])
            if r["role"] not in ROLES:
                rep.add(where, "role %r not in the vocabulary (data/actors/README.md)" % r["role"])
            if r["of"] not in current and r["of"] not in former and r["of"] not in org_codes:
                rep.add(where, "unknown country or organisation %r" % r["of"])
            lo = date_bounds(r["from"]) if r["from"] else None
            if lo is None:
                rep.add(where, "bad or missing from date %r" % r["from"])
                continue
            hi = ("9999-12-31", "9999-12-31")
            if r["to"]:
                hi = date_bounds(r["to"])
                if hi is None:
                    rep.add(where, "bad to date %r" % r["to"])
                    continue
                if hi[1] < lo[0]:
                    rep.add(where, "ends (%s) before it starts (%s)" % (r["to"], r["from"]))
                if hi[0] > LAST_DAY:
                    rep.add(where, "to date %s is after %s" % (r["to"], LAST_DAY))
            if lo[0] > LAST_DAY:
                rep.add(where, "from date %s is after %s" % (r["from"], LAST_DAY))
            if r["role"] in SINGLE_HOLDER:
                terms.setdefault((r["role"], r["of"]), []).append((lo, hi, r["person"], i))
        for (role, of), ts in sorted(terms.items()):
            ts.sort()
            for a in range(len(ts)):
                for b in range(a + 1, len(ts)):
                    (alo, ahi, ap_, ai), (blo, bhi, bp, bi) = ts[a], ts[b]
                    # Certain overlap only: latest possible start before earliest possible end.
                    if ap_ != bp and alo[1] < bhi[0] and blo[1] < ahi[0]:
                        rep.add("%s:%d" % (name, bi),
                                "%s of %s: %s overlaps %s (line %d)" % (role, of, bp, ap_, ai))
    for r in people:
        if r["id"] not in with_role:
            rep.add(rel(A("people.tsv")), "%s has no role in roles.tsv" % r["id"])

    # Aliases: one string, one actor, unless declared ambiguous.
    ambiguous = {}
    amb_path = A("ambiguous.tsv")
    for r in read_tsv(amb_path):
        ambiguous[norm_alias(r["alias"])] = set(split_list(r["actors"]))
    owners = {}

    def own(alias, actor):
        if alias:
            owners.setdefault(norm_alias(alias), set()).add(actor)

    for r in countries:
        for a in [r["name"], r["code"]] + split_list(r["aliases"]) + split_list(r["demonyms"]) \
                + split_list(r["metonyms"]):
            own(a, r["code"])
    for r in orgs:
        for a in [r["code"], r["name"]] + split_list(r["aliases"]):
            own(a, r["code"])
    for r in people:
        for a in [r["name"]] + split_list(r["aliases"]):
            own(a, r["id"])
    for alias, actors in sorted(owners.items()):
        if len(actors) > 1:
            declared = ambiguous.get(alias)
            if declared is None:
                rep.add("aliases", "%r names %s: declare it in data/actors/ambiguous.tsv or drop it"
                        % (alias, ", ".join(sorted(actors))))
            elif declared != actors:
                rep.add(rel(amb_path), "%r: declared %s, found %s" % (alias, sorted(declared), sorted(actors)))
    for alias in sorted(set(ambiguous) - {a for a, s in owners.items() if len(s) > 1}):
        rep.add(rel(amb_path), "%r is not ambiguous any more: remove the row" % alias)

    # Places.
    name = rel(P("places.tsv"))
    places, ok = load(rep, P("places.tsv"), name,
                      ["id", "name", "ascii_name", "aliases", "kind", "venue", "country", "admin1",
                       "lat", "lon", "population", "geonames_id", "source"], "id")
    kinds = {}
    if ok:
        for where, r in located(name, places):
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
            if r["kind"] not in PLACE_KINDS:
                rep.add(where, "unknown kind %r" % r["kind"])
            if r["venue"] not in ("", "yes"):
                rep.add(where, "venue must be 'yes' or empty")
            if r["country"] not in current and not (r["kind"] == "region" and r["country"] == ""):
                rep.add(where, "unknown country %r" % r["country"])
            if r["lat"] == "" and r["lon"] == "":
                if r["kind"] != "country" or "no coordinates" not in r["source"]:
                    rep.add(where, "no coordinates")
            else:
                try:
                    lat, lon = float(r["lat"]), float(r["lon"])
                    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                        rep.add(where, "coordinates out of range")
                except ValueError:
                    rep.add(where, "bad coordinates %r, %r" % (r["lat"], r["lon"]))
            for col in ("population", "geonames_id"):
                if r[col] and not r[col].isdigit():
                    rep.add(where, "%s %r is not a number" % (col, r[col]))
            if not r["name"]:
                rep.add(where, "empty name")

    for p in rep.problems:
        print(p)
    venues = sum(1 for r in places if r.get("venue") == "yes")
    print("check-refdata: %d countries, %d organisations, %d people, %d roles, %d places (%s; %d venues): %d problem%s"
          % (len(countries), len(orgs), len(people), len(roles), len(places),
             ", ".join("%s %d" % (k, kinds[k]) for k in sorted(kinds)), venues,
             len(rep.problems), "" if len(rep.problems) == 1 else "s"))
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main())
