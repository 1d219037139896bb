"""Who reported, for which statistics year and place, and what shape the report has.

The recipe: recognise the page as a report (ogi.resolve.recognise); find its title; choose the
statistics year and the agency from all the evidence the page carries, in a documented order
(ogi.resolve.year, ogi.resolve.agency); place the agency (ogi.resolve.place). A value the
manifest (sources.csv) gives wins over the text, and every choice records where it came from.
"""
from __future__ import annotations

import re

from .. import codebook
from ..model import Document, ReportMeta
from ..scan import occurrences
from ..settings import OPENING_CHARS
from . import agency as agency_mod
from . import place as place_mod
from . import year as year_mod
from . import divisions
from .divisions import TOWNSHIP_SUFFIXES
from .page import head, lines_of
from .recognise import recognise
from .title import find_title, title_in_address

PAGE_DATE_RE = re.compile(r"(?:发布时间|发布日期|时间|日期|来源[^\n]{0,30}?)\s*[:：]?\s*"
                          r"((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})")
SIGNATURE_DATE_RE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*$")
# A government's report that sums its subordinate units says so: 综合各县区、各部门…, 汇总全市各单位…,
# 在各市、省政府各部门…年度报告基础上编制, 根据…各部门和各区…年度报告编制
AGGREGATE_RE = re.compile(r"(综合|汇总|汇集)[^。\n]{0,12}各(县|区|市|部门|乡镇|单位|街道)|"
                          r"(结合|根据|在|依据)[^。\n]{0,40}?各(县|区|市|部门|乡镇|单位|街道|委)[^。\n]{0,40}?"
                          r"(年度报告|年报|统计数据)[^。\n]{0,12}?(编制|基础上)")
IMAGE_RE = re.compile(r"\.(jpg|jpeg|png|gif|bmp)\b", re.I)
ATTACHMENT_RE = re.compile(r"附件[^\n]{0,60}?统计表[^\n]{0,20}?\.(xls|xlsx|et|doc|docx|wps|pdf)\b", re.I)
TABLE_WORD, = codebook.table_words("table_word")  # codebook/table_words.csv
ARTICLE20_HEADER, = codebook.table_words("article20_header")  # 本年新制作数量: the 2019 form's
FIRST_YEAR_OF_2019_FORM = 2019

AGENCY_TYPES = [  # first match wins: an office of a government before the government itself
    ("government_office", re.compile(r"(人民政府|政府)办公(室|厅)$")),
    ("service_centre", re.compile(r"(政务(服务)?中心|政务服务管理局|行政服务中心|便民服务中心|政务服务局|政务服务和大数据管理局)$")),
    ("peoples_government", re.compile(r"(人民政府|政府|办事处|行政公署)$")),
    ("department", re.compile(r"(局|委员会|委|厅|办公室|办|中心|院|所|处|署|会)$")),
]


def resolve_metadata(doc: Document, manifest_row: dict | None = None) -> ReportMeta:
    manifest_row = manifest_row or {}
    view = doc.view
    lines = lines_of(view)
    title = find_title(view, lines) or title_in_address(manifest_row.get("source_url", ""))
    meta = ReportMeta(title=" ".join(title.text.split()) if title else "")
    recognition = recognise(view, head(view, lines), title, manifest_row.get("source_url", ""))
    meta.is_report = recognition.is_report
    if not recognition.is_report:
        meta.notes.append(recognition.note)
        return meta

    # the 2019 form was first filled in for 2019: a page carrying it is 2019's or later's
    earliest = FIRST_YEAR_OF_2019_FORM if ARTICLE20_HEADER in view else None
    year = year_mod.choose(title, view, _manifest_year(manifest_row), earliest, manifest_row.get("source_url", ""))
    meta.year, meta.year_source = year.value, year.source
    if year.note:
        meta.notes.append(year.note)
    if year.source == "manifest":
        text_year = year_mod.choose(title, view, earliest=earliest)
        if text_year.value is not None and text_year.value != year.value:
            meta.notes.append(f"sources.csv gives the year {year.value}; the text says {text_year.value} "
                              f"({text_year.source})")

    cands = None if manifest_row.get("agency", "").strip() else agency_mod.candidates(view, lines, title,
                                                                                         manifest_row.get("source_url", ""))
    named = _named(cands, view, manifest_row)
    if named is None:
        # 在省自然资源厅网站上公开: a site named after another body, whose province is not said
        site = agency_mod.choose(cands, view).name
        named = _named([c for c in cands if c.source != "site"], view, manifest_row) or ("", "", None, [])
        named[3].insert(0, f"the page names only the site {site}, whose place is not said: not the agency")
    meta.agency_name, meta.agency_source, place, notes = named
    meta.place = place if place is not None else meta.place
    meta.notes += notes
    if not meta.agency_name:
        meta.place = place_mod.unnamed(view, adcode=manifest_row.get("adcode", ""),
                                       url=manifest_row.get("source_url", ""))
    sub = _GOVERNMENT_BODY.match(meta.agency_name)
    if sub and meta.agency_source == "body" and agency_mod._only_place(sub.group(1)) \
            and (AGGREGATE_RE.search(view) or _JURISDICTION_WIDE.search(view)):
        # a report for the whole jurisdiction (我市各级政府共公开信息38482条) names a body of the
        # government only in its text (市政府新闻办共组织…): the report is the government's
        meta.notes.append(f"{meta.agency_name} is named in a report for its whole jurisdiction: "
                          f"the agency is {sub.group(1)}人民政府")
        meta.agency_name = sub.group(1) + "人民政府"
    office = _GOVERNMENT_OFFICE.match(meta.agency_name)
    if office is None and meta.agency_source == "compiler" and AGGREGATE_RE.search(view[:OPENING_CHARS * 6]):
        office = _PLACE_BODY.match(meta.agency_name)  # 由阳泉市经济信息中心汇总 the counties' and bureaus' reports
    if office and agency_mod._only_place(office.group(1)) and meta.agency_source in ("compiler", "opening") \
            and _for_the_government(view, office.group(1)):
        # 由山西省人民政府办公厅编制, in a report on all the province's units (在…各市政府、省直有关部门
        # …年度报告基础上), or one that speaks as 我旗 and never as the office: the government's report
        meta.notes.append(f"{meta.agency_name} compiles the report of its government: the agency is "
                          f"{office.group(1)}人民政府")
        meta.agency_name = office.group(1) + "人民政府"
    meta.agency_type = _agency_type(meta.agency_name)
    meta.report_date, meta.page_date = _dates(view, meta.year)
    meta.scope = _scope(meta, view)
    meta.tables_available, meta.template_hint = _tables_available(view, meta.year)
    return meta


_GOVERNMENT_OFFICE = re.compile(r"^(.+?)(?:人民)?政府办公[厅室]$")
# a body named after its place (阳泉市经济信息中心): the place, then the body
_PLACE_BODY = re.compile(r"^(.+?[省市县区旗州盟])(?!人民政府|政府)[\u4e00-\u9fff]{2,16}(?:中心|办公室|局|委员会)$")
_SUMMED_UNITS = re.compile(r"(?:综合|汇总|汇集)[^。\n]{0,16}?[0-9]+个")
_SPEAKS_AS_OFFICE = re.compile(r"[我本](?:办|厅|单位|室)(?![^，,。；;]{0,2}(?:网站|门户))")


def _for_the_government(view: str, where: str) -> bool:
    """Whether a report its government's office compiled is the government's: it sums the
    jurisdiction's units, or speaks as the jurisdiction (我旗) and never as the office."""
    if not agency_mod._only_place(where):
        return False
    head = view[:OPENING_CHARS * 6]
    if AGGREGATE_RE.search(head) or _SUMMED_UNITS.search(head):
        return True
    level = where[-1]
    return bool(re.search("[我本]" + re.escape(level), head)) and not _SPEAKS_AS_OFFICE.search(head)


_GOVERNMENT_BODY = re.compile(r"^(.+?)(?:人民)?政府(?!$)[\u4e00-\u9fff]+$")


def _named(cands, view: str, manifest_row: dict):
    """(agency, source, place, notes) from the manifest (cands None) or the best candidate; None
    when the best is a site named after another body whose place is not said (省自然资源厅网站)."""
    notes: list[str] = []
    if cands is None:
        name, source = manifest_row["agency"].strip(), "manifest"
    else:
        chosen = agency_mod.choose(cands, view)
        name, source = (canonical_name(chosen.name, view), chosen.source) if chosen is not None else ("", "")
        if chosen is not None and chosen.note:
            notes.append(chosen.note)
    place = place_mod.resolve(name, view, adcode=manifest_row.get("adcode", ""), url=manifest_row.get("source_url", ""))
    if source != "manifest" and _GENERIC.match(name) and not _completes(name, place):
        # 镇政府 alone: which township is not said; a made-up name (蚌埠市镇政府) would merge every
        # unnamed township of a city into one agency
        notes.append(f"the page names the agency only as {name}, not which one: agency left empty")
        name, source = "", ""
    if source in ("self_reference", "address") and not place.adcode and not agency_mod.has_place(name):
        # 民政局 read from 我局 and its work, with no place: every such report would be one agency
        # (a township's own name, 漕河镇, is kept: it names one, though its county is not said)
        notes.append(f"the page speaks as {name} but gives no place: agency left empty")
        name, source = "", ""
    if source != "manifest":
        full = with_place(name, place)
        if full != name:
            notes.append(f"{name} named with its place: {full}")
            name = full
        elif source == "site" and _OTHER_SITE.match(name):
            return None
    return name, source, place, notes


_OWN_BY_LEVEL = {"province": "省", "prefecture": "市州盟", "county": "县区旗市", "township": "镇乡"}


def own_totals(meta: ReportMeta) -> str:
    """The jurisdiction words (全县, 全市…) that are the agency's own: a government's are its
    level's; a bureau's or an office's are none (全县… in its report is the county's, not its).
    Empty when the agency or its level is unknown (nothing is then set aside)."""
    if not meta.agency_name or not meta.place.level:
        return ""
    if meta.agency_type == "peoples_government" or (meta.place.level == "township"
                                                    and meta.agency_name.endswith(("镇人民政府", "乡人民政府"))):
        own = _OWN_BY_LEVEL.get(meta.place.level, "")
        # (a township's place is its county's: 全县 is never a township's own)
        where = "" if meta.place.level == "township" else meta.place.county or meta.place.prefecture or meta.place.province
        if where and where[-1] not in own:
            own += where[-1]  # a municipality's 全市 (北京市), an autonomous region's 全区 (新疆维吾尔自治区)
        return own
    return "·"  # none of them


_COUNTY_GOVERNMENT_TOWNSHIP = re.compile(r"^(.+?[县区市旗])人民政府(.+?(?:镇|乡|苏木))(?:人民政府)?$")


def canonical_name(name: str, view: str) -> str:
    """A place alone names its government (宿迁市 -> 宿迁市人民政府, as the text writes it; 县政府 is
    written out as 县人民政府); a bare
    township its government (前吴乡 -> 前吴乡人民政府, 西街街道 -> 西街街道办事处); a township
    written under its county's government (章贡区人民政府水东镇) is that township's."""
    m = _COUNTY_GOVERNMENT_TOWNSHIP.match(name)
    if m:
        name = m.group(1) + m.group(2) + "人民政府"
    if name.endswith("政府") and not name.endswith("人民政府") and agency_mod._only_place(name[:-2]) \
            and not name[:-2].endswith(("盟", "地区")):
        # 霍山县政府 is the common short form of 霍山县人民政府: one government, one name
        return name[:-2] + "人民政府"
    if agency_mod._only_place(name):
        if _ZONE_NAME.search(name):
            # a zone is governed by its 管委会 (连云港经济技术开发区管委会), never a 人民政府
            for cand in (name + "管委会", name + "管理委员会"):
                if cand in view:
                    return cand
            return name + "管委会"
        if name.endswith(TOWNSHIP_SUFFIXES):
            if name.endswith("街道"):
                return name + "办事处"
            return name if name.endswith("办事处") else name + "人民政府"
        for cand in (name + "人民政府", name + "行政公署"):
            if any(not view.startswith("信息", at + len(cand))
                   for at in occurrences(cand, view, overlapping=True)):
                return cand  # not …区政府信息公开年报
        # a league's or a prefecture's government is its 行政公署 (兴安盟行政公署)
        return name + ("行政公署" if name.endswith(("盟", "地区")) else "人民政府")
    if name.endswith("街道") and len(name) > 2:
        return name + "办事处"  # 锡山区云林街道: a street's office (as a bare street name above)
    return name


_ZONE_NAME = re.compile(r"(?:开发区|高新区|新区|工业园区|园区|示范区|保税区|试验区)$")


_OTHER_SITE = re.compile(r"[省市县区州旗盟](?!人民政府|政府)")


# an agency named by its level only (镇政府, 区人民政府, 街道办事处)
_GENERIC = re.compile(r"^(?:镇|乡|街道|苏木|区|县|市|旗|州|盟)(?:人民)?(?:政府|办事处|政府办公室|政府办)$")


def _completes(name: str, place) -> bool:
    """Whether the place resolved names the generic agency: 区政府 in a 区, never 镇政府 in a 市."""
    level = name[:1]
    where = place.county or place.prefecture or place.province
    if level in "镇乡街苏" or not where:
        return False
    return where.endswith(level) or (level == "县" and where.endswith("自治县"))


_ZONE_FIRST = re.compile(r"(?:高新区|高新技术产业开发区|经济技术开发区|经开区|开发区|新区|示范区|保税区|工业园区)")


def with_place(name: str, place) -> str:
    """A name without its place (县水务局, 丰门街道办事处) prefixed with the place it was resolved
    to (大竹县水务局, 鹿城区丰门街道办事处), so that one agency has one name across its reports;
    a government named by its place's short form (阿坝州人民政府) is given the full one."""
    where = place.county or place.prefecture or place.province
    if name.endswith("人民政府") and where and place.adcode and name[:-4] != where:
        found = divisions.find(name[:-4], with_aliases=True)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(name) - 4 \
                and any(d.code == place.adcode for d in found[0].divisions):
            return where + "人民政府"
    if where and place.adcode and not name.startswith(where) and not _ZONE_FIRST.search(name):
        # 红河州民宗委: a division's short form (ending in its level) written out (红河哈尼族彝族自治州民宗委)
        found = divisions.find(name, with_aliases=True)
        if found and found[0].start == 0 and len(found[0].name) >= 3 and found[0].name[-1] in "州旗盟" \
                and found[0].name != where and any(d.code == place.adcode for d in found[0].divisions):
            return where + name[found[0].end:]
    if not name or not place.adcode or agency_mod.has_place(name) or _ZONE_FIRST.match(name):
        return name  # (示范区教育局: the zone's own name is not the district's)
    where = place.county or place.prefecture or place.province
    if not where:
        return name
    for level in ("自治区", "自治州", "自治县", "自治旗", *agency_mod.LEVEL_CHARS):
        if name.startswith(level) and where.endswith(level):
            name = name[len(level):]  # 县水务局 in 大竹县: 大竹县水务局; 自治区人民政府办公厅 likewise
            break
    return where + name


# counts stated for all the jurisdiction's units: 全县各级各部门主动公开政府信息共计14189条
# (全县通过不同渠道和方式累计公开政府信息11076条, 全区主动公开政府信息9726条: a government's count
# for its whole jurisdiction)
_JURISDICTION_WIDE = re.compile(r"(?:全(?:省|市|县|区|州|盟|旗)(?:各级各部门|各级行政机关|各级政府|政府系统|各部门)?|"
                                r"我(?:省|市|县|区|州|盟|旗)(?:各级各部门|各级行政机关|各级政府|政府系统|各部门))"
                                r"[^。；;，,\n]{0,16}?(?:主动公开|公开|发布|共收到|收到|受理)[^。；;，,\n]{0,16}?[0-9]+\s*(?:条|件)")


def _scope(meta: ReportMeta, view: str) -> str:
    """A government's report that sums its jurisdiction's units says so (综合各县区、各部门…编制,
    全县各级各部门主动公开…); a township's or a bureau's report that copied such a sentence from
    its county's template is its own."""
    government = meta.agency_type in ("peoples_government", "government_office") or not meta.agency_name
    township = meta.place.level == "township" or re.search(r"(?:镇|乡|苏木|街道)(?:人民政府|办事处)?$", meta.agency_name)
    if not government or township:
        return "agency"
    if AGGREGATE_RE.search(view) or _JURISDICTION_WIDE.search(view):
        return "jurisdiction_aggregate"
    # the jurisdiction's own name as the subject of a count (辽阳市2019年通过…公开信息35829条)
    where = meta.place.county or meta.place.prefecture or meta.place.province
    if where and _counts_for(where, view):
        return "jurisdiction_aggregate"
    return "agency"


_COUNT_AFTER = re.compile(r"\s*(?:19|20)[0-9]{2}\s*年度?[^。；;\n]{0,30}?(?:公开|收到|受理|发布)[^。；;，,\n]{0,16}?[0-9]+\s*(?:条|件)")


def _counts_for(where: str, view: str) -> bool:
    """Whether the text writes `where`, not right after a character, as the subject of a count:
    re.search(r"(?<![\u4e00-\u9fff])" + re.escape(where) + _COUNT_AFTER.pattern, view), without
    compiling a pattern for each place."""
    return any(not (at and "\u4e00" <= view[at - 1] <= "\u9fff") and _COUNT_AFTER.match(view, at + len(where))
               for at in occurrences(where, view, overlapping=True))



def _manifest_year(row: dict) -> int | None:
    value = (row.get("year") or "").strip()
    return int(value) if value.isdigit() else None


def _agency_type(name: str) -> str:
    for kind, rx in AGENCY_TYPES:
        if rx.search(name):
            return kind
    return "other"


def _dates(text: str, year: int | None) -> tuple[str, str]:
    """The two dates a page gives, kept apart: the date printed in the report (a line of its own
    under the title or the signature: the agency's own dating) and the date of the page (发布时间,
    发布日期, 时间: when the public could read it; a page re-posted years later carries a later
    one). Each the earliest after the statistics year; the 填报日期 of the statistics form is neither."""
    page = []
    for m in PAGE_DATE_RE.finditer(text):
        if text[max(0, m.start() - 2):m.start()] == "填报":
            continue  # the date the statistics form was filled in, not a publication
        page.append(_iso(m.group(1), m.group(2), m.group(3)))
    printed = []
    for ln in text.split("\n"):
        m = SIGNATURE_DATE_RE.match(ln) if "日" in ln else None  # (a date line holds 日)
        if m:
            printed.append(_iso(m.group(1), m.group(2), m.group(3)))

    def earliest(dates: list[str]) -> str:
        dates = [d for d in dates if d and (year is None or int(d[:4]) > year)]
        return min(dates) if dates else ""

    return earliest(printed), earliest(page)


def _iso(y: str, m: str, d: str) -> str:
    mi, di = int(m), int(d)
    if not (1 <= mi <= 12 and 1 <= di <= 31):
        return ""
    return f"{int(y):04d}-{mi:02d}-{di:02d}"


def _tables_available(text: str, year: int | None) -> tuple[str, str]:
    hint = ("format_2019" if year and year >= 2019 else "pre2019_table") if TABLE_WORD in text else ""
    if TABLE_WORD in text and IMAGE_RE.search(text[text.find(TABLE_WORD):]):
        return "image_only", hint
    if ATTACHMENT_RE.search(text):
        return "attachment_only", hint or "pre2019_table"
    return "none", hint
