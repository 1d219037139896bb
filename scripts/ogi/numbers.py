"""Numbers as Chinese reports write them: digits, Chinese numerals, 万/亿, approximations.

Work on ``Document.view`` (full-width digits already ASCII). Every function returns spans
relative to the string it was given, so callers can add their own offset.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation, localcontext


CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}
from .codebook import currency

# Amounts convert exactly between the currency units reports use (codebook/units.csv).
CURRENCY = currency()

# Qualifier words: before the number (近, 约, 逾, 超过) or after it (余, 多, 以上, 左右).
_PRE_QUALIFIER = {"近": "nearly", "将近": "nearly", "约": "approximately", "大约": "approximately",
                  "逾": "at_least", "超过": "at_least", "超": "at_least"}
_POST_QUALIFIER = {"余": "at_least", "多": "at_least", "以上": "at_least", "左右": "approximately"}

_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_CHINESE = f"[{CN_DIGITS}]+"
# A quantity: optional leading qualifier, a numeral, optional 万/亿, optional trailing qualifier.
QUANTITY_RE = re.compile(
    rf"(?=[将大超近约逾0-9{CN_DIGITS}])"  # a quick test of the first character (3x faster scans)
    r"(?P<pre>将近|大约|超过|近|约|逾|超)?"
    rf"(?P<num>{_ARABIC}|{_CHINESE})"
    r"(?:[ \u3000]?(?P<mult>[万亿](?![元]?[0-9])))?"  # (17 万余人: a space before it)
    r"(?P<post>余|多|以上|左右)?"
)

# A whole table cell: a signed number, optional qualifier, optional unit written in the cell.
CELL_RE = re.compile(
    r"^\s*(?P<sign>[+\-−－])?\s*(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*"
    r"(?P<mult>[万亿])?(?P<post>余|多)?\s*(?P<unit>[^\s0-9|]{0,3})\s*$"
)


@dataclass(frozen=True)
class Number:
    value: Decimal
    qualifier: str   # exact | at_least | nearly | approximately
    status: str      # printed (digits) | in_words (Chinese numerals)
    start: int       # span of the whole quantity, qualifier words included
    end: int
    unit: str = ""


@lru_cache(maxsize=8192)  # a report's numbers repeat (0, 1, 2, 2019…); Decimal is immutable
def to_decimal(numeral: str) -> Decimal | None:
    """'1,234' -> 1234; '二十七' -> 27; '1.17万' -> 11700. None when it is not a number."""
    s = numeral.replace(",", "").strip()
    mult = Decimal(1)
    if s and s[-1] in MULTIPLIERS and len(s) > 1:
        mult = MULTIPLIERS[s[-1]]
        s = s[:-1]
    try:
        if _PLAIN.fullmatch(s):
            return _clean(Decimal(s) * mult)
        if s and all(ch in CN_DIGITS for ch in s):
            if s in _SIMPLE_NUMERALS:  # 一名, 三个: no need for the full converter
                return _clean(Decimal(_SIMPLE_NUMERALS[s]) * mult)
            import cn2an  # imported when a numeral needs it: the import takes a while

            return _clean(Decimal(str(cn2an.cn2an(s, "normal"))) * mult)
    except (ValueError, InvalidOperation, KeyError):
        return None
    return None


_SIMPLE_NUMERALS = {ch: i for i, ch in enumerate("零一二三四五六七八九十")} | {"两": 2, "〇": 0}


@lru_cache(maxsize=8192)  # cells repeat (0, blank, small counts); Number is immutable
def parse_cell(cell: str) -> Number | None:
    """Read a table cell such as '26', '+3', '-2', '251000元', '0.5万元', '1000余'.

    Returns None for anything that is not one number (blank, text, two numbers).
    """
    m = CELL_RE.match(cell)
    if not m or (m["unit"] and m["unit"] not in _cell_units()):
        return None  # 12abc, 2017年: a number with words that are no unit is no count
    value = Decimal(m["num"].replace(",", ""))
    if m["mult"]:
        value *= MULTIPLIERS[m["mult"]]
    if m["sign"] and m["sign"] != "+":
        value = -value
    qualifier = _POST_QUALIFIER[m["post"]] if m["post"] else "exact"
    start = m.start("sign") if m["sign"] else m.start("num")
    end = max(m.end(g) for g in ("num", "mult", "post") if m[g])
    return Number(_clean(value), qualifier, "printed", start, end, m["unit"] or "")


@lru_cache(maxsize=1)
def _cell_units() -> frozenset[str]:
    """The units a table cell may print after its number (codebook/units.csv), and their ± forms."""
    from .codebook import counters, table

    return frozenset(counters()) | {r["unit"] for r in table("units")}


def find_quantities(text: str, followed_by: re.Pattern | None = None,
                    single_numerals: bool = False, *, printed_only: bool = False,
                    where: Callable[[int, int], object] | None = None) -> list[Number]:
    """Every quantity in a piece of prose, with its qualifier. Units are left to the caller;
    `followed_by` keeps only quantities that pattern matches right after (e.g. a counter word).
    `single_numerals`: also 一/两 before the counter of people (一名专职工作人员).
    `printed_only`: only quantities in digits (status printed). `where(start, end)`: keeps only
    the quantities at spans it accepts, asked before a number is read (a caller that drops most
    quantities by their place saves their conversion)."""
    out = []
    for start, end, pre, num, mult, post in _quantities(text):
        if followed_by is not None and not followed_by.match(text, end):
            continue
        digits = num[0].isdigit()
        if printed_only and not digits or where is not None and not where(start, end):
            continue
        if not digits and not _is_chinese_count(num) and not (
                single_numerals and num in "一二两" and text[end:end + 1] in _PEOPLE_COUNTERS
                and text[start - 1:start] not in _WORD_BEFORE_ONE):
            continue
        value = to_decimal(num + (mult or ""))
        if value is None:
            continue
        qualifier = "exact"
        if pre:
            qualifier = _PRE_QUALIFIER[pre]
        if post:
            qualifier = _POST_QUALIFIER[post] if qualifier == "exact" else "approximately"
        status = "printed" if digits else "in_words"
        out.append(Number(value, qualifier, status, start, end))
    return out


@lru_cache(maxsize=2)  # a text's numbers are asked for twice (counted and without a counter)
def _quantities(text: str) -> tuple[tuple[int, int, str | None, str, str | None, str | None], ...]:
    return tuple((*m.span(), *m.groups()) for m in QUANTITY_RE.finditer(text))  # groups: pre, num, mult, post


def format_decimal(value: Decimal | None) -> str:
    """Fixed formatting for output files: integers without a decimal point, no exponent."""
    if value is None:
        return ""
    key = (value.__class__, str(value))  # by how the value is written, not by equality (-0 == 0)
    text = _FORMATTED.get(key)
    if text is None:
        text = format(_clean(value), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text
        if len(_FORMATTED) < 16384:
            _FORMATTED[key] = text
    return text


_FORMATTED: dict[tuple[type, str], str] = {}  # values repeat in every report (0, 1, 2…)


def _clean(value: Decimal | int) -> Decimal:
    value = Decimal(value)  # an int (a zero stated in words) formats like any other value
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + 2)  # a 29-digit number is no error
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


_PEOPLE_COUNTERS = set("名")  # 一名专职; 一个 is mostly a word (一个窗口, 提高到一个新水平)
_WORD_BEFORE_ONE = set("统唯之逐进第每任某同另哪这那")  # 统一, 唯一, 之一, 每一个…: words, not counts


def _is_chinese_count(num: str) -> bool:
    # A lone 一/十 inside a word (一是, 统一) is not a count; require two characters or a
    # character that only appears in numerals.
    return len(num) >= 2 or num in "两三四五六七八九百千"
