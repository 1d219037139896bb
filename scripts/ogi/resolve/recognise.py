"""Is this page an annual report on government information disclosure?

Recognised by the genre's evidence (codebook/report_markers.csv), not by a title line: the
Regulation, the report speaking of itself (本报告, 现将…年度报告公布如下), the statistics period,
the template's tables, and the report's section headings, each weighted; a title of the report
counts too. Look-alikes are rejected with the reason: a news item about a report (报告显示…), a
notice (…的通知, 通知如下), a work plan (工作要点, 实施方案), a work summary, a government work
report (各位代表). Cited titles (《…》) are blanked first: a report that cites a notice is not one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import codebook
from ..scan import gated, may_match
from ..settings import REPORT_EVIDENCE_MIN, SECTION_WEIGHT_MAX, TITLE_LINE_MAX
from .page import Line
from .title import Title, blank_cited



@dataclass
class Recognition:
    is_report: bool
    score: int
    evidence: list[str] = field(default_factory=list)   # marker ids found
    lookalike: str = ""                                 # marker id of the look-alike, if rejected
    note: str = ""


@lru_cache(maxsize=1)
def markers() -> tuple[dict, ...]:
    return tuple(dict(r, rx=re.compile(r["pattern"], re.M), weight=int(r["weight"]))
                 for r in codebook.table("report_markers"))


@lru_cache(maxsize=1)
def _scans() -> tuple[re.Pattern, ...]:
    """Each marker's pattern as ogi.scan gates it (the same matches, fewer positions tried)."""
    return tuple(gated(m["rx"]) for m in markers())


def _search(k: int, m: dict, text: str) -> re.Match | None:
    """m["rx"].search(text), skipped when the text lacks a word every match holds."""
    return _scans()[k].search(text) if may_match(m["rx"], text) else None


def recognise(view: str, head: list[Line], title: Title | None, address: str = "") -> Recognition:
    """`address`: the page's address (sources.csv source_url), whose path may show the site's
    column of annual reports."""
    cited_blank = blank_cited(view)  # look-alike words count outside cited titles only
    zone = title_zone(head)
    found, score, sections = [], 0, 0
    strong = weak = head_hit = None
    head_at = 0
    for k, m in enumerate(markers()):
        kind = m["kind"]
        if kind == "address":
            if address and m["rx"].search(_address_path(address)):
                found.append(m["marker_id"])
                score += m["weight"]
            continue
        if kind == "lookalike_head":
            # the word that comes first in the title names what the page is (…工作总结 根据…关于印发…的通知)
            hit = _search(k, m, zone)
            if hit and (head_hit is None or hit.start() < head_at):
                head_hit, head_at = m, hit.start()
            continue
        if not _search(k, m, view if kind in ("evidence", "section") else cited_blank):
            continue
        if kind == "lookalike" and strong is None:
            strong = m
        elif kind == "lookalike_weak" and weak is None:
            weak = m
        elif kind == "evidence":
            found.append(m["marker_id"])
            score += m["weight"]
        elif kind == "section":
            found.append(m["marker_id"])
            sections += m["weight"]
    score += min(sections, SECTION_WEIGHT_MAX)
    if title is not None:
        # a title line of its own with the year is the genre's own label; inside a sentence less so
        found.append("title")
        score += 3 if (title.where == "title" and title.year) else 2  # in a sentence or the address: 2
    speaks_of_itself = "report_self" in found or "statistics_period" in found
    lookalike = strong or head_hit or (weak if not speaks_of_itself else None)
    if lookalike is not None:
        return Recognition(False, score, found, lookalike["marker_id"],
                           f"not an annual report: {lookalike['note']}")
    if score < REPORT_EVIDENCE_MIN:
        what = ", ".join(found) or "none"
        return Recognition(False, score, found, "",
                           f"not recognised as an annual report on government information disclosure "
                           f"(evidence {score} < {REPORT_EVIDENCE_MIN}: {what})")
    return Recognition(True, score, found)


_BODY_OPENER = re.compile(r"^\s*(根据|按照|依据|依照|为|现将|本报告|本年度|本年报|(?:19|20)[0-9]{2}\s*年度?\s*[,，])")
_NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|[0-9]+\s*[、.．])")


def title_zone(head: list[Line]) -> str:
    """Where a notice's or a plan's title would be: the short lines of the head that are not
    numbered section headings (一、2018年政务公开工作要点落实情况 is a report's section), spaces
    removed (通 知); when the page starts with prose, the start of its first line."""
    short = [ln.stripped for ln in head if len(ln.stripped) <= TITLE_LINE_MAX and not _NUMBERED.match(ln.stripped)]
    if not short and head and not _BODY_OPENER.match(head[0].stripped):
        short = [head[0].stripped[:TITLE_LINE_MAX]]
    return blank_cited(re.sub(r"[ \t\u3000]+", "", "\n".join(short)))


def _address_path(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url.strip()).path
    except ValueError:
        return ""
