"""Numbers stated in sentences: codebook indicators (observations) and everything else that
counts something (mentions).

A number is an indicator only when a cue of scripts/ogi/codebook/narrative_cues.csv ends right
before it and a permitted counter word follows it; the first such statement in the report wins
(later ones are often one unit's share). Zeros stated in words come from narrative_zero.csv.
Dates, document numbers, phone numbers, percentages, ordinals and personal data are never read.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from .model import Document, Mention, Value
from .numbers import find_quantities
from .privacy import personal_spans

HERE = Path(__file__).with_name("codebook")
# Counter words and units after a number, longest first.
COUNTERS = ["万人次", "人次", "亿元", "万元", "元", "条", "件", "次", "篇", "个", "人", "份", "项",
            "期", "家", "起", "场", "批", "户", "名", "所", "套", "册", "张", "台", "栏", "处", "部"]
_COUNTER_RE = re.compile(r"\s*(" + "|".join(COUNTERS) + ")")
_CLAUSE_END = "。；;！？!?\n"
_CLAUSE_SEP = "，,、：:（）()" + _CLAUSE_END
_NOT_COUNT_AFTER = re.compile(r"\s*(年|月|日|号|%|％|‰|届|时|分|岁|周|\.[0-9])")
_DOC_NUMBER = re.compile(r"[〔\[【(（][0-9]{4}[〕\]】)）]\s*[0-9]+\s*号")
_DATE = re.compile(r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}|[0-9]{4,}\s*日")
_LABEL_STRIP = re.compile(r"^(共|其中|累计|全年|合计|总计|以及|同时|此外|目前)+")


@lru_cache(maxsize=1)
def cues() -> tuple[list[dict], list[dict]]:
    with (HERE / "narrative_cues.csv").open(encoding="utf-8", newline="") as f:
        value_cues = [dict(r, rx=re.compile("(?:" + r["cue"] + r")\s*$"), units=r["units"].split())
                      for r in csv.DictReader(f)]
    with (HERE / "narrative_zero.csv").open(encoding="utf-8", newline="") as f:
        zero_cues = [dict(r, rx=re.compile(r["cue"])) for r in csv.DictReader(f)]
    return value_cues, zero_cues


def extract_narrative(doc: Document, codebook) -> tuple[list[Value], list[Mention]]:
    text = doc.norm
    value_cues, zero_cues = cues()
    blocked = _blocked_spans(doc)
    found: dict[str, Value] = {}
    mentions: list[Mention] = []

    for s_start, s_end in _sentences(text):
        sentence = text[s_start:s_end]
        in_sentence: set[str] = set()
        for q in find_quantities(sentence):
            start, end = s_start + q.start, s_start + q.end
            if _inside(start, end, blocked) or not _is_count(text, start, end):
                continue
            unit_m = _COUNTER_RE.match(text, end)
            unit = unit_m.group(1) if unit_m else ""
            clause = _clause(text, start, end)
            before = text[clause[0]:start]
            hit = _match_cue(text[s_start:start], unit, value_cues, in_sentence, q.status)
            if hit is not None and hit not in found:
                found[hit] = Value(hit, q.value, q.status, q.qualifier, "narrative", start, end,
                                   clause[0], clause[1], unit=unit)
                in_sentence.add(hit)
                continue
            if hit is not None:
                in_sentence.add(hit)
                continue  # stated again: the first statement is kept, the repeat is not a mention
            if unit and (q.status == "printed" or len(text[start:end]) >= 2):
                label = _label(before)
                if label:
                    mentions.append(Mention(label, q.value, unit, q.qualifier, start, end, *clause))
        for z in zero_cues:
            iid = z["indicator_id"]
            if iid in found:
                continue
            m = _rightmost(z["rx"], sentence)
            if m and not _inside(s_start + m.start(), s_start + m.end(), blocked):
                a, b = s_start + m.start(), s_start + m.end()
                found[iid] = Value(iid, 0, "in_words", "exact", "narrative", a, b, s_start, s_end)
    values = [v for v in found.values() if v.indicator_id in codebook.ids]
    return values, mentions


def _match_cue(before: str, unit: str, value_cues, in_sentence: set[str], status: str) -> str | None:
    for c in value_cues:
        if unit not in c["units"]:
            continue
        if c["requires"] and c["requires"] not in in_sentence:
            continue
        if c["rx"].search(before):
            return c["indicator_id"]
    return None


def _rightmost(rx: re.Pattern, sentence: str):
    """The shortest statement: the match starting at the last negation that still matches
    (未出现延期…,未出现…行政起诉 -> 未出现…行政起诉)."""
    m = rx.search(sentence)
    if m is None:
        return None
    for pos in range(m.end() - 1, m.start() - 1, -1):
        shorter = rx.match(sentence, pos, m.end())
        if shorter:
            return shorter
    return m


def _sentences(text: str):
    start = 0
    for i, ch in enumerate(text):
        if ch in _CLAUSE_END:
            if i > start:
                yield start, i
            start = i + 1
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
    label = re.sub(r"^[0-9]{4}年(度)?", "", label)
    label = re.sub(r"[为是有达计约近共逾超过]+$", "", label)
    return label[-30:].strip()


def _is_count(text: str, start: int, end: int) -> bool:
    if _NOT_COUNT_AFTER.match(text, end):
        return False
    if start > 0 and text[start - 1] in "第〔[【-—/.:：":
        return False
    if re.match(r"[0-9]", text[end:end + 1] or " "):
        return False
    return True


def _blocked_spans(doc: Document) -> list[tuple[int, int]]:
    text = doc.norm
    spans = personal_spans(text)
    spans += [m.span() for m in _DOC_NUMBER.finditer(text)]
    spans += [m.span() for m in _DATE.finditer(text)]
    spans += [(b.start, b.end) for b in doc.table_blocks]
    # lines of pipe tables (the statistics table is read by the table readers)
    pos = 0
    for line in text.split("\n"):
        if line.count("|") >= 2:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return sorted(spans)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)
