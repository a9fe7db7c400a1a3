"""Shared pieces of the reference-data scripts: TSV reading, slugs, the country list."""
import csv
import json
import os
import re
import unicodedata

TOOLS = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(TOOLS)
ISO_DIR = "/usr/share/iso-codes/json"

# ISO 3166 has no entry for Kosovo; XK/XKX are the user-assigned codes in common use
# (EU, IMF, SWIFT). Everything else comes from Debian's iso-codes.
EXTRA_COUNTRIES = [{"alpha_2": "XK", "alpha_3": "XKX", "name": "Kosovo",
                    "official_name": "Republic of Kosovo"}]


def slug(text):
    """ASCII lower-case id fragment: 'Zürich am See' -> 'zurich-am-see'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def read_tsv(path):
    """Rows of a header-first TSV as dicts; no quoting (fields never hold tabs)."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_list(field):
    return [x for x in field.split("|") if x] if field else []


def iso_countries(iso_dir=ISO_DIR):
    """Current ISO 3166-1 entries plus Kosovo."""
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        return json.load(f)["3166-1"] + EXTRA_COUNTRIES


def iso_former(iso_dir=ISO_DIR):
    """ISO 3166-3 former countries (SUN, YUG, DDR...), for roles held before they ended."""
    with open(os.path.join(iso_dir, "iso_3166-3.json"), encoding="utf-8") as f:
        return [c for c in json.load(f)["3166-3"] if c.get("alpha_3")]
