"""The faster scans find exactly what the plain ones find.

Each fast path is compared with a plain reference on the seed reports, the development set's
pages when they are at hand (../shared/devset/reports), and generated texts built from the very
words the patterns look for (division names, negations, phone words, separators), so that
matches, overlaps and near-misses are frequent. Speed itself is measured in benchmarks/, not here.
"""
from __future__ import annotations

import functools
import random
import re
from decimal import Decimal

import pytest

from ogi import privacy
from ogi.extract import narrative
from ogi.numbers import format_decimal, to_decimal
from ogi.resolve import agency, divisions
from ogi.scan import first_class, gated, may_match, needed_words

from .conftest import sample_docs

@pytest.fixture(scope="module")
def views() -> list[str]:
    return [doc.view for doc in sample_docs()]


def _generated(words: list[str], n: int, seed: int, longest: int = 12) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(words) for _ in range(rnd.randint(1, longest))) for _ in range(n)]


# --- division names: the automaton against the loop it replaced --------------------------------

def _find_by_last_character(text: str, *, with_townships: bool = True, common_words: bool = False,
                            with_aliases: bool = False) -> list[tuple]:
    """The former divisions.find: at each character, the names ending there, longest first."""
    lengths = _lengths_by_last_character(with_townships, with_aliases)
    hits = []
    for i, ch in enumerate(text):
        for n in lengths.get(ch, ()):
            s = i + 1 - n
            if s < 0:
                continue
            name = text[s:i + 1]
            divs = divisions.table()[1].get(name, ()) or (divisions.aliases().get(name, ()) if with_aliases else ())
            towns = divisions.townships().get(name, ()) if with_townships and name.endswith(
                divisions.TOWNSHIP_SUFFIXES) else ()
            if (divs or towns) and (common_words or name not in divisions.COMMON_WORDS):
                hits.append((name, s, i + 1, divs, towns))
                break
    hits.sort(key=lambda f: (f[1], -(f[2] - f[1])))
    out: list[tuple] = []
    for f in hits:
        if out and f[1] < out[-1][2]:
            if f[2] - f[1] > out[-1][2] - out[-1][1]:
                out[-1] = f
            continue
        out.append(f)
    return out


@functools.lru_cache(maxsize=None)
def _lengths_by_last_character(with_townships: bool, with_aliases: bool) -> dict[str, list[int]]:
    names = set(divisions.table()[1]) | (set(divisions.townships()) if with_townships else set()) \
        | (set(divisions.aliases()) if with_aliases else set())
    lengths: dict[str, set[int]] = {}
    for name in names:
        if len(name) >= 2:
            lengths.setdefault(name[-1], set()).add(len(name))
    return {ch: sorted(ns, reverse=True) for ch, ns in lengths.items()}


def _division_texts(views: list[str]) -> list[str]:
    rnd = random.Random(7)
    names = sorted(divisions.table()[1]) + sorted(divisions.aliases()) + sorted(divisions.townships())
    glue = ["", "", "局", "的", "路", "和", "市", "区", "县", "镇", "街道", "新区", "城区", "人民政府", "，", "\n"]
    texts = list(views)
    for v in views:
        for _ in range(20):
            i = rnd.randrange(max(1, len(v)))
            texts.append(v[i:i + rnd.choice((6, 12, 30, 70, 200))])
    for _ in range(3000):  # names run together, cut at either end, with the words agencies add
        texts.append("".join(rnd.choice(names)[rnd.randint(0, 1):] + rnd.choice(glue)
                             for _ in range(rnd.randint(1, 5))))
    texts += ["浦东新区", "城区街道", "新区城区", "北京市朝阳区安贞街道", "𠮷𠮷北京市朝阳区", ""]
    return texts


@pytest.mark.parametrize("with_townships,common_words,with_aliases",
                         [(True, False, False), (False, False, False), (True, True, False),
                          (True, False, True), (False, False, True), (False, True, True)])
def test_division_search_finds_what_the_character_loop_found(views, with_townships, common_words, with_aliases):
    options = dict(with_townships=with_townships, common_words=common_words, with_aliases=with_aliases)
    for text in _division_texts(views):
        expected = _find_by_last_character(text, **options)
        for _ in range(2):  # the second time from the cache of short texts
            got = [(f.name, f.start, f.end, f.divisions, f.townships) for f in divisions.find(text, **options)]
            assert got == expected, (text[:80], options)


def test_a_cached_result_cannot_be_changed_by_its_caller():
    first = divisions.find("常熟市公安局")
    first.clear()
    assert [f.name for f in divisions.find("常熟市公安局")] == ["常熟市"]


def test_leftmost_longest_is_what_a_longest_first_alternation_finds(views):
    names = ["九台", "九台区", "台区", "三合镇", "合镇", "七台河市", "七台", "十堰市", "堰市", "二道江区", "二道"]
    rx = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    search = divisions.NameSearch({n: None for n in names})
    for text in views + _generated(names + ["区", "市", "的", "，", "镇"], 3000, seed=3):
        assert search.leftmost_longest(text) == [m.span() for m in rx.finditer(text)], text


def test_numeral_places_as_the_regular_expression_found_them(views):
    names = {d.name for d in divisions.table()[0].values()} | set(divisions.aliases()) | set(divisions.townships())
    names = sorted((n for n in names if re.search("[一二两三四五六七八九十百千]", n) and len(n) >= 2), key=len, reverse=True)
    rx = re.compile("|".join(map(re.escape, names)))
    texts = views + _generated(names[:300] + ["县", "的", "三", "九", "，"], 2000, seed=4)
    for text in texts:
        assert narrative._numeral_places().leftmost_longest(text) == [m.span() for m in rx.finditer(text)]


# --- first characters and needed words ------------------------------------------------------

def test_first_class_lists_where_a_match_can_start():
    assert first_class(r"(?<!\d)[1-9]\d{5}") == "[1-9]"
    assert first_class(r"(?:没有|未|无)收到") == "[无未没]"
    assert first_class(r"(?:均|都)?(?:未|没有)收取") == "[均未没都]"
    assert first_class(r"(?:^|[。；])\s*年") == "[\\s。年；]"
    assert first_class(r"x?y") == "[xy]"
    for unknown in (r"[^。]+", r".x", r"a?", r"(?i)ab", r"(a)?\1", r"a|"):
        assert first_class(unknown) is None, unknown


def test_needed_words_are_in_every_match():
    assert needed_words(r"由\s*(?P<a>[^，]{2,40}?)\s*编制") == (frozenset({"由"}), frozenset({"编制"}))
    assert needed_words(r"(?:现将|编制了?)X") == (frozenset({"现将", "编制"}), frozenset({"X"}))
    assert needed_words(r"a|b|") == ()
    assert needed_words(r"(?i)ab") == ()
    assert not may_match(re.compile(r"由\s*(?P<a>[^，]{2,40}?)\s*编制"), "由县政府办公室负责")


def _scan_texts(views: list[str]) -> list[str]:
    words = list("0123456789０１２３ -—()（）+＋@.:：，。；\n\t\u3000人") + [
        "86", "转", "分机", "QQ", "qq群", "微信号", "WeChat", "电话", "联系电话", "传真", "手机", "联系人", "审核人",
        "单位负责人", "负责人", "张三", "李四", "为", "是", "abc@163.com", "13912345678", "0571-88888888",
        "110101199003077777", "未", "没有", "无", "收到", "依申请公开", "申请", "收费", "为0", "行政复议", "诉讼",
        "政府信息公开", "信息公开", "工作", "制度", "领导小组", "编制", "年度报告", "2017年", "由", "〔2019〕14号",
        "四个意识", "两学一做", "一、", "(二)", "1."]
    return views + _generated(words, 4000, seed=11, longest=25)


def _spans(rx: re.Pattern, text: str) -> list:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


def test_gated_patterns_find_the_same_matches(views):
    patterns = list(privacy.PATTERNS.values()) + [re.compile(c["pattern"]) for c in narrative.cues()[0]] + [
        narrative._DOC_NUMBER, narrative._DATE, narrative._HEADING, narrative.words()["slogan"]] + [
        z["rx"] for z in narrative.cues()[1]] + [rx for rx, *_ in agency._OPENING_RE] + [rx for rx, _ in agency._BODY_RE]
    texts = _scan_texts(views)
    for rx in patterns:
        plain, fast = rx, gated(rx)
        for text in texts:
            assert _spans(fast, text) == _spans(plain, text), (rx.pattern, text[:80])
            if not may_match(plain, text):
                assert not plain.search(text), (rx.pattern, text[:80])


def test_personal_data_found_as_by_the_plain_patterns(views):
    def plain(text):
        found = []
        for kind, rx in privacy.PATTERNS.items():
            for m in rx.finditer(text):
                groups = [g for g, v in m.groupdict().items() if v is not None]
                found.append((*(m.span(groups[0]) if groups else m.span()), kind))
        return found
    for text in _scan_texts(views):
        assert privacy.find_personal(text) == plain(text), text[:80]


def test_owners_found_near_their_anchor_as_by_finditer(views):
    rx = agency._BODY_RE[-1][0]
    words = ["政府信息公开", "政务信息公开", "政务公开", "信息公开", "工作", "制度", "领导小组", "成立了", "县人社局", "，", "\n",
             "1", "的", "区", "政府信息", "公开", "办公室"]
    for text in views + _generated(words, 4000, seed=5, longest=30):
        assert [(m.span(), m["a"]) for m in agency._matches_before(rx, agency._OWNER_AT, text, 32)] == \
               [(m.span(), m["a"]) for m in rx.finditer(text)], text


# --- zeros stated in words: only sentences with a negation are searched ---------------------------

def _zeros_every_sentence(text: str, blocked, year) -> dict:
    """The former loop: every zero wording searched in every sentence."""
    sections = narrative._sections(text)
    out = {}
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^。；;！？!?\n]+", text)]
    for z in narrative.cues()[1]:
        if z["indicator_id"] in out:
            continue
        for a, b in spans:
            m = narrative._shortest(z["rx"], text, a, b)
            if m is None or blocked.covers(m.start(), m.end()):
                continue
            if z["needs"] and not any(n.partition(":")[2] == sections(m.start()) for n in z["needs"]):
                continue
            st = narrative.Statement(m.start(), m.end(), Decimal(0), "exact", "in_words", "", m.end(),
                                     text[a:m.start()], "", 0, a, 0, "", (a, b))
            narrative._flags(st, text[a:m.start()], text[a:b], year)
            if st.other_period:
                continue
            out[z["indicator_id"]] = (m.start(), m.end(), a, b)
            break
    return out


def test_zeros_found_as_when_every_sentence_was_searched(views):
    words = ["本年度", "我局", "没有", "未", "尚未", "无", "收到", "政府信息公开", "申请", "。", "；", "\n", "，", "发生",
             "行政复议", "行政诉讼", "收取", "任何", "费用", "收费为0", "去年", "2016年", "二、依申请公开情况\n", "举报", "投诉"]
    for text in views + _generated(words, 1500, seed=9, longest=30):
        blocked = narrative._Spans([])
        got = {k: (v.char_start, v.char_end, v.evidence_start, v.evidence_end)
               for k, v in narrative._zeros(text, blocked, 2017).items()}
        assert got == _zeros_every_sentence(text, blocked, 2017), text[:120]


# --- numbers: cached conversions ------------------------------------------------------------

def test_formatting_is_by_the_written_value():
    for _ in range(2):  # the second time from the cache
        assert [format_decimal(v) for v in (Decimal("-0"), Decimal("0"), Decimal("1.0"), 1, Decimal("1E+3"),
                                            Decimal("-1.50"), 2.5, True)] == ["0", "0", "1", "1", "1000", "-1.5", "2.5", "1"]
    assert to_decimal("1.17万") == Decimal("11700") and to_decimal("二十七") == 27 and to_decimal("x") is None
