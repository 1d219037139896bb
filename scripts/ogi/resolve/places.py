"""Jurisdiction of a report's agency, resolved against the GB/T 2260 division table that the
cpca package ships (cpca/resources/adcodes.csv: 12-digit codes, the first 6 are GB/T 2260).

A name shared by several divisions (鼓楼区, 城关镇…) is resolved only by a parent the text
names; otherwise the place is left empty with a note. Nothing is guessed.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..model import Document, Place, ReportMeta

# Placeholder rows of the table that are not places.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{1,8}?(乡|镇|街道办事处|街道)(?=人民政府|政府|办事处|党|$)")


_NATIONAL = re.compile(r"^(国务院|国家|中华人民共和国)")


def _county_of_township(text: str, agency: str) -> str:
    """The division the text writes right before a township agency's own name (…城关区城关镇),
    when every such mention names the same one."""
    m = _TOWNSHIP.match(agency)
    if not m:
        return ""
    township = agency[:m.end(1)]
    found = set()
    for hit in re.finditer(re.escape(township), text):
        before = [(n, i) for n, i in find_names(text[max(0, hit.start() - 12):hit.start()])
                  if i + len(n) == min(12, hit.start())]
        if before:
            found.add(before[-1][0])
    return found.pop() if len(found) == 1 else ""


@dataclass(frozen=True)
class Division:
    code: str   # 6 digits
    name: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0000":
            return "province"
        if self.code[4:] == "00":
            return "prefecture"
        return "county"


@lru_cache(maxsize=1)
def divisions() -> tuple[dict[str, Division], dict[str, list[Division]]]:
    """code -> Division, name -> divisions with that name."""
    spec = importlib.util.find_spec("cpca")  # located, not imported: its import loads pandas
    path = Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv"
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["name"] in _NOT_PLACES:
                continue
            d = Division(row["adcode"][:6], row["name"])
            by_code[d.code] = d
            by_name.setdefault(d.name, []).append(d)
    return by_code, by_name


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    names = sorted(divisions()[1], key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names if len(n) >= 2))


def find_names(text: str) -> list[tuple[str, int]]:
    """Division names in a text, longest match first at each position."""
    return [(m.group(), m.start()) for m in _name_pattern().finditer(text)]


def parents(d: Division) -> list[Division]:
    by_code = divisions()[0]
    out = []
    for code in (d.code[:4] + "00", d.code[:2] + "0000"):
        if code != d.code and code in by_code and by_code[code] not in out:
            out.append(by_code[code])
    return out


def resolve(doc: Document, meta: ReportMeta, adcode: str | None = None) -> Place:
    """The agency's place from its name and the text; `adcode` (a sources.csv column) overrides
    both when the user knows the place."""
    if adcode:
        d = divisions()[0].get(adcode.strip()[:6])
        if d is not None:
            return _place(d, meta.agency_name, f"{d.name} from the adcode in sources.csv")
        found = resolve(doc, meta)
        found.note = f"adcode {adcode} of sources.csv is not in the GB/T 2260 table; " + found.note
        return found
    names = [n for n, _ in find_names(meta.agency_name)]
    if not names and _NATIONAL.match(meta.agency_name):
        return Place(level="national", note="a national agency: no division code")
    if not names:
        county = _county_of_township(doc.norm, meta.agency_name)
        if county:  # 城关镇人民政府, and the text says 兰州市城关区城关镇
            return resolve(doc, replace(meta, agency_name=county + meta.agency_name))
        return Place(note="no administrative division named in the agency name")
    target = names[-1]  # the most specific place is named last (毕节市七星关区)
    candidates = divisions()[1][target]
    context = doc.norm
    named_parent = [n for n in names[:-1]]
    if len(candidates) > 1:
        scored = []
        for c in candidates:
            ps = [p.name for p in parents(c)]
            score = sum(1 for p in ps if p in named_parent) * 10 + sum(1 for p in ps if p in context)
            scored.append((score, c))
        scored.sort(key=lambda x: -x[0])
        if scored[0][0] == 0 or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return Place(note=f"{target} names {len(candidates)} divisions and the text does not "
                              "say which; left empty")
        best = scored[0][1]
        note = f"{target} disambiguated by the parent division named in the text"
    else:
        best = candidates[0]
        note = f"{target} resolved in the GB/T 2260 table (cpca 0.5.5)"
    if named_parent and not any(p.name in named_parent for p in parents(best)):
        return Place(note=f"{' '.join(named_parent)} is not a parent of {target}; left empty")
    return _place(best, meta.agency_name, note)


def _place(best: Division, agency_name: str, note: str) -> Place:
    chain = [*reversed(parents(best)), best]
    place = Place(adcode=best.code, level=best.level, note=note)
    for d in chain:
        setattr(place, d.level, d.name)
    if place.level == "county" and not place.prefecture and best.code[:2] in ("11", "12", "31", "50"):
        place.prefecture = ""  # districts of the four municipalities sit directly under them
    if _TOWNSHIP.search(agency_name.split(best.name)[-1]):
        place.level = "township"
        place.note += "; a township agency: adcode is its county's"
    return place
