"""The faster metadata stage finds exactly what the plain one found.

Each fast path of ogi.resolve (a pattern run only when the text holds its tail or its words, a
look-ahead in front of a pattern, lines stripped once) is compared with the plain reference on the
seed reports, the development set's pages when they are at hand, and generated texts built from
the words the patterns look for, so that matches and near-misses are frequent. Speed itself is
measured in benchmarks/, not here.
"""
from __future__ import annotations

import random
import re

import pytest

from ogi.resolve import agency, page, recognise, title
from ogi.settings import OPENING_CHARS

from .conftest import RAW, sample_docs


@pytest.fixture(scope="module")
def views() -> list[str]:
    return [doc.view for doc in sample_docs(devset_limit=None)]


def _generated(words: list[str], n: int, seed: int, longest: int = 10) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(words) for _ in range(rnd.randint(1, longest))) for _ in range(n)]


def _pieces(views: list[str], seed: int, n: int = 20) -> list[str]:
    """Lines and stretches of the pages, cut anywhere."""
    rnd = random.Random(seed)
    out = []
    for v in views:
        out += v.split("\n")[:80]
        for _ in range(n):
            i = rnd.randrange(max(1, len(v)))
            out.append(v[i:i + rnd.choice((8, 20, 45, 120, 400))])
    return out


# --- the title: its patterns run only when the text holds their tail ------------------------

_TITLE_WORDS = ["2017", "2018年", "2019 年", "年度", "年", "度", "政府信息公开", "政务公开", "信息公开", "政务信息公开",
                "工作", "年度报告", "报告", "年报", "情况", "的", "关于", "(", ")", "（", "）", "大竹县", "教育局",
                "人民", "政府", " ", "|", "，", "现将", "公布", "20", "1", "(2017年)", "（2018年度）", "(2016",
                "政府信息公开年报", "政务公开工作年度报告"]


_MATCH_TITLE = title._match_title


def _match_title_plain(text: str, offset: int, where: str, original: str | None = None):
    """_match_title as it was: every pattern searched in full."""
    saved = title._TITLE_PATTERNS
    title._TITLE_PATTERNS = tuple((rx, None) for rx, _ in saved)
    try:
        return _MATCH_TITLE(text, offset, where, original)
    finally:
        title._TITLE_PATTERNS = saved


def test_title_patterns_with_their_tails_find_what_the_plain_search_found(views):
    texts = _pieces(views, seed=1) + _generated(_TITLE_WORDS, 6000, seed=2)
    texts += ["和平区政府信息公开年报(2017年)", "2018年度政府信息公开工作年度报告", "政府信息公开年度报告",
              "关于2019年政务公开工作情况的报告", "于洪区人民政府信息公开工作报告（2016年度）", ""]
    for text in texts:
        for where in ("title", "opening"):
            assert title._match_title(text, 3, where) == _match_title_plain(text, 3, where), (text, where)


def test_each_title_tail_is_the_end_of_its_pattern():
    for rx, tail in title._TITLE_PATTERNS:
        assert tail is None or rx.pattern.endswith(tail.pattern)


def _find_title_plain(view: str, lines: list) -> title.Title | None:
    """The former find_title: every run of every line tried (no line skipped for lacking the words)."""
    from ogi.resolve.agency import clean

    content = [ln for ln in lines[:80] if ln.stripped and not (page.is_furniture(ln) and not title._KIND_RE.search(ln.text))]
    found = []
    for k, ln in enumerate(content):
        if ln.start > 4000:
            break
        runs = [[ln]]
        nxt = content[k + 1:k + 3]
        if len(ln.stripped) <= title.TITLE_LINE_MAX and nxt:
            runs.append([ln, nxt[0]])
            if len(nxt) > 1 and len(nxt[0].stripped) <= title.TITLE_LINE_MAX:
                runs.append([ln, nxt[0], nxt[1]])
        for run in runs:
            text = "".join(x.stripped for x in run)
            t = _match_title_plain(text, run[0].start, "title")
            if t is None:
                continue
            if len(run) > 1:
                if _match_title_plain(run[0].stripped, 0, "title") or not text.startswith(t.text[:4]) \
                        or len(t.text) > sum(len(x.stripped) for x in run[:-1]) + title.TITLE_LINE_MAX:
                    continue
            score = (4 if t.year else 0) + (2 if clean(t.agency_part) else 0) - (len(run) - 1)
            found.append((-score, len(found), t))
    if found:
        return min(found, key=lambda x: (x[0], x[1]))[2]
    opening = title.blank_cited(view[:OPENING_CHARS * 2])
    for m in re.finditer(r"[^。\n]+", opening):
        t = _match_title_plain(m.group(), m.start(), "opening", view[m.start():m.end()])
        if t is not None:
            return t
    return None


def test_find_title_on_the_pages_is_unchanged(views):
    lines_words = ["2018年", "政府信息", "公开", "政府信息公开", "年度报告", "报", "告", "工作", "大竹县", "教育局", "首页 > 政务公开",
                   "发布时间：2019-01-02", "(2017年)", "关于", "的报告", "一、总体情况"]
    texts = list(views) + ["\n".join(x) for x in zip(*[iter(_generated(lines_words, 3000, seed=15, longest=4))] * 6)]
    for v in texts:
        lines = page.lines_of(v)
        assert title.find_title(v, lines) == _find_title_plain(v, lines), v[:200]


# --- recognition: each marker gated and skipped without its words ----------------------------

def test_markers_searched_as_gated_find_what_their_patterns_find(views):
    texts = list(views) + [title.blank_cited(v) for v in views] + _pieces(views, seed=3, n=5)
    words = []
    for m in recognise.markers():
        words += [w for w in re.split(r"[^\u4e00-\u9fff0-9、]+", m["pattern"]) if w]
    texts += _generated(words + ["\n", " ", "，", "。", "2018", "年", "一、", "1."], 3000, seed=4, longest=6)
    for k, m in enumerate(recognise.markers()):
        for text in texts:
            fast, plain = recognise._search(k, m, text), m["rx"].search(text)
            assert (fast and fast.span()) == (plain and plain.span()), (m["marker_id"], text[:80])


# --- the agency: the subject verbs behind a look-ahead ----------------------------------------

def test_body_patterns_with_the_verb_gate_find_what_the_plain_ones_found(views):
    texts = [title.blank_cited(v[:OPENING_CHARS * 6]) for v in views]
    verbs = agency._SUBJECT_VERBS[3:-1].split("|")
    texts += _generated(verbs + ["2018年", "，", "。", "\n", " ", "区教育局", "市", "公安局", "我局", "的", "3"],
                        3000, seed=5, longest=14)
    for rx, _ in agency._BODY_RE[:2]:
        plain = re.compile(rx.pattern.replace(agency._VERB, agency._SUBJECT_VERBS))
        assert plain.pattern != rx.pattern
        for text in texts:
            assert [(m.span(), m["a"]) for m in rx.finditer(text)] == \
                [(m.span(), m["a"]) for m in plain.finditer(text)], text[:80]


# --- the page: lines stripped once, field labels gated ---------------------------------------

def test_lines_are_those_of_the_view(views):
    for v in views + ["", "\n", "a\r\n|  标题 |\n\u3000?x?\n"]:
        lines = page.lines_of(v)
        assert "\n".join(ln.text for ln in lines) == v.replace("\r\n", "\n") or "\r" in v
        for ln in lines:
            assert ln.text == v[ln.start:ln.end].rstrip("\r")
            assert ln.stripped == ln.text.strip(" \t|\u3000?")


def _ungated(rx: re.Pattern) -> re.Pattern:
    m = re.fullmatch(r"\(\?=\[[^\]]*\]\)\(\?:(.*)\)", rx.pattern, re.S)
    assert m, rx.pattern
    return re.compile(m.group(1), rx.flags)


def test_field_patterns_gated_find_what_the_plain_ones_found(views):
    labels = list(page._FIELD_WORDS) + [" ".join(w) for w in page._FIELD_WORDS[:10]]
    texts = _pieces(views, seed=6, n=5)
    texts += _generated(labels + [":", "：", "|", " ", "\n", "•", "朝阳乡", "2018-01-02", "市政府"], 3000, seed=7)
    field_value = page._field_value_re(agency._FIELD_LABELS)
    for fast in (page._FIELD, field_value):
        plain = _ungated(fast)
        for text in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text)], text[:80]


def _breadcrumbs_plain(lines):
    out = []
    for ln in lines[:40]:
        s = ln.stripped
        if re.search(r"首页\s*[>›»/]", s) or re.search(r"(当前位置|您的位置|当前页面|所在位置)", s):
            s = re.sub(r"^.*?(当前位置|您的位置|当前页面|所在位置)\s*[:：]?", "", s)
            parts = [p.strip() for p in page._CRUMB_SPLIT.split(s) if p.strip()]
            if len(parts) >= 2:
                out.append(parts)
    return out


def test_breadcrumbs_as_before(views):
    texts = list(views) + _generated(["首页", " > ", "›", "/", "当前位置", "：", "您的位置", "政务公开", "马水镇",
                                      "年度报告", "\n"], 2000, seed=8)
    for v in texts:
        lines = page.lines_of(v)
        assert page.breadcrumbs(lines) == _breadcrumbs_plain(lines)


# --- words found without a pattern compiled for each -----------------------------------------

def test_occurrences_are_where_a_search_for_the_word_finds_it(views):
    from ogi.scan import occurrences

    words = ["府谷县人民政府", "府", "aa", "aba", "人民政府", "城关镇", "教育局", "2018", "\n"]
    texts = list(views[:40]) + _generated(["府谷县人民政府", "府", "a", "b", "城关镇", "谷县", " "], 2000, seed=9)
    for text in texts:
        for w in words:
            assert list(occurrences(w, text)) == [m.start() for m in re.finditer(re.escape(w), text)]
            assert list(occurrences(w, text, overlapping=True)) == \
                [m.start() for m in re.finditer("(?=" + re.escape(w) + ")", text)]


def test_a_count_for_the_jurisdiction_as_the_search_found_it(views):
    from ogi.resolve import metadata

    places = ["辽阳市", "和平区", "大竹县", "市", "县县"]
    texts = list(views) + _generated(places + ["2019年", "2018 年度", "通过网站", "公开信息", "收到", "35829", "条",
                                               "件", "。", "，", "\n", "全市", "本"], 4000, seed=10)
    for text in texts:
        for where in places:
            plain = re.search(r"(?<![\u4e00-\u9fff])" + re.escape(where) + metadata._COUNT_AFTER.pattern, text)
            assert metadata._counts_for(where, text) == bool(plain), (where, text[:80])


# --- reading: full-width forms replaced kind by kind -----------------------------------------

def test_normalise_is_the_translation_of_the_table(views):
    import sys

    import ogi.read.decode  # noqa: F401 - the module (ogi.read exports a function of that name)

    decode = sys.modules["ogi.read.decode"]
    assert not set(decode._FULLWIDTH.values()) & set(decode._FULLWIDTH)  # replacing in any order is the same
    specials = "".join(map(chr, decode._FULLWIDTH)) + "，。：；（）１２Ａａ\u3000\u00a0\u2212﹝﹞ 　abc中文"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(RAW.iterdir()) if p.suffix == ".txt"]
    texts += list(views) + _generated(list(specials), 2000, seed=11, longest=40) + ["", specials]
    for text in texts:
        assert decode.normalise(text) == text.translate(decode._FULLWIDTH)


def test_the_view_drops_what_the_plain_pattern_drops(views):
    from ogi import textview

    plain = _ungated(textview._DROP)
    texts = list(views) + _generated(["報", "告", "(bào)", "(kai)", "(ab)", "(2018)", ")", "(", "\u200b", "\ufeff",
                                      "\u00ad", "a", " ", "（"], 3000, seed=12)
    for text in texts:
        assert [m.span() for m in textview._DROP.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_compiler_before_its_report_is_found_only_where_the_tail_is(views):
    rx = agency._OPENING_RE[1][0]
    assert rx.pattern.endswith(agency._COMPILED_TAIL)
    texts = [title.blank_cited(v[:OPENING_CHARS * 3]) for v in views]
    texts += _generated(["编制", "编制了", "组织", "本", "2018年", "年度", "政府信息公开", "工作", "年度报告", "报告", "，", "。",
                         "\n", " ", "区教育局", "根据要求", "编制了2018年政府信息公开年度报告", "组织编制本2019年度"],
                        3000, seed=13, longest=12)
    found = 0
    for text in texts:
        if not agency._COMPILED_TAIL_RE.search(text):
            assert not rx.search(text), text[:80]
        else:
            found += bool(rx.search(text))
    assert found > 10


def test_index_numbers_found_as_by_the_plain_pattern(views):
    from ogi.resolve import place

    plain = _ungated(place._INDEX_CODE)
    texts = [v[:3000] for v in views] + _generated(["330726", "JD", "040000", "/", " / ", "2018", "-", "03819", "A",
                                                     "9", "索引号：", "11370828004332205R", "\n"], 3000, seed=14)
    for text in texts:
        assert [(m.span(), m["code"]) for m in place._INDEX_CODE.finditer(text)] == \
            [(m.span(), m["code"]) for m in plain.finditer(text)], text[:80]


def test_a_signature_date_needs_its_day():
    from ogi.resolve import metadata
    from ogi.scan import needed_words

    assert frozenset({"日"}) in needed_words(metadata.SIGNATURE_DATE_RE.pattern)  # lines without 日 are skipped


def test_furniture_as_the_plain_tests_found_it(views):
    def plain(line):
        s = line.stripped
        if not s:
            return True
        if len(s) > page.TITLE_LINE_MAX * 2:
            return False
        return bool(page._NAV.match(s) or page._BREADCRUMB.search(s) or _ungated(page._FIELD).search(" " + s)
                    or re.fullmatch(r"[\W\d_a-zA-Z]*", s))

    texts = list(views) + ["\n".join(_generated(["首页", ">", " > ", "›", "»", "/", "当前位置", "您的位置：", "现在的位置", "a",
                                                 "政务公开", "发布时间：", "2019", "年报", " ", "分享到"], 3000, seed=16, longest=6))]
    for v in texts:
        for ln in page.lines_of(v):
            assert page.is_furniture(ln) == plain(ln), ln.text
