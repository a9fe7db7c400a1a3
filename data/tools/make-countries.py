#!/usr/bin/env python3
"""Build data/actors/countries.tsv: ISO 3166-1 (Debian iso-codes) + hand-kept names.

The hand-kept data/actors/country-names.tsv gives what iso-codes lacks: the short name
news uses (Russia, not Russian Federation), demonyms, common aliases and metonyms (the
capital or seat of power standing for the government: Moscow, the Kremlin). Every
iso-codes country must have a row there and vice versa; the script fails otherwise.
"""
import argparse
import os
import sys

from refdata_common import DATA, ISO_DIR, iso_countries, read_tsv, split_list

COLUMNS = ["code", "alpha2", "name", "official_name", "aliases", "demonyms", "metonyms",
           "sector", "source"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso-dir", default=ISO_DIR)
    ap.add_argument("--data", default=DATA, help="the data/ directory (country-names.tsv)")
    ap.add_argument("--out", default=None, help="default: DATA/actors/countries.tsv")
    args = ap.parse_args()
    args.out = args.out or os.path.join(args.data, "actors", "countries.tsv")

    iso = {c["alpha_3"]: c for c in iso_countries(args.iso_dir)}
    names = {r["alpha3"]: r for r in read_tsv(os.path.join(args.data, "actors", "country-names.tsv"))}
    missing = sorted(set(iso) - set(names))
    unknown = sorted(set(names) - set(iso))
    if missing or unknown:
        sys.exit("make-countries: country-names.tsv lacks %s; has unknown %s" % (missing, unknown))

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for code in sorted(iso):
            c, h = iso[code], names[code]
            canon = h["short_name"]
            official = c.get("official_name", "")
            aliases = []
            for a in [c.get("name"), c.get("common_name"), official] + split_list(h["aliases"]):
                if a and a != canon and a not in aliases:
                    aliases.append(a)
            row = {
                "code": code, "alpha2": c["alpha_2"], "name": canon, "official_name": official,
                "aliases": "|".join(aliases), "demonyms": h["demonyms"], "metonyms": h["metonyms"],
                "sector": "government",
                "source": "iso-codes:3166-1; data/actors/country-names.tsv" if code != "XKX"
                          else "user-assigned code XK/XKX; data/actors/country-names.tsv",
            }
            f.write("\t".join(row[k] for k in COLUMNS) + "\n")
    print("make-countries: %d countries -> %s" % (len(iso), os.path.relpath(args.out)))


if __name__ == "__main__":
    main()
