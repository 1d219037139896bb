"""The reporting agency: every place a page names it, cleaned to a name, then one choice.

Sources, in the order they are trusted (the first that yields a name wins; the others complete
it): the manifest; the title; the opening sentence (现将X2017年度…报告); the compiler (由X编制);
the agency as the subject of the report's sentences (2017年,X认真贯彻…) or as the owner of its
open-government group (成立了X政务公开领导小组); the signature above the date; the page's
来源/发布机构 field; the contact (请与X联系); the agency's own guide (X政府信息公开指南); the
breadcrumb; the agency's own website (通过X网站). A name is a name: it ends in an organisation
word (局, 委员会, 街道办事处, 镇…: codebook/agency_words.csv), holds no page furniture (分享, 时间,
本网) and is not a self-reference (我局, 本单位). A compiler or contact that is the agency's own
office (南昌县审计局办公室) stands for the agency. When the chosen name lacks its place
(县教育和科学技术局, 市民政局), a fuller form of the same agency elsewhere in the text completes it
(大竹县教科局: abbreviations match through codebook/agency_abbreviations.csv or their characters
in order), and a standard abbreviation is written out (人社局 -> 人力资源和社会保障局).
A report that never names itself (我镇, 我局) is named last from its own words: the one township
of its kind it names, or the field of work it speaks of (codebook/agency_domains.csv).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import codebook
from ..scan import first_class, gated, may_match, occurrences
from ..settings import AGENCY_MAX_CHARS, OPENING_CHARS
from . import divisions
from .page import Line, breadcrumbs, field_values, signature
from .title import Title, blank_cited

SOURCES = ("manifest", "title", "title_line", "opening", "address", "compiler", "body", "signature", "page_field", "contact",
           "guide", "breadcrumb", "site", "self_reference")
LEVEL_CHARS = "省市县区旗州盟"


@dataclass(frozen=True)
class Candidate:
    name: str
    source: str   # one of SOURCES
    pos: int      # view offset (-1 for the manifest)


@dataclass(frozen=True)
class Agency:
    name: str
    source: str
    note: str = ""


# --- names ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in codebook.table("agency_words"):
        out.setdefault(row["kind"], []).append(row["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """short form -> full form of a department's name (identical when it has no short form)."""
    return {row["short"]: row["full"] for row in codebook.table("agency_abbreviations")}


@lru_cache(maxsize=1)
def _org_end() -> re.Pattern:
    return re.compile("(" + "|".join(map(re.escape, words()["org_end"])) + ")$")


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff()（）·]")
# an agency's office for open government, whatever its exact name (宣汉县政府信息公开管理办公室,
# 沙洋县电子政务办公室): a contact or compiler so named stands for the agency before it
_OGI_OFFICE = re.compile(r"(?:政府)?(?:政府信息公开|政务公开|信息公开|电子政务|政务信息)[\u4e00-\u9fff]{0,8}?(?:办公室|办)$")
_EDGE_JUNK = re.compile(r"^(关于|由|对|将|为|是|的|了|在|经)+|(编制|组织编制|负责|的|了|关于|特|现)+$")


_GROUP_OFFICE = "领导小组办公室"


@lru_cache(maxsize=4096)  # the same words are offered again and again (each pattern, each report)
def clean(raw: str, *, reduce_office: bool = False) -> str:
    """A candidate cleaned to an agency name, or '' when it is not one. `reduce_office`: a
    compiler or contact that is an agency's own office stands for the agency."""
    s = re.sub(r"[\s|:：\"“”'‘’<>]+", "", raw or "")
    s = re.sub(r"[(（]以下简称[^)）]*[)）]|^[(（][^)）]*[)）]", "", s)  # (以下简称县政府办公室)
    s = _EDGE_JUNK.sub("", s)
    s = s.replace("政府政府", "政府")  # 松北区人民政府政府办公室: a word printed twice
    if not s or _NOT_HAN.search(s) or not (2 <= len(s) <= AGENCY_MAX_CHARS):
        return ""
    w = words()
    if reduce_office:
        m = _OGI_OFFICE.search(s)
        subs = ((m.group(),) if m and m.start() > 0 else ()) + w["sub_office"]
        for sub in subs:
            if s.endswith(sub) and len(s) > len(sub):
                inner = s[:-len(sub)]
                if _only_place(inner) and not inner.endswith(divisions.TOWNSHIP_SUFFIXES):
                    s = inner + "人民政府"  # 青岛市政府信息公开办公室 speaks for 青岛市人民政府
                    break
                if is_name(inner):
                    s = inner
                    break
    if s in w.get("not_name_exact", ()):
        return ""
    # one-character words are self-references at the start (我局, 本单位, 全县); longer ones anywhere
    # (a working group's own office is an agency: 重点建设项目领导小组办公室)
    checked = s[:-len(_GROUP_OFFICE)] if s.endswith(_GROUP_OFFICE) else s
    if any((checked.startswith(x) if len(x) == 1 else x in checked) for x in w["not_name"]):
        return ""
    return s if is_name(s) else ""


def is_name(s: str) -> bool:
    """Ends with an organisation word, or is a township or division name itself."""
    if not s or len(s) < 2:
        return False
    m = _org_end().search(s)
    if m:
        return len(s) > len(m.group())  # 局 or 人民政府 alone names no agency
    found = divisions.find(s, with_aliases=True)
    return bool(found) and found[-1].end == len(s)


def _only_place(s: str) -> bool:
    found = divisions.find(s, with_aliases=True)
    return bool(found) and found[0].start == 0 and found[-1].end == len(s) \
        and sum(f.end - f.start for f in found) == len(s)


def place_prefix(name: str) -> int:
    """How many leading characters of a name are places: full division and township names,
    then a division's short form at the start (常熟高新区, 武进地税局, 鄂温克旗) unless the short
    form begins a department's name (公安局 is no 公安县)."""
    pos = 0
    for f in divisions.find(name):
        if f.start != pos:
            break
        pos = f.end
    if pos == 0:
        for f in divisions.find(name, with_aliases=True):
            if f.start == 0 and not any(name.startswith(d) for d in abbreviations()) \
                    and not _TOWNSHIP_ONLY.match(name, f.end):
                pos = f.end  # (云林街道 is a township named 云林, not 云林县's)
            break
        prev = divisions.find(name[:pos], with_aliases=True) if pos else []
        while 0 < pos < len(name) - 1:  # 安徽宣城高新技术产业开发区: a province's and a city's short forms
            rest = name[pos:]
            nxt = divisions.find(rest, with_aliases=True)
            if not nxt or nxt[0].start != 0 or any(rest.startswith(d) for d in abbreviations()) \
                    or nxt[0].end >= len(rest) - 1:
                break
            if prev and not any(p.code in {q.code for q in divisions.parents(d)}
                                for p in prev[-1].divisions for d in nxt[0].divisions):
                break  # 大连长兴岛经济区: 长兴 (浙江's 长兴县) is no place under 大连
            prev = nxt[:1]
            pos += nxt[0].end
    if pos:
        # a district the tables do not list (益阳市大通湖区…: a 管理区) stays part of the place
        m = _UNLISTED_DISTRICT.match(name, pos)
        if m and len(name) > m.end() + 1:
            pos = m.end()
    return pos


_TOWNSHIP_ONLY = re.compile(r"(?:街道|镇|乡)(?:办事处|人民政府)?$")
_UNLISTED_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:管理区|新区|区)(?=[\u4e00-\u9fff]{2})")


def _office_short(c: str) -> str:
    """人民政府重点建设项目领导小组办公室 -> 重点建设项目领导小组办: an office as its short form is written."""
    c = re.sub(r"^(?:人民)?政府", "", c)
    return c[:-2] if c.endswith("办公室") else c


def core(name: str) -> str:
    """The name without its place: 大竹县教科局 -> 教科局, 市民政局 -> 民政局."""
    rest = name[place_prefix(name):]
    while rest[:1] in LEVEL_CHARS and len(rest) > 2 and not _is_department_word(rest):
        rest = rest[1:]  # (市场监管局 keeps its 市)
    return rest


def _is_department_word(s: str) -> bool:
    return s in abbreviations() or s in _full_names()


@lru_cache(maxsize=1)
def _full_names() -> frozenset[str]:
    return frozenset(abbreviations().values())


def has_place(name: str) -> bool:
    return place_prefix(name) > 0


def same_agency(a: str, b: str) -> bool:
    """The same agency under two names: equal cores, or one the other's abbreviation (the table's,
    or the characters of the short one in order in the long one: 环保局 / 环境保护局; an office
    written 办 for 办公室 under its government: 重点办 / 人民政府重点建设项目领导小组办公室)."""
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return False
    ca, cb = abbreviations().get(ca, ca), abbreviations().get(cb, cb)
    if ca == cb:
        return True
    na, nb = _office_short(ca), _office_short(cb)
    if na != ca or nb != cb:
        if len(na) < 2 or len(nb) < 2:
            return False
        ca, cb = na, nb
    short, long_ = sorted((ca, cb), key=len)
    if short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    it = iter(long_)
    return all(ch in it for ch in short)


# --- candidates -------------------------------------------------------------------------------

_YEAR = r"(?:19|20)[0-9]{2}\s*年\s*度?"
_KIND = r"(?:政府信息公开|政务信息公开|政务公开|信息公开)"
_STOP = r"[^，,。；;:：《》\n]"
_COMPILED_TAIL = (r"编制了?\s*(?:本)?\s*" + _YEAR + r"[^，,。；;\n]{0,20}?" + _KIND
                  + r"(?:工作)?(?:年度报告|年报|报告)")
_OPENING_RE = [
    # 现将X2017年度政府信息公开年度报告…; 现公布X2016年…; 特向社会公开X2016年度…
    # (现公开来凤经济开发区信息公开2018年度报告: the kind of report before its year)
    (re.compile(r"(?:现将|现就|现公布|现公开|现予公开|现予公布|现向社会公布|特向社会公布|向社会公布|特向社会公开|特编制|编制了?|公布)\s*"
                r"(?P<a>" + _STOP + r"{2,40}?)\s*(?:" + _KIND + r"(?:工作)?)?\s*" + _YEAR), "opening", False),
    # 根据…要求,X编制了2017年政府信息公开工作报告 (the agency before the verb)
    (re.compile(r"(?:^|[，,。；;》)）\n])\s*(?P<a>[^，,。；;:：《》()（）\n]{2,30}?)\s*(?:组织|负责|认真)?"
                + _COMPILED_TAIL), "opening", False),
    # 特向社会公布2018年度X信息公开年度报告
    (re.compile(_YEAR + r"\s*(?P<a>[^，,。；;:：《》\n0-9]{2,30}?)\s*" + _KIND + r"(?:工作)?(?:年度报告|年报|报告)"),
     "opening", False),
    # 由X编制; 由X综合各区…编制而成 (the compiler: often the agency's office, standing for the agency)
    # (a bracketed short name after it is not part of it: 由X(区政务公开办)编制)
    (re.compile(r"由\s*(?P<a>[^，,。；;:：《》\n(（]{2,40}?)\s*(?:[(（][^()（）\n]{1,20}[)）])?\s*(?:负责|组织)?\s*编制"),
     "compiler", True),
    (re.compile(r"由\s*(?P<a>[^，,。；;:：《》\n(（]{2,40}?)\s*(?:[(（][^()（）\n]{1,20}[)）])?\s*"
                r"(?:根据|综合|汇总|结合|按照|依照|依据|在)"), "compiler", True),
    # 请与X联系, 请联系X (the contact: the agency's office)
    (re.compile(r"请与\s*(?P<a>[^，,。；;:：《》\n(（]{2,40}?)\s*(?:联系|联络)"), "contact", True),
    (re.compile(r"请联系\s*[:：]?\s*(?P<a>[^，,。；;:：《》\n(（0-9]{2,40}?)\s*(?:[,，。(（:：]|联系电话|电话)"),
     "contact", True),
]
_COMPILED_TAIL_RE = re.compile(_COMPILED_TAIL)
_UNITS_SUMMED = re.compile(r"\s*(?:了)?\s*(?:各|全[省市县区州盟旗]|本[省市县区州盟旗]各|[省市县区州盟旗](?:人民)?政府(?:各|[、,，]))")
# a government's body that compiles its report (办公厅, 电子政务管理中心): the name after 政府
_GOVERNMENT_OFFICE = re.compile(r"(?:人民)?政府(?:办公[厅室]|[\u4e00-\u9fff]{0,10}?(?:中心|办公室|办))$")
_OWN_TITLE_CITED = re.compile(r"(?:编制了?|形成了?|现将|特将|公布|发布|现向社会公开|现予公开|现公开)\s*《\s*(?P<a>[^《》\n0-9]{2,30}?)\s*" + _YEAR
                              + r"\s*" + _KIND + r"(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)\s*》")
_SUBJECT_VERBS = (r"(?:认真|严格|坚持|高度|按照|紧紧|以|在|全面|深入|继续|积极|不断|持续|围绕|结合|根据|"
                  r"进一步|始终|切实|着力|大力|扎实|共|主动|通过|依托|牢固|立足|聚焦|把|将|对|于|加强|强化|"
                  r"紧密|贯彻|狠抓|无|没有|未|全年|本年度|今年)")
# the verbs behind a look-ahead for their first characters: one test of the character where the
# engine would try the fifty verbs in turn, after every length of the name before them
_VERB = "(?=" + first_class(_SUBJECT_VERBS) + ")" + _SUBJECT_VERBS
_BODY_RE = [
    # 2017年,红塔区教育局在区政府…; 2016年,威海市人力资源和社会保障局认真贯彻…
    (re.compile(r"(?:^|[。；;\n])\s*" + _YEAR + r"\s*[,，]?\s*(?P<a>[^，,。；;:：《》\n0-9]{2,32}?)"
                + _VERB), "any"),
    # …,抚顺市公安局以服务群众…: a subject after a clause (a department, or a name with its place)
    (re.compile(r"(?:^|[。；;\n,，])\s*(?P<a>[^，,。；;:：《》\n0-9]{2,32}?)" + _VERB), "department"),
    # 2018年,瓯海区体育局政府信息公开工作运行顺畅: a named department before its disclosure work
    # (a page flattened to one line: the heading before it ends with a space, 一、概述 2016年,…)
    (re.compile(r"(?:^|[。；;\n \t\u3000])\s*" + _YEAR + r"\s*[,，]?\s*(?P<a>[^，,。；;:：《》\n0-9]{2,32}?)(?:的)?" + _KIND + r"工作"),
     "named_department"),
    # 成立了X政务公开(工作)领导小组; 完善了区人社局政府信息公开工作制度; 制定了X局政府信息公开办法
    (re.compile(r"(?P<a>[^，,。；;:：《》\n0-9]{2,32}?)" + _KIND + r"(?:工作)?(?:领导小组|工作制度|制度|实施办法|办法|实施细则)"),
     "department"),
]
# where the last of those can match: it starts 2-32 characters before one of these (the
# engine would try all 32 lengths of its name at every character of the text)
_OWNER_AT = re.compile(_KIND + r"(?:工作)?(?:领导小组|工作制度|制度|实施办法|办法|实施细则)")
# the agency's own guide and catalogue (《榆树市民政局政府信息公开指南》); a superior's rules
# (《南昌市政府信息公开规定》) are not read
_GUIDE_RE = re.compile(r"《(?P<a>[^《》\n]{2,30}?)" + _KIND + r"(?:指南|目录)")
# the agency's own site (通过舒城县招商局网站, 以市文体新广局网站为主体): a department's, not a portal
_SITE_RE = re.compile(r"(?:通过|在|利用|以)\s*(?P<a>[^，,。；;:：《》\n0-9、]{2,20}?)(?:门户)?网站")
_SELF_TOWNSHIP = re.compile(r"[我本](镇|乡|街道|苏木)")
_ADDRESSEE = re.compile(r"[^\n。，,]{0,12}?[:：][ \t\u3000]*\n")
_FIELD_LABELS = ("发布机构", "发布单位", "来源", "信息来源", "发文机关", "录入", "发布者")
_DEPARTMENT_END = re.compile(r"(局|委员会|委|厅|办公室|中心|管理委员会|分局)$")
_GARBLED = re.compile(r"[A-Za-z0-9]{3,}")
_SECOND_NAME = re.compile(r"[(（]([\u4e00-\u9fff]{2,20})[)）]\s*$")


def candidates(view: str, lines: list[Line], title: Title | None, address: str = "") -> list[Candidate]:
    """`address`: the page's address (sources.csv source_url), whose path may name the department
    by its initials (/ycssjj/: 宜春市审计局)."""
    out: list[Candidate] = []

    def add(raw: str, source: str, pos: int, *, reduce: bool = False, need: str = "any") -> None:
        name = clean(_tail_name(raw), reduce_office=reduce)
        if not name:
            # 县委农办(县农业局), its first name garbled by a mirror: the second name of the same office
            m = _SECOND_NAME.search(raw or "")
            name = clean(m.group(1), reduce_office=reduce) if m and _GARBLED.search(raw, 0, m.start()) else ""
        if not name:
            return
        if need == "department" and not (has_place(name) or name[:1] in LEVEL_CHARS
                                         or _DEPARTMENT_END.search(name)):
            return
        if need == "place" and not (has_place(name) or name[:1] in LEVEL_CHARS):
            return
        if need == "named_department" and not (has_place(name) and _DEPARTMENT_END.search(name)):
            return  # 2018年,区政府信息公开工作…: the level alone names no agency
        out.append(Candidate(name, source, pos))

    if title is not None and title.agency_part:
        add(title.agency_part, title.where, max(title.start, 0))
    if title is not None and title.where == "title":
        # the agency on a line of its own right above or below the title (白银市交通运输局 /
        # 2017年度…年度报告; 关于…的报告 / 南京市鼓楼区财政局)
        content = [ln for ln in lines if ln.stripped]
        at = next((k for k, ln in enumerate(content) if ln.start <= title.start < ln.end + 1), None)
        if at is not None:
            end = title.start + len(title.text)
            after = next((k for k in range(at, len(content)) if content[k].end >= end), at)
            for k in (at - 1, after + 1):
                if 0 <= k < len(content) and len(content[k].stripped) <= AGENCY_MAX_CHARS:
                    add(content[k].stripped, "title_line", content[k].start)
    opening = blank_cited(view[:OPENING_CHARS * 3])
    for rx, source, reduce in _OPENING_RE:
        if not may_match(rx, opening):
            continue  # the text lacks a word every match holds (编制, 由, 请与…)
        if rx is _OPENING_RE[1][0] and not _COMPILED_TAIL_RE.search(opening):
            continue  # nor the words every match ends with (编制了2017年度…报告): the name before them,
            # up to 30 characters, is otherwise tried at every punctuation mark
        for m in rx.finditer(opening):
            name = m["a"]
            if source == "compiler" and m.group().endswith(("综合", "汇总")) and _UNITS_SUMMED.match(opening, m.end()):
                # 由杭州市人民政府办公厅综合各区、县(市)政府和市政府各部门的…编制: the office
                # (or centre) compiles the government's report, which sums its units
                name = _GOVERNMENT_OFFICE.sub("人民政府", name)
            add(name, source, m.start("a"), reduce=reduce)
    # 编制了《仙游县民政局2019年度政务信息公开工作报告》: the report naming itself in quotation marks
    for m in _OWN_TITLE_CITED.finditer(view[:OPENING_CHARS * 3]):
        add(m["a"], "opening", m.start("a"))
    body = blank_cited(view[:OPENING_CHARS * 6])
    for rx, need in _BODY_RE:
        for m in (_matches_before(rx, _OWNER_AT, body, 32) if rx is _BODY_RE[-1][0] else gated(rx).finditer(body)):
            if _ADDRESSEE.match(body, m.end()):
                continue  # 市政府信息公开工作领导小组办公室: (the body the report is sent to)
            add(m["a"], "body", m.start("a"), need=need)
    for name_line, _ in signature(lines):
        add(name_line.stripped, "signature", name_line.start)
    for value, pos in field_values(view, _FIELD_LABELS):
        add(value, "page_field", pos, reduce=True)
    for m in _GUIDE_RE.finditer(view[:OPENING_CHARS * 6]):
        name = clean(_tail_name(m["a"]))
        if name and not _only_place(name) and not name.endswith(("政府", "人民政府")):
            out.append(Candidate(name, "guide", m.start("a")))
    for crumbs in breadcrumbs(lines):
        # … > 马水镇 > 信息公开年度报告: the element before the report column names the agency
        for a, b in zip(crumbs, crumbs[1:]):
            if re.search(r"年报|年度报告", b) and not re.search(r"公开|年报|目录", a):
                add(a, "breadcrumb", 0)
    # 我镇…: a township report that never names itself but names one township of its kind
    m = _SELF_TOWNSHIP.search(body)
    if m and not out:
        kind = m.group(1)
        towns = {f.name for f in divisions.find(body) if f.townships and f.name.endswith(kind)}
        if not towns and kind in ("镇", "乡"):
            towns = _unlisted_township(view[:OPENING_CHARS * 6], kind)
        if len(towns) == 1:
            out.append(Candidate(towns.pop(), "self_reference", m.start()))
    if not out:
        own = _self_department(body) or _department_in_address(body, address)
        if own is not None:
            out.append(own)
    for m in _SITE_RE.finditer(body):
        name = clean(_tail_name(m["a"]))
        if name and (has_place(name) or name[:1] in LEVEL_CHARS) and not re.search(r"政府|办公室|办公厅", name) \
                and _DEPARTMENT_END.search(name):
            out.append(Candidate(name, "site", m.start("a")))
    return out


# 我局, 我厅, 我委: a department speaking of itself (not 我局网站's reader, nor 我局党组 only)
_SELF_DEPARTMENT = re.compile(r"[我本](局|厅|委)")
_SUFFIX_OF = {"局": "局", "厅": "厅", "委": "委员会", "办": "办公室"}
# its own account or site, named after its place and field: “广东自然资源”官方微信号, “溧阳民政”微博
_OWN_ACCOUNT = re.compile(r"[“\"]\s*(?P<n>[\u4e00-\u9fff]{3,14}?)\s*[”\"]\s*(?:官方|政务)?\s*"
                          r"(?:微信|微博|公众号|头条号|抖音号|门户网站|网站)")
_WORK_AFTER = re.compile(r"(?:重点业务|相关工作|重点工作|业务|工作|事业|领域|部门|系统)")


@lru_cache(maxsize=1)
def _domains() -> dict[str, tuple[str, str]]:
    """word -> (root, ends) of codebook/agency_domains.csv, the longest words first."""
    rows = sorted(codebook.table("agency_domains"), key=lambda r: len(r["word"]), reverse=True)
    return {r["word"]: (r["root"], r["ends"]) for r in rows}


def _self_department(body: str) -> Candidate | None:
    """A department's report that never names itself but speaks as one (我局, 我厅) and names its
    field of work: its own account after its place and field (“广东自然资源”官方微信号: 广东省自然资源厅),
    else one field its sentences keep returning to (民政重点业务, 民政相关工作: 民政局, placed later by
    the page's other evidence). Nothing when the page speaks as several kinds or of several fields."""
    kinds = {m.group(1) for m in _SELF_DEPARTMENT.finditer(body)}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    domains = _domains()
    named = {}
    for m in _OWN_ACCOUNT.finditer(body):
        n = re.sub(r"发布$", "", m["n"])
        cut = place_prefix(n)
        if cut and n[cut:] in domains:
            named[n[cut:]] = (n[:cut], m.start("n"))
    if len(named) > 1:
        return None
    if named:
        (word, (where, pos)), = named.items()
        root, ends = domains[word]
        if kind not in ends:
            return None
        full = _place_in_full(where, kind)
        if not full:
            return None
        return Candidate(full + root + _SUFFIX_OF[kind], "self_reference", pos)
    # its own name written with its level only (县退役军人事务局自2019年3月15日…): one such name
    written = {}
    for root, ends in set(domains.values()):
        if kind not in ends:
            continue
        full = root + _SUFFIX_OF[kind]
        for at in occurrences(full, body):
            if at and body[at - 1] in LEVEL_CHARS and not (at > 1 and "\u4e00" <= body[at - 2] <= "\u9fff"
                                                           and body[at - 2] not in "，,。；;：:、 "):
                written.setdefault(body[at - 1] + full, at - 1)
    if len(written) == 1:
        (name, pos), = written.items()
        return Candidate(name, "self_reference", pos)
    counts: dict[str, tuple[int, int]] = {}
    for word in domains:
        for at in occurrences(word, body):
            if _WORK_AFTER.match(body, at + len(word)) and not any(
                    w != word and word in w and body.startswith(w, at - w.find(word)) for w in domains):
                n, first = counts.get(word, (0, at))
                counts[word] = (n + 1, min(first, at))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1][0])
    if not ranked or ranked[0][1][0] < 2 or (len(ranked) > 1 and ranked[0][1][0] < 2 * ranked[1][1][0] + 1):
        return None
    word, (_, pos) = ranked[0]
    root, ends = domains[word]
    if kind not in ends:
        return None
    return Candidate(root + _SUFFIX_OF[kind], "self_reference", pos)


def _unlisted_township(text: str, kind: str) -> set[str]:
    """A township the division table lacks, named by a page that speaks as it (我乡): a name of
    2-4 characters and its kind that starts after a mark once (《岩腊乡2019年…》) and occurs
    again (加强岩腊乡重点领域); the governments of the names so found (one expected)."""
    names = {m.group(1) for m in re.finditer(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,4}?" + kind + ")", text)}
    return {n + "人民政府" for n in names if not re.search(r"[全各本我该此其镇乡村区县市省州]", n[:-1]) and text.count(n) >= 2}


def _department_in_address(body: str, address: str) -> Candidate | None:
    """A department that speaks only as 我局 and whose page sits in a folder named by its initials,
    alone or after its place's (sj.yichun.gov.cn/ycssjj/: 宜春市 + 审计局): the one field of work
    so spelled. The place itself comes from the page's other evidence."""
    kinds = {m.group(1) for m in _SELF_DEPARTMENT.finditer(body)}
    if len(kinds) != 1 or not address:
        return None
    kind = kinds.pop()
    from urllib.parse import urlsplit

    from . import place as place_mod

    try:
        path = urlsplit(address.strip()).path.lower()
    except ValueError:
        return None
    places = {""}
    for code in place_mod.url_codes(address):
        d = divisions.table()[0].get(code)
        if d is not None:
            for form in place_mod._short_forms(d.name):
                places |= place_mod._initials_of(form)
                places |= {k + "s" for k in place_mod._initials_of(form)} if d.name.endswith("市") else set()
    found = set()
    for token in re.findall(r"[a-z]{3,}", path):
        for root, ends in set(_domains().values()):
            if kind not in ends:
                continue
            name = root + _SUFFIX_OF[kind]
            for key in place_mod._initials_of(name):
                if token.endswith(key) and token[:len(token) - len(key)] in places:
                    found.add(name)
    if len(found) != 1:
        return None
    return Candidate(found.pop(), "address", 0)


def _place_in_full(short: str, kind: str) -> str:
    """广东 -> 广东省 (a 厅 is a province's); the one division the short form names, else ''."""
    found = divisions.find(short, with_aliases=True)
    if not found or found[0].start != 0 or found[-1].end != len(short):
        return ""
    divs = [d for d in found[-1].divisions if kind != "厅" or d.level == "province"]
    return divs[0].name if len({d.code for d in divs}) == 1 else ""


def _matches_before(rx: re.Pattern, anchor: re.Pattern, text: str, reach: int):
    """What rx.finditer(text) finds, for a pattern whose every match (never empty) starts at most
    `reach` characters before a place where `anchor` matches: only those positions are tried, in
    order, each once. re.finditer skips a match of the anchor that starts inside another one
    (信息公开… two characters into 政府信息公开…), so two more positions are tried after each."""
    pos = 0
    for a in anchor.finditer(text):
        p = max(pos, a.start() - reach)
        while p <= a.start() + 2:
            m = rx.match(text, p)
            if m is None:
                p += 1
                continue
            yield m
            p = m.end()
        pos = max(pos, p)


_LEADING_VERB = re.compile(r"^.*?(?:成立|调整|建立|设立|组建|健全|完善|明确|印发|制定|修订|充实)了?")


@lru_cache(maxsize=4096)
def _tail_name(s: str) -> str:
    """The name at the end of a stretch of words: from the first division name in it (…为组长的
    山东省国土资源厅 -> 山东省国土资源厅), else after the last word boundary (完善了区人社局)."""
    s = re.sub(r"\s+", "", s or "")
    s = re.sub(r"(?:19|20)[0-9]{2}年度?", "", s)
    s = _LEADING_VERB.sub("", s)
    found = divisions.find(s)
    if found:
        return s[found[0].start:]
    m = re.search(r"[的了为是由将对在]", s[::-1])  # not 和/及: 人力资源和社会保障局 is one name
    return s[len(s) - m.start():] if m else s


# --- the choice -----------------------------------------------------------------------------

def choose(cands: list[Candidate], view: str) -> Agency | None:
    """The first candidate in source order, completed with its place from a fuller form of the
    same agency, its standard abbreviation written out."""
    if not cands:
        return None
    ranked = sorted(cands, key=lambda c: (SOURCES.index(c.source), c.pos))
    best = ranked[0]
    town = _SELF_TOWNSHIP_WORDS.search(view[:OPENING_CHARS * 6])
    if town and not best.name.endswith(divisions.TOWNSHIP_SUFFIXES + ("人民政府",)) or (
            town and best.name.endswith("人民政府") and not _township_government(best.name)):
        # the report speaks as a township (镇党委、镇政府, 我镇) while the first name found is not one
        # (a town's report copying its county's template): a township name found elsewhere wins
        other = next((c for c in ranked if _township_government(c.name) or c.name.endswith(divisions.TOWNSHIP_SUFFIXES)), None)
        if other is not None:
            best = other
    own = _SELF_DEPARTMENT_WORDS.search(view[:OPENING_CHARS * 6])
    if own and (best.name.endswith("政府") or _only_place(best.name)):
        # the report speaks as a department (我局) while the first name found is a government
        # (特公布2016年福清市政府信息公开工作年度报告, the county's template): its own name found
        # elsewhere (请与福清市民政局…联系) wins
        other = next((c for c in ranked if c.name.endswith(own.group(1)) and not c.name.endswith("政府")), None)
        if other is not None:
            best = other
    name, notes = best.name, []
    if not has_place(name):
        fuller = _fuller(name, [c.name for c in ranked], view)
        if fuller and fuller != name:
            notes.append(f"{name} ({best.source}) completed as {fuller} from the text")
            name = fuller
    c = core(name)
    full = abbreviations().get(c)
    written = next((o.name for o in ranked if _written_out(c, name, o.name)), None) if full else None
    if written:
        # the text writes the name out itself (请与通江县文化广播影视新闻出版局办公室联系): its
        # words win over the table's, which may be another year's
        notes.append(f"{c} written out as {core(written)} from the text")
        name = written
    elif full and full != c:
        longer = name[:len(name) - len(c)] + full
        notes.append(f"{c} written out as {full} (a standard abbreviation)")
        name = longer
    return Agency(name, best.source, "; ".join(notes))


def _written_out(short_core: str, name: str, other: str) -> bool:
    """Whether `other` is `name` with its short core (文广新局) written out: the same place before
    it, and a longer core that holds the short one's characters in order (文化广播影视新闻出版局)."""
    oc = core(other)
    if len(oc) <= len(short_core) or oc[-1] != short_core[-1] \
            or name[:len(name) - len(short_core)] != other[:len(other) - len(oc)]:
        return False
    chars = iter(oc)
    return all(ch in chars for ch in short_core)


_SELF_DEPARTMENT_WORDS = re.compile(r"[我本](局|委|厅)(?![^，,。；;]{0,2}(?:网站|门户))")
_SELF_TOWNSHIP_WORDS = re.compile(r"[我本](?:镇|乡)(?![^，,。；;]{0,2}(?:村|人民政府网))|(?:镇|乡)党委、(?:镇|乡)政府")


def _township_government(name: str) -> bool:
    return bool(re.search(r"(?:镇|乡|苏木)(?:人民政府)?$|街道(?:办事处)?$", name))


def _fuller(name: str, others: list[str], view: str) -> str:
    """A form of the same agency that names its place: another candidate, else the text."""
    for other in others:
        if has_place(other) and same_agency(name, other):
            return _full_form(other, name)
    c = core(name)
    if len(c) >= 2 and not _only_place(name):
        level = name[:1] if name[:1] in LEVEL_CHARS else ""
        for at in occurrences(c, view):
            before = view[max(0, at - 12):at]
            found = divisions.find(before)
            if found and found[-1].end == len(before) and (not level or found[-1].name.endswith(level)):
                # (市政府 is completed by a 市, never by 福建省 of 福建省政府信息公开办法)
                start = found[-1].start
                for f in reversed(found[:-1]):  # the chain of places right before it (毕节市七星关区)
                    if f.end != start:
                        break
                    start = f.start
                return before[start:] + c
    return ""


def _full_form(with_place: str, other: str) -> str:
    """The place of one form with the longer core of the two (大竹县 + 教育和科学技术局)."""
    c1, c2 = core(with_place), core(other)
    place = with_place[:len(with_place) - len(c1)]
    return place + (c2 if len(c2) > len(c1) else c1)
