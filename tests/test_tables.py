"""Statistics tables of seeds 000 (pre-2019, pipe rows) and 001 (2019 format, one cell per line).

Expected values were checked by a person in the raw text; each names its line in data/raw/.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from ogi.codebook import load
from ogi.identities import run_checks
from ogi.numbers import format_decimal
from ogi.extract.tables import extract_tables

from .conftest import line_of

# Seed 000 (2016_yunnan_kunming_guandu_...txt): every printed cell, with its raw line.
PRE2019_PRINTED = {
    "proactive_total": (155, 23),              # 一、主动公开情况 | 155 | |  (section header row)
    "proactive_website": (26, 29),             # 2.政府网站公开政府信息数 | 条 | 26 |
    "proactive_weibo": (54, 30),               # 3.政务微博公开政府信息数 | 条 | 54 |
    "proactive_other_channels": (75, 32),      # 5.其他方式公开政府信息数 | 条 | 75 |
    "responses_section_headline": (0, 33),     # 二、回应解读情况 | 0 | |
    "requests_section_headline": (0, 43),      # 三、依申请公开情况 | 0 | |
    "reconsideration_total": (0, 67),          # 四、行政复议数量 | 件 | 0 |
    "litigation_total": (0, 71),               # 五、行政诉讼数量 | 件 | 0 |
    "complaints_total": (0, 75),               # 六、举报投诉数量 | 件 | 0 |
    "fees_collected": (0, 76),                 # 七、依申请公开信息收取的费用 | 万元 | 0 |
    "dedicated_units": (1, 78),                # (一)政府信息公开工作专门机构数 | 个 | 1 |
    "staff_total": (2, 80),                    # (三)从事政府信息公开工作人员数 | 人 | 2 |
    "staff_part_time": (2, 82),                # 2.兼职人员数 | 人 | 2 |
    "training_section_headline": (0, 84),      # 九、政府信息公开会议和培训情况 | 0 | |
}
# Rows printed with an empty value cell (lines 24-87 not listed above): blank, never zero.
PRE2019_BLANK = {
    "proactive_normative_docs": 25, "normative_docs_issued": 26, "proactive_gazette": 28,
    "proactive_wechat": 31, "hot_topic_responses": 34, "press_conferences": 36,
    "press_conferences_principal": 37, "online_interviews": 38, "online_interviews_principal": 39,
    "policy_interpretations": 40, "weibo_wechat_responses": 41, "other_responses": 42,
    "requests_received": 44, "requests_received_in_person": 45, "requests_received_fax": 46,
    "requests_received_online": 47, "requests_received_mail": 48, "requests_completed": 49,
    "requests_completed_on_time": 50, "requests_completed_extended": 51, "requests_answered": 52,
    "requests_answered_already_public": 53, "requests_granted": 54,
    "requests_partially_granted": 55, "requests_denied": 56,
    "requests_denied_state_secret_pre2019": 57, "requests_denied_commercial_secret": 58,
    "requests_denied_privacy": 59, "requests_denied_security_stability": 60,
    "requests_denied_not_government_info": 61, "requests_denied_other_legal": 62,
    "requests_answered_not_this_agency": 63, "requests_answered_not_exist": 64,
    "requests_answered_clarify": 65, "requests_answered_other_route": 66,
    "reconsideration_upheld": 68, "reconsideration_corrected": 69, "reconsideration_other": 70,
    "litigation_upheld": 72, "litigation_corrected": 73, "litigation_other": 74,
    "reading_points": 79, "staff_full_time": 81, "special_funds": 83, "meetings": 85,
    "training_courses": 86, "training_participants": 87,
}


@pytest.fixture(scope="module")
def seed000(seed_doc):
    doc = seed_doc("000")
    return doc, extract_tables(doc, load())


@pytest.fixture(scope="module")
def seed001(seed_doc):
    doc = seed_doc("001")
    return doc, extract_tables(doc, load())


def _by_id(result, header=None):
    out = {}
    for v in result.values:
        if header is None or (v.method == "table_section_header") == header:
            out.setdefault(v.indicator_id, v)
    return out


def test_pre2019_template_recognised(seed000):
    _, result = seed000
    assert result.template == "pre2019_table"
    assert result.status == "parsed", result.notes


def test_pre2019_every_printed_cell(seed000):
    doc, result = seed000
    rows = _by_id(result, header=False)
    headers = _by_id(result, header=True)
    for iid, (value, line) in PRE2019_PRINTED.items():
        v = headers[iid] if iid in headers else rows[iid]
        assert v.value == Decimal(value), iid
        assert v.value_status == "printed" and v.qualifier == "exact"
        assert line_of(doc, v.char_start) == line, iid
        assert doc.text[v.char_start:v.char_end] == str(value), iid


def test_pre2019_section_header_is_marked(seed000):
    _, result = seed000
    headers = _by_id(result, header=True)
    assert headers["proactive_total"].value == 155
    assert headers["proactive_total"].method == "table_section_header"
    # the row (一)主动公开政府信息数 itself (line 24) is blank
    assert _by_id(result, header=False)["proactive_total"].value_status == "blank"


def test_pre2019_blank_cells_are_blank_not_zero(seed000):
    doc, result = seed000
    rows = _by_id(result, header=False)
    for iid, line in PRE2019_BLANK.items():
        v = rows[iid]
        assert v.value is None and v.value_status == "blank", iid
        assert v.char_start == v.char_end and line_of(doc, v.char_start) == line, iid
    # nothing else: every value row of the template is accounted for
    assert set(rows) == set(PRE2019_BLANK) | (set(PRE2019_PRINTED) - {
        "responses_section_headline", "requests_section_headline", "training_section_headline"})


def test_pre2019_methods_and_evidence(seed000):
    doc, result = seed000
    for v in result.values:
        assert v.method in ("table_pipe_rows", "table_section_header")
        evidence = doc.text[v.evidence_start:v.evidence_end]
        assert doc.text[v.char_start:v.char_end] in evidence
        assert "|" in evidence


# Seed 001 (2019_sichuan_nanchong_gaoping_...txt): every cell, one per line.
# article20 rows: (row label line, [(indicator, value, line), ...])
ARTICLE20 = [
    ("regulations_issued", 0, 35), ("regulations_disclosed", 0, 37), ("regulations_public_total", 0, 39),
    ("normative_docs_issued", 1, 43), ("proactive_normative_docs", 1, 45), ("normative_docs_public_total", 3, 47),
    ("licensing_items_previous", 0, 61), ("licensing_items_change", 0, 63), ("licensing_decisions", 0, 65),
    ("other_services_items_previous", 0, 69), ("other_services_items_change", 0, 71), ("other_services_decisions", 0, 73),
    ("penalties_items_previous", 0, 87), ("penalties_items_change", 0, 89), ("penalties_decisions", 0, 91),
    ("enforcement_items_previous", 0, 95), ("enforcement_items_change", 0, 97), ("enforcement_decisions", 0, 99),
    ("admin_fees_items_previous", 0, 111), ("admin_fees_items_change", 0, 113),
    ("procurement_projects", 0, 125), ("procurement_amount", 0, 127),
]
APPLICANTS = ["__natural_person", "__business", "__research_institution", "__public_interest_org",
              "__legal_service", "__other_org", ""]
# request table rows: (concept, line of the first value, the seven values as printed)
REQUESTS = [
    ("requests_received", 151, [5, 0, 0, 0, 3, 0, 8]),
    ("requests_carried_over_in", 167, [0] * 7),
    ("requests_granted", 185, [4, 0, 0, 0, 0, 0, 4]),
    ("requests_partially_granted", 201, [0] * 7),
    ("requests_denied_state_secret", 223, [0] * 7),
    ("requests_denied_prohibited_by_law", 239, [0] * 7),
    ("requests_denied_security_stability_2019", 255, [0] * 7),
    ("requests_denied_third_party", 271, [0] * 7),
    ("requests_denied_internal_affairs", 287, [0] * 7),
    ("requests_denied_process_info", 303, [0] * 7),
    ("requests_denied_enforcement_files", 319, [0] * 7),
    ("requests_denied_inquiry_matters", 335, [0] * 7),
    ("requests_unable_not_held", 353, [0] * 7),
    ("requests_unable_needs_creation", 369, [0] * 7),
    ("requests_unable_unclear", 385, [0] * 7),
    ("requests_not_processed_petition", 403, [0] * 7),
    ("requests_not_processed_repeated", 419, [0] * 7),
    ("requests_not_processed_publication", 435, [0] * 7),
    ("requests_not_processed_mass", 451, [0] * 7),
    ("requests_not_processed_confirm", 467, [0] * 7),
    ("requests_other_handling", 483, [1, 0, 0, 0, 3, 0, 4]),
    ("requests_completed", 499, [5, 0, 0, 0, 3, 0, 8]),
    ("requests_carried_over_out", 515, [0] * 7),
]
APPEALS = ["reconsideration_upheld", "reconsideration_corrected", "reconsideration_other",
           "reconsideration_pending", "reconsideration_total",
           "litigation_direct_upheld", "litigation_direct_corrected", "litigation_direct_other",
           "litigation_direct_pending", "litigation_direct_total",
           "litigation_after_reconsideration_upheld", "litigation_after_reconsideration_corrected",
           "litigation_after_reconsideration_other", "litigation_after_reconsideration_pending",
           "litigation_after_reconsideration_total"]  # lines 569-597, every cell 0


def expected_2019():
    out = {iid: (v, line) for iid, v, line in ARTICLE20}
    for concept, first, vals in REQUESTS:
        for k, (suffix, v) in enumerate(zip(APPLICANTS, vals)):
            out[concept + suffix] = (v, first + 2 * k)
    for k, iid in enumerate(APPEALS):
        out[iid] = (0, 569 + 2 * k)
    return out


def test_2019_every_cell(seed001):
    doc, result = seed001
    assert result.template == "format_2019" and result.status == "parsed", result.notes
    got = _by_id(result)
    expected = expected_2019()
    assert set(got) == set(expected)
    for iid, (value, line) in expected.items():
        v = got[iid]
        assert v.value == Decimal(value), iid
        assert v.value_status == "printed" and v.method == "table_cell_lines", iid
        assert line_of(doc, v.char_start) == line, iid
        assert doc.text[v.char_start:v.char_end] == str(value), iid


def test_2019_headline_values(seed001):
    _, result = seed001
    got = {k: v.value for k, v in _by_id(result).items()}
    assert got["requests_received"] == 8
    assert got["requests_received__natural_person"] == 5
    assert got["requests_received__legal_service"] == 3
    assert got["requests_granted"] == 4 and got["requests_other_handling"] == 4
    assert got["requests_completed"] == 8 and got["requests_carried_over_out"] == 0
    assert (got["normative_docs_issued"], got["proactive_normative_docs"],
            got["normative_docs_public_total"]) == (1, 1, 3)


def test_2019_printed_identity_passes(seed001):
    _, result = seed001
    checks = {c.check_id: c for c in run_checks(_by_id(result), load(), "format_2019")}
    for suffix in ("total", "natural_person", "business", "research_institution",
                   "public_interest_org", "legal_service", "other_org"):
        c = checks[f"received_plus_carried_in_eq_completed_plus_carried_out__{suffix}"]
        assert c.passed, c
    assert all(c.passed for c in checks.values())


def test_narrative_seeds_have_no_table(seed_doc):
    for key in ("002", "003", "004"):
        result = extract_tables(seed_doc(key), load())
        assert result.template == "narrative" and result.values == []


@pytest.mark.parametrize("row, value, unit", [
    ("七、依申请公开信息收取的费用 | 元 | 500 |", "0.05", "元"),      # unit column in 元
    ("七、依申请公开信息收取的费用 | 万元 | 500元 |", "0.05", "元"),   # unit written in the cell
    ("七、依申请公开信息收取的费用 | 万元 | 0.5 |", "0.5", None),      # as the template counts
])
def test_amounts_are_published_in_the_indicator_unit(tmp_path, row, value, unit):
    from ogi.pipeline import parse_file

    text = "某县人民政府2016年政府信息公开工作年度报告\n政府信息公开情况统计表\n" + row + "\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    p = parse_file(tmp_path / "r.txt", tmp_path)
    fee = next(o for o in p.observations if o["indicator_id"] == "fees_collected")
    assert (format_decimal(fee["value"]), fee["unit"]) == (value, unit)
    assert text[fee["char_start"]:fee["char_end"]] in ("500", "0.5")  # the number as printed
