"""Helpers shared by the notebooks keep blank, missing and not-available apart."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ogi import analysis as oa

from .conftest import ROOT


def tables():
    return oa.load_package(ROOT / "datapackage.json")


def test_load_package_types_come_from_the_descriptor():
    t = tables()
    assert t["observations"].schema["year"] == pl.Int64
    assert t["observations"].schema["value"] == pl.Float64
    assert t["checks"].schema["passed"] == pl.Boolean
    assert t["observations"].height == len((ROOT / "data/observations.csv").read_text().splitlines()) - 1


def test_completeness_keeps_blank_missing_and_not_available_apart():
    t = tables()
    comp = oa.completeness(t, ["requests_received", "staff_total"])
    state = {(r["report_id"], r["indicator_id"]): r["state"] for r in comp.iter_rows(named=True)}
    guandu = t["reports"].filter(pl.col("raw_path").str.contains("guandu"))["report_id"][0]
    bijie = t["reports"].filter(pl.col("raw_path").str.contains("bijie"))["report_id"][0]
    tangyuan = t["reports"].filter(pl.col("raw_path").str.contains("tangyuan"))["report_id"][0]
    assert state[(guandu, "requests_received")] == "blank"            # seed 000 line 44
    assert state[(bijie, "staff_total")] == "table not in text"       # seed 004: .xls attachment
    assert state[(tangyuan, "staff_total")] == "not stated"
    assert state[(tangyuan, "requests_received")] == "in_words"       # 没有收到信息公开申请


def test_completeness_shares_sum_to_100_per_indicator():
    comp = pl.DataFrame({"report_id": ["a", "b", "c", "d", "a", "b", "c", "d"],
                         "year": [2017] * 8,
                         "indicator_id": ["x"] * 4 + ["y"] * 4,
                         "state": ["printed", "printed", "blank", "not stated",
                                   "table not in text", "not stated", "not stated", "not stated"]})
    shares = {r["indicator_id"]: r for r in oa.completeness_shares(comp).iter_rows(named=True)}
    assert (shares["x"]["printed"], shares["x"]["blank"], shares["x"]["not stated"]) == (50.0, 25.0, 25.0)
    assert (shares["y"]["table not in text"], shares["y"]["not stated"], shares["y"]["printed"]) == (25.0, 75.0, 0.0)
    assert all(abs(sum(r[s] for s in oa.STATES) - 100) < 1e-9 for r in shares.values())


def test_mean_shares_by_year_skip_what_a_report_does_not_state():
    f = pl.DataFrame({"report_id": ["a", "b", "c", "d"], "year": [2017, 2017, 2017, 2018],
                      "x": [1.0, 3.0, None, 2.0], "y": [3.0, None, 5.0, 2.0], "t": [4.0, 4.0, 5.0, 0.0]})
    got = {r["year"]: r for r in oa.mean_shares_by_year(f, ["x", "y"], "t").iter_rows(named=True)}
    assert got[2017]["x"] == 50.0      # (25 + 75) / 2: c does not state x
    assert got[2017]["y"] == 87.5      # (75 + 100) / 2: b does not state y
    assert got[2017]["n_reports"] == 3 and 2018 not in got  # a total of zero shares nothing
    by_parts = {r["year"]: r for r in oa.mean_shares_by_year(f, ["x", "y"]).iter_rows(named=True)}
    assert by_parts[2018]["x"] == 50.0


def test_pooled_per_100_by_year():
    f = pl.DataFrame({"report_id": ["a", "b", "c"], "year": [2017, 2017, 2017],
                      "n": [1.0, 3.0, 9.0], "d": [100.0, 300.0, None]})
    got = oa.pooled_per_100_by_year(f, "n", "d").row(0, named=True)
    assert (got["per_100"], got["n_reports"]) == (1.0, 2)


def test_per_100_refuses_missing_blank_and_zero_denominators():
    f = pl.DataFrame({"a": [1.0, 2.0, 3.0, None], "b": [4.0, 0.0, None, 5.0]})
    got = f.select(oa.per_100("a", "b").alias("r"))["r"].to_list()
    assert got == [25.0, None, None, None]


def test_wide_has_one_row_per_published_report():
    t = tables()
    w = oa.wide(t, ["requests_received", "proactive_total"])
    assert w.height == oa.published_reports(t).height
    assert set(w["requests_received"].drop_nulls().to_list()) >= {8.0, 27.0, 22.0}


def test_save_figure_is_deterministic(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    a = oa.save_figure(fig, "x", tmp_path / "a").read_bytes()
    b = oa.save_figure(fig, "x", tmp_path / "b").read_bytes()
    assert a == b


# --- panels across years ---------------------------------------------------------------------------

def _tiny_tables():
    """Two agencies; the first reports in 2017 (pre-2019 table), 2018 (table only as an image) and
    2019 (2019 format); the second only in 2019."""
    reports = pl.DataFrame({
        "report_id": ["r1", "r2", "r3", "r4", "r5"],
        "agency_id": ["a", "a", "a", "b", "a"],
        "year": [2017, 2018, 2019, 2019, 2016],
        "status": ["parsed", "parsed", "parsed", "parsed", "duplicate"],
        "template": ["pre2019_table", "narrative", "format_2019", "format_2019", "pre2019_table"],
        "scope": ["agency", "agency", "agency", "jurisdiction_aggregate", "agency"],
        "tables_available": ["in_text", "image_only", "in_text", "in_text", "in_text"]})
    indicators = pl.DataFrame({
        "indicator_id": ["requests_received", "requests_granted", "requests_carried_over_in", "licensing_items_change"],
        "templates": ["pre2019_table format_2019 narrative", "pre2019_table format_2019", "format_2019", "format_2019"],
        "comparability": ["Roughly comparable: …", "Roughly comparable: …", "2019 format only.", "2019 format only."]})
    observations = pl.DataFrame({
        "report_id": ["r1", "r1", "r3", "r3", "r3", "r4"],
        "indicator_id": ["requests_received", "requests_granted", "requests_received", "requests_granted",
                         "licensing_items_change", "requests_received"],
        "value": [20.0, None, 8.0, 4.0, None, 100.0],
        "change": [None, None, None, None, -2.0, None],
        "value_status": ["printed", "blank", "printed", "derived", "printed", "in_words"]})
    agencies = pl.DataFrame({"agency_id": ["a", "b"], "name_zh": ["某县自然资源局", "某市人民政府"],
                             "level": ["county", "prefecture"], "province": ["p", "p"],
                             "prefecture": ["q", "q"], "county": ["c", None]})
    return {"reports": reports, "indicators": indicators, "observations": observations, "agencies": agencies}


def test_panel_is_agency_by_year_with_each_values_status():
    ids = ["requests_received", "requests_granted", "requests_carried_over_in", "licensing_items_change"]
    p = oa.panel(_tiny_tables(), ids)
    assert p.columns[:7] == ["agency_id", "name_zh", "level", "province", "prefecture", "county", "year"]
    assert p.select("agency_id", "year").rows() == [("a", y) for y in (2017, 2018, 2019)] + [("b", y) for y in (2017, 2018, 2019)]
    row = {(r["agency_id"], r["year"]): r for r in p.iter_rows(named=True)}
    a17, a18, a19 = row["a", 2017], row["a", 2018], row["a", 2019]
    assert (a17["requests_received"], a17["requests_received_status"]) == (20.0, "value")
    assert (a17["requests_granted"], a17["requests_granted_status"]) == (None, "blank")
    assert a17["requests_carried_over_in_status"] == "not evaluable"     # no such cell before 2019
    assert a18["requests_received_status"] == "not evaluable"            # the table is an image
    assert a19["requests_carried_over_in_status"] == "not stated"        # a 2019 cell it does not state
    assert (a19["requests_granted"], a19["requests_granted_status"]) == (4.0, "value")  # derived is a value
    assert a19["licensing_items_change"] == -2.0                         # a signed change is its value
    assert row["b", 2017]["requests_received_status"] == "no report" and row["b", 2017]["report_id"] is None
    assert row["b", 2019]["scope"] == "jurisdiction_aggregate"
    assert set(p["requests_received_status"]) <= set(oa.PANEL_STATES)
    # unbalanced: only agency-years with a report; the duplicate of 2016 never enters
    assert oa.panel(_tiny_tables(), ids, balanced=False).height == 4


def test_an_unidentified_agency_known_only_by_its_place_is_no_panel_unit():
    t = _tiny_tables()
    t["agencies"] = t["agencies"].with_columns(agency_type=pl.Series(["department", "unidentified"]))
    p = oa.panel(t, ["requests_received"])
    assert set(p["agency_id"]) == {"a"}


def test_before_after_pairs_the_last_pre2019_report_with_2019():
    t = _tiny_tables()
    ba = oa.before_after(oa.panel(t, ["requests_received", "requests_granted"]), ["requests_received", "requests_granted"])
    assert ba["agency_id"].unique().to_list() == ["a"]                   # b has no report before 2019
    got = {r["indicator_id"]: r for r in ba.iter_rows(named=True)}
    r = got["requests_received"]
    # 2018's report is the last before 2019, though its table is an image: it says so
    assert (r["year_before"], r["status_before"], r["value_before"]) == (2018, "not evaluable", None)
    assert (r["year_after"], r["template_after"], r["value_after"], r["status_after"]) == (2019, "format_2019", 8.0, "value")


def test_comparable_indicators_follow_the_codebook():
    ids = oa.comparable_indicators(tables())
    assert {"requests_received", "requests_granted", "requests_partially_granted", "requests_completed",
            "reconsideration_total", "litigation_total"} <= set(ids)
    # partly comparable, one side only, or a 2019 breakdown: not compared across the change
    assert not {"requests_denied", "proactive_total", "requests_carried_over_in",
                "requests_received__business", "staff_total"} & set(ids)


@pytest.fixture(scope="module")
def synthetic_panel(tmp_path_factory):
    """One county's bureaus over 2017-2019 (tests/test_agency_identity.py): 国土资源局 in 2017,
    开江国土资源局 in 2018 (pre-2019 table), 自然资源局 in 2019 (2019 format); a merger beside it."""
    from ogi.pipeline import build

    from .test_agency_identity import write_panel_corpus

    base = tmp_path_factory.mktemp("synthetic-panel")
    build(write_panel_corpus(base / "raw"), base / "out", progress=False)
    return oa.load_package(base / "out" / "datapackage.json")


def test_panel_follows_a_renamed_agency_across_the_2019_change(synthetic_panel):
    t = synthetic_panel
    p = oa.panel(t)
    bureau = p.filter(pl.col("name_zh") == "开江县自然资源局")
    assert bureau["year"].to_list() == [2017, 2018, 2019]
    assert bureau["template"].to_list() == ["pre2019_table", "pre2019_table", "format_2019"]
    assert bureau["requests_received"].to_list() == [20.0, 30.0, 8.0]
    ba = oa.before_after(p, oa.comparable_indicators(t))
    assert ba["name_zh"].unique().to_list() == ["开江县自然资源局"]     # the merged bureaus are not a pair
    got = {r["indicator_id"]: r for r in ba.iter_rows(named=True)}
    assert (got["requests_received"]["value_before"], got["requests_received"]["value_after"]) == (30.0, 8.0)
    assert got["requests_received"]["year_before"] == 2018
    assert (got["requests_granted"]["value_before"], got["requests_granted"]["value_after"]) == (10.0, 4.0)
    assert got["requests_partially_granted"]["status_before"] == "value"
    assert got["reconsideration_upheld"]["status_before"] == "blank"  # a blank cell stays blank, not zero
    labels = oa.report_labels(t)
    rid = t["reports"].filter(pl.col("raw_path") == "a_2018.txt")["report_id"][0]
    assert labels[rid] == "开江国土资源局 2018"  # the name that year's report gives


def test_report_labels_name_and_year_and_mark_aggregates():
    t = tables()
    labels = oa.report_labels(t)
    yuxi = t["reports"].filter(pl.col("raw_path").str.contains("yuxi"))["report_id"][0]
    tangyuan = t["reports"].filter(pl.col("raw_path").str.contains("tangyuan"))["report_id"][0]
    assert labels[yuxi] == "玉溪市人民政府 2017" + oa.AGGREGATE_MARK
    assert labels[tangyuan] == "汤原县政务中心 2016"


# --- figures ---------------------------------------------------------------------------------------

def test_cjk_font_is_registered_from_the_installed_package_and_draws_every_label(tmp_path):
    oa.setup_figures()
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    assert oa.cjk_font_path().is_file()
    found = font_manager.findfont(font_manager.FontProperties(family=oa.CJK_FONT), fallback_to_default=False)
    assert Path(found).resolve() == oa.cjk_font_path().resolve()
    fig, ax = plt.subplots()
    ax.set_title("汤原县政务服务中心 2016（辖区汇总）— n = 3, ≥ 1")
    ax.set_yticks([0, 1], ["高坪区人民政府办公室", "−5"])
    assert oa.missing_glyphs(fig) == set()
    ax.set_xlabel("\ue000")  # a private-use character no font has: it would print as a box
    assert oa.missing_glyphs(fig) == {"\ue000"}
    with pytest.raises(ValueError, match="no font"):
        oa.show(fig, "boxes", tmp_path)
    assert not (tmp_path / "boxes.png").exists()


def test_show_saves_the_bytes_it_shows_and_they_do_not_change(tmp_path):
    oa.setup_figures()
    import matplotlib.pyplot as plt

    def draw(folder):
        fig, ax = plt.subplots()
        ax.bar(["官渡区政务服务管理局 2016", "玉溪市人民政府 2017"], [1, 2], hatch="///")
        oa.note(fig, oa.corpus_limits(2, 2))
        oa.show(fig, "x", folder)
        return (folder / "x.png").read_bytes()

    before = set(plt.get_fignums())
    assert draw(tmp_path / "a") == draw(tmp_path / "b")
    assert set(plt.get_fignums()) == before  # shown figures are closed


def test_ylim_never_leaves_an_empty_hairline_axis():
    oa.setup_figures()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    oa.ylim_from_zero(ax, [0.0, 0.0, float("nan")])
    assert ax.get_ylim() == (0.0, 1.0)
    oa.ylim_from_zero(ax, [0.0, 40.0])
    assert ax.get_ylim()[1] == pytest.approx(46.0)
    plt.close(fig)
