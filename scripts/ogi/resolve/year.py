"""The statistics year: the calendar year the report's numbers cover.

Sources, in order: the manifest; the title; the statement of the statistics period (统计期限自
2017年1月1日起至2017年12月31日止, also with 年/月 lost: 201711日至20171231日, or a period that
does not follow the calendar year: its end decides); the opening sentence (现将…2016年度…报告);
the year the body's sentences speak of (2018年,我局…), when one year clearly dominates; last, the
year of the site's column of annual reports the page address shows (…/zfxxgknb/2017n/…). The
page's date, a cited document's title or number, a footer are never read as the year. When the
title and the period disagree, the year is left empty with a note.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..settings import BODY_YEAR_MARGIN, BODY_YEAR_MIN_COUNT, OPENING_CHARS, YEAR_MAX, YEAR_MIN
from .title import Title, blank_cited

_Y = r"((?:19|20)[0-9]{2})"
# a date whose 年/月/日 may be lost: 2017年1月1日, 201711日, 2018年11日, 2018.1.1
_START = _Y + r"\s*[年.\-/]?\s*(0?1)\s*[月.\-/]?\s*(0?1)\s*日?"
_END = r"(?:" + _Y + r"\s*[年.\-/]?\s*)?(1[0-2]|0?[1-9])\s*[月.\-/]?\s*([0-3]?[0-9])\s*日?"
_RANGE = re.compile(r"(?:自|从|为|是|:|：)?\s*" + _Y + r"\s*[年.\-/]\s*(1[0-2]|0?[1-9])\s*[月.\-/]\s*([0-3]?[0-9])\s*日?"
                    r"[^至到\-—~～\n]{0,16}?(?:起)?\s*(?:至|到|-|—|~|～)\s*" + _END)
_RANGE_SQUEEZED = re.compile(_START + r"\s*(?:起)?\s*(?:至|到|-|—|~|～)\s*" + _Y + r"\s*年?\s*12\s*月?\s*3[01]\s*日?")
_PERIOD_WORDS = re.compile(r"统计期限|统计时限|统计期间|统计区间|统计时间|统计数据的期限|统计数据时限|数据统计期限|"
                           r"统计数据时间段|统计截止|所列数据|数据统计|统计期")
_UNTIL = re.compile(r"(?:统计)[^。\n]{0,8}?(?:截止|截至|截止到)\s*" + _Y + r"\s*年\s*12\s*月\s*31\s*日")
# a year the sentences speak of: 2018年, 2018年度, 2018 年 (not a date: 2018年3月; not a span: 2010年-2016年)
_BODY_YEAR = re.compile(r"(?<![0-9\-—~至到])" + _Y + r"\s*年(?!\s*[0-9]{1,2}\s*月|\s*[-—~至到])")


# the report naming itself in quotation marks in its opening (编制了《X2019年度…报告》, 现发布《…》)
_OWN_TITLE_CITED = re.compile(r"(?:编制了?|形成了?|现将|特将|公布|发布|现向社会公开|现予公开|现公开)\s*《[^《》\n0-9]{0,30}?(?P<year>(?:19|20)[0-9]{2})\s*年?度?"
                              r"\s*(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)\s*》")
OPENING_CITED_CHARS = 1500
_REPORT_TITLE = re.compile(_Y + r"\s*年度?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")


@dataclass(frozen=True)
class Year:
    value: int | None
    source: str   # manifest | title | period | opening | body | address_column
    note: str = ""


def statistics_period(view: str) -> int | None:
    """The year of the statistics period the report states (its end decides)."""
    text = blank_cited(view[:OPENING_CHARS * 4])
    for m in _PERIOD_WORDS.finditer(text):
        window = text[m.start():m.end() + 60]
        r = _RANGE.search(window) or _RANGE_SQUEEZED.search(window)
        if r:
            y = _range_year(r)
            if y:
                return y
        u = _UNTIL.search(text, m.start(), m.end() + 40)
        if u:
            return _plausible(int(u.group(1)))
    # a calendar year written as a range anywhere in the opening (2018年1月1日至2018年12月31日)
    for r in _RANGE_SQUEEZED.finditer(text):
        y = _range_year(r)
        if y and str(y) in r.group():
            return y
    return None


def _range_year(r: re.Match) -> int | None:
    groups = [g for g in r.groups()]
    start = int(groups[0])
    end_year = next((int(g) for g in groups[3:] if g and len(g) == 4), None)
    if end_year is None:
        end_year = start
    if end_year - start not in (0, 1):
        return None
    return _plausible(end_year)


def body_year(view: str, earliest: int | None = None) -> int | None:
    """The year the body's sentences speak of, when one clearly dominates; `earliest`: no year
    before it can be the statistics year (a page carrying the 2019 form is 2019's or later:
    its 2018年决算 is last year's)."""
    text = blank_cited(view)
    # the title of a report (this one, or last year's: 公开了2018年度信息公开工作报告) is not a
    # sentence about the year
    text = _REPORT_TITLE.sub(lambda m: " " * len(m.group()), text)
    counts = Counter(int(m.group(1)) for m in _BODY_YEAR.finditer(text))
    counts = Counter({y: n for y, n in counts.items() if _plausible(y) and (earliest is None or y >= earliest)})
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    second = rest[0][1] if rest else 0
    if second == 0 or (n >= BODY_YEAR_MIN_COUNT and n >= BODY_YEAR_MARGIN * second):
        return best  # the only year the body speaks of, or one that clearly dominates
    return None


def column_year(address: str) -> int | None:
    """The year of the site's column of annual reports the page sits in (…/zfxxgknb/2017n/…,
    …/nb2016bm/…): the year its reports cover. A dated folder (…/201901/, …/art/2022/) is the
    publication's, never read."""
    from urllib.parse import unquote, urlsplit

    try:
        path = unquote(urlsplit(address.strip()).path).lower()
    except ValueError:
        return None
    segments = path.split("/")
    column = any(_COLUMN.search(seg) for seg in segments)
    years = {int(m.group(1) or m.group(2)) for seg in segments for m in [_COLUMN_YEAR.fullmatch(seg)] if m
             and (column or m.group(1))}
    return _plausible(years.pop()) if len(years) == 1 else None


_COLUMN = re.compile(r"xxgknb|gknb|ndbg|nianbao|^nb$")
_COLUMN_YEAR = re.compile(r"nb((?:19|20)[0-9]{2})[a-z]{0,4}|((?:19|20)[0-9]{2})(?:n|nian|nd|年|年度)")


def choose(title: Title | None, view: str, manifest_year: int | None = None, earliest: int | None = None,
           address: str = "") -> Year:
    if manifest_year is not None:
        return Year(manifest_year, "manifest")
    period = statistics_period(view)
    t = _plausible(title.year) if title is not None and title.year else None
    if t is not None and period is not None and t != period:
        return Year(None, "", f"the title says {t} and the statistics period {period}: year left empty")
    if t is not None:
        return Year(t, {"title": "title", "opening": "opening", "address": "address"}[title.where])
    if period is not None:
        return Year(period, "period")
    m = _OWN_TITLE_CITED.search(view[:OPENING_CITED_CHARS])
    if m is not None and _plausible(int(m["year"])):
        return Year(int(m["year"]), "opening")  # 现发布《辽宁省2019年度政府信息公开工作报告》
    b = body_year(view, earliest)
    if b is not None:
        return Year(b, "body")
    c = column_year(address) if address else None
    if c is not None and (earliest is None or c >= earliest):
        return Year(c, "address_column")
    return Year(None, "", "no statistics year in the title, the statistics period, the body or the page's column")


def _plausible(y: int | None) -> int | None:
    return y if y is not None and YEAR_MIN <= y <= YEAR_MAX else None
