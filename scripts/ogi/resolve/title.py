"""The report's title, wherever the page puts it: a line of its own (year first or agency first,
年度报告/年报/工作报告/情况的报告, 关于…的报告, the year in brackets after it), split over two or
three lines, padded with table pipes, printed twice, or only inside the opening sentence after
现将/现公布/特编制 (…现将红塔区教育局2017年度政府信息公开年度报告向社会公众公布).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..settings import OPENING_CHARS, TITLE_LINE_MAX
from .page import Line, is_furniture

_KIND = r"(?:政府信息公开|政务信息公开|政务公开|信息公开)"
_NOUN = r"(?:(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)|(?:工作)?(?:情况)?的?报告)"
# (龙湾区审计局2019政务信息公开年报: a year without 年 right before the kind of report)
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})\s*(?:年\s*度?|(?=" + _KIND + "))"
# agency, year, maybe the agency after the year, then the kind of report
_TITLE_TAIL = _YEAR + r"\s*(?P<mid>[^\n0-9]{0,30}?)\s*" + _KIND + r"\s*" + _NOUN
TITLE_RE = re.compile(r"(?P<pre>[^\n]{0,60}?)\s*(?:关于\s*)?" + _TITLE_TAIL)
# 和平区政府信息公开年报(2017年) / …年度报告(2017年度)
_YEAR_AFTER_TAIL = _KIND + r"\s*" + _NOUN + r"\s*[(（]\s*(?P<year>(?:19|20)[0-9]{2})\s*年?\s*度?\s*[)）]"
TITLE_YEAR_AFTER_RE = re.compile(r"(?P<pre>[^\n]{0,40}?)\s*" + _YEAR_AFTER_TAIL)
# …the report on this year without a year in the title line (2019年 on the line above, or none)
TITLE_NO_YEAR_RE = re.compile(r"^(?P<pre>[^\n0-9]{0,40}?)\s*" + _KIND + r"(?:工作)?(?:年度报告|年报)$")
# words that introduce the report's own title inside a sentence; the agency follows them
OPENERS = re.compile(r"(现将|现就|现公布|现向社会公布|特向社会公布|向社会公布|特向社会公开|向社会公开|编写|撰写|"
                     r"特编制|编制了|编制|公布了?|发布)\s*(?:了)?\s*")


@dataclass(frozen=True)
class Title:
    text: str         # the title as found (lines joined)
    start: int        # view offset where it starts
    year: int | None
    agency_part: str  # the words the title gives for the agency (before or after the year)
    where: str        # "title" (a line of its own) | "opening" (inside the opening sentence)


def find_title(view: str, lines: list[Line]) -> Title | None:
    """The page's title: among the title-like lines (or runs of up to three short lines) of the
    page's first screen, the first with a year and a valid agency part, else the first with a
    year, else the first; failing those, the report's title inside the opening sentences."""
    from .agency import clean  # the agency module reads titles; titles only test names

    content = [ln for ln in lines[:80] if ln.stripped and not (is_furniture(ln) and not _KIND_RE.search(ln.text))]
    found: list[tuple[int, int, Title]] = []
    for k, ln in enumerate(content):
        if ln.start > 4000:
            break
        nxt = content[k + 1:k + 3]
        # the runs from here are prefixes of these lines: without the words _match_title tests for
        # first in their first TITLE_LINE_MAX * 3 characters, none of the runs is a title
        joined = (ln.stripped + "".join(x.stripped for x in nxt))[:TITLE_LINE_MAX * 3]
        if not _KIND_RE.search(joined) or not _NOUN_RE.search(joined):
            continue
        runs = [[ln]]
        if len(ln.stripped) <= TITLE_LINE_MAX and nxt:
            runs.append([ln, nxt[0]])
            if len(nxt) > 1 and len(nxt[0].stripped) <= TITLE_LINE_MAX:
                runs.append([ln, nxt[0], nxt[1]])
        for run in runs:
            text = "".join(x.stripped for x in run)
            t = _match_title(text, run[0].start, "title")
            if t is None:
                continue
            if len(run) > 1:
                # a run only when its first line starts the title and the title ends early in the last
                if _match_title(run[0].stripped, 0, "title") or not text.startswith(t.text[:4]) \
                        or len(t.text) > sum(len(x.stripped) for x in run[:-1]) + TITLE_LINE_MAX:
                    continue
            score = (4 if t.year else 0) + (2 if clean(t.agency_part) else 0) - (len(run) - 1)
            found.append((-score, len(found), t))
    if found:
        return min(found, key=lambda x: (x[0], x[1]))[2]
    opening = blank_cited(view[:OPENING_CHARS * 2])
    for m in re.finditer(r"[^。\n]+", opening):
        t = _match_title(m.group(), m.start(), "opening", view[m.start():m.end()])
        if t is not None:
            return t
    return None


def title_in_address(url: str) -> Title | None:
    """A title the page address carries (mirror wikis name their pages after it:
    …/wiki/安徽省2018年政府信息公开工作年度报告)."""
    from urllib.parse import unquote, urlsplit

    try:
        path = unquote(urlsplit(url or "").path)
    except ValueError:
        return None
    from ..textview import simplified

    path = simplified(path)
    for segment in reversed([s for s in path.split("/") if s]):
        t = _match_title(segment, 0, "title")
        if t is not None and t.year:
            return Title(text=t.text, start=-1, year=t.year, agency_part=t.agency_part, where="address")
    return None


_KIND_RE = re.compile(_KIND)
_CITED = re.compile(r"《[^《》\n]{0,120}》")


def blank_cited(text: str) -> str:
    """The text with the titles it cites (《…》) blanked out, offsets kept: a cited document's
    title is never the report's, nor its year or agency."""
    return _CITED.sub(lambda m: " " * len(m.group()), text)


_NOUN_RE = re.compile(r"报告|年报")
# each title pattern with the part of it after its prefix ([^\n]{0,60}?, tried at every position
# with every length): a text the tail is not found in holds no match
_TITLE_PATTERNS = ((TITLE_RE, re.compile(_TITLE_TAIL)), (TITLE_YEAR_AFTER_RE, re.compile(_YEAR_AFTER_TAIL)),
                   (TITLE_NO_YEAR_RE, None))
_SENTENCE_MARK = re.compile(r"[，,。；;《》【】\[\]]")


def _match_title(text: str, offset: int, where: str, original: str | None = None) -> Title | None:
    """`original`: the text before cited titles were blanked (the title is quoted from it)."""
    original = text if original is None else original
    if where == "title":
        text = text[:TITLE_LINE_MAX * 3]  # a title starts its line (清水县人民政府2019年…报告 一、总体情况…)
    if not _KIND_RE.search(text) or not _NOUN_RE.search(text):
        return None  # a cheap test before the patterns
    for rx, tail in _TITLE_PATTERNS:
        if tail is not None and not tail.search(text):
            continue  # every match ends with the tail; the lazy prefix makes a failing search slow
        m = rx.search(text)
        if m is None:
            continue
        pre = m["pre"]
        if where == "title" and (len(pre) > TITLE_LINE_MAX or re.search(r"[，,。；;《》]", pre)):
            # a title line starts with its title; a sentence that names a report is no title. But
            # spam or a site's slogan run into the line before it (【…,…】XX区2019年度…年度报告)
            # leaves the title whole at the line's end: the words after the last mark are its agency.
            tail = _SENTENCE_MARK.split(pre)[-1]
            if text[m.end():].strip(" |｜\t\u3000") or len(tail) > TITLE_LINE_MAX or OPENERS.search(tail) \
                    or not re.search(r"[\u4e00-\u9fff]", tail):
                continue
            pre = tail
        if where == "title":
            pre = re.split(r"[|｜]", pre)[-1]  # 文件下载 | 宿迁市…: a field label before it
            openers = list(OPENERS.finditer(pre))
            if openers:  # 现公布鄂温克旗2019年…: the title inside a sentence of its own line
                pre = pre[openers[-1].end():]
        if where == "opening":
            # …现将红塔区教育局2017年度…: the agency is what follows the last opener word
            openers = list(OPENERS.finditer(pre))
            if not openers and not m.groupdict().get("mid"):
                continue
            pre = pre[openers[-1].end():] if openers else ""
        agency = pre + " " + (m.groupdict().get("mid") or "")
        if agency.rstrip().endswith("人民") and text[m.end("mid") if m.groupdict().get("mid") is not None
                                                   else m.end("pre"):].lstrip().startswith("政府"):
            agency = agency.rstrip() + "政府"  # 于洪区人民政府信息公开工作报告: 人民|政府信息公开
        year = int(m["year"]) if m.groupdict().get("year") else None
        begin = m.start("pre") + len(m["pre"]) - len(pre)  # the title itself, not the words before it
        return Title(text=original[begin:m.end()].strip(" |").lstrip("的了"), start=offset + begin, year=year,
                     agency_part=agency.strip(), where=where)
    return None
