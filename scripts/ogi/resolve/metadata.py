"""Who reported, for which year, and what shape the report has.

The statistics year comes from the title or the statement of the statistics period, never from
the page's date, a cited document or a footer. The agency comes from the title, completed with
its place from a 来源/发布机构 line or the body when the title names only the office.
"""
from __future__ import annotations

import re

from ..model import Document, ReportMeta
from .places import find_names

REPORT_WORDS = re.compile(r"(政府信息公开|政务公开)[^\n]{0,12}(年度报告|年报)|年度报告")
_KIND = r"(?:政府信息公开|政务公开|信息公开)"
# 2017年政府信息公开工作年度报告 / …年报 / 关于2016年度政府信息公开工作情况的报告
TITLE_RE = re.compile(
    r"^(?P<agency>[^\n]{0,40}?)\s*(?P<year>(19|20)[0-9]{2})\s*年(度)?\s*" + _KIND +
    r"(?:[^\n]{0,8}?(?:工作)?\s*(?:年度报告|年报)|(?:工作)?(?:情况)?的?报告)")
# 和平区政府信息公开年报(2017年) / …年度报告(2017年度)
TITLE_YEAR_AFTER_RE = re.compile(
    r"^(?P<agency>[^\n]{0,40}?)\s*" + _KIND + r"(?:工作)?\s*(?:年度报告|年报)\s*[(（]\s*"
    r"(?P<year>(19|20)[0-9]{2})\s*年?(度)?\s*[)）]")
PERIOD_RE = re.compile(r"统计期限[^。\n]{0,6}?自?\s*((19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日")
SOURCE_RE = re.compile(r"(?:来源|发布机构|信息来源|发文机关)\s*[:：]\s*(?P<src>[^\s|]{2,30}(?:\s[^\s|]{2,10})?)")
PAGE_DATE_RE = re.compile(r"(?:发布时间|发布日期|时间|日期|来源[^\n]{0,30}?)\s*[:：]?\s*"
                          r"((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})")
SIGNATURE_DATE_RE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*$")
# A government's report that sums its subordinate units says so: 综合各县区、各部门…, 汇总全市各单位…
AGGREGATE_RE = re.compile(r"(综合|汇总|汇集)[^。\n]{0,12}各(县|区|市|部门|乡镇|单位|街道)")
IMAGE_RE = re.compile(r"\.(jpg|jpeg|png|gif|bmp)\b", re.I)
ATTACHMENT_RE = re.compile(r"附件[^\n]{0,60}?统计表[^\n]{0,20}?\.(xls|xlsx|et|doc|docx|wps|pdf)\b", re.I)
TABLE_WORD = "统计表"

AGENCY_TYPES = [  # first match wins: an office of a government before the government itself
    ("government_office", re.compile(r"(人民政府|政府)办公(室|厅)$")),
    ("service_centre", re.compile(r"(政务(服务)?中心|政务服务管理局|行政服务中心|便民服务中心|政务服务局|政务服务和大数据管理局)$")),
    ("peoples_government", re.compile(r"(人民政府|政府|办事处)$")),
    ("department", re.compile(r"(局|委员会|委|厅|办公室|办|中心|院|所|处|署|会)$")),
]


def extract_metadata(doc: Document) -> ReportMeta:
    text = doc.norm
    meta = ReportMeta()
    title_line, m, title_at = _title(text)
    if m is None:
        meta.is_report = bool(REPORT_WORDS.search(text) and "公开" in text)
        meta.notes.append("no title of an annual report found")
        if not meta.is_report:
            return meta
    else:
        meta.title = " ".join(title_line.split())
        meta.year = int(m["year"])
        meta.agency_name = _clean_agency(m["agency"])
    if meta.year is None:
        p = PERIOD_RE.search(text)
        meta.year = int(p.group(1)) if p else None
    if not meta.agency_name:
        meta.agency_name = _agency_line(text, title_at)
    meta.agency_name = _complete_agency(meta.agency_name, text)
    meta.agency_type = _agency_type(meta.agency_name)
    meta.published = _published(text, meta.year)
    meta.scope = "jurisdiction_aggregate" if AGGREGATE_RE.search(text) else "agency"
    meta.tables_available, meta.template_hint = _tables_available(text, meta.year)
    return meta


def _title(text: str):
    """(title line, its match, line index) of the first line that is a report title."""
    lines = [ln.strip() for ln in text.split("\n")]
    for i, ln in enumerate(lines[:80]):
        if len(ln) > 70:
            continue
        for rx in (TITLE_RE, TITLE_YEAR_AFTER_RE):
            m = rx.search(ln)
            if m:
                if not _clean_agency(m["agency"]):  # the place stands on the line above (玉溪市 / 2017年…)
                    prev = next((p for p in reversed(lines[max(0, i - 3):i]) if p), "")
                    if prev and len(prev) <= 20 and find_names(prev):
                        ln = prev + ln
                        m = rx.search(ln)
                return ln, m, i
    return "", None, None


def _clean_agency(name: str) -> str:
    name = re.sub(r"^[^\u4e00-\u9fff]+", "", name)
    name = re.sub(r"^关于", "", name)  # 关于2016年…的报告: the agency is named elsewhere
    return re.sub(r"[\s:：|]+", "", name)


_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff]{3,30}$")


def _agency_line(text: str, title_at: int | None) -> str:
    """The agency when the title does not name it: a 来源/发布机构 line, else the line that signs
    the report (right above its date), else a line of its own right below the title."""
    if SOURCE_RE.search(text):
        return ""  # _complete_agency reads it
    lines = [ln.strip() for ln in text.split("\n")]
    nonempty = [i for i, ln in enumerate(lines) if ln]
    candidates = []
    for k, i in enumerate(nonempty):
        if SIGNATURE_DATE_RE.match(lines[i]) and k > 0:
            candidates.append(lines[nonempty[k - 1]])
    if title_at is not None:
        candidates += [lines[i] for i in nonempty if title_at < i <= title_at + 3][:1]
    for line in candidates:
        if _AGENCY_LINE.match(line) and _agency_type(line) != "other":
            return line
    return ""


def _complete_agency(name: str, text: str) -> str:
    """Add the place when the title names only the office, or the office when it names only the
    place — each only from words the text itself gives."""
    if not name:
        src = SOURCE_RE.search(text)
        return _clean_agency(src["src"]) if src else ""
    places = find_names(name)
    if places and places[0][1] == 0 and sum(len(p) for p, _ in places) == len(name):
        # only a place (玉溪市): the government of that place, if the text names it
        for cand in (name + "人民政府", name + "政府"):
            if re.search(re.escape(cand) + "(?!信息)", text):  # not …区政府信息公开年报
                return cand
        return name
    if not places:
        src = SOURCE_RE.search(text)
        where = find_names(src["src"]) if src else []
        if not where:  # 县政务中心 in the body: the place is the county named in the text
            head = text[:3000]
            level_char = name[0] if name[0] in "省市县区" else ""
            if level_char:
                where = [(p, i) for p, i in find_names(head) if p.endswith(level_char)]
        if where:
            place = where[0][0]
            if name[0] == place[-1]:
                name = name[1:]
            return place + name
    return name


def _agency_type(name: str) -> str:
    for kind, rx in AGENCY_TYPES:
        if rx.search(name):
            return kind
    return "other"


def _published(text: str, year: int | None) -> str:
    """The earliest date the text gives for the report: the page's date or the date under the
    signature (a page re-posted years later keeps the signature's date)."""
    dates = []
    for m in PAGE_DATE_RE.finditer(text):
        if text[max(0, m.start() - 2):m.start()] == "填报":
            continue  # the date the statistics form was filled in, not a publication
        dates.append(_iso(m.group(1), m.group(2), m.group(3)))
    for ln in text.split("\n"):
        m = SIGNATURE_DATE_RE.match(ln)
        if m:
            dates.append(_iso(m.group(1), m.group(2), m.group(3)))
    dates = [d for d in dates if d and (year is None or int(d[:4]) > year)]
    return min(dates) if dates else ""


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
