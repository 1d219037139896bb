"""One agency_id for one agency across years and name variants: the rules on synthetic names
(places, short forms, reform renames; none of the bundled agencies), the alias table as data, and
a synthetic corpus of one county's bureaus over 2017-2019 built end to end."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ogi import agency_identity as ai
from ogi.resolve import divisions

from .conftest import RAW, ROOT

# (adcode, names one agency is given): each group must share one id
SAME = [
    ("330324", ["永嘉县政务服务中心", "政务中心", "永嘉县政务中心", "永嘉政务中心", "政务服务中心"]),
    ("440105", ["海珠区人民政府办公室", "区政府办", "海珠区政府办公室", "广州市海珠区人民政府办公室",
                "区人民政府办"]),
    ("341525", ["霍山县人民政府", "县政府", "霍山县政府", "六安市霍山县人民政府", "县人民政府"]),
    ("511723", ["开江县国土资源局", "开江县自然资源局", "县国土资源局", "开江县国土局"]),
    ("410400", ["平顶山市环境保护局", "平顶山市生态环境局", "平顶山市环保局", "市环境保护局"]),
    ("370000", ["山东省国土资源厅", "山东省自然资源厅"]),
    ("460000", ["海南省生态环境保护厅", "海南省生态环境厅", "海南省环境保护厅"]),
    ("360100", ["南昌市卫生和计划生育委员会", "南昌市卫生健康委员会", "南昌市卫生计生委", "南昌市卫计委"]),
    ("511724", ["大竹县安全生产监督管理局", "大竹县应急管理局", "大竹县安监局"]),
    ("510824", ["苍溪县农业局", "苍溪县农业农村局"]),
    ("330681", ["诸暨市安华镇人民政府", "安华镇政府", "安华镇人民政府", "安华镇"]),
    ("330302", ["丰门街道", "丰门街道办事处", "温州市鹿城区丰门街道办事处"]),
    ("512002", ["区人社局", "雁江区人力资源和社会保障局", "资阳市雁江区人社局"]),
    ("150724", ["鄂温克旗政府", "鄂温克族自治旗人民政府"]),
    ("320412", ["武进地税局", "武进地方税务局", "常州市武进区地方税务局"]),
]

# pairs that must keep two ids
DIFFERENT = [
    ("330681", "安华镇人民政府", "330681", "牌头镇人民政府"),          # two townships of one county
    ("341525", "霍山县人民政府", "341525", "霍山县人民政府办公室"),      # a government and its office
    ("520100", "贵阳市政务服务中心", "520100", "贵阳市政务服务管理局"),  # a centre and the bureau over it
    ("330324", "永嘉县工商行政管理局", "330324", "永嘉县市场监督管理局"),  # merged, not renamed
    ("330324", "永嘉县食品药品监督管理局", "330324", "永嘉县质量技术监督局"),
    ("320412", "武进国家税务局", "320412", "武进地方税务局"),           # merged into 税务局 in 2018
    ("330324", "永嘉县人民政府", "511724", "大竹县人民政府"),           # one name, two places
    ("", "鼓楼区教育局", "", "教育局"),                                # no place: the name's place is all there is
    ("", "县水务局", "", "市水务局"),
    ("330324", "永嘉县文化广电新闻出版局", "330324", "永嘉县文化和旅游局"),  # 文化 and 旅游 merged
]


@pytest.mark.parametrize("adcode,names", SAME, ids=[g[1][0] for g in SAME])
def test_variants_of_one_agency_share_an_id(adcode, names):
    ids = {ai.agency_id(n, adcode) for n in names}
    assert len(ids) == 1, {n: ai.identity_key(n, adcode) for n in names}
    assert next(iter(ids)).startswith(adcode + "_")


@pytest.mark.parametrize("a_code,a,b_code,b", DIFFERENT, ids=[f"{d[1]}-{d[3]}" for d in DIFFERENT])
def test_distinct_agencies_keep_distinct_ids(a_code, a, b_code, b):
    assert ai.agency_id(a, a_code) != ai.agency_id(b, b_code)


def test_folded_keys_read_as_names():
    assert ai.identity_key("永嘉县市场监督管理局", "330324") == "市场监督管理局"  # 市场 is no level word
    assert ai.identity_key("县市政管理局", "330324") == "市政管理局"
    assert ai.identity_key("公安县公安局", "421022") == "公安局"       # never folded below two characters
    assert ai.identity_key("上海市公安局长宁分局", "310105") == "公安局长宁分局"
    assert ai.identity_key("县水务局", "") == "县水务局"               # place unknown: nothing removed
    assert ai.agency_id("县水务局", "") == ai.agency_id("县水务局", None)
    assert re.fullmatch(r"[0-9]{6}_[0-9a-f]{8}", ai.agency_id("开江县自然资源局", "511723"))


def test_alias_table_is_data_with_a_documented_header():
    with ai.ALIASES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0].keys()) == ai.ALIAS_COLUMNS
    assert ai.ALIAS_COLUMNS == ("pattern", "canonical", "kind", "since", "note")
    for col in ai.ALIAS_COLUMNS:  # the module's docstring documents every column
        assert re.search(rf"^ +{col} {{2,}}\S", ai.__doc__, re.M), col
    assert len({r["pattern"] for r in rows}) == len(rows)
    for r in rows:
        assert r["kind"] in ai.KINDS and r["note"].strip(), r
        assert (r["kind"] == "reform") == bool(r["since"]), r
        if r["since"]:
            assert r["since"] in ("2018", "2019"), r


def test_every_alias_row_is_a_genre_pattern_not_an_agency():
    """No row names a place or one agency: the rows are words of the genre, so they hold for any
    corpus; none is one of the bundled reports' agencies."""
    bundled = set()
    for path in (ROOT / "data" / "agencies.csv", ROOT / "data" / "agency_names.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            bundled |= {r["name_zh"] for r in csv.DictReader(f)}
    with (RAW / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            bundled |= {v for k, v in r.items() if k and "agency" in k and v}
    assert bundled
    for a in ai.aliases():
        for word in (a.pattern, a.canonical):
            assert word not in bundled, word
            assert not divisions.find(word, with_townships=False), word  # no place in a row


def test_folding_is_idempotent_and_terminates():
    for a in ai.aliases():
        for word in (a.pattern, a.canonical, "某县" + a.pattern):
            once = ai.fold(word)
            assert ai.fold(once) == once, (word, once)


# --- a synthetic corpus: one county's bureaus across the 2019 change -----------------------------

MARK = "【SYNTHETIC TEST REPORT — NOT REAL DATA — tests/test_agency_identity.py】\n"
PRE2019_SEED = "2016_yunnan_kunming_guandu_government-services-bureau.txt"
FORMAT2019_SEED = "2019_sichuan_nanchong_gaoping_district-government-office.txt"
# the pre-2019 seed leaves the request rows blank: these fill them (label start -> value)
PRE2019_FILL = {"(一)收到申请数": 20, "(二)申请办结数": 18, "2.同意公开答复数": 10, "3.同意部分公开答复数": 3}

# (file, agency named in the title line, statistics year, seed, values to put in the pre-2019 table)
PANEL_REPORTS = [
    ("a_2017.txt", "开江县国土资源局", 2017, PRE2019_SEED, PRE2019_FILL),
    ("a_2018.txt", "开江国土资源局", 2018, PRE2019_SEED, {**PRE2019_FILL, "(一)收到申请数": 30}),
    ("a_2019.txt", "开江县自然资源局", 2019, FORMAT2019_SEED, None),
    ("b_2017.txt", "开江县工商行政管理局", 2017, PRE2019_SEED, None),
    ("b_2019.txt", "开江县市场监督管理局", 2019, FORMAT2019_SEED, None),
]


def _shift_years(text: str, by: int) -> str:
    return re.sub(r"(?<![0-9])20[0-2][0-9](?![0-9])", lambda m: str(int(m.group()) + by), text)


def write_panel_corpus(folder: Path) -> Path:
    """The seeds' text under new agencies and years (synthetic: every file says so)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, agency, year, seed, fill in PANEL_REPORTS:
        text = (RAW / seed).read_text(encoding="utf-8")
        lines = text.split("\n")
        lines[0] = re.sub(r"^[^\d]*?(?=\d{4}年)", agency, lines[0])
        if fill:
            for i, line in enumerate(lines):
                for label, value in fill.items():
                    if line.startswith(label) and line.rstrip().endswith("| |"):
                        lines[i] = line.rstrip()[:-2] + f"| {value} |"
        text = _shift_years("\n".join(lines), year - int(seed[:4]))
        (folder / name).write_text(MARK + text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def panel_package(tmp_path_factory):
    from ogi.analysis import load_package
    from ogi.pipeline import build

    base = tmp_path_factory.mktemp("panel")
    build(write_panel_corpus(base / "raw"), base / "out", progress=False)
    return load_package(base / "out" / "datapackage.json")


def test_a_renamed_bureau_is_one_agency_with_every_name_kept(panel_package):
    import polars as pl

    t = panel_package
    reps = t["reports"].filter(pl.col("raw_path").str.starts_with("a_"))
    assert reps.height == 3 and set(reps["status"]) <= {"parsed", "partial"}
    assert reps["agency_id"].n_unique() == 1
    aid = reps["agency_id"][0]
    agency = t["agencies"].filter(pl.col("agency_id") == aid).row(0, named=True)
    assert agency["name_zh"] == "开江县自然资源局"          # the latest name
    assert agency["county"] == "开江县"
    names = {r["name_zh"]: r for r in t["agency_names"].filter(pl.col("agency_id") == aid).iter_rows(named=True)}
    assert set(names) == {"开江县国土资源局", "开江国土资源局", "开江县自然资源局"}
    assert (names["开江县国土资源局"]["first_year"], names["开江县国土资源局"]["last_year"]) == (2017, 2017)
    assert names["开江县自然资源局"]["first_year"] == 2019
    assert sum(r["n_reports"] for r in names.values()) == 3
    # a merger is no rename: the bureaus merged into 市场监督管理局 keep their own id
    b = t["reports"].filter(pl.col("raw_path").str.starts_with("b_"))
    assert b["agency_id"].n_unique() == 2
    # every agency has its names, every name its agency
    assert set(t["agency_names"]["agency_id"]) == set(t["agencies"]["agency_id"])
