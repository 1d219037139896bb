"""The codebook: complete, well-formed, harmonised across the 2019 change."""
from __future__ import annotations

import re
from collections import Counter

from ogi.codebook import label_key, load

HARMONISED = """proactive_total proactive_normative_docs normative_docs_issued normative_docs_public_total
proactive_gazette proactive_website proactive_weibo proactive_wechat proactive_other_channels
hot_topic_responses press_conferences online_interviews policy_interpretations requests_received
requests_received_in_person requests_received_fax requests_received_online requests_received_mail
requests_carried_over_in requests_completed requests_carried_over_out requests_granted
requests_partially_granted requests_denied reconsideration_total reconsideration_upheld
reconsideration_corrected reconsideration_other reconsideration_pending litigation_total
litigation_upheld litigation_corrected litigation_other litigation_pending complaints_total
fees_collected staff_total staff_full_time staff_part_time""".split()
APPLICANTS = ["natural_person", "business", "research_institution", "public_interest_org",
              "legal_service", "other_org"]
ID_RE = re.compile(r"^[a-z][a-z0-9_]*(__[a-z_]+)?$")


def test_ids_unique_well_formed_and_complete():
    cb = load()
    ids = [i["indicator_id"] for i in cb.indicators]
    assert len(ids) == len(set(ids))
    assert all(ID_RE.match(i) for i in ids)
    assert set(HARMONISED) <= set(ids)
    for a in APPLICANTS:
        assert f"requests_received__{a}" in ids


def test_every_row_has_labels_units_and_notes():
    for ind in load().indicators:
        for col in ("label_zh", "label_en", "unit", "templates", "comparability", "definition", "section"):
            assert ind[col].strip(), (ind["indicator_id"], col)
        assert ind["concept"] == ind["indicator_id"].split("__")[0]
        assert set(ind["templates"].split()) <= {"pre2019_table", "format_2019", "narrative"}


def test_parents_exist():
    cb = load()
    for ind in cb.indicators:
        assert not ind["parent_id"] or ind["parent_id"] in cb.ids, ind["indicator_id"]


def test_every_template_cell_maps_to_exactly_one_indicator():
    cb = load()
    pre = [c for c in cb.cells("pre2019_table") if c["kind"] != "subheader"]
    assert len([c for c in pre if c["kind"] == "value"]) >= 58  # the ~58 value rows of the table
    new = cb.cells("format_2019")
    assert len(cb.cells("format_2019", "article20")) == 22
    assert len(cb.cells("format_2019", "requests")) == 23 * 7
    assert len(cb.cells("format_2019", "appeals")) == 15
    for c in pre + new:
        assert c["indicator_id"] in cb.ids, c
    # within a template a cell is one indicator, and an indicator comes from one cell
    for template in ("pre2019_table", "format_2019"):
        cells = [c for c in cb.cells(template) if c["kind"] == "value"]
        # repeated labels (被依法纠错数 under 行政复议 and under 行政诉讼) differ by their parent
        keys = Counter((c["table"], label_key(c["row_label"]), c["column_label"],
                        cb.get(c["indicator_id"])["parent_id"]) for c in cells)
        assert max(keys.values()) == 1
        ids = Counter(c["indicator_id"] for c in cells)
        assert max(ids.values()) == 1, [i for i, n in ids.items() if n > 1]


def test_shared_concepts_across_templates():
    cb = load()
    by_id = {}
    for c in cb.cells(None):
        by_id.setdefault(c["indicator_id"], set()).add(c["template"])
    for iid in ("requests_received", "normative_docs_issued", "proactive_normative_docs",
                "requests_completed", "requests_granted", "requests_partially_granted",
                "reconsideration_total"):
        assert by_id[iid] >= {"pre2019_table", "format_2019"}, iid


def test_identities_refer_to_existing_ids():
    cb = load()
    for ident in cb.identities:
        for iid in ident["left_ids"].split() + ident["right_ids"].split():
            assert iid in cb.ids, (ident["identity_id"], iid)
        assert ident["derive"] in ("yes", "no")
    derived = {i["left_ids"] for i in cb.identities if i["derive"] == "yes"}
    assert {"requests_denied", "litigation_total"} <= derived


def test_data_indicators_csv_is_the_codebook():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = (root / "scripts/ogi/codebook/indicators.csv").read_text(encoding="utf-8")
    assert (root / "data/indicators.csv").read_text(encoding="utf-8") == source


def test_units_are_data_and_the_signed_indicators_follow_from_them():
    from decimal import Decimal

    from ogi.codebook import counters, currency, is_signed_unit, table, unit_label_en

    units = {r["unit"]: r for r in table("units")}
    # every unit an indicator is counted in is defined, with its English name
    assert {i["unit"] for i in load().indicators if i["unit"] not in ("", "unspecified")} <= set(units)
    # longest first, so 万人次 is read before 人次 and 人
    found = counters()
    assert found.index("万人次") < found.index("人次") < found.index("人")
    assert currency() == {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
    signed = {i["indicator_id"] for i in load().indicators if is_signed_unit(i["unit"])}
    assert signed and all(i.endswith("_change") for i in signed)
    assert unit_label_en("万元") == "10,000 yuan" and unit_label_en("不存在") == "不存在"


def test_codebook_rows_cannot_be_changed_by_a_reader():
    import pytest

    from ogi.codebook import table

    with pytest.raises(TypeError):
        table("units")[0]["unit"] = "x"
    assert "key" not in table("template_cells")[0]  # the matching key lives on the loaded copy only


def test_a_table_cell_takes_only_units_the_codebook_knows():
    from decimal import Decimal

    from ogi.numbers import parse_cell

    assert parse_cell("5件").value == 5 and parse_cell("12条次").unit == "条次"
    assert parse_cell("0.5万元").value == Decimal(5000) and parse_cell("251000元").unit == "元"
    for not_a_count in ("12abc", "2017年", "3月", "10%"):
        assert parse_cell(not_a_count) is None, not_a_count


def test_every_codebook_row_has_exactly_its_header_s_fields():
    """A pattern with an unquoted comma splits its row: the rest lands in the next column (a
    marker's note becomes a piece of its regex) without any error."""
    import csv
    from pathlib import Path

    import ogi.codebook

    folder = Path(ogi.codebook.__file__).parent / "codebook"
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        bad = [k + 1 for k, r in enumerate(rows) if len(r) != len(rows[0])]
        assert not bad, f"{path.name}: lines {bad} do not have the header's {len(rows[0])} fields"
