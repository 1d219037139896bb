"""Who reported, for which year and place (seeds, and synthetic cases beyond them)."""
from __future__ import annotations

import pytest

from ogi.model import Document
from ogi.read.decode import normalise
from ogi.resolve.metadata import resolve_metadata

# (agency, type, year, (report_date, page_date), scope, tables_available, province, prefecture, county,
#  adcode, level)
EXPECTED = {
    # line 1 title; line 2 昆明市官渡区 gives the city; no publication date (line 89 is 填报日期)
    "000": ("官渡区政务服务管理局", "service_centre", 2016, ("", ""), "agency", "none",
            "云南省", "昆明市", "官渡区", "530111", "county"),
    # line 1 title; line 3 时间: 2020-01-30
    "001": ("高坪区人民政府办公室", "government_office", 2019, ("", "2020-01-30"), "agency", "none",
            "四川省", "南充市", "高坪区", "511303", "county"),
    # line 2 title names only 政务中心; line 3 来源:汤原县政府, 发布时间:2017-03-26
    "002": ("汤原县政务中心", "service_centre", 2016, ("", "2017-03-26"), "agency", "none",
            "黑龙江省", "佳木斯市", "汤原县", "230828", "county"),
    # lines 15-16 title; line 23 综合各县区、各部门…编制而成全市年度报告; line 114 signed 2018年2月23日
    # (line 18's page date 2019-12-25 is a later re-post); line 125 表格.jpg
    "003": ("玉溪市人民政府", "peoples_government", 2017, ("2018-02-23", "2019-12-25"), "jurisdiction_aggregate",
            "image_only", "云南省", "玉溪市", "", "530400", "prefecture"),
    # line 4 title; line 138 signed 2019年2月12日; line 140 附件:…统计表.xls
    "004": ("毕节市七星关区人民政府", "peoples_government", 2018, ("2019-02-12", ""), "agency",
            "attachment_only", "贵州省", "毕节市", "七星关区", "520502", "county"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_metadata(seed_doc, key):
    doc = seed_doc(key)
    meta = resolve_metadata(doc)
    place = meta.place
    got = (meta.agency_name, meta.agency_type, meta.year, (meta.report_date, meta.page_date), meta.scope,
           meta.tables_available, place.province, place.prefecture, place.county, place.adcode,
           place.level)
    assert got == EXPECTED[key]
    assert meta.is_report


def test_year_is_not_the_page_date_or_a_footer(seed_doc):
    # seed 003: page date 2019-12-25 (line 18), spam footer 2024年 (line 134): the year is 2017
    assert resolve_metadata(seed_doc("003")).year == 2017


def _doc(text: str) -> Document:
    return Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=normalise(text))


def test_ambiguous_district_needs_a_parent_in_the_text():
    # 鼓楼区 exists in several cities: without a parent named, the place stays empty
    doc = _doc("鼓楼区人民政府2017年政府信息公开工作年度报告\n本报告由区政府办公室编制。")
    meta = resolve_metadata(doc)
    place = meta.place
    assert meta.agency_name == "鼓楼区人民政府" and place.adcode == "" and "left empty" in place.note
    doc = _doc("鼓楼区人民政府2017年政府信息公开工作年度报告\n根据福州市政府要求,现公布如下。")
    place = resolve_metadata(doc).place
    assert place.adcode == "350102" and place.prefecture == "福州市" and place.province == "福建省"


def test_township_agency():
    doc = _doc("汤原县汤原镇人民政府2018年政府信息公开工作年度报告\n全文如下。")
    meta = resolve_metadata(doc)
    place = meta.place
    assert place.level == "township" and place.adcode == "230828"


def test_not_a_report():
    meta = resolve_metadata(_doc("欢迎访问本站\n首页 新闻 联系我们\n今日天气晴。"))
    assert not meta.is_report


def test_unknown_place_is_left_empty():
    doc = _doc("市场监督管理局2018年政府信息公开工作年度报告\n现将工作情况报告如下。")
    meta = resolve_metadata(doc)
    place = meta.place
    assert meta.year == 2018 and place.adcode == "" and place.note


@pytest.mark.parametrize("sentence, scope", [
    ("本报告由县政府办公室汇总全县各乡镇、各部门年度报告编制。", "jurisdiction_aggregate"),
    ("本报告由区政府办公室综合各街道年度报告编制。", "jurisdiction_aggregate"),
    ("本报告由本局办公室编制,各科室提供材料。", "agency"),
])
def test_scope_from_the_report_own_words(sentence, scope):
    doc = _doc("某县人民政府2018年政府信息公开工作年度报告\n" + sentence)
    assert resolve_metadata(doc).scope == scope


@pytest.mark.parametrize("text, agency, year", [
    # title of the form 关于…的报告, the agency on its own line below it
    ("关于2016年政府信息公开工作情况的报告\n南京市鼓楼区财政局\n2016年主动公开政府信息120条。",
     "南京市鼓楼区财政局", 2016),
    # the agency signs the report above its date
    ("关于2018年度政府信息公开工作情况的报告\n一、概述\n全年主动公开信息20条。\n扬州市邗江区司法局\n2019年3月1日",
     "扬州市邗江区司法局", 2018),
    # the year after the title; 和平区政府信息公开 is not 和平区政府
    # a place alone names its government
    ("沈阳市和平区政府信息公开年报(2017年)\n一、概述\n2017年主动公开政府信息500条。", "沈阳市和平区人民政府", 2017),
])
def test_title_variants(text, agency, year):
    meta = resolve_metadata(_doc(text))
    assert meta.is_report and (meta.agency_name, meta.year) == (agency, year)


def test_work_plan_report_is_not_an_annual_report_title():
    # a report on carrying out the year's work points is another document
    meta = resolve_metadata(_doc("关于2016年政务公开工作要点落实情况的报告\n按照要求,现报告如下。"))
    assert meta.title == ""


def test_national_agency():
    doc = _doc("国家统计局2017年政府信息公开工作年度报告\n2017年,主动公开政府信息2100条。")
    place = resolve_metadata(doc).place
    assert (place.level, place.adcode) == ("national", "")


def test_township_placed_by_the_text():
    # the title names only the township; the text writes the county right before it
    doc = _doc("城关镇人民政府2019年政府信息公开工作年度报告\n甘肃省兰州市城关区城关镇2019年主动公开信息30条。")
    place = resolve_metadata(doc).place
    assert (place.level, place.adcode, place.prefecture) == ("township", "620102", "兰州市")
    # two different counties before the name: not guessed
    doc = _doc("城关镇人民政府2019年政府信息公开工作年度报告\n兰州市城关区城关镇与拉萨市城关区城关镇不同。")
    assert resolve_metadata(doc).place.adcode == ""
