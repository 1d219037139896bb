"""sources.csv as scrapers and Excel write it: encodings, malformed tables, values that win."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ogi.manifest import ManifestError, load_manifest
from ogi.pipeline import build

REPORT = ("2018年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》,现将本局2018年度政府信息公开"
          "工作情况报告如下。本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。\n"
          "一、主动公开政府信息情况\n2018年,我局主动公开政府信息120条。\n")


def _raw(tmp_path: Path, manifest: bytes | None, name: str = "a.txt") -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_text(REPORT, encoding="utf-8")
    if manifest is not None:
        (raw / "sources.csv").write_bytes(manifest)
    return raw


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_read_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding):
    text = "file,agency,year,adcode\na.txt,武汉市民政局,2018,420100\n"
    rows = load_manifest(_raw(tmp_path, text.encode(encoding)))
    assert rows["a.txt"]["agency"] == "武汉市民政局" and rows["a.txt"]["year"] == "2018"


@pytest.mark.parametrize("content, message", [
    (b"name,year\na.txt,2018\n", "line 1: no `file` column"),
    (b"file,year\na.txt,2018,extra\n", "line 2: 3 cells"),
    (b"file,year\na.txt,2018\na.txt,2019\n", "line 3: a.txt is listed twice"),
    (b"file,year\n,2018\n", "line 2: the file column is empty"),
    (b"file,year\nb.txt,2018\n", "line 2: b.txt is listed"),
    (b"file,sha256\na.txt,abc\n", "line 2: sha256"),
    (b"", "is empty"),
    ("file\na.txt\n".encode("utf-16"), "neither UTF-8 nor GBK"),
])
def test_a_malformed_manifest_stops_with_the_line(tmp_path, content, message):
    with pytest.raises(ManifestError, match=message):
        load_manifest(_raw(tmp_path, content))


def test_a_manifest_that_is_a_folder_stops_with_a_message(tmp_path):
    raw = _raw(tmp_path, None)
    (raw / "sources.csv").mkdir()
    with pytest.raises(ManifestError, match="not a file"):
        load_manifest(raw)


def test_values_that_are_not_their_column_are_set_aside_with_a_note(tmp_path):
    text = "file,year,published,adcode\na.txt,1999,2018-13-45,12345\n"
    row = load_manifest(_raw(tmp_path, text.encode()))["a.txt"]
    assert (row["year"], row["published"], row["adcode"]) == ("", "", "")
    assert len(row["notes"]) == 3


@pytest.mark.parametrize("written, iso", [("2018/01/04", "2018-01-04"), ("2018.1.4", "2018-01-04"),
                                          ("2018年1月4日", "2018-01-04"), ("2018-01-04 10:30", "2018-01-04")])
def test_dates_as_people_write_them(tmp_path, written, iso):
    text = f"file,published\na.txt,{written}\n"
    assert load_manifest(_raw(tmp_path, text.encode()))["a.txt"]["published"] == iso


def _read(out: Path, name: str) -> list[dict]:
    with (out / "data" / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_manifest_values_win_over_the_text_and_the_report_says_so(tmp_path):
    text = "file,agency,year,adcode,published\na.txt,武汉市民政局,2017,420100,2018/02/01\n"
    out = tmp_path / "out"
    build(_raw(tmp_path, text.encode("gbk")), out)
    report, = _read(out, "reports")
    agency, = _read(out, "agencies")
    assert (report["year"], report["year_source"], report["agency_source"]) == ("2017", "manifest", "manifest")
    assert report["page_date"] == "2018-02-01"
    assert (agency["name_zh"], agency["prefecture"], agency["place_source"]) == ("武汉市民政局", "武汉市", "manifest")
    # the text says 2018: the report says both, and the manifest's 2017 keys it
    assert "the text says 2018" in report["status_note"]


def test_manifest_year_keys_the_values_the_text_states_without_a_year(tmp_path):
    raw = _raw(tmp_path, "file,year\na.txt,2017\n".encode())
    (raw / "a.txt").write_text("政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》编制本报告。\n"
                               "全年主动公开政府信息120条。\n", encoding="utf-8")
    out = tmp_path / "out"
    build(raw, out)
    assert [(o["year"], o["indicator_id"], o["value"]) for o in _read(out, "observations")] == \
        [("2017", "proactive_total", "120")]


def test_a_bad_value_is_noted_on_its_report_and_the_build_goes_on(tmp_path):
    out = tmp_path / "out"
    build(_raw(tmp_path, "file,year\na.txt,2018年度汇编\n".encode()), out)
    report, = _read(out, "reports")
    assert report["year"] == "2018" and report["year_source"] == "title"
    assert "sources.csv year '2018年度汇编' set aside" in report["status_note"]


# --- a scraper's manifest of millions of rows: read as a stream, kept on disk ---------------------

def test_rows_kept_on_disk_are_the_rows_read_into_a_dict(tmp_path):
    from ogi.publish.spool import SpooledMapping

    raw = _raw(tmp_path, None)
    lines = ["file,agency,year,source_url"]
    for k in range(300):
        (raw / f"r{k:03d}.txt").write_text(REPORT, encoding="utf-8")
        lines.append(f"r{k:03d}.txt,第{k}局,{2016 + k % 4},http://example.gov.cn/{k}.html")
    (raw / "sources.csv").write_text("\n".join(lines) + "\n", encoding="gbk")
    spool = tmp_path / "spool"
    spool.mkdir()
    on_disk = load_manifest(raw, SpooledMapping(spool))
    try:
        in_memory = load_manifest(raw)
        assert len(on_disk) == len(in_memory) == 300 and list(on_disk) == list(in_memory)
        assert all(on_disk[k] == in_memory[k] for k in in_memory)
        assert "r007.txt" in on_disk and "a.txt" not in on_disk and on_disk.get("nope.txt") is None
        assert on_disk["r007.txt"]["agency"] == "第7局" and on_disk["r007.txt"]["line"] == 9
    finally:
        on_disk.close()
    assert not list(spool.iterdir())


def test_a_spooled_mapping_is_a_mapping(tmp_path):
    from ogi.publish.spool import SpooledMapping

    m = SpooledMapping(tmp_path)
    m["b"], m["a"], m["b"] = 1, {"x": [2]}, 3
    assert (len(m), list(m), m["b"], m["a"]) == (2, ["b", "a"], 3, {"x": [2]})
    del m["b"]
    with pytest.raises(KeyError):
        m["b"]
    assert 1 not in m and dict(m) == {"a": {"x": [2]}}
    m.close()
    assert not list(tmp_path.iterdir())


def test_a_manifest_for_another_folder_names_the_first_problems_and_counts_the_rest(tmp_path):
    text = "file\n" + "".join(f"missing{k}.txt\n" for k in range(100))
    with pytest.raises(ManifestError) as err:
        load_manifest(_raw(tmp_path, text.encode()))
    message = str(err.value)
    assert message.count("is listed in sources.csv but is not a file") == 20 and "and 80 more" in message


def test_a_build_stopped_by_its_manifest_leaves_no_output_folder(tmp_path):
    raw = _raw(tmp_path, b"file,year\nb.txt,2018\n")
    with pytest.raises(ManifestError):
        build(raw, tmp_path / "out", jobs=1)
    assert not (tmp_path / "out").exists()


def test_files_not_listed_are_counted_and_the_first_five_named(tmp_path):
    raw = _raw(tmp_path, b"file\na.txt\n")
    for k in range(7):
        (raw / f"x{k}.txt").write_text(REPORT, encoding="utf-8")
    summary = build(raw, tmp_path / "out", jobs=1)
    assert summary.n_not_in_manifest == 7 and summary.not_in_manifest == [f"x{k}.txt" for k in range(5)]
    assert "7 file(s) not listed in sources.csv" in summary.text()
