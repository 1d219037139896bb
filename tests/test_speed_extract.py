"""The faster extraction and assembly find exactly what the plain code found.

Each fast path is compared with the plain code it replaced (kept here as the reference) on the
seed reports, the development set's pages when they are at hand (../shared/devset/reports), and
generated texts built from the very words the patterns look for, so that matches, near-misses
and edge cases are frequent. Speed itself is measured in benchmarks/, not here.
"""
from __future__ import annotations

import dataclasses
import random
import re
from decimal import Decimal

import pytest

from ogi import assemble, privacy
from ogi.codebook import is_signed_unit, table
from ogi.extract import narrative
from ogi.model import Document, Mention, Value
from ogi.numbers import find_quantities
from ogi.scan import gated, needed_words

from .conftest import sample_docs

@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return sample_docs()


def _generated(words: list[str], n: int, seed: int, longest: int = 12) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(words) for _ in range(rnd.randint(1, longest))) for _ in range(n)]


# --- value cues: only the cues whose needed words a label holds are tried ---------------------

def _cue_words() -> list[str]:
    words = set()
    for c in narrative.cues()[0]:
        for s in needed_words(c["pattern"]):
            words |= s
    return sorted(words)


def test_cues_tried_are_every_cue_that_matches(docs):
    labels = []
    for doc in docs:
        for st in narrative._statements(doc.view, narrative._Spans(narrative._blocked_spans(doc)), 2019):
            labels.append((st.unit, st.label))
    # labels made of the cues' own words, the mark, numbering and separators
    words = _cue_words() + [narrative.MARK] * 6 + list("共为了的，、:：(（)）一二1.") + ["其中", "全年", "本机关"]
    units = sorted(narrative._cues_by_unit()) + ["", "米"]
    rnd = random.Random(3)
    labels += [(rnd.choice(units), text) for text in _generated(words, 6000, seed=4, longest=10)]
    assert len(labels) > 6000
    for unit, label in labels:
        plain = [c for c in narrative._cues_by_unit().get(unit, ()) if c["rx"].search(label)]
        fast = [c for c in narrative._cues_to_try(unit, label) if c["rx"].search(label)]
        assert fast == plain, (unit, label)


# --- counts without a counter: the span tests asked before a number is read -------------------

def _unitless_plain(text: str, blocked, counted) -> list:
    """The former loop: every quantity read, then tested."""
    taken = {(st.start, st.end) for st in counted}
    out = []
    for q in find_quantities(text):
        if (q.start, q.end) in taken or blocked.covers(q.start, q.end) or not q.status == "printed":
            continue
        if narrative._COUNTER_RE.match(text, q.end) or text[q.end:q.end + 1].isdigit() \
                or narrative._NOT_COUNT_AFTER.match(text, q.end):
            continue
        if not narrative._COUNT_NOUN.search(text[max(0, q.start - 16):q.start]):
            continue
        a = narrative._clause_start(text, q.start)
        out.append((q.start, q.end, q.value, q.qualifier, q.status, text[a:q.start].strip(), a))
    return out


def test_unitless_counts_as_the_plain_loop_found_them(docs):
    words = ["访问量", "访问量为", "浏览次数:", "订阅人数", "人数达", "点击量约", "总数", "数量：", "1234", "6113", "10,234",
             "3.5", "1.2万", "近", "约", "余", "多", "以上", "左右", "二十", "三百", "条", "件", "次", "人次", "年", "%", "月",
             "，", "。", "\n", " ", "(", "2019", "第", "〔2019〕14号", "联系电话：0571-88888888"]
    texts = [d.view for d in docs] + _generated(words, 3000, seed=6, longest=16)
    for i, text in enumerate(texts):
        blocked = narrative._Spans(narrative._blocked_spans(Document("t", "", 0, "txt", text)))
        counted = narrative._statements(text, blocked, 2019)
        if i % 2:
            counted = counted[::2]  # some counted numbers not taken
        fast = [(s.start, s.end, s.value, s.qualifier, s.status, s.pre, s.sentence_start)
                for s in narrative._unitless(text, blocked, counted)]
        assert fast == _unitless_plain(text, blocked, counted), text[:120]


def test_find_quantities_where_and_printed_only_only_filter():
    text = "共收到申请二十件，访问量1,234次，约3.5万人，两名，近100余条，2019年"
    every = find_quantities(text)
    assert find_quantities(text, printed_only=True) == [q for q in every if q.status == "printed"]
    assert find_quantities(text, where=lambda a, b: a > 10) == [q for q in every if q.start > 10]
    assert find_quantities(text, narrative._COUNTER_RE, True, where=lambda a, b: True) == \
        find_quantities(text, narrative._COUNTER_RE, True)


# --- personal data: patterns skipped when a text lacks what every match holds -----------------

def _personal_plain(text: str) -> list:
    found = []
    for kind, rx in privacy.PATTERNS.items():
        for m in rx.finditer(text):
            groups = [g for g, v in m.groupdict().items() if v is not None]
            found.append((*(m.span(groups[0]) if groups else m.span()), kind))
    return found


def test_personal_data_found_as_by_the_plain_patterns_near_misses(docs):
    words = list("0123456789１３９０ -—－()（）+＋:：，。人\n\u3000") + [
        "86", "+86", "(+86)", "00", "139", "1391234", "5678", "1234", "12345678", "13912345678", "139 1234 5678",
        "139-1234-5678", "12912345678", "110101199003077777", "11010119900307777X", "110101900307777",
        "11010119900307777", "1101011990030777", "０５７１－８８８８８８８８", "１３９１２３４５６７８", "电话", "手机",
        "联系人", "审核人", "负责人", "单位负责人", "填报人：", "张三", "李四", "微信", "QQ", "为", "是", "转", "分机"]
    for text in [d.view for d in docs] + [d.text for d in docs] + _generated(words, 6000, seed=21, longest=20):
        assert privacy.find_personal(text) == _personal_plain(text), text[:80]


def test_a_role_name_needs_a_role_word():
    for word in privacy._NEEDS[privacy._ROLE_NAME]:
        assert privacy._ROLE_NAME.search(word + "：张三") or word == "联系人员", word
    assert privacy.find_personal("联系人：张三") and not privacy.find_personal("张三负责此项工作，人员两名")


# --- assembling: spans moved to the text without dataclasses.replace ---------------------------

def test_to_text_is_replace_with_the_moved_spans(docs):
    def plain(doc, item):
        spans = {}
        for a, b in (("char_start", "char_end"), ("evidence_start", "evidence_end")):
            start, end = getattr(item, a), getattr(item, b)
            if start is not None and end is not None:
                spans[a], spans[b] = doc.text_span(start, end)
        return dataclasses.replace(item, **spans)

    # a view without the zero-width characters of its text: offsets differ
    mapped = [d for d in docs if d.view_map is not None] + [Document("t", "", 0, "txt", "共收到\u200b申请\u200b12件，访问量\u200b100次。" * 3)]
    assert mapped[-1].view_map is not None
    for doc in docs[:20] + mapped[:20]:
        n = len(doc.view)
        items = [Value("x", Decimal(1), "printed", "exact", "narrative", 0, min(3, n), None, None, unit="件"),
                 Value("x", None, "blank", "exact", "table_cell", n // 2, n // 2, 1, n, note="n"),
                 Value("x", Decimal(2), "derived", "exact", "derived", None, None, note="a = b + c"),
                 Value("x", Decimal(2), "printed", "exact", "narrative", 5, None, 2, 9),
                 Mention("访问量", Decimal(10), "", "exact", 1, 2, 0, n)]
        for item in items:
            new, ref = assemble.to_text(doc, item), plain(doc, item)
            assert new == ref and type(new) is type(ref) and new is not item
            assert vars(new) == vars(ref)


def test_is_signed_unit_as_the_units_table_says():
    units = {r["unit"] for r in table("units")} | {"", "件", "±项", "x"}
    for unit in units:
        assert is_signed_unit(unit) == any(r["unit"] == unit for r in table("units") if r["kind"] == "change")


# --- batch 2: fingerprints, identities, periods ------------------------------------------------

def test_fingerprint_keeps_what_the_substitution_kept(docs):
    import hashlib
    import sys

    from ogi import dedupe

    # [\s\W_] and [\W_] are one class: no whitespace character is a word character
    assert not any(ch.isspace() and re.match(r"\w", ch) for ch in map(chr, range(sys.maxunicode + 1)))
    extra = ["", " \n\t", "___", "a_b c", "第1条，２０１９年 ＡＢ_ｃ\u3000。", "abc"]
    for doc in docs + [Document("t", "", 0, "txt", t) for t in extra]:
        content = re.sub(r"[\s\W_]+", "", doc.view)
        assert dedupe.fingerprint(doc) == (hashlib.sha1(content.encode("utf-8")).hexdigest() if content else "")


def test_applicable_identities_as_the_codebook_lists_them():
    from ogi.codebook import load
    from ogi.identities import applicable

    cb = load()
    for template in ("format_2019", "pre2019_table", "narrative", "format_2021", None):
        key = "format_2019" if template == "format_2019" else "pre2019_table"
        for _ in range(2):  # the second time from the cache
            assert list(applicable(cb, template)) == [i for i in cb.identities if key in i["templates"].split()]


def test_period_and_total_words_found_as_by_the_plain_patterns(docs):
    from ogi.extract.narrative import _period_words, words

    w = words()
    plain_period = re.compile(r"(?P<year>(?:19|20)[0-9]{2})\s*年|(?P<other>" + w["other_period"].pattern + r")|(?P<this>"
                              + w["this_period"].pattern + ")")
    pieces = ["2019年", "2016 年", "去年", "上年度", "7-12月", "1至6月", "今年", "本年度", "全年", "共", "公共", "共同", "共计",
              "全市", "各单位合计", "以来", "，", "。", "收到", "申请", "第一季度", "20", "19", "年"]
    texts = [d.view for d in docs] + _generated(pieces, 3000, seed=8, longest=14)
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in _period_words().finditer(text)] == \
               [(m.span(), m.groupdict()) for m in plain_period.finditer(text)], text[:80]
        assert [m.span() for m in gated(w["total"]).finditer(text)] == [m.span() for m in w["total"].finditer(text)]


def test_quantities_are_read_by_their_four_groups():
    from ogi.numbers import QUANTITY_RE, _quantities

    assert QUANTITY_RE.groupindex == {"pre": 1, "num": 2, "mult": 3, "post": 4} and QUANTITY_RE.groups == 4
    text = "共收到申请近二十件，约3.5万人，1,234余条，超过100多次，两名"
    assert _quantities.__wrapped__(text) == tuple(
        (m.start(), m.end(), *m.group("pre", "num", "mult", "post")) for m in QUANTITY_RE.finditer(text))


def test_the_2021_revision_found_as_when_every_text_was_reduced(docs):
    from ogi.codebook import label_key, load, reduce_label
    from ogi.extract.tables import _is_2021_revision
    from ogi.settings import FORMAT_2021_COLUMNS_MIN

    cb = load()
    cols = {label_key(c["column_label"]) for c in cb.cells("format_2021")}

    def plain(doc):
        squeezed = reduce_label(doc.view.replace("\n", ""))
        return sum(1 for c in cols if c and c in squeezed) >= FORMAT_2021_COLUMNS_MIN

    pieces = ["本年制发件数", "本年", "制发", "件数", "本年废止件数", "废止", "现行有效件数", "现行(注)有效", "（", "）", "|", "\n",
              " ", "，", "规章", "规范性文件", "1", "0"]
    texts = [Document("t", "", 0, "txt", t) for t in _generated(pieces, 2000, seed=12, longest=12)]
    found = 0
    for doc in docs + texts:
        assert _is_2021_revision(doc, cb) == plain(doc), doc.view[:80]
        found += plain(doc)
    assert found > 50


def test_personal_data_tried_only_where_a_match_can_start(docs):
    """E-mail addresses (the run before each @), and the patterns that start at a word (电话, QQ,
    微信, a role word, 单位/主要/分管负责人): the plain patterns on near-misses."""
    local = "a" * 63
    words = list("ab.-_%+@＠ 　,，:：\n") + [
        "abc@163.com", "x.y+z@gov.cn", "@", "＠", "a@", "@b", local, local + "b", local + "bc", "163.com", "gov",
        "微信", "微信号", "微信：", "WeChat", "wechat", "Wechat", "wx_abc123", "gh_1234567", "12345678", "QQ", "qq群", "ＱＱ",
        "Qq号", "123456789", "电话", "Tel", "tel:", "FAX", "fax", "传真", "联系方式", "88888888", "0571-", "单位负责人", "主要负责人",
        "分管负责人", "负责人", "联系人员", "联系人", "填报人", "审核人：", "张三", "李四", "王", "为", "是", "13912345678"]
    for text in [d.view for d in docs] + _generated(words, 8000, seed=31, longest=16):
        assert privacy.find_personal(text) == _personal_plain(text), text[:120]


def test_matches_at_is_finditer_where_the_starts_are_known():
    rx = re.compile(r"ab+|b")
    text = "abbxbab"
    assert [m.span() for m in privacy._matches_at(rx, text, [0, 1, 4, 5, 6])] == [m.span() for m in rx.finditer(text)]
    assert privacy._address_starts("x a.b@c  @d " + "a" * 65 + "@e ＠f " + "b" * 64 + "@g") == [2, 83]


def test_headings_found_as_by_the_multiline_pattern(docs):
    words = ["一、", "二、", "十二、", "(三)", "（四）", "1.", "2、", "12.5", "3. ", "\n", "\n\n", " ", "\u3000", "\t", "。", "主动公开",
             "依申请公开", "收费", "行政复议", "问题", " \n", "一", "十", "、", ".", "．"]
    for text in [d.view for d in docs] + _generated(words, 20000, seed=14, longest=20):
        assert [(m.span(), m["num"], m["text"]) for m in narrative._HEADING.finditer(text)] == \
               [((start, m.end()), m["num"], m["text"]) for start, m in narrative._headings(text)], text[:80]


def test_matching_cues_are_the_cues_that_match(docs):
    words = _cue_words() + [narrative.MARK] * 6 + list("共为了的，、:：(（)）一二1.") + ["其中", "全年", "本机关"]
    rnd = random.Random(5)
    units = sorted(narrative._cues_by_unit())
    labels = [(rnd.choice(units), text) for text in _generated(words, 3000, seed=15, longest=10)]
    for unit, label in labels * 2:  # the second time from the cache
        plain = [(c, len(c["rx"].search(label).group()), c["rx"].search(label).start())
                 for c in narrative._cues_by_unit().get(unit, ()) if c["rx"].search(label)]
        assert list(narrative._matching_cues(unit, label)) == plain, (unit, label)
