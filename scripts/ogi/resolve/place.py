"""The agency's jurisdiction, resolved against the division tables (ogi.resolve.divisions).

Evidence, in order: the manifest's adcode; the places the agency's name holds (毕节市七星关区…,
a township placed in its county, a branch bureau named after a district of the city:
上海市公安局长宁分局); for a name without its place (县水务局, 丰门街道), the jurisdiction the text
names at the agency's level, the site's name (“中国永嘉”), an index number or credit code that
carries a division code (330726JD040000/2018-03819), and last the page address (a government
site's host names its place: www.dazhu.gov.cn; a credit code in the address). A name several
divisions share (鼓楼区, 朝阳乡) is resolved only by a parent or a place the text or address
names; otherwise the place is left empty with a note. Nothing is guessed.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace
from collections import Counter
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from .. import codebook
from ..model import Place
from ..scan import gated, occurrences
from . import divisions
from .agency import place_prefix
from .divisions import MUNICIPALITIES, Division, Township

# (a ministry named alone, 交通运输部, is national too)
_NATIONAL = re.compile(r"^(国务院|国家|中华人民共和国|中央)|^[^省市县区州旗盟镇乡委]{2,10}部$")
_SITE_NAME = re.compile(r"[“\"]\s*(?:中国|网上|数字)?\s*(?P<p>[\u4e00-\u9fff]{2,8}?)\s*[”\"]\s*(?:县政府|市政府|区政府|政府)?\s*(?:门户)?网站")
# 在昭化门户网和…发布: a portal named by its place without quotes
_SITE_NAMED = re.compile(r"(?:在|通过|依托|登录)\s*(?:中国)?(?P<p>[\u4e00-\u9fff]{2,6}?)\s*(?:门户网站|门户网|政府网站|政府网|政务网)")
# (gated, ogi.scan: a pattern starting with a look-behind is otherwise tried at every character)
_INDEX_CODE = gated(re.compile(r"(?<![0-9A-Z])(?P<code>[1-8][0-9]{5})(?:[A-Z]{1,3}[0-9]{3,}|[0-9]{3,})?\s*/\s*(?:19|20)[0-9]{2}\s*-"))
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[1-9][0-9A-Z](?P<code>[1-8][0-9]{5})[0-9A-Z]{9}[0-9A-Z](?![0-9A-Z])")


class Evidence:
    """Divisions the page names outside the agency's name, by kind of evidence: `text` (code ->
    times named), `site` (codes from the site's name or an index number), `url` (codes from the
    page address, worked out only when asked for)."""

    def __init__(self, text: Counter, site: tuple[str, ...], url: str):
        self.text, self.site, self._url = text, site, url

    @functools.cached_property
    def url(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(url_codes(self._url)))


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LEVEL_LIST = re.compile(r"\s*[(（][市区县州旗盟、\s]{1,7}[)）]")


def gather(view: str, url: str = "") -> Evidence:
    text = Counter()
    plain = view
    for f in divisions.find(plain, with_townships=False):
        if len(f.name) == 2 and f.start > 0 and _HAN.match(plain, f.start - 1) and not any(
                plain.endswith(p.name, 0, f.start) for d in f.divisions for p in divisions.parents(d)):
            continue  # 和县 in 平台和县商务网站, 泾县 in…: a one-character name inside running text is no place
        if len(f.name) == 2 and _LEVEL_LIST.match(plain, f.end):
            continue  # 指导市(州)和县(市、区): levels listed, no place
        for d in f.divisions:
            text[d.code] += 1
    if "州" in plain:
        for m in _prefecture_short_forms().finditer(plain):
            for d in divisions.aliases()[m.group()]:
                text[d.code] += 1  # 阿坝州, 恩施州: an autonomous prefecture as its own texts write it
    site = []
    for m in _SITE_NAME.finditer(view):
        site += [d.code for d in _by_short_name(m["p"])]
    for m in _SITE_NAMED.finditer(view):
        site += [d.code for d in _by_short_name(m["p"])]
    for m in _INDEX_CODE.finditer(view[:3000]):
        if m["code"] in divisions.table()[0]:
            site.append(m["code"])
    return Evidence(text, tuple(dict.fromkeys(site)), url)


@lru_cache(maxsize=1)
def _prefecture_short_forms() -> re.Pattern:
    """The short forms of autonomous prefectures with their 州 (阿坝州, 黔东南州): unlike most short
    forms, no word of running prose."""
    forms = [k for k, v in divisions.aliases().items()
             if k.endswith("州") and len(k) >= 3 and all(d.level == "prefecture" for d in v)]
    return re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)) or "(?!)")


def resolve(agency: str, view: str, *, adcode: str = "", url: str = "") -> Place:
    by_code = divisions.table()[0]
    if adcode:
        d = by_code.get(adcode.strip()[:6])
        if d is not None:
            return _place(d, agency, "the adcode of sources.csv", "manifest")
        found = resolve(agency, view, url=url)
        return Place(**{**found.__dict__, "note": f"adcode {adcode} of sources.csv is not in the GB/T 2260 "
                                                  f"table; " + found.note})
    if not agency:
        return Place(note="no agency, so no jurisdiction")
    ev = gather(view, url)
    names = divisions.find(agency)
    if not names or names[0].start != 0:
        # a short form starting the name (常熟高新区, 武进地税局), never a department's word
        n = place_prefix(agency)
        short = [f for f in divisions.find(agency[:n], with_aliases=True)] if n else []
        if n and _ZONE.match(agency, n):
            # 安阳高新区: a zone takes its city's short name (安阳市), not the county's of that name
            short = [replace(f, divisions=tuple(d for d in f.divisions if d.level != "county") or f.divisions)
                     for f in short]
        names = short + [f for f in names if f.start >= n]
        by_short = bool(short)
    else:
        by_short = False
    towns = [f for f in names if f.townships and not f.divisions]
    divs = [f for f in names if f.divisions]
    if not divs and not towns and _NATIONAL.match(agency):
        # a national body's office in a place, named by its short form (国家统计局重庆调查总队)
        inner = [f for f in divisions.find(agency, with_aliases=True)
                 if f.start > 0 and len({d.code for d in f.divisions}) == 1]
        if inner:
            d = inner[0].divisions[0]
            return _place(d, agency, f"{d.name}, where the national body's office named after it sits", "name")
        return Place(level="national", note="a national agency: no division code", source="name")

    # 1. divisions named in the agency's name, the most specific last (毕节市七星关区)
    chosen: Division | None = None
    source, note = "name", ""
    if divs:
        target = divs[-1]
        parents_named = {d.code for f in divs[:-1] for d in f.divisions}
        chosen, note = _pick(target.divisions, parents_named, ev, target.name)
        if chosen is None:
            return Place(note=note)
        if by_short and len(divs) == 1:
            other = _other_province_named(chosen, ev)
            if other:
                # 东方体育市场监督管理局 (a mirror's word in place of the city) in a text that names
                # 四川省 and never 海南省: the short form is not the place
                return Place(note=f"{target.name} would be {chosen.name}, but the text names {other} "
                                  f"and not its province: left empty")
        sub = _district_in_name(agency[target.end:], chosen)  # 上海市公安局长宁分局
        if sub is not None:
            chosen, note = sub, f"{sub.name} from the branch named in the agency's name"
    # 2. a township: its county (the one the name, the text or the address agrees on)
    if towns:
        town = towns[-1]
        county = _written_before(town.name, view, chosen) or _township_county(town.townships, chosen, ev)
        if county is None:
            where = "、".join(sorted({t.county for t in town.townships}))
            return Place(note=f"{town.name} is a township of {where}; the text does not say which: left empty")
        chosen, source = county, "name" if divs else "township"
        note = f"{town.name} placed in {county.name} by the township table (jionlp)"
    # 3. no place in the name: the jurisdiction the page names at the agency's level
    if chosen is None:
        chosen, source, note = _home(agency, ev)
        if chosen is None:
            return Place(note=note)
    place = _place(chosen, agency, note, source)
    if towns:
        place.level = "township"
    return place


def _other_province_named(d: Division, ev: Evidence) -> str:
    """A province the text names at least twice when it never names `d`'s own ('' if none)."""
    own = d.code[:2] + "0000"
    if ev.text.get(own) or ev.text.get(d.code):
        return ""
    by_code = divisions.table()[0]
    others = [c for c, k in ev.text.items() if c.endswith("0000") and c != own and k >= 2]
    return by_code[others[0]].name if len(others) == 1 else ""


def _pick(options: tuple[Division, ...], parents_named: set[str], ev: Evidence, name: str):
    """One of the divisions a name can mean: the one whose parent is named (in the agency's name,
    then in the text, then in the address)."""
    if len(options) == 1:
        d = options[0]
        if parents_named and not any(p.code in parents_named for p in divisions.parents(d)) \
                and d.code not in parents_named:
            return None, f"{name} is not under the place the agency's name gives: left empty"
        return d, f"{name} resolved in the GB/T 2260 table"
    for kind, scores in (("the agency's name", lambda d: any(p.code in parents_named for p in divisions.parents(d))),
                         ("the text", lambda d: any(ev.text.get(p.code) for p in divisions.parents(d))),
                         ("the text (a place under it)", lambda d: any(_under(c, d) for c in ev.text)),
                         ("the page address", lambda d: d.code in ev.url or any(p.code in ev.url for p in divisions.parents(d)))):
        hits = [d for d in options if scores(d)]
        if len(hits) == 1:
            return hits[0], f"{name} disambiguated by the parent named in {kind}"
    return None, f"{name} names {len(options)} divisions and neither the text nor the address says which: left empty"


def _under(code: str, d: Division) -> bool:
    """A division below `d` (库尔勒市 under 巴音郭楞蒙古自治州: a name the text gives places the
    agency in the prefecture it belongs to)."""
    stem = {"province": 2, "prefecture": 4}.get(d.level)
    return stem is not None and code != d.code and code[:stem] == d.code[:stem]


def _district_in_name(rest: str, parent: Division) -> Division | None:
    """A county-level division of `parent` named by its short form after the parent's name
    (上海市公安局长宁分局 -> 长宁区)."""
    if parent.level == "county" or not rest:
        return None
    hits = []
    for d in _children(parent.code):
        short = divisions.short_name(d.name)
        if short != d.name and (short + "分局" in rest or short + "公安分局" in rest):  # (?:公安)?分局
            hits.append(d)
    return hits[0] if len(hits) == 1 else None


def _written_before(township: str, view: str, named: Division | None) -> Division | None:
    """The county the text writes right before the township's name (兰州市城关区城关镇), when every
    such mention names the same one (and it lies within the place the agency's name gives)."""
    found = set()
    for at in occurrences(township, view):
        before = view[max(0, at - 12):at]
        names = [f for f in divisions.find(before, with_townships=False) if f.end == len(before)]
        for f in names:
            counties = [d for d in f.divisions if d.level == "county"]
            if len(counties) == 1:
                found.add(counties[0])
            elif counties:  # 城关区: the parent written before it decides
                parents = {d.code for g in divisions.find(before[:f.start], with_townships=False) for d in g.divisions}
                fitting = [d for d in counties if any(p.code in parents for p in divisions.parents(d))]
                if len(fitting) == 1:
                    found.add(fitting[0])
    if len(found) != 1:
        return None
    county = found.pop()
    if named is not None and county.code != named.code and not any(p.code == named.code for p in divisions.parents(county)):
        return None
    return county


def _township_county(options: tuple[Township, ...], named: Division | None, ev: Evidence) -> Division | None:
    by_code = divisions.table()[0]
    by_name = divisions.table()[1]

    def county_of(t: Township) -> Division | None:
        d = by_code.get(t.county_code)
        if d is None:  # a county renamed or re-coded since the GB/T table: by its names
            for cand in by_name.get(t.county, ()):
                if any(p.name == t.prefecture for p in divisions.parents(cand)):
                    return cand
        return d

    counties = [(t, county_of(t)) for t in options]
    counties = [(t, c) for t, c in counties if c is not None]
    # the dictionary places townships in today's counties; a county the text names that has been
    # abolished since (杭州市江干区, 2021) and lies in the same prefecture was the township's then
    current = divisions.current_codes()
    then = [d for code in ev.text if (d := by_code.get(code)) is not None and d.level == "county"
            and code not in current]
    counties = [(t, next((d for d in then if d.code[:4] == c.code[:4]), c)) for t, c in counties]
    if named is not None:
        counties = [(t, c) for t, c in counties
                    if c.code == named.code or any(p.code == named.code for p in divisions.parents(c))]
    if len(counties) == 1:
        return counties[0][1]
    for source in (lambda c: ev.text.get(c.code), lambda c: any(ev.text.get(p.code) for p in divisions.parents(c)),
                   lambda c: c.code in ev.site, lambda c: c.code in ev.url
                   or any(p.code in ev.url for p in divisions.parents(c))):
        hits = [c for _, c in counties if source(c)]
        if len({c.code for c in hits}) == 1:
            return hits[0]
    return None


_LEVEL_OF_CHAR = {"省": ("province",), "市": ("prefecture", "county"), "州": ("prefecture",),
                  "盟": ("prefecture",), "县": ("county",), "区": ("county",), "旗": ("county",)}


_ZONE = re.compile(r"(?:国家级)?(?:高新|经济技术开发区|经开区|经济开发区|开发区|新区|工业园|产业园|示范区|保税区|综合试验区)")


def unnamed(view: str, *, adcode: str = "", url: str = "") -> Place:
    """Where a report whose agency is not named comes from (我镇, 我局 on a city's portal): the
    manifest's adcode, else the one division the site's name, an index number or a government
    host names, else the widest of the places the text names when they lie on one line (a county's
    report cites its city's and province's rules: the province, never the city as if it were the
    agency's own). The agency may sit anywhere below that division, so the level is left empty."""
    by_code = divisions.table()[0]
    d = by_code.get(adcode.strip()[:6]) if adcode.strip() else None
    if d is not None:
        found, source, note = d, "manifest", "the adcode of sources.csv"
    else:
        found, source, note = _one_place(gather(view, url))
        if found is None:
            return Place(note=note)
    place = _place(found, "", f"the agency is not named; {note}: it may belong to a division below", source)
    place.level = ""
    return place


def _one_place(ev: Evidence):
    """The division the site's name or index number gives, else the government host: only when
    every candidate lies on one line of descent (yichun.gov.cn spells 宜春市 and 伊春市: no
    place), and then the widest of them (伊春市 rather than its 伊春区)."""
    by_code = divisions.table()[0]
    for kind, codes, source in (("the site's name or index number", ev.site, "page"),
                                ("the page address", ev.url, "url")):
        cands = [by_code[c] for c in dict.fromkeys(codes) if c in by_code]
        if len(cands) > 1 and source == "url":
            provinces = {c[:2] for c in ev.text}
            cands = [d for d in cands if d.code[:2] in provinces] or cands
        if not cands:
            continue
        widest = min(cands, key=lambda d: ("province", "prefecture", "county").index(d.level))
        if all(d.code == widest.code or _under(d.code, widest) for d in cands):
            return widest, source, f"{widest.name} from {kind}"
        return None, "", f"no agency named, and {kind} names several places: left empty"
    # last, the places the text names, when they all lie on one line of descent (《南京绿道规划》 and
    # nothing else): the agency lies within the widest of them, whatever its own level
    cands = [by_code[c] for c in ev.text if c in by_code]
    if cands:
        widest = min(cands, key=lambda d: ("province", "prefecture", "county").index(d.level))
        if all(d.code == widest.code or _under(d.code, widest) for d in cands):
            return widest, "page", f"{widest.name} from the text (every place it names lies within it)"
        return None, "", "no agency named, the site and the address give no place, and the text names several: left empty"
    return None, "", "no agency named, and neither the site nor the address gives a place"


def _home(agency: str, ev: Evidence):
    """The jurisdiction of an agency whose name gives none: the division the page names at the
    level its name implies (县水务局: the county the text names), when one stands out."""
    levels = _LEVEL_OF_CHAR.get(agency[:1])
    by_code = divisions.table()[0]
    for kind, codes in (("the site's name or index number", Counter(ev.site)), ("the text", ev.text),
                        ("the page address", Counter(ev.url))):
        cands = Counter({c: n for c, n in codes.items() if c in by_code and (
            levels is None or by_code[c].level in levels) and _suffix_fits(agency, by_code[c])})
        if levels is None:  # 公安局, 民政局: the most specific division named
            deepest = max((by_code[c].level for c in cands), key=("province", "prefecture", "county").index,
                          default=None)
            cands = Counter({c: n for c, n in cands.items() if by_code[c].level == deepest})
        if not cands:
            continue
        if len(cands) > 1 and kind == "the page address":
            # a host several divisions' pinyin spell (huangshi: 黄石市, and 芒市 read huang): the one
            # in a province the text names
            provinces = {c[:2] for c in ev.text}
            cands = Counter({c: n for c, n in cands.items() if c[:2] in provinces}) or cands
        (best, n), *rest = cands.most_common(2) + [(None, 0)]
        second = rest[0][1]
        if len(cands) == 1 or n >= 2 * second + 1:
            d = by_code[best]
            return d, "page" if kind != "the page address" else "url", f"{d.name} from {kind}"
    return None, "", "the agency's name gives no place and the page names none at its level: left empty"


def _suffix_fits(agency: str, d: Division) -> bool:
    """县水务局 is in a 县 (not a 区 or 市); 市民政局 in a 市."""
    c = agency[:1]
    if c in "县区旗":
        return d.name.endswith(c) or (c == "县" and d.name.endswith("自治县"))
    if c == "市":
        return d.name.endswith("市")
    return True


def url_codes(url: str) -> list[str]:
    """Division codes a page address gives: a credit code in its query (area=11370828004332205R),
    and the place a government host is named after (www.dazhu.gov.cn, liuzhou.gov.cn)."""
    if not url:
        return []
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    out = []
    for values in parse_qs(parts.query).values():
        for v in values:
            m = _CREDIT_CODE.fullmatch(v.strip())
            if m and m["code"] in divisions.table()[0]:
                out.append(m["code"])
    host = (parts.hostname or "").lower()
    if host.endswith(".gov.cn"):
        labels = host[:-len(".gov.cn")].split(".")
        for k in range(len(labels)):
            known = _site_domains().get(".".join(labels[k:]) + ".gov.cn")
            if known:  # nr.gd.gov.cn, sj.yichun.gov.cn: the domain's own place, its labels not spelled out
                labels = labels[:k]
                if known in divisions.table()[0]:
                    out.append(known)
                break
        for k, label in enumerate(reversed(labels)):
            found = _by_pinyin(label) or _by_parent_initials(label)
            if not found and k == 0 and len(label) >= 3:
                # the site's own name by its initials (mhk: 梅河口), when one division alone is so spelled;
                # never a subdomain's (mzj.wuhan.gov.cn is a bureau's)
                found = _initials_index().get(label, ())
                found = found if len(found) == 1 else ()
            out += [d.code for d in found]
    return out


@lru_cache(maxsize=1)
def _site_domains() -> dict[str, str]:
    """Government domains whose place the spelling does not settle (codebook/site_domains.csv)."""
    return {row["domain"].strip().lower(): row["adcode"].strip() for row in codebook.table("site_domains")}


def _by_parent_initials(label: str) -> tuple[Division, ...]:
    """A host that writes the city or province by its initials before the county (dlweishan:
    大理 + 巍山, tjhp: 天津 + 和平): the divisions spelled by the rest, in full or by initials,
    whose parent the initials name; only when exactly one fits."""
    label = re.sub(r"[^a-z]", "", label)
    found = set()
    for k in range(2, len(label) - 1):
        head, rest = label[:k], label[k:]
        options = set(_by_pinyin(rest)) | (set(_initials_index().get(rest, ())) if len(label) >= 4 else set())
        for d in options:
            if any(head in _initials_of(short) for p in divisions.parents(d) for short in _short_forms(p.name) - {p.name}):
                found.add(d)
    return tuple(found) if len(found) == 1 else ()


@lru_cache(maxsize=1)
def _initials_index() -> dict[str, tuple[Division, ...]]:
    """Every spelling of each division's short name by the initials of its characters' readings."""
    out: dict[str, list[Division]] = {}
    for d in divisions.table()[0].values():
        for name in _short_forms(d.name) - {d.name} or {d.name}:  # 郊区, 城区: no shorter form
            for key in _initials_of(name):
                if len(key) >= 2:
                    out.setdefault(key, []).append(d)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


_AUTONOMOUS_AREA = re.compile(r"^(?P<place>.+?)(?:" + divisions._PEOPLES + r")+自治(?:县|旗|州)$")


@lru_cache(maxsize=8192)
def _short_forms(name: str) -> frozenset[str]:
    """A division's name as hosts spell it: whole, without its level (衡水市 -> 衡水), and an
    autonomous area by its place alone (巍山彝族回族自治县 -> 巍山, 大理白族自治州 -> 大理)."""
    forms = {name, divisions.short_name(name)}
    m = _AUTONOMOUS_AREA.match(name)
    if m and len(m["place"]) >= 2:
        forms.add(m["place"])
    return frozenset(forms)


@lru_cache(maxsize=8192)
def _initials_of(name: str) -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    keys = {""}
    for ch in name:
        readings = [_toneless(r) for r in pinyin_dict.get(ord(ch), "").split(",") if r]
        # zh, ch, sh are written whole as often as by their first letter (bjtzh: 北京 通州)
        firsts = {r[:1] for r in readings} | {r[:2] for r in readings if r[:2] in ("zh", "ch", "sh")}
        if not firsts or len(keys) > 64:
            return frozenset()
        keys = {k + f for k in keys for f in firsts}
    return frozenset(keys)


@lru_cache(maxsize=1)
def _pinyin_index() -> dict[str, tuple[Division, ...]]:
    """Every pinyin spelling of each division's short name (大竹县 -> dazhu; 长寿 -> changshou and
    zhangshou: a character's readings are all tried); spellings several divisions share map to
    all of them."""
    from pypinyin.pinyin_dict import pinyin_dict  # the character table only (no phrase segmenter)

    out: dict[str, list[Division]] = {}
    for d in divisions.table()[0].values():
        for name in _short_forms(d.name):
            for key in _spellings(name, pinyin_dict):
                if len(key) >= 4:
                    out.setdefault(key, []).append(d)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _spellings(name: str, table: dict) -> set[str]:
    keys = {""}
    for ch in name:
        readings = {_toneless(r) for r in table.get(ord(ch), "").split(",") if r}
        if not readings or len(keys) > 64:
            return set()
        keys = {k + r for k in keys for r in readings}
    return keys


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> str:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
    return plain.replace("ü", "v")


def _by_pinyin(label: str) -> tuple[Division, ...]:
    label = re.sub(r"[^a-z]", "", label)
    return _pinyin_index().get(label, ()) if len(label) >= 4 else ()


@lru_cache(maxsize=4096)
def _by_short_name(short: str) -> tuple[Division, ...]:
    by_name = divisions.table()[1]
    if short in by_name:
        return by_name[short]
    out = []
    for name, ds in by_name.items():
        if divisions.short_name(name) == short:
            out += ds
    return tuple(out)


@lru_cache(maxsize=512)
def _children(code: str) -> tuple[Division, ...]:
    prefix = code[:2] if code[2:] == "0000" and code[:2] in MUNICIPALITIES else code[:4] if code[4:] == "00" else code
    return tuple(d for d in divisions.table()[0].values()
                 if d.code != code and d.code.startswith(prefix) and d.level == "county")


def _place(d: Division, agency: str, note: str, source: str) -> Place:
    names = divisions.chain(d)
    place = Place(adcode=d.code, level=d.level, note=note, source=source, **names)
    if d.level == "county" and d.code[:2] in MUNICIPALITIES:
        place.prefecture = ""  # the districts of the four municipalities sit directly under them
    return place
