"""Numbers stated in sentences (seeds 001-004) and synthetic sentences for the hard cases.

Expected values were checked by a person in the raw text; each names its line in data/raw/.
"""
from __future__ import annotations

from decimal import Decimal

import opencc
import pytest

from ogi.codebook import load
from ogi.model import Document
from ogi.extract.narrative import extract_narrative
from ogi.read.decode import normalise

from .conftest import line_of

EXPECTED = {
    "002": {  # 汤原县政务中心 2016
        "proactive_total": (16, 36, "16", "printed"),          # …各类政务信息共16条
        "requests_received": (0, 40, "没有收到信息公开申请", "in_words"),
        "fees_collected": (0, 44, "未发生因政府信息公开产生的收费", "in_words"),
        "reconsideration_total": (0, 48, None, "in_words"),     # 未收到任何…行政复议
        "litigation_total": (0, 48, None, "in_words"),          # …、行政诉讼
    },
    "003": {  # 玉溪市 2017, city-wide
        "proactive_total": (218972, 61, "218972", "printed"),
        "proactive_normative_docs": (22, 61, "22", "printed"),
        "normative_docs_issued": (22, 61, "22", "printed"),
        "proactive_gazette": (82, 61, "82", "printed"),
        "proactive_website": (94802, 61, "94802", "printed"),
        "proactive_weibo": (3353, 61, "3353", "printed"),
        "proactive_wechat": (16617, 61, "16617", "printed"),
        "proactive_other_channels": (104118, 61, "104118", "printed"),
        "policy_interpretations": (749, 73, "749", "printed"),
        "hot_topic_responses": (1517, 77, "1517", "printed"),
        "press_conferences": (45, 77, "45", "printed"),
        "press_conferences_principal": (29, 77, "29", "printed"),
        "online_interviews": (129, 77, "129", "printed"),
        "online_interviews_principal": (11, 77, "11", "printed"),
        "weibo_wechat_responses": (438, 77, "438", "printed"),
        "other_responses": (1296, 77, "1296", "printed"),
        "requests_received": (22, 81, "22", "printed"),       # 接到依申请公开政府信息22起
        "litigation_total": (0, 81, None, "in_words"),        # 未出现…引起的行政起诉
        "reconsideration_total": (0, 85, None, "in_words"),   # 未发生…行政复议、诉讼
    },
    "004": {  # 毕节市七星关区人民政府 2018
        "requests_received": (27, 124, "27", "printed"),
        "requests_received_mail": (20, 124, "20", "printed"),
        "requests_received_online": (7, 124, "7", "printed"),
        "requests_completed": (27, 124, "27", "printed"),
    },
    "001": {  # 高坪区人民政府办公室 2019 (the table gives requests too; see test_assemble)
        "policy_interpretations": (19, 11, "19", "printed"),  # 发布政策解读信息19条
        "hot_topic_responses": (101, 11, "101", "printed"),   # 及时回应社会关切信息101条
        "requests_received": (8, 13, "8", "printed"),         # 共收到依申请公开信息8件
    },
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_narrative_values(seed_doc, key):
    doc = seed_doc(key)
    values, _ = extract_narrative(doc, load())
    got = {v.indicator_id: v for v in values}
    assert set(got) == set(EXPECTED[key])
    for iid, (value, line, text, status) in EXPECTED[key].items():
        v = got[iid]
        assert v.value == Decimal(value), iid
        assert v.value_status == status and v.method == "narrative", iid
        assert line_of(doc, v.char_start) == line, iid
        if text is not None:
            assert doc.text[v.char_start:v.char_end] == text, iid
        evidence = doc.text[v.evidence_start:v.evidence_end]
        assert doc.text[v.char_start:v.char_end] in evidence


def test_seed_000_prose_states_no_indicator(seed_doc):
    values, mentions = extract_narrative(seed_doc("000"), load())
    assert values == []
    assert {m.value for m in mentions} >= {Decimal(950), Decimal(236)}  # line 17: 共对950项…


def test_things_that_are_not_indicators(seed_doc):
    doc = seed_doc("003")
    values, mentions = extract_narrative(doc, load())
    read = {(v.indicator_id, v.value) for v in values}
    # line 81: 市政府办共收到并办理9起 is one unit's share, not the city's requests
    assert ("requests_received", Decimal(9)) not in read
    numbers = {v.value for v in values}
    assert Decimal(170) not in numbers and Decimal(12) not in numbers  # trainees, mechanisms
    assert Decimal(113) not in numbers and Decimal(113) not in {m.value for m in mentions}  # 〔2017〕113号
    texts = {doc.text[m.char_start:m.char_end] for m in mentions}
    assert not any("2025340" in t or "0877" in t for t in texts)  # the phone number on line 129
    m9 = [m for m in mentions if m.value == 9 and line_of(doc, m.char_start) == 81]
    assert m9 and m9[0].unit == "起"  # kept as a mention instead


def test_seed_004_long_tail_goes_to_mentions(seed_doc):
    doc = seed_doc("004")
    values, mentions = extract_narrative(doc, load())
    assert "proactive_total" not in {v.indicator_id for v in values}
    by_value = {m.value: m for m in mentions}
    for value, unit in ((193, "条"), (419, "条"), (6579, "条"), (304191, "件")):
        assert by_value[Decimal(value)].unit == unit
    assert by_value[Decimal(230000)].qualifier == "approximately"  # 近23万余条, line 62
    assert by_value[Decimal(1000)].qualifier == "at_least"        # 1000余件
    assert Decimal("99.99") not in by_value                        # 办结率为99.99%
    assert all(m.label for m in mentions)


def _doc(text: str, traditional: bool = False) -> Document:
    norm = normalise(text)
    if traditional:
        simplified = opencc.OpenCC("t2s").convert(norm)
        assert len(simplified) == len(norm)
        norm = simplified
    return Document(path="synthetic.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)


@pytest.mark.parametrize("sentence, iid, value, qualifier, status, span", [
    ("2018年共收到政府信息公开申请二十七件。", "requests_received", 27, "exact", "in_words", "二十七"),
    ("全年主动公开政府信息1.17万条。", "proactive_total", 11700, "exact", "printed", "1.17万"),
    ("主动公开政府信息1000余条。", "proactive_total", 1000, "at_least", "printed", "1000余"),
    ("主动公开政府信息近3000条。", "proactive_total", 3000, "nearly", "printed", "近3000"),
    ("主动公开政府信息约3000条。", "proactive_total", 3000, "approximately", "printed", "约3000"),
    ("主动公开政府信息２１８条。", "proactive_total", 218, "exact", "printed", "２１８"),
    ("回应公众关注热点或重大舆情数15次。", "hot_topic_responses", 15, "exact", "printed", "15"),
])
def test_synthetic_sentences(sentence, iid, value, qualifier, status, span):
    doc = _doc(sentence)
    values, _ = extract_narrative(doc, load())
    got = {v.indicator_id: v for v in values}
    v = got[iid]
    assert (v.value, v.qualifier, v.value_status) == (Decimal(value), qualifier, status)
    assert doc.text[v.char_start:v.char_end] == span


def test_traditional_characters_match_and_keep_original_text():
    # a mirror copy: the simplified sentence converted to traditional characters
    text = opencc.OpenCC("s2t").convert("本机关共收到政府信息公开申请12件,其中信函申请5件,网上申请7件。")
    assert "機關" in text and "網上" in text
    doc = _doc(text, traditional=True)
    values, _ = extract_narrative(doc, load())
    got = {v.indicator_id: v for v in values}
    assert got["requests_received"].value == 12
    assert got["requests_received_mail"].value == 5
    assert got["requests_received_online"].value == 7
    ev = doc.text[got["requests_received"].evidence_start:got["requests_received"].evidence_end]
    assert "機關" in ev  # evidence keeps the original characters


@pytest.mark.parametrize("sentence", [
    "根据《关于印发2017年政务公开工作要点的通知》(玉政办发〔2017〕31号)要求。",
    "联系电话:0871-63126400,收到申请请拨打。",
    "2017210日收到政府信息公开申请。",
    "依申请公开办结率为100%。",
    "第3次收到申请。",
])
def test_never_read_dates_document_numbers_phones_percentages(sentence):
    values, mentions = extract_narrative(_doc(sentence), load())
    assert values == []
    assert all(m.value not in (Decimal(31), Decimal(2017), Decimal(100), Decimal(3)) for m in mentions)


def test_durations_and_rates_are_not_counts():
    text = "依申请公开在登记之日起15个工作日内答复,平均用时3个月,办结率提高5个百分点,设置查阅点12个,培训人员20名。"
    values, mentions = extract_narrative(_doc(text), load())
    assert [(v.indicator_id, v.value) for v in values] == [("reading_points", 12)]
    assert [(m.value, m.unit) for m in mentions] == [(20, "名")]


def test_parts_need_their_total_in_the_same_sentence():
    # 信函 / 网上 counts only break down a statement of requests received
    values, _ = extract_narrative(_doc("全年办理网上申请7件。区长信箱办结1000余件。"), load())
    assert values == []


def test_reply_outcomes_after_a_statement_of_requests():
    text = "共收到政府信息公开申请27件,其中同意公开20件,同意部分公开3件,不同意公开4件。"
    got = {v.indicator_id: v.value for v in extract_narrative(_doc(text), load())[0]}
    assert got == {"requests_received": 27, "requests_granted": 20, "requests_partially_granted": 3,
                   "requests_denied": 4}
    # without the total in the sentence they stay mentions (whose share they are is unclear)
    values, mentions = extract_narrative(_doc("对申请人,同意公开15件,部分公开3件。"), load())
    assert values == [] and {m.value for m in mentions} == {15, 3}


@pytest.mark.parametrize("sentence, kept", [
    ("2016年收到政府信息公开申请8件,2017年收到政府信息公开申请11件。", 11),  # the other year is a mention
    ("与上年相比,今年收到政府信息公开申请20件。", 20),                       # the last word decides
    ("根据《2016年政务公开工作要点》,收到政府信息公开申请9件。", 9),           # a cited title is not a period
    ("去年收到政府信息公开申请10件。", None),
    ("2008年以来,收到政府信息公开申请300件。", None),
    ("截至目前,累计主动公开政府信息5万条。", None),
])
def test_numbers_of_another_period_are_not_the_year_value(sentence, kept):
    values, mentions = extract_narrative(_doc(sentence), load(), year=2017)
    got = [v.value for v in values]
    assert got == ([] if kept is None else [kept])
    assert mentions or kept is not None  # what is not read stays searchable
    # without a known statistics year only the words decide
    assert ("2016年" in sentence and "2017年" in sentence) or \
        [v.value for v in extract_narrative(_doc(sentence), load())[0]] == got


def test_a_marked_total_beats_an_earlier_share():
    text = ("区教育局收到政府信息公开申请5件,其中网上申请3件。"
            "全区共收到政府信息公开申请20件,其中信函申请12件,网上申请8件。")
    values, mentions = extract_narrative(_doc(text), load())
    got = {v.indicator_id: v.value for v in values}
    # the parts follow their total: the bureau's 网上申请3件 is not the district's
    assert got == {"requests_received": 20, "requests_received_mail": 12, "requests_received_online": 8}
    assert {(m.label, m.value) for m in mentions} >= {("区教育局收到政府信息公开申请", 5), ("网上申请", 3)}


def test_first_statement_wins_when_no_total_decides():
    text = "全市共收到政府信息公开申请22件。市直部门收到政府信息公开申请5件。"
    values, mentions = extract_narrative(_doc(text), load())
    assert [(v.indicator_id, v.value) for v in values] == [("requests_received", 22)]
    assert [m.value for m in mentions] == [5]


def test_cues_refer_to_codebook_ids():
    from ogi.extract.narrative import cues

    ids = load().ids
    value_cues, zero_cues = cues()
    for c in [*value_cues, *zero_cues]:
        assert c["indicator_id"] in ids
        assert not c.get("requires") or c["requires"] in ids


def test_public_is_not_a_total_word():
    # 公共资源交易中心 is a unit, not a total: two statements, neither marked as the total, so
    # neither is taken (both stay mentions)
    text = "区教育局收到政府信息公开申请5件。公共资源交易中心收到政府信息公开申请3件。"
    values, mentions = extract_narrative(_doc(text), load())
    assert values == [] and sorted(m.value for m in mentions) == [3, 5]
    # with 全区共 one of them is marked as the total
    text = "区教育局收到政府信息公开申请5件。公共资源交易中心收到政府信息公开申请3件。全区共收到政府信息公开申请8件。"
    values, _ = extract_narrative(_doc(text), load())
    assert [(v.indicator_id, v.value) for v in values] == [("requests_received", 8)]
