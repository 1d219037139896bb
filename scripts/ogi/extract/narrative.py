"""Numbers stated in sentences: codebook indicators (observations) and everything else that
counts something (mentions).

A number is an indicator only when a cue of scripts/ogi/codebook/narrative_cues.csv ends right
before it and a permitted counter word follows it, in a sentence that does not place it in another
period. The first such statement in the report wins (later ones are often one unit's share)
unless the statements differ and those marked as a total (共, 全市…) agree on another value; the
statements not chosen go to mentions. Zeros stated in words come from narrative_zero.csv.
Dates, document numbers, phone numbers, percentages, ordinals and personal data are never read.
"""
from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Document, Mention, Value
from ..numbers import find_quantities
from ..privacy import personal_spans

HERE = Path(__file__).parents[1] / "codebook"
# Counter words and units after a number, longest first.
COUNTERS = ["万人次", "人次", "亿元", "万元", "元", "条", "件", "次", "篇", "个", "人", "份", "项",
            "期", "家", "起", "场", "批", "户", "名", "所", "套", "册", "张", "台", "栏", "处", "部"]
_COUNTER_RE = re.compile(r"\s*(" + "|".join(COUNTERS) + ")")
_CLAUSE_END = "。；;！？!?\n"
_CLAUSE_SEP = "，,、：:（）()" + _CLAUSE_END
_NOT_COUNT_AFTER = re.compile(r"\s*(年|月|日|号|%|％|‰|届|时|分|岁|周|\.[0-9]|个(工作)?日|个月|个小时|个百分点)")  # dates, durations, rates
_DOC_NUMBER = re.compile(r"[〔\[【(（][0-9]{4}[〕\]】)）]\s*[0-9]+\s*号")
_DATE = re.compile(r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}|[0-9]{4,}\s*日")
_LABEL_YEAR = re.compile(r"^[0-9]{4}年(度)?")
_LABEL_TAIL = re.compile(r"[为是有达计约近共逾超过]+$")
_LABEL_STRIP = re.compile(r"^(共|其中|累计|全年|合计|总计|以及|同时|此外|目前)+")


@lru_cache(maxsize=1)
def cues() -> tuple[list[dict], list[dict]]:
    with (HERE / "narrative_cues.csv").open(encoding="utf-8", newline="") as f:
        value_cues = [dict(r, rx=re.compile("(?:" + r["cue"] + r")\s*$"), units=r["units"].split())
                      for r in csv.DictReader(f)]
    with (HERE / "narrative_zero.csv").open(encoding="utf-8", newline="") as f:
        zero_cues = [dict(r, rx=re.compile(r["cue"]), prefix=_literal_tail(r["cue"]))
                     for r in csv.DictReader(f)]
    return value_cues, zero_cues


def _literal_tail(cue: str) -> str:
    """The last literal word of a cue: a cheap test before running the regex on every sentence."""
    words = re.findall(r"[\u4e00-\u9fff]+", cue.split("?")[-1])
    if not words:
        return ""
    shortest = min(words, key=len)  # alternatives (a|b): usable only if it is inside all of them
    return shortest if all(shortest in w for w in words) else ""


def extract_narrative(doc: Document, codebook, year: int | None = None) -> tuple[list[Value], list[Mention]]:
    """`year`: the statistics year; a number the sentence places in another period (去年, 2016年
    in a 2017 report, 以来, 截至目前) is kept as a mention, not read as the year's indicator."""
    text = doc.view
    value_cues, zero_cues = cues()
    blocked = _Spans(_blocked_spans(doc))
    found: dict[str, Value] = {}
    mentions: list[Mention] = []
    sentences = list(_sentences(text))
    starts = [a for a, _ in sentences]
    in_sentence: dict[int, set[str]] = {}
    stated: dict[str, list[_Statement]] = {}  # indicator -> its statements, in document order

    for q in find_quantities(text, _COUNTER_RE):  # document order; only numbers that count
        start, end = q.start, q.end
        if blocked.covers(start, end) or not _is_count(text, start, end):
            continue
        k = bisect.bisect_right(starts, start) - 1
        s_start, s_end = sentences[k]
        if end > s_end:
            continue
        unit_m = _COUNTER_RE.match(text, end)
        unit = unit_m.group(1) if unit_m else ""
        if not unit:
            continue  # a number that counts nothing named
        seen = in_sentence.setdefault(k, set())
        clause = _clause(text, start, end)
        # cues end right before the number and are short: look at the last 80 characters only
        hit = _match_cue(text[max(s_start, start - 80):start], unit, value_cues, seen)
        if hit is not None and _other_period(text[s_start:start], year):
            hit = None
        if hit is not None:
            seen.add(hit)
            value = Value(hit, q.value, q.status, q.qualifier, "narrative", start, end,
                          clause[0], clause[1], unit=unit)
            stated.setdefault(hit, []).append(
                _Statement(value, k, bool(_TOTAL_WORD.search(text, clause[0], start)),
                           _label(text[clause[0]:start])))
            continue
        if q.status == "printed" or end - start >= 2:
            label = _label(text[clause[0]:start])
            if label:
                mentions.append(Mention(label, q.value, unit, q.qualifier, start, end, *clause))

    for v, label in _choose(stated, value_cues, found):
        if label:  # a statement not chosen (one unit's share, another total) stays searchable
            mentions.append(Mention(label, v.value, v.unit, v.qualifier, v.char_start, v.char_end,
                                    v.evidence_start, v.evidence_end))

    for z in zero_cues:
        iid = z["indicator_id"]
        if iid in found or z["prefix"] not in text or not z["rx"].search(text):
            continue  # cheap tests on the whole text before the sentence-by-sentence search
        for s_start, s_end in sentences:
            m = _rightmost(z["rx"], text, s_start, s_end)
            if m and not blocked.covers(m.start(), m.end()) and not _other_period(text[s_start:m.start()], year):
                found[iid] = Value(iid, 0, "in_words", "exact", "narrative", m.start(), m.end(),
                                   s_start, s_end)
                break
    values = sorted((v for v in found.values() if v.indicator_id in codebook.ids),
                    key=lambda v: v.char_start)
    return values, mentions


@dataclass
class _Statement:
    value: Value
    sentence: int
    total: bool   # the clause marks it as a total (共, 全年, 全市…)
    label: str


_TOTAL_WORD = re.compile(r"(?<!公)共(?![同享建识])|总计|合计|全年|全[市区县省州盟旗镇乡]|各(单位|部门)")  # not 公共, 共同


def _choose(stated: dict[str, list[_Statement]], value_cues, found: dict[str, Value]):
    """One statement per indicator into `found`; yields (value, label) of the others that differ.

    The first statement wins unless statements differ and those marked as a total agree on
    another value (区教育局收到申请5件,全区共收到申请20件 -> 20). A part (信函申请, 办结) counts
    only in the sentence of the chosen total it breaks down."""
    requires = {c["indicator_id"]: c["requires"] for c in value_cues if c["requires"]}
    chosen_sentence: dict[str, int] = {}
    for iid in sorted(stated, key=lambda i: i in requires):  # totals before their parts
        all_statements = stated[iid]
        usable = all_statements
        if iid in requires:
            usable = [st for st in usable if st.sentence == chosen_sentence.get(requires[iid])]
        if usable:
            pick = usable[0]
            totals = [st for st in usable if st.total]
            if len({st.value.value for st in usable}) > 1 and len({st.value.value for st in totals}) == 1:
                pick = totals[0]
            found[iid] = pick.value
            chosen_sentence[iid] = pick.sentence
        for st in all_statements:
            if not usable or st.value.value != found[iid].value:
                yield st.value, st.label


# The last word before a number that says which period it belongs to decides: a year, a word for
# another period (last year, since, so far), or a word for this one (今年, 本年度, 全年).
_PERIOD = re.compile(r"(?P<year>(?:19|20)[0-9]{2})\s*年|(?P<other>去年|上年|上一年|前年|同期|以来|至今|"
                     r"截至目前|截止目前|历年)|(?P<this>今年|本年|全年|年内|当年)")
_CITED_TITLE = re.compile(r"《[^《》]*》")


def _other_period(before: str, year: int | None) -> bool:
    before = _CITED_TITLE.sub(lambda m: " " * len(m.group()), before)  # years in cited titles
    last = None
    for last in _PERIOD.finditer(before):
        pass
    if last is None:
        return False
    if last["other"]:
        return True
    return bool(last["year"]) and year is not None and int(last["year"]) != year


class _Spans:
    """Sorted, merged spans with a fast containment test."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.spans = merged

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.spans[k][0] <= start and end <= self.spans[k][1]


def _match_cue(before: str, unit: str, value_cues, in_sentence: set[str]) -> str | None:
    for c in value_cues:
        if unit not in c["units"]:
            continue
        if c["requires"] and c["requires"] not in in_sentence:
            continue
        if c["rx"].search(before):
            return c["indicator_id"]
    return None


def _rightmost(rx: re.Pattern, text: str, start: int, end: int):
    """The shortest statement: the match starting at the last negation that still matches
    (未出现延期…,未出现…行政起诉 -> 未出现…行政起诉)."""
    m = rx.search(text, start, end)
    if m is None:
        return None
    for pos in range(m.end() - 1, m.start() - 1, -1):
        shorter = rx.match(text, pos, m.end())
        if shorter:
            return shorter
    return m


_SENTENCE_END = re.compile("[" + _CLAUSE_END + "]")


def _sentences(text: str):
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a number: from the previous separator to the next one."""
    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_SEP and start - a < 60:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_SEP and b - end < 30:
        b += 1
    return a, b


def _label(before: str) -> str:
    label = _LABEL_STRIP.sub("", before.strip())
    label = _LABEL_YEAR.sub("", label)
    label = _LABEL_TAIL.sub("", label)
    return label[-30:].strip()


def _is_count(text: str, start: int, end: int) -> bool:
    if _NOT_COUNT_AFTER.match(text, end):
        return False
    if start > 0 and text[start - 1] in "第〔[【-—/.:：":
        return False
    if text[end:end + 1].isdigit():
        return False
    return True


def _blocked_spans(doc: Document) -> list[tuple[int, int]]:
    text = doc.view
    spans = personal_spans(text)
    spans += [m.span() for m in _DOC_NUMBER.finditer(text)]
    spans += [m.span() for m in _DATE.finditer(text)]
    spans += doc.view_blocks()
    # lines of pipe tables (the statistics table is read by the table readers)
    pos = 0
    for line in text.split("\n"):
        if line.count("|") >= 2:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return sorted(spans)


