"""The administrative divisions a report can name, from two maintained tables read as data:

- counties and above: GB/T 2260 as the cpca package ships it (cpca/resources/adcodes.csv; names
  as they were in the mid-2010s, e.g. 临安市 before it became 临安区 in 2017), completed with the
  divisions created since (长乐区, 临安区) from the location dictionary of the jionlp package
  (jionlp/dictionary/china_location.zip), so that both the old and the new name resolve;
- townships (镇, 乡, 街道, 苏木): the same jionlp dictionary, which places every township in its
  county.

Neither package is imported (cpca's import loads pandas, jionlp's a word segmenter): their files
are located and read. Names are found in a text by one Aho-Corasick automaton (pyahocorasick), so
the search is linear in the text.
"""
from __future__ import annotations

import csv
import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Rows of the GB/T table that are not places, and division names that are also common words
# (城区 "the urban area", 矿区 "the mining area"): the latter count only inside an agency's name.
NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政区划",
              "自治区直辖行政区划", "直辖县级行政区划"}
COMMON_WORDS = {"城区", "郊区", "矿区", "西区", "新区", "东区", "南区", "北区", "中区", "新县"}
MUNICIPALITIES = ("11", "12", "31", "50")  # their districts sit directly under the province level
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "民族乡", "镇", "乡", "苏木")
_PEOPLES = ("蒙古族|回族|藏族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|哈尼族|哈萨克族|"
            "傣族|黎族|傈僳族|佤族|畲族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|仫佬族|羌族|"
            "布朗族|撒拉族|毛南族|仡佬族|锡伯族|阿昌族|普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|"
            "保安族|裕固族|京族|塔塔尔族|独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族")
# 通道侗族自治县 -> 通道县, 鄂温克族自治旗 -> 鄂温克旗, 耿马傣族佤族自治县 -> 耿马县
_AUTONOMOUS = re.compile(rf"^(?P<place>.*?)(?P<peoples>(?:{_PEOPLES})+)自治(?P<level>县|旗)$")
_LEVEL_SUFFIX = re.compile(r"(省|市|自治区|特别行政区|自治州|地区|盟|县|自治县|旗|自治旗|区|林区|特区)$")


@dataclass(frozen=True)
class Division:
    code: str   # 6 digits (GB/T 2260)
    name: str

    @property
    def level(self) -> str:
        if self.code[2:] == "0000":
            return "province"
        if self.code[4:] == "00":
            return "prefecture"
        return "county"


@dataclass(frozen=True)
class Township:
    name: str
    county: str       # the county's name as the township dictionary gives it
    county_code: str  # its 6-digit code (may be newer than the GB/T table's)
    prefecture: str
    province: str


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, Division], dict[str, tuple[Division, ...]]]:
    """code -> Division, name -> divisions of that name (short forms included: 常熟 -> 常熟市,
    通道县 -> 通道侗族自治县), cpca's divisions first, then the newer ones from jionlp."""
    path = _package_file("cpca", "resources", "adcodes.csv")
    by_code: dict[str, Division] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["name"] not in NOT_PLACES:
                by_code.setdefault(row["adcode"][:6], Division(row["adcode"][:6], row["name"]))
    names = {d.name for d in by_code.values()}
    for name, code, _ in _jionlp()[0]:
        if code and code not in by_code and name not in names and name not in NOT_PLACES:
            by_code[code] = Division(code, name)
    by_name: dict[str, list[Division]] = {}
    for d in by_code.values():
        by_name.setdefault(d.name, []).append(d)
    return by_code, {k: tuple(v) for k, v in by_name.items()}


@lru_cache(maxsize=1)
def aliases() -> dict[str, tuple[Division, ...]]:
    """Short forms a name may take inside an agency's name (常熟高新区, 武进地税局, 鄂温克旗):
    the name without its level word, and an autonomous county without its peoples."""
    out: dict[str, list[Division]] = {}
    full = table()[1]
    for d in table()[0].values():
        forms = {short_name(d.name)}
        m = _AUTONOMOUS.match(d.name)
        if m:
            forms.add((m["place"] or m["peoples"][:-1]) + m["level"])
            if m["place"]:
                forms.add(m["place"] + "自治" + m["level"])  # 镇宁自治县 (镇宁布依族苗族自治县)
        for form in forms - {d.name}:
            if len(form) >= 2 and form not in full:
                out.setdefault(form, []).append(d)
    # an autonomous prefecture's short names as the division dictionary gives them (巴州/巴音郭楞,
    # 克州), and with 州 (黔东南州, 伊犁州), as agencies write them (巴州财政局)
    by_code = table()[0]
    for name, code, shorts in _jionlp()[0]:
        d = by_code.get(code)
        if d is None or d.name != name or not shorts or not name.endswith("自治州"):
            continue
        forms = set(shorts.split("/"))
        if name.endswith("自治州"):
            forms |= {f + "州" for f in forms if not f.endswith("州")}
        for form in forms - {d.name}:
            if len(form) >= 2 and form not in full and d not in out.get(form, []):
                out.setdefault(form, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def current_codes() -> frozenset[str]:
    """Codes of the divisions as they are today (jionlp's dictionary): a code of the GB/T table
    missing here belongs to a division abolished or merged since (江干区, 2021)."""
    return frozenset(code for _, code, _ in _jionlp()[0] if code)


@lru_cache(maxsize=1)
def townships() -> dict[str, tuple[Township, ...]]:
    """township name -> the townships of that name (in every county that has one)."""
    return _jionlp()[1]


@lru_cache(maxsize=1)
def _jionlp():
    """(counties and above as (name, code, short name), townships by name) from jionlp's file:
    one line per division, indented by its level; villages (four tabs) are not read."""
    path = _package_file("jionlp", "dictionary", "china_location.zip")
    text = zipfile.ZipFile(path).read("china_location.txt").decode("utf-8")
    upper: list[tuple[str, str, str]] = []
    towns: dict[str, list[Township]] = {}
    province = prefecture = county = ("", "")
    for line in re.findall(r"^\t{0,3}[^\t\n][^\n]*", text, re.M):
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t") + ["", ""]
        if depth <= 2:
            upper.append((parts[0], parts[1], parts[2]))
        if depth == 0:
            province = (parts[0], parts[1])
        elif depth == 1:
            prefecture = (parts[0], parts[1])
        elif depth == 2:
            county = (parts[0], parts[1])
        elif parts[0].endswith(TOWNSHIP_SUFFIXES) and parts[0] not in TOWNSHIP_SUFFIXES:
            # (the file lists a few townships by their kind alone, 街道: no name to find)
            towns.setdefault(parts[0], []).append(
                Township(parts[0], county[0], county[1], prefecture[0], province[0]))
    return tuple(upper), {k: tuple(v) for k, v in towns.items()}


def parents(d: Division) -> list[Division]:
    """The prefecture and province above a division (those the table has)."""
    by_code = table()[0]
    out = []
    for code in (d.code[:4] + "00", d.code[:2] + "0000"):
        if code != d.code and code in by_code and by_code[code] not in out:
            out.append(by_code[code])
    return out


def chain(d: Division) -> dict[str, str]:
    """province / prefecture / county names of a division (a municipality's districts have no
    prefecture; a county-level city under the province directly has none either)."""
    out = {"province": "", "prefecture": "", "county": ""}
    for x in [*reversed(parents(d)), d]:
        out[x.level] = x.name
    return out


def short_name(name: str) -> str:
    """衡水市 -> 衡水, 永嘉县 -> 永嘉 (two characters at least are kept)."""
    short = _LEVEL_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


@dataclass(frozen=True)
class Found:
    name: str
    start: int
    end: int
    divisions: tuple[Division, ...] = ()
    townships: tuple[Township, ...] = ()


def find(text: str, *, with_townships: bool = True, common_words: bool = False,
         with_aliases: bool = False) -> list[Found]:
    """Division (and township) names in a text, longest first where two overlap, in text order.
    `with_aliases`: short forms too (常熟, 鄂温克旗), for agency names only: in prose too many
    words are also some division's short form."""
    if len(text) <= _CACHED_CHARS:  # agency names and short windows, asked about again and again
        return list(_find_cached(text, with_townships, common_words, with_aliases))
    return _find(text, with_townships, common_words, with_aliases)


_CACHED_CHARS = 64


@lru_cache(maxsize=4096)
def _find_cached(text: str, with_townships: bool, common_words: bool, with_aliases: bool) -> tuple[Found, ...]:
    return tuple(_find(text, with_townships, common_words, with_aliases))


def _find(text: str, with_townships: bool, common_words: bool, with_aliases: bool) -> list[Found]:
    # where names end, the longest name ending there
    longest: dict[int, Found] = {}
    occurrences = _names(False).occurrences(text)
    if with_aliases:
        occurrences += _names(True).occurrences(text)
    for start, end, (name, divs, alias_divs, towns) in occurrences:
        best = longest.get(end)
        if best is not None and best.end - best.start >= end - start:
            continue
        if not common_words and name in COMMON_WORDS:
            continue
        d = divs or (alias_divs if with_aliases else ())
        t = towns if with_townships else ()
        if d or t:
            longest[end] = Found(name, start, end, d, t)
    # overlapping names: keep the longer (展览路街道 over 路街道), then the earlier
    hits = sorted(longest.values(), key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    for f in hits:
        if out and f.start < out[-1].end:
            if f.end - f.start > out[-1].end - out[-1].start:
                out[-1] = f
            continue
        out.append(f)
    return out


@lru_cache(maxsize=2)
def _names(short_forms_only: bool) -> "NameSearch":
    """The division and township names (two characters or more), or the short forms that are
    neither, each with (name, divisions of that name, divisions it is a short form of, townships
    of that name). Two automata, as the short forms end in hundreds of characters."""
    full, towns, short = table()[1], townships(), aliases()
    names = set(short) - set(full) - set(towns) if short_forms_only else set(full) | set(towns)
    return NameSearch({name: (name, full.get(name, ()), short.get(name, ()),
                              towns.get(name, ()) if name.endswith(TOWNSHIP_SUFFIXES) else ())
                       for name in sorted(names) if len(name) >= 2})


class NameSearch:
    """Every occurrence of many names in a text, in one pass over it: an Aho-Corasick automaton
    (pyahocorasick) of the names written backwards, run over the text written backwards. Backwards
    because the automaton looks a character up among a node's children one by one: thousands of
    characters begin a division's name, a few dozen end one (区, 县, 镇…), so a character that
    ends no name costs little."""

    def __init__(self, names: dict[str, object]):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for name, value in names.items():
            if name:
                self._automaton.add_word(name[::-1], (len(name), value))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def occurrences(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, value) of every occurrence of every name, overlapping ones included."""
        if self._empty:
            return []
        n = len(text)
        return [(n - 1 - j, n - 1 - j + length, value) for j, (length, value) in self._automaton.iter(text[::-1])]

    def leftmost_longest(self, text: str) -> list[tuple[int, int]]:
        """Spans of the names read left to right, the longest name where several start at one
        place, none overlapping: what a regular expression of the names, longest first,
        finds (re.finditer)."""
        out: list[tuple[int, int]] = []
        last = 0
        for start, neg_length in sorted((s, s - e) for s, e, _ in self.occurrences(text)):
            if start >= last:
                last = start - neg_length
                out.append((start, last))
        return out


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)  # located, not imported
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {package} package is not installed (run `make setup`)")
    return Path(spec.submodule_search_locations[0]).joinpath(*parts)
