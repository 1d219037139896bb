"""One agency_id for one agency across years and the names its reports give it.

The same agency is named several ways: with or without its place (汤原县政务服务中心 / 政务服务中心
when the page places it in 汤原县), with a short form (政务中心 / 政务服务中心, 区政府办 /
区人民政府办公室, 县政府 / 县人民政府, 人社局 / 人力资源和社会保障局), and under a new name after
the 2018-2019 institutional reform (国土资源局 -> 自然资源局, 环境保护局 -> 生态环境局). The id is
the jurisdiction's adcode and a hash of the name *folded* to one key:

1. the places of the agency's own jurisdiction (its county, prefecture and province, full or short:
   汤原县 / 汤原) are removed from the start of the name, then a bare level word (县, 区, 市…)
   before what remains (县政府 -> 政府). A township's name is kept (it tells the townships of a
   county apart); when the place is unknown nothing is removed (the place in the name is then all
   that separates two agencies);
2. a department's standard short form is written out (codebook/agency_abbreviations.csv);
3. the end of the name is folded by the reviewed alias table, codebook/agency_aliases.csv:

       pattern    the end of a name (after 1) in the form to fold: a word of the genre, never
                  one agency's name
       canonical  what that end becomes
       kind       variant (another form of the same name, any year) or reform (the name an agency
                  took in an institutional reform: the successor keeps its predecessor's id)
       since      for reforms, the statistics year the new name first appears
       note       what the row covers and why it is safe

   The longest pattern that ends the name applies, unless the name already ends with its
   canonical form (人民政府 is not folded again by the row for 政府); rows apply until none
   changes the name (卫生计生委 -> 卫生和计划生育委员会 -> 卫生健康委员会).

Only renames of one agency into one agency are folded. Merges (工商, 食药监 and 质监 into 市场监督
管理局; 国税 and 地税 into 税务局; 文化 and 旅游 into 文化和旅游局) are not: the predecessors
report side by side in the same years and keep their own ids. Every name seen is published with
its agency (the agency_names table), so a fold can always be checked and undone.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALIASES = Path(__file__).parent / "codebook" / "agency_aliases.csv"
ALIAS_COLUMNS = ("pattern", "canonical", "kind", "since", "note")
KINDS = ("variant", "reform")
UNKNOWN_PLACE = "000000"
LEVEL_CHARS = "省市县区旗州盟"
# words a level character begins, which are no level word: 市场监督管理局, 市政管理局, 市民服务中心
_NOT_LEVEL = ("市场", "市政", "市容", "市民", "区域", "县域", "州府")
_MIN_REST = 2  # a name is never folded below two characters (公安县公安局 keeps its 公安局)


@dataclass(frozen=True)
class Alias:
    pattern: str
    canonical: str
    kind: str
    since: str
    note: str


@lru_cache(maxsize=1)
def aliases() -> tuple[Alias, ...]:
    """The alias table, longest pattern first."""
    with ALIASES.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != ALIAS_COLUMNS:
            raise ValueError(f"{ALIASES.name}: columns must be {', '.join(ALIAS_COLUMNS)}")
        rows = [Alias(**{k: (r[k] or "").strip() for k in ALIAS_COLUMNS}) for r in reader]
    for r in rows:
        if not r.pattern or not r.canonical or r.kind not in KINDS:
            raise ValueError(f"{ALIASES.name}: bad row {r}")
    return tuple(sorted(rows, key=lambda r: (-len(r.pattern), r.pattern)))


def agency_id(name: str, adcode: str | None) -> str:
    """adcode (000000 when unknown) and the first 8 hex digits of the SHA-1 of the folded name."""
    code = (adcode or "").strip() or UNKNOWN_PLACE
    return f"{code}_{hashlib.sha1(identity_key(name, code).encode('utf-8')).hexdigest()[:8]}"


def identity_key(name: str, adcode: str | None) -> str:
    """The name folded to what identifies the agency within its jurisdiction (see the module)."""
    code = (adcode or "").strip()
    key = "".join((name or "").split())
    if code and code != UNKNOWN_PLACE:
        key = without_place(key, code)
    return fold(key)


def fold(name: str) -> str:
    """Short forms written out, then the alias table's rows until none applies."""
    from .resolve.agency import abbreviations

    name = abbreviations().get(name, name)
    for _ in range(len(aliases()) + 1):
        folded = _fold_once(name)
        if folded == name:
            break
        name = folded
    return name


def _fold_once(name: str) -> str:
    for a in aliases():
        if name.endswith(a.pattern):
            if name.endswith(a.canonical):
                return name  # already canonical (人民政府 is not folded by the row for 政府)
            return name[: len(name) - len(a.pattern)] + a.canonical
    return name


def own_places(adcode: str) -> frozenset[str]:
    """Codes of the jurisdiction and the divisions above it (the places its agencies' names start with)."""
    return frozenset({adcode, adcode[:4] + "00", adcode[:2] + "0000"})


def without_place(name: str, adcode: str) -> str:
    """The name without the places of its own jurisdiction at its start, then without a bare level
    word (县政府 -> 政府); a township's or another jurisdiction's name is kept."""
    from .resolve import divisions

    mine = own_places(adcode)
    pos = 0
    for f in divisions.find(name, with_townships=False, with_aliases=True):
        if f.start != pos or not any(d.code in mine for d in f.divisions):
            break
        if len(name) - f.end < _MIN_REST:
            break
        pos = f.end
    rest = name[pos:]
    if rest[:1] in LEVEL_CHARS and len(rest) - 1 >= _MIN_REST and not rest.startswith(_NOT_LEVEL):
        rest = rest[1:]
    return rest
