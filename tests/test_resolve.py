"""Recognition, year, agency and place from the evidence a page carries: one synthetic page per
pattern of the genre (the development set's real pages are scored in test_devset.py)."""
from __future__ import annotations

import pytest

from ogi.model import Document
from ogi.read.decode import normalise, simplify
from ogi.resolve.metadata import resolve_metadata

OPENING = ("根据《中华人民共和国政府信息公开条例》(以下简称《条例》)规定,现将本单位政府信息公开工作情况报告如下。"
           "本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。\n")
SECTIONS = "一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n"


def meta_of(text: str, url: str = "", **manifest):
    norm, _ = simplify(normalise(text))
    doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
    return resolve_metadata(doc, {"source_url": url, **manifest} if (url or manifest) else None)


# --- recognition ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # no title: the Regulation, the period and the sections say what it is
    OPENING.format(y=2018) + SECTIONS,
    # starts at section one, headings only
    "一、主动公开政府信息情况。\n2018年度共在县政府信息公开网上发布信息48条。\n二、政府信息公开收费及减免情况。\n"
    "三、因政府信息公开申请行政复议、提起行政诉讼情况。\n四、政府信息公开工作存在的主要问题及改进情况。\n",
    # a traditional-character mirror with pinyin after the characters
    "某縣民政局2017年政府信息公開工作年度報(bào)告\n根據(jù)《中華人民共和國政府信息公開條例》規(guī)定,現將本局工作報告如下。\n",
])
def test_reports_are_recognised_by_the_genre_evidence(text):
    assert meta_of(text).is_report


def test_a_title_behind_spam_on_its_line_is_the_title():
    # a mirror runs its slogan into the title line; the title still ends the line
    text = ("【澳门娱乐,官方网站,注册就送】杭州市江干区人民政府办公室2019年度政府信息公开工作年度报告\n"
            "一、总体情况\n2019年,我办坚持以公开为常态。\n")
    meta = meta_of(text)
    assert meta.is_report and meta.year == 2019
    assert meta.agency_name.endswith("江干区人民政府办公室") and meta.agency_source == "title"
    # a sentence naming a report is still no title line
    from ogi.resolve.title import _match_title
    for sentence in ("近日,江干区人民政府发布了2019年度政府信息公开工作年度报告",
                     "近日,江干区人民政府2019年度政府信息公开工作年度报告已经发布"):
        assert _match_title(sentence, 0, "title") is None


@pytest.mark.parametrize("text, why", [
    ("某省发布2016年政府信息公开工作年度报告\n来源: 某某日报\n报告显示,全省主动公开政府信息6万条。", "news"),
    ("关于做好2018年政府信息公开工作年度报告编制公布工作的\n通 知\n各乡镇人民政府:\n现就有关事项通知如下:", "notice"),
    ("某县2018年政务公开工作要点实施方案为深入贯彻落实《中华人民共和国政府信息公开条例》,制定本方案。", "work plan"),
    ("某市2019年政务公开工作总结\n2019年,全市主动公开政府信息2万条。根据《条例》要求…", "work summary"),
    ("——在某市第十六届人民代表大会第二次会议上\n各位代表:\n现在,我代表市人民政府,向大会报告政府工作。", "government work report"),
    ("某省人民政府办公厅政府信息公开年度报告制度(试行)\n第一条 为不断提高政府信息公开工作的质量,根据《中华人民共和国政府信息公开条例》,制定本制度。",
     "rule"),
    ("政务公开年度工作总结 篇1政务公开年度工作总结 篇2\n2019年,全市主动公开政府信息2万条。根据《条例》要求…", "compilation"),
    ("政府信息公开年度工作报告范文\n本年度报告是根据《中华人民共和国政府信息公开条例》要求,由市区编制。全文包括概述,主动公开政府信息情况。"
     "如对本年度报告有任何疑问,请联系:区政府信息公开联席会议办公室。\n一、概述\n", "model text"),
    # a township's rule on disclosure statistics, with the empty pre-2019 form attached
    ("为规范政府信息公开工作,根据《中华人民共和国政府信息公开条例》等有关规定,结合我镇实际,制定本制度。\n一、统计范围\n"
     "二、组织实施\n三、报送要求\n政府信息公开情况统计表\n| 1 | 一、主动公开情况 | ---- | |||\n"
     "| 3 | 其中:主动公开规范性文件数 | 条 | |||\n", "rule"),
    ("环保局年度信息公开工作报告一、概述今年,xx 市环境保护局认真贯彻执行条例。二、主动公开信息情况(一)xx 市环境保护公众网站"
     "主动公开政府信息情况。", "template"),
])
def test_look_alikes_are_rejected_with_a_reason(text, why):
    meta = meta_of(text)
    assert not meta.is_report
    assert meta.notes and why.split()[0] in meta.notes[0].replace("a ", "")


def test_a_report_citing_a_notice_is_still_a_report():
    text = ("根据《某市人民政府办公室关于做好2018年政府信息公开工作年度报告编制和公布工作的通知》要求,"
            "编制了2018年度政府信息公开工作年度报告。\n" + SECTIONS)
    assert meta_of(text).is_report


# --- year -----------------------------------------------------------------------------------

@pytest.mark.parametrize("period, year", [
    ("本报告所列数据的统计期限自201711日至20171231日止。", 2017),           # 年/月 lost
    ("统计期限为2018年11日至2018年1231日。", 2018),
    ("所列数据统计期限自2015年12月1日起至2016年10月30日止。", 2016),        # not the calendar year: its end
    ("统计数据时限截止2016年12月31日。", 2016),
    ("报告所列数据统计期限自2019年1月28(本局成立之日)起至2019年1231。", 2019),
    ("统计期限自 2018 年 1 月 1 日起至 2018年 12 月 31日止。", 2018),
])
def test_statistics_period_in_its_variants(period, year):
    text = "根据《中华人民共和国政府信息公开条例》,编制本报告。" + period + "\n" + SECTIONS
    meta = meta_of(text)
    assert (meta.year, meta.year_source) == (year, "period")


def test_title_and_period_that_disagree_leave_the_year_empty():
    meta = meta_of("某县审计局2018年政府信息公开工作年度报告\n" + OPENING.format(y=2017))
    assert meta.year is None and "left empty" in meta.notes[0]


def test_a_cited_title_or_last_year_report_is_not_the_year():
    text = ("根据《关于印发2016年政务公开工作要点的通知》,我局按时公开了2018年度政府信息公开工作报告。\n"
            "2019年,我局主动公开政府信息35条。2019年度,我局未收到政府信息公开申请。\n" + SECTIONS)
    assert meta_of(text).year == 2019


# --- agency -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, agency, source", [
    ("2016年度丰门街道政府信息公开工作年度报告\n" + OPENING.format(y=2016), "丰门街道办事处", "title"),
    # a title over two lines
    ("白银市交通运输局\n\n2017年度政府信息公开工作年度报告\n" + OPENING.format(y=2017), "白银市交通运输局", "title"),
    # the short name written out; its place is the short form of 武进区
    (OPENING.format(y=2017) + "本年报是根据要求,由武进地税局编制的2017年度政府信息公开年度报告。", "武进地方税务局", "compiler"),
    ("根据《条例》,现将红塔区教育局2017年度政府信息公开年度报告向社会公布。" + SECTIONS, "红塔区教育局", "opening"),
    ("来源:朝阳乡\n" + OPENING.format(y=2016) + SECTIONS, "朝阳乡人民政府", "page_field"),
    ("关于2016年政府信息公开工作情况的报告\n南京市鼓楼区财政局\n2016年主动公开政府信息120条。", "南京市鼓楼区财政局", "title_line"),
    (OPENING.format(y=2018) + "2018年,抚顺市公安局以服务群众为宗旨,扎实推进政务公开。\n" + SECTIONS, "抚顺市公安局", "body"),
    # the compiler with its short name in brackets, or with what it followed
    (OPENING.format(y=2019) + "本报告由江干区行政审批服务管理办公室(区政务公开办)编制。", "江干区行政审批服务管理办公室", "compiler"),
    (OPENING.format(y=2019) + "本报告由江干区行政审批服务管理办公室按照要求编制。", "江干区行政审批服务管理办公室", "compiler"),
    # the agency before the verb of the opening sentence
    ("根据《中华人民共和国政府信息公开条例》要求,太仆寺旗人民政府办公室编制了2017年政府信息公开工作报告。" + SECTIONS,
     "太仆寺旗人民政府办公室", "opening"),
])
def test_agency_from_every_place_a_page_names_it(text, agency, source):
    meta = meta_of(text)
    assert meta.agency_name.endswith(agency) and meta.agency_source == source


@pytest.mark.parametrize("text", [
    "2018年建新镇政府信息公开工作年度报告\n作者:本站原创 | 来源:本站原创 | 时间:2019-01-18 分享到:\n",
    "2018年政府信息公开年报\n发布机构: 机关 公开日期: 2021-01-19\n信息来源:机关\n",
    "2018年政府信息公开年报\n发布日期:2019-02-01 来源:本网\n分享到:\n",
])
def test_furniture_is_never_an_agency(text):
    name = meta_of(text + OPENING.format(y=2018)).agency_name
    assert not any(w in name for w in ("本站", "原创", "机关", "本网", "分享", "日期"))


def test_a_name_without_its_place_is_completed_from_the_text():
    text = ("2019年县教育和科学技术局政府信息公开工作年度报告\n" + OPENING.format(y=2019)
            + "编制大竹县教科局2019年度政府信息公开工作年度报告。")
    meta = meta_of(text)
    assert meta.agency_name == "大竹县教育和科学技术局"
    assert (meta.place.province, meta.place.prefecture, meta.place.county) == ("四川省", "达州市", "大竹县")


def test_standard_abbreviations_are_written_out():
    text = "2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + "我局完善了区人社局政府信息公开工作制度。资阳市雁江区人民政府"
    assert meta_of(text).agency_name == "雁江区人力资源和社会保障局"
    text = "雁江区发展改革委2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019)
    assert meta_of(text).agency_name.endswith("雁江区发展和改革委员会")
    text = "福建省卫生计生委2016年政府信息公开工作年度报告\n" + OPENING.format(y=2016)
    assert meta_of(text).agency_name == "福建省卫生和计划生育委员会"


# --- place ------------------------------------------------------------------------------------

def test_a_township_is_placed_in_its_county():
    meta = meta_of("2016年度丰门街道政府信息公开工作年度报告\n" + OPENING.format(y=2016))
    assert (meta.place.county, meta.place.prefecture, meta.place.level, meta.place.source) == \
        ("鹿城区", "温州市", "township", "township")


def test_a_township_several_counties_share_is_placed_by_the_address():
    text = "2018年高楼镇政府信息公开工作年度报告\n" + OPENING.format(y=2018)
    assert meta_of(text).place.county == ""                                    # not guessed
    assert meta_of(text, url="http://www.ruian.gov.cn/art/2019/1/1/1.html").place.county == "瑞安市"
    # a mirror host names no place
    assert meta_of(text, url="https://www.example-mirror.com/zwgk/1.html").place.county == ""


def test_a_credit_code_in_the_address_places_the_agency():
    text = "2018年马庙镇政府信息公开工作年度报告\n" + OPENING.format(y=2018)
    url = "http://www.example.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11370828004332205R&fbtime=2018"
    assert meta_of(text, url=url).place.county == "金乡县"


def test_an_index_number_or_the_site_name_places_a_name_without_a_place():
    index = "索引号: 330726JD040000/2018-03819\n2017年民政局政府信息公开工作年度报告\n"
    assert meta_of(index + OPENING.format(y=2017)).place.county == "浦江县"
    site = ("2016年政府信息公开工作年度报告\n本报告由县水务局编制,统计期限自2016年1月1日起至2016年12月31日止。"
            "本年报电子版可从“中国永嘉”县政府门户网站下载。\n" + SECTIONS)
    meta = meta_of(site)
    assert meta.place.county == "永嘉县" and meta.agency_name == "永嘉县水务局"


def test_newer_divisions_and_old_ones_both_resolve():
    assert meta_of("福州市长乐区人民政府2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018)).place.county == "长乐区"
    assert meta_of("临安市环境保护局2016年度政府信息公开工作报告\n" + OPENING.format(y=2016)).place.county == "临安市"


def test_short_forms_of_autonomous_counties():
    text = "现公布鄂温克旗2019年政府信息公开工作年度报告。\n" + OPENING.format(y=2019)
    assert meta_of(text).place.county == "鄂温克族自治旗"


def test_a_department_word_is_not_a_place():
    # 公安 is the short form of 公安县, but 公安局 is a department
    meta = meta_of("公安局2019年政府信息公开年度工作报告\n" + OPENING.format(y=2019))
    assert meta.place.county == "" and meta.agency_name == "公安局"


def test_a_manifest_adcode_wins():
    meta = meta_of("公安局2019年政府信息公开年度工作报告\n" + OPENING.format(y=2019), adcode="610527")
    assert (meta.place.county, meta.place.source) == ("白水县", "manifest")


def test_a_title_only_the_page_address_carries():
    text = "一、概述\n2018年,某省全面贯彻落实政务公开工作要求。\n"
    url = "https://mirror.example.com.tw/wiki/%E5%AE%89%E5%BE%BD%E7%9C%812018%E5%B9%B4%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E9%96%8B%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E5%A0%B1%E5%91%8A"
    assert not meta_of(text).is_report
    meta = meta_of(text, url=url)
    assert meta.is_report and (meta.year, meta.year_source) == (2018, "address")
    assert meta.agency_name == "安徽省人民政府" and meta.place.province == "安徽省"


@pytest.mark.parametrize("contact, agency", [
    ("请与宣汉县政府信息公开管理办公室联系。", "宣汉县人民政府"),
    ("请与沙洋县电子政务办公室联系。", "沙洋县人民政府"),
    ("请与某县审计局办公室联系。", "某县审计局"),
])
def test_an_office_for_open_government_stands_for_its_agency(contact, agency):
    text = "2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + contact
    assert meta_of(text).agency_name.endswith(agency.replace("某县", "")) or meta_of(text).agency_name == agency


def test_a_township_report_on_its_county_template_stays_the_township():
    text = ("根据《条例》,特向社会公布枞阳县2018年政府信息公开工作年度报告。统计时限为2018年1月1日起至2018年12月31日止。\n"
            "如对本报告有疑问,请联系:项铺镇。\n一、概述\n2018年度,在镇党委、镇政府的正确领导下,我镇稳步推动政府信息公开工作。")
    meta = meta_of(text)
    assert meta.agency_name == "项铺镇人民政府" and meta.place.county == "枞阳县"


def test_a_township_copying_a_jurisdiction_sentence_is_no_aggregate():
    text = ("水东镇2019年政府信息公开工作年度报告\n本报告综合全区各镇(街办)、各部门年度报告编制。\n" + OPENING.format(y=2019))
    assert meta_of(text).scope == "agency"
    county = "某县2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019) + "2019年,全县各级各部门主动公开政府信息共计14189条。"
    assert meta_of(county).scope == "jurisdiction_aggregate"
    county = "某县人民政府2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019) + "2019年,全县通过不同渠道和方式累计公开政府信息11076条。"
    assert meta_of(county).scope == "jurisdiction_aggregate"
    # the jurisdiction named in passing is no count for it
    county = "某县人民政府2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019) + "将政府信息公开纳入全县目标考核,2019年主动公开政府信息120条。"
    assert meta_of(county).scope == "agency"


def test_a_zone_takes_its_city_short_name_not_the_county_of_that_name():
    text = "高新区2017年政府信息公开工作年度报告\n来源:安阳高新区\n" + OPENING.format(y=2017) + "安阳市人民政府办公室印发。"
    place = meta_of(text).place
    assert (place.province, place.prefecture, place.county) == ("河南省", "安阳市", "")


def test_an_agency_named_only_by_its_level_is_not_completed_with_another_level():
    # 镇政府 on a city's site: which township is not said, so no agency is made up (蚌埠市镇政府)
    text = "本年度报告向社会公开2016年度镇政府信息公开年度报告。\n" + OPENING.format(y=2016) + SECTIONS
    meta = meta_of(text, "http://www.bengbu.gov.cn/public/25461/45854211.html")
    assert meta.agency_name == "" and any("镇政府" in n for n in meta.notes)


def test_a_host_several_places_spell_is_read_with_the_province_the_text_names():
    text = ("发布机构 | 市交通运输局 | 发文日期 | 2019-02-13 |\n本报告根据《中华人民共和国政府信息公开条例》、"
            "《湖北省政府信息公开规定》要求编制。" + OPENING.format(y=2018) + SECTIONS)
    meta = meta_of(text, "http://huangshi.gov.cn/xxxgk/gknb/2018/t20191031_577318.html")
    assert meta.agency_name == "黄石市交通运输局"
    assert (meta.place.province, meta.place.prefecture) == ("湖北省", "黄石市")


def test_the_first_look_alike_word_of_the_title_names_the_page():
    text = ("某镇2018年第一季度政务公开工作总结根据县政府办关于印发某县政务公开日活动工作方案的通知要求,"
            "现将今年第一季度政务公开开展情况报告如下:一、统一认识,加强领导\n")
    meta = meta_of(text)
    assert not meta.is_report and "work summary" in meta.notes[0]


def test_a_prefecture_short_name_is_told_from_a_district_by_a_place_under_it():
    # 巴州: 巴音郭楞蒙古自治州 (Xinjiang) or 巴中市巴州区 (Sichuan); 库尔勒市 lies in the former
    text = ("巴州人民政府2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018)
            + "请与巴州人民政府电子政务办公室联系(地址:新疆库尔勒市巴音东路45号)。")
    place = meta_of(text).place
    assert (place.province, place.prefecture, place.county) == ("新疆维吾尔自治区", "巴音郭楞蒙古自治州", "")


def test_a_page_that_starts_at_its_second_section_is_still_a_report():
    text = ("二、主动公开政府信息情况\n2018年,我市各级政府共公开信息38482条,其中,市政府网站公开政府信息11268条。\n"
            "二是通过政府公报公开政府信息。2018年,市政府办公厅印发政府公报10期。\n")
    assert meta_of(text).is_report


def test_a_count_for_the_whole_jurisdiction_makes_a_government_report_an_aggregate():
    for sentence in ("2018年,我市各级政府共公开信息38482条。", "辽阳市2018年通过政府网站等公开信息35829条。"):
        text = "辽阳市人民政府2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + sentence
        assert meta_of(text).scope == "jurisdiction_aggregate", sentence
    text = "辽阳市人民政府2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + "我市的政府网站公开信息120条。"
    assert meta_of(text).scope == "agency"


def test_a_title_that_runs_the_government_into_the_kind_of_report():
    # 人民政府信息公开: the government's name and 政府信息公开 share 政府
    text = "首页 > 政务公开\n2019年度于洪区人民政府信息公开工作报告\n" + OPENING.format(y=2019) + "沈阳市于洪区。"
    assert meta_of(text).agency_name.endswith("于洪区人民政府")


def test_a_name_that_starts_with_its_level_is_not_given_the_level_twice():
    text = ("根据《中华人民共和国政府信息公开条例》,新疆维吾尔自治区形成了《2016年政府信息公开年度报告》。"
            "本报告由自治区人民政府办公厅汇总各部门年度报告编制而成,数据统计期限为2016年1月1日至2016年12月31日。\n" + SECTIONS)
    name = meta_of(text).agency_name
    # (the office that sums the departments' reports compiles the government's own)
    assert name == "新疆维吾尔自治区人民政府", name


def test_a_municipality_and_an_autonomous_region_own_their_jurisdiction_word():
    from ogi.resolve.metadata import own_totals

    for name, word in (("北京市人民政府", "市"), ("新疆维吾尔自治区人民政府", "区"), ("河北省人民政府", "省")):
        meta = meta_of(f"{name}2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019))
        assert meta.place.level == "province" and word in own_totals(meta), (name, own_totals(meta))
    # a bureau owns none: 全市… in its report is the city's
    meta = meta_of("北京市民政局2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019))
    assert "市" not in own_totals(meta)
    # a township owns 全镇, never its county's 全县
    meta = meta_of("枞阳县项铺镇人民政府2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018))
    assert meta.place.level == "township" and "镇" in own_totals(meta) and "县" not in own_totals(meta)


def test_a_one_character_county_inside_running_text_is_no_place():
    # 平台和县商务预报网站: 和 is a conjunction, not 和县 (安徽省马鞍山市)
    text = ("县商务局2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018)
            + "依托微山县政府信息公开平台和县商务预报网站公开信息。山东省济宁市微山县。")
    meta = meta_of(text)
    assert (meta.place.province, meta.place.county) == ("山东省", "微山县"), meta.place
    assert meta.agency_name == "微山县商务局"


def test_a_zone_name_is_not_given_a_district_prefix():
    text = "示范区教育局2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + "陕西省咸阳市杨陵区。"
    assert meta_of(text).agency_name == "示范区教育局"


# --- a report that does not name its agency ------------------------------------------------------

def test_an_unnamed_agency_is_placed_by_the_government_host_it_is_published_on():
    # 我镇 on a city's portal: the city is known, the township is not, so the level stays empty
    text = "2017年我镇认真贯彻落实政府信息公开工作。\n" + OPENING.format(y=2017) + SECTIONS
    meta = meta_of(text, "http://www.bengbu.gov.cn/public/25461/45854211.html")
    assert meta.agency_name == ""
    assert (meta.place.province, meta.place.prefecture, meta.place.county) == ("安徽省", "蚌埠市", "")
    assert meta.place.level == "" and meta.place.source == "url" and "not named" in meta.place.note


def test_an_unnamed_agency_is_placed_by_the_site_its_report_names():
    text = (OPENING.format(y=2016) + "本年度报告的电子版可从“中国衡水”门户网站下载。\n" + SECTIONS)
    meta = meta_of(text, "https://spam-mirror.example.com/a/1.html")
    assert (meta.place.province, meta.place.prefecture) == ("河北省", "衡水市") and meta.place.source == "page"


@pytest.mark.parametrize("url", [
    "http://www.taizhou.gov.cn/zfxxgknb/202001/1.shtml",  # 泰州市 (江苏) and 台州市 (浙江) both spell it
    "https://www.spam-mirror.com/xxgk/1.html",          # no government host
])
def test_an_unnamed_agency_is_not_placed_when_the_address_is_ambiguous_or_not_a_government_s(url):
    text = "我局进一步加大了政务公开的力度。\n" + OPENING.format(y=2019) + SECTIONS
    meta = meta_of(text, url)
    assert meta.agency_name == "" and meta.place.adcode == "" and meta.place.province == ""


@pytest.mark.parametrize("url, place", [
    ("https://nr.gd.gov.cn/gkmlpt/content/2/1.html", "广东省"),      # a department's subdomain of its province's
    ("http://sj.yichun.gov.cn/ycssjj/zfxxgknb/1.shtml", "宜春市"),   # 宜春's portal, though 伊春 spells it too
    ("http://www.shanxi.gov.cn/1.html", "山西省"),
    ("http://www.shaanxi.gov.cn/1.html", "陕西省"),
])
def test_a_government_domain_the_codebook_knows_gives_its_own_place(url, place):
    from ogi.resolve import divisions
    from ogi.resolve.place import url_codes

    assert [divisions.table()[0][c].name for c in url_codes(url)] == [place]


def test_an_unnamed_agency_is_placed_within_the_one_line_of_places_its_text_names():
    text = "我局进一步加大了政务公开的力度,按照《江苏省政府信息公开规定》和南京市有关要求开展工作。\n" + OPENING.format(y=2019) + SECTIONS
    meta = meta_of(text, "https://spam-mirror.example.com/baike/1.html")
    # the widest of them: a city's bureau follows its province's rules, and a county's its city's
    assert (meta.place.province, meta.place.prefecture, meta.place.county) == ("江苏省", "", "")
    assert meta.place.level == "" and "every place it names lies within it" in meta.place.note
    # two lines of descent (南京市 and 杭州市): no place
    other = text.replace("南京市有关要求", "南京市、杭州市有关要求")
    assert meta_of(other, "https://spam-mirror.example.com/baike/1.html").place.adcode == ""


# --- a department that speaks only as 我局/我厅 ------------------------------------------------------

def test_a_department_is_named_by_its_own_account_after_its_place_and_field():
    text = (OPENING.format(y=2019) + "一、总体情况\n本年度,我厅全面贯彻落实《条例》。“广东自然资源”官方微信号公开信息1535篇,"
            "厅门户网站新增信息14129条。\n" + SECTIONS)
    meta = meta_of(text, "https://spam-mirror.example.com/1.html")
    assert (meta.agency_name, meta.agency_source) == ("广东省自然资源厅", "self_reference")
    assert meta.place.province == "广东省" and meta.place.level == "province"


def test_a_department_is_named_by_the_one_field_its_sentences_return_to():
    text = ("2016年我局高度重视信息公开工作。信息公开内容涵盖社会救助、优抚安置等民政重点业务。重点围绕资金发放等民政相关工作,"
            "为群众了解民政工作情况提供方便。\n" + OPENING.format(y=2016) + SECTIONS)
    meta = meta_of(text, "https://www.liyang.gov.cn/html/czly/2017/1.html")
    assert (meta.agency_name, meta.agency_source) == ("溧阳市民政局", "self_reference")
    assert meta.place.county == "溧阳市"
    # with no place, 民政局 alone would make every such report one agency
    elsewhere = meta_of(text, "https://spam-mirror.example.com/1.html")
    assert elsewhere.agency_name == "" and "gives no place" in " ".join(elsewhere.notes)


@pytest.mark.parametrize("words", [
    "我局高度重视民政工作。",                                   # the field named once
    "我局高度重视民政工作和民政业务,也做好财政工作和财政业务。",      # two fields as often
    "我委高度重视民政工作,推进民政业务。",                         # no 民政委员会
    "我局和我委高度重视民政工作,推进民政业务。",                    # speaking as two kinds
    "我镇高度重视民政工作,推进民政业务。",                         # a township, not a department
])
def test_a_self_reference_without_one_clear_field_names_no_department(words):
    meta = meta_of(words + "\n" + OPENING.format(y=2016) + SECTIONS, "https://www.liyang.gov.cn/html/1.html")
    assert not meta.agency_name.endswith(("民政局", "民政委员会", "财政局")), meta.agency_name


def test_an_unnamed_agency_with_a_manifest_adcode_is_placed_there():
    text = "我局进一步加大了政务公开的力度。\n" + OPENING.format(y=2019) + SECTIONS
    meta = meta_of(text, adcode="320481")
    assert (meta.place.county, meta.place.source) == ("溧阳市", "manifest")


def test_a_page_carrying_the_2019_form_is_2019_s_or_later():
    # no title, no period; the body names 2019 and last year's budget alike
    body = ("一、总体情况\n2019年,市审计局主动公开政府信息626篇,公开2019年预算、2018年决算和项目支出绩效评价报告"
            "(2018年度)。\n2019年,我局未收到行政复议。\n")
    form = "二、主动公开政府信息情况\n第二十条第(一)项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
    assert meta_of(body + SECTIONS + form).year == 2019 and meta_of(body + SECTIONS + form).year_source == "body"
    assert meta_of(body + SECTIONS).year is None   # without the form neither year stands out


def test_a_named_department_before_its_disclosure_work_is_the_agency():
    text = (OPENING.format(y=2018) + "一、工作概况\n在区政务公开领导小组的指导下,我局扎实推进政府信息公开工作。"
            "2018年,瓯海区体育局政府信息公开工作运行顺畅,无政府信息公开申请。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "温州市瓯海区体育局" or meta.agency_name.endswith("瓯海区体育局")
    assert meta.place.county == "瓯海区"
    # the level alone names no agency
    generic = OPENING.format(y=2018) + "2018年,区政府信息公开工作运行顺畅。\n" + SECTIONS
    assert meta_of(generic).agency_name == ""


@pytest.mark.parametrize("url, county", [
    ("http://www.dlweishan.gov.cn/wsrmzf/c1/1.shtml", "巍山彝族回族自治县"),   # 大理 by initials + 巍山 in full
    ("http://www.tjhp.gov.cn/xxgk/1.html", "和平区"),                          # 天津 + 和平, both by initials
    ("https://tjhq.gov.cn/1.html", "红桥区"),
])
def test_a_host_that_writes_the_city_by_its_initials_before_the_county(url, county):
    from ogi.resolve import divisions
    from ogi.resolve.place import url_codes

    by_code = divisions.table()[0]
    assert [by_code[c].name for c in url_codes(url)] == [county]


@pytest.mark.parametrize("url", ["http://zwgk.gov.cn/1.html", "https://cnzh.gov.cn/1.html"])
def test_initials_that_fit_no_city_and_county_give_no_place(url):
    from ogi.resolve.place import url_codes

    assert url_codes(url) == []


def test_a_self_reference_after_a_time_word_is_no_agency():
    text = (OPENING.format(y=2016) + "一、概述\n二是完善相关制度规范。今年我局进一步健全完善政府信息主动公开制度。\n" + SECTIONS)
    assert "我局" not in meta_of(text).agency_name


def test_an_unnamed_agency_is_placed_by_a_portal_its_text_names_without_quotes():
    text = ("2016年,我局进一步梳理政府信息公开内容。\n" + OPENING.format(y=2016) +
            "1、在昭化门户网和市交通运输信息网等多个网络平台进行公开。\n" + SECTIONS)
    meta = meta_of(text, "https://spam-mirror.example.com/1.html")
    assert (meta.place.prefecture, meta.place.county, meta.place.source) == ("广元市", "昭化区", "page")


def test_a_circular_about_other_agencies_reports_is_a_look_alike():
    text = ("广东省人民政府办公厅关于2018年政府信息公开工作年度报告编制公布情况的通报\n各地级以上市人民政府,省政府各部门:\n"
            + OPENING.format(y=2018))
    meta = meta_of(text)
    assert not meta.is_report and "circular" in meta.notes[0]


def test_a_standard_short_form_is_written_out():
    text = "衡阳市国资委2017年政府信息公开工作年度报告\n" + OPENING.format(y=2017) + SECTIONS
    assert meta_of(text).agency_name == "衡阳市国有资产监督管理委员会"


def test_a_page_in_the_site_s_column_of_annual_reports_is_recognised_by_its_address():
    text = "一、概述\n2018年,我委按照国家和省关于政务公开工作的安排部署,进一步完善政府信息公开工作机制。\n"
    column = "https://m.mirror.example.com/wsjkw/scwsjkw/xxgknb/2019/03/25/c026bcdd.shtml"
    assert not meta_of(text).is_report                       # a section heading alone is not enough
    assert meta_of(text, column).is_report
    assert not meta_of(text, "https://example.gov.cn/xxgk/2019/03/25/1.shtml").is_report
    assert meta_of(text, "http://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/bm/2019n/content/post_1.html").is_report
    notice = "关于做好2018年政府信息公开工作年度报告编制公布工作的\n通 知\n各乡镇人民政府:\n现就有关事项通知如下:"
    assert not meta_of(notice, column).is_report             # a look-alike stays one, whatever its column


@pytest.mark.parametrize("url, place", [
    ("http://mhk.gov.cn/zwgk/xxgk/xzj/kdyz/ndbg/1.html", "梅河口市"),   # the site by its initials
    ("https://tljq.gov.cn/openness/OpennessAnnualReport/show/1.html", "郊区"),  # 铜陵 + 郊区 (no shorter form)
    ("http://mzj.example-city-without-pinyin.gov.cn/1.html", None),     # a bureau's subdomain is never read so
])
def test_a_site_named_by_its_initials(url, place):
    from ogi.resolve import divisions
    from ogi.resolve.place import url_codes

    names = [divisions.table()[0][c].name for c in url_codes(url)]
    assert names == ([place] if place else []), names
    if place == "郊区":
        assert divisions.table()[0][url_codes(url)[0]].code.startswith("3407")  # 铜陵's, not 佳木斯's


def test_levels_listed_after_a_conjunction_are_no_place():
    # 指导市(州)和县(市、区): 和县 is not named; the province is, through its own words only
    text = ("2018年,我委按照国家和省关于政务公开工作的安排部署,推进卫生健康领域信息公开。指导市(州)和县(市、区)每季度公开饮用水卫生状况信息。\n"
            + OPENING.format(y=2018) + SECTIONS)
    meta = meta_of(text, "https://m.spam-mirror.com/wsjkw/1.shtml")
    assert meta.place.county != "和县" and meta.place.prefecture != "马鞍山市"


def test_an_office_written_short_is_completed_from_its_full_name_in_the_contact_line():
    text = (OPENING.format(y=2016) + "一、概述\n一直以来,市重点办对政府信息公开工作高度重视,把本工作列入重要议事日程。\n"
            + SECTIONS + "如对本年报有疑问,请与广元市人民政府重点建设项目领导小组办公室综合科联系。\n")
    assert meta_of(text).agency_name == "广元市人民政府重点建设项目领导小组办公室"


def test_a_department_named_as_the_maker_of_its_own_disclosure_rules():
    text = (OPENING.format(y=2017) + "一、概述\n2017年,我单位把政府信息公开工作当作一件大事来抓。制定了龙城区农机局政府信息公开办法、"
            "信息依申请公开办法等政务公开工作制度。\n" + SECTIONS)
    meta = meta_of(text, "https://cylc.gov.cn/html/LCQZF/1.html")
    assert meta.agency_name.endswith("龙城区农机局") and meta.place.county == "龙城区"


def test_the_body_a_report_is_sent_to_is_not_its_agency():
    text = ("市政府信息公开工作领导小组办公室:\n本年度报告是根据《中华人民共和国政府信息公开条例》、《福建省政府信息公开办法》的相关规定组织编制。"
            "报告统计数据时限为2018年1月1日至2018年12月31日。如对本报告有任何疑问,请与三明市财政局办公室联系。\n一、概述\n"
            "我局认真贯彻市委、市政府对于政府信息公开工作重要部署。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "三明市财政局" and meta.place.prefecture == "三明市"


def test_a_name_starting_with_its_level_is_completed_only_by_a_place_of_that_level():
    from ogi.resolve.agency import _fuller

    view = "根据《福建省政府信息公开办法》和市政府要求,编制本报告。"
    assert _fuller("市政府", [], view) == ""
    assert _fuller("市政府", [], view + "三明市政府信息公开平台") == "三明市政府"


def test_a_department_s_field_is_also_read_from_its_department_and_system():
    text = ("2018年,在县委县政府和上级财政部门的正确指导下,我局进一步扩大财税信息公开的范围。现将政府信息公开的有关情况报告如下:\n"
            "一、政府信息公开工作的基本概况\n结合财政工作实际,密切财政部门与人民群众的联系。\n" + OPENING.format(y=2018) + SECTIONS)
    meta = meta_of(text, "http://www.wencheng.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2018")
    assert meta.agency_name == "文成县财政局" and meta.agency_source == "self_reference"


def test_an_autonomous_prefecture_written_short_in_the_text_places_its_government():
    text = ("本报告由州政府办公室综合各县(市)人民政府和州政府各工作部门的年度报告编制而成。本年度报告中所列数据统计期限从2017年1月1日到12月31日止。"
            "如对报告内容有疑问,请与阿坝州政府信息公开工作办公室联系。\n" + SECTIONS)
    meta = meta_of(text, "https://mirror.example.com/abazhou/1.shtml")
    assert meta.place.prefecture == "阿坝藏族羌族自治州" and meta.agency_name.startswith("阿坝藏族羌族自治州")


def test_an_opening_that_names_the_kind_of_report_before_its_year():
    text = ("根据《中华人民共和国政府信息公开条例》的要求,现公开来凤经济开发区信息公开2018年度报告。"
            "本年度报告中所列数据的统计期限自2018年1月1日起至12月31日止。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "来凤经济开发区" and meta.agency_source == "opening" and meta.place.county == "来凤县"


def test_initials_written_with_zh_ch_sh_whole():
    from ogi.resolve import divisions
    from ogi.resolve.place import url_codes

    codes = url_codes("http://www.bjtzh.gov.cn/zwgk/1.html")
    assert [divisions.table()[0][c].name for c in codes] == ["通州区"] and codes[0].startswith("11")


def test_a_league_s_government_is_its_administrative_office_and_an_autonomous_county_written_short():
    meta = meta_of("兴安盟2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019) + SECTIONS)
    assert meta.agency_name == "兴安盟行政公署" and meta.agency_type == "peoples_government"
    meta = meta_of("镇宁自治县政府2019年信息公开工作年度报告\n" + OPENING.format(y=2019) + SECTIONS)
    assert (meta.place.prefecture, meta.place.county) == ("安顺市", "镇宁布依族苗族自治县")


def test_a_government_s_research_office_and_a_zone_s_committee():
    meta = meta_of("市政府研究室2019年政府信息公开工作年度报告\n" + OPENING.format(y=2019) + "孝感市政府研究室认真贯彻《条例》。\n" + SECTIONS)
    assert meta.agency_name == "孝感市政府研究室"
    meta = meta_of("连云港经济技术开发区2017年政府信息公开年度报告\n" + OPENING.format(y=2017) + SECTIONS)
    assert meta.agency_name == "连云港经济技术开发区管委会"


def test_a_site_named_after_another_body_gives_way_to_the_report_s_own_words():
    text = ("2019年,我局在省自然资源厅网站上公开信息12条,拓宽自然资源和规划工作渠道,及时发布自然资源和规划工作信息。\n"
            + OPENING.format(y=2019) + SECTIONS)
    meta = meta_of(text, "http://zrzyj.xianning.gov.cn/szbm/1.html")
    assert meta.agency_name == "咸宁市自然资源和规划局" and meta.agency_source == "self_reference"
    assert any("省自然资源厅" in n and "not the agency" in n for n in meta.notes)


def test_a_province_s_and_a_city_s_short_forms_before_a_zone():
    from ogi.resolve.agency import place_prefix

    assert place_prefix("安徽宣城高新技术产业开发区管委会") == 4
    assert place_prefix("武进地税局") == 2 and place_prefix("常熟高新区") == 2


@pytest.mark.parametrize("url, year", [
    ("https://www.example.gov.cn/zwgk/zfxxgks/zfxxgknb/2017n/20200/x.html", 2017),
    ("https://www.example.gov.cn/c/www/nb2016bm/40016.jhtml", 2016),
    ("https://www.example.gov.cn/zfxxgknb/2019nian/20/1.html", 2019),
    ("http://www.example.gov.cn/xxgknb/201901/t20190125_1.html", None),    # a dated folder: the publication's
    ("http://www.example.gov.cn/zwgk/2018n/a.html", None),                 # not a column of annual reports
])
def test_the_year_of_the_site_s_column_of_annual_reports_comes_last(url, year):
    text = "一、概述\n我局认真贯彻《中华人民共和国政府信息公开条例》,本报告由概述、主动公开等部分组成。\n" + SECTIONS
    meta = meta_of(text, url)
    assert meta.year == year and (year is None or meta.year_source == "address_column")
    # the text's own year wins
    assert meta_of(OPENING.format(y=2015) + SECTIONS, url).year == 2015


def test_ministries_national_offices_and_short_department_names():
    meta = meta_of("龙湾区审计局2019政务信息公开年报\n" + OPENING.format(y=2019) + SECTIONS)   # a year without 年
    assert meta.agency_name == "龙湾区审计局" and meta.year == 2019
    meta = meta_of("退役军人事务部2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + "地址:北京市西城区\n" + SECTIONS)
    assert meta.agency_name == "退役军人事务部" and meta.place.level == "national" and meta.place.province == ""
    meta = meta_of("国家统计局重庆调查总队2017年政府信息公开工作报告\n" + OPENING.format(y=2017) + SECTIONS)
    assert meta.agency_name.endswith("国家统计局重庆调查总队") and meta.place.province == "重庆市"
    meta = meta_of("宣州区市场监管局2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + SECTIONS)
    assert meta.agency_name.endswith("宣州区市场监督管理局")     # 市场 keeps its 市


def test_a_report_naming_itself_in_quotation_marks_names_its_agency():
    text = ("2019年度,我局政府信息公开工作是根据《中华人民共和国政府信息公开条例》的有关条款的要求,结合我局实际工作编制了"
            "《仙游县民政局2019年度政务信息公开工作报告》,报告的主要内容有总体情况、主动公开政府信息情况。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "仙游县民政局" and meta.agency_source == "opening"
    # a superior's report it only cites is not its own
    cited = text.replace("编制了《仙游县民政局", "参照《莆田市民政局")
    assert meta_of(cited).agency_name != "莆田市民政局"


def test_an_office_summing_the_government_s_units_compiles_the_government_s_report():
    text = ("本年度报告是根据《中华人民共和国政府信息公开条例》的要求,由浙江省人民政府办公厅综合各市、县(市)政府和市政府各部门的"
            "政府信息公开年度工作情况编制而成。本年度报告中所列数据的统计期限从2018年1月1日起到2018年12月31日止。\n" + SECTIONS)
    assert meta_of(text).agency_name == "浙江省人民政府"
    # a general office that sums only its own work compiles its own report
    own = text.replace("综合各市、县(市)政府和市政府各部门的", "综合本单位")
    assert meta_of(own).agency_name == "浙江省人民政府办公厅"


def test_names_in_the_body_of_a_page_flattened_to_one_line_and_short_forms_written_out():
    text = (OPENING.format(y=2017) + " 一、概述 2017年,岳阳市林业局的政府信息公开工作在深化公开内容等方面取得了新的进展。 " + SECTIONS)
    assert meta_of(text).agency_name == "岳阳市林业局"
    # the text's own written-out name beats the abbreviation table
    text = ("2017年南江县文广新局政府信息公开工作年度报告\n" + OPENING.format(y=2017)
            + "如对本报告有任何疑问,请与南江县文化广播影视新闻出版局办公室联系。\n" + SECTIONS)
    assert meta_of(text).agency_name == "南江县文化广播影视新闻出版局"
    assert meta_of(text.replace("广播影视", "体育")).agency_name == "南江县文化广电新闻出版局"
    # 县政府 is the county's 人民政府
    text = "2017年度南丰县政府信息公开年度报告\n" + OPENING.format(y=2017) + SECTIONS
    assert meta_of(text).agency_name == "南丰县人民政府"


def test_a_department_speaking_as_itself_beats_a_government_s_template_title():
    text = ("根据《中华人民共和国政府信息公开条例》,特公布2016年永泰县政府信息公开工作年度报告。本报告所列数据的统计期限自2016年1月1日起"
            "至2016年12月31日。如对本报告有任何疑问,请与永泰县民政局政府信息公开领导小组办公室联系。\n"
            "一、概述\n2016年,我局在县政府办公室的指导下,对全年政府信息公开工作情况进行总结。\n" + SECTIONS)
    assert meta_of(text).agency_name == "永泰县民政局"
    # a government's own report is still the government's
    assert meta_of(text.replace("永泰县民政局政府信息公开领导小组办公室", "县政府办公室").replace("我局", "我县")
                   ).agency_name == "永泰县人民政府"


def test_a_garbled_first_name_gives_way_to_the_second_and_a_short_form_to_a_named_province():
    text = "www.example.com委农办(县农业局)2016年政府信息公开工作年度报告\n" + OPENING.format(y=2016) + SECTIONS
    meta = meta_of(text, "http://www.yj.gov.cn/a.html")
    assert meta.agency_name.endswith("县农业局")
    # 东方 (a mirror's word where the city stood) is 海南's 东方市, but the text names 四川省 only
    text = ("东方体育2019年政府信息公开工作年度报告\n东方体育市场监督管理局\n" + OPENING.format(y=2019)
            + "按照《四川省贯彻〈中华人民共和国政府信息公开条例〉实施办法》和四川省人民政府信息公开办公室的要求。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.place.province == "" and meta.place.county == ""


def test_reports_for_a_whole_jurisdiction_are_the_government_s():
    text = ("根据《中华人民共和国政府信息公开条例》要求,现向社会公布2016年度本级政府信息公开年度报告,由许昌市人民政府电子政务管理中心"
            "综合市政府各委、办、局,各县(市)区人民政府的政府信息公开年度报告编制而成。本报告中所列数据的统计期限自2016年1月1日起"
            "至2016年12月31日止。\n" + SECTIONS)
    assert meta_of(text).agency_name == "许昌市人民政府"
    text = ("二、主动公开政府信息情况\n2018年,我市各级政府共公开信息28482条,其中,市政府网站公开政府信息9268条。\n"
            "2018年,营口市政府新闻办共组织开展了30次新闻发布会。\n" + OPENING.format(y=2018) + SECTIONS)
    assert meta_of(text).agency_name == "营口市人民政府"


def test_a_report_published_by_its_opening_sentence_is_recognised():
    text = ("根据《中华人民共和国政府信息公开条例》规定,现发布《吉林省2019年度政府信息公开工作报告》。\n一、总体情况\n"
            "全省政府网站访问量较2018年有所增长。\n")
    meta = meta_of(text)
    assert meta.is_report and meta.agency_name == "吉林省人民政府"
    assert meta.year == 2019 and meta.year_source == "opening"   # the year of the title it quotes


def test_a_public_enterprise_and_a_word_printed_twice():
    text = ("一、总体情况 2019年度,宜昌三峡水务有限公司在市信息公开办的指导下,根据《中华人民共和国政府信息公开条例》的要求,"
            "将除涉及国家秘密、商业秘密和个人隐私以外的信息主动向社会进行了公开。本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
            + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "宜昌三峡水务有限公司" and meta.place.prefecture == "宜昌市"
    text = ("本年度报告根据《中华人民共和国政府信息公开条例》有关规定,由道里区人民政府政府办公室综合区政府、各街道办事处的"
            "政府信息公开年度报告编制。" + OPENING.format(y=2017) + SECTIONS)
    assert meta_of(text).agency_name == "道里区人民政府"


def test_the_agency_s_own_work_with_the_press_is_no_byline():
    text = ("一 概 述\n2016年,某市地方税务局深入贯彻落实《中华人民共和国政府信息公开条例》,在门户网站增设专栏、编印小册子、"
            "发布新闻稿、组织记者采访、答复记者问询、微博微信推送等形式宣传政策。\n二、主动公开政府信息情况\n"
            "三、依申请公开政府信息情况\n")
    assert meta_of(text).is_report
    assert not meta_of(text.replace("组织记者采访", "本报记者 张明")).is_report


def test_a_chatbot_s_text_is_a_look_alike_and_short_place_forms_are_written_out():
    text = (OPENING.format(y=2016) + SECTIONS + "展望未来,我们有理由相信,某区政府将继续秉持开放包容的态度。\n---\n"
            "希望这篇内容能满足您的需求!如果还有其他问题或需要进一步修改,请随时告知。\n")
    meta = meta_of(text)
    assert not meta.is_report and "chatbot" in meta.notes[0]
    meta = meta_of("楚雄州民宗委2018年政府信息公开工作年度报告\n" + OPENING.format(y=2018) + SECTIONS)
    assert meta.agency_name == "楚雄彝族自治州民族宗教事务委员会"


def test_a_department_that_writes_its_name_with_its_level_only():
    text = ("2019年,根据《中华人民共和国政府信息公开条例》要求,我局结合工作实际,全力推进政府信息公开工作。现将我局2019年度政府信息公开"
            "工作情况报告如下:\n一、总体情况\n县退役军人事务局自2019年3月15日挂牌成立以来,高度重视政务公开工作。\n" + SECTIONS)
    meta = meta_of(text, "http://www.xuanhan.gov.cn/a.html")
    assert meta.agency_name.endswith("县退役军人事务局")


def test_a_department_named_only_by_the_initials_of_its_folder():
    text = ("依据《中华人民共和国政府信息公开条例》第五十条规定,制定本报告。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
            "一、总体情况\n本年度,我局未收到和处理政府信息公开申请件。\n" + SECTIONS)
    meta = meta_of(text, "http://sj.yichun.gov.cn/ycssjj/zfxxgknb/202001/1.shtml")
    assert meta.agency_name == "宜春市审计局" and meta.agency_source == "address"
    # initials two fields share (swj: 商务局, 水务局) name neither
    assert meta_of(text, "http://www.yichun.gov.cn/swj/zfxxgknb/1.shtml").agency_source != "address"
    # without a place the initials name no agency
    assert meta_of(text, "http://example.com/sjj/zfxxgknb/1.shtml").agency_name == ""


def test_a_township_the_division_table_lacks_is_named_by_the_page_that_speaks_as_it():
    text = ("一、总体情况\n根据《中华人民共和国政府信息公开条例》要求,现将我单位政府信息公开工作情况报告如下:\n"
            "一是积极推进我乡基础信息公开。二是加强石板沟乡重点领域的信息公开,全年公开政府信息116条。"
            "三是按照《石板沟乡2019年政务公开工作实施方案》推进工作。\n" + SECTIONS)
    url = "http://www.xixiu.gov.cn/zwgk/xxgknb/1.html"
    meta = meta_of(text, url)
    assert meta.agency_name == "西秀区石板沟乡人民政府" and meta.agency_source == "self_reference"
    # a name seen once is no name; without a place the township is not named
    assert "石板沟乡" not in meta_of(text.replace("加强石板沟乡重点领域", "加强重点领域"), url).agency_name
    assert meta_of(text).agency_name == ""


@pytest.mark.parametrize("text, agency", [
    # the office compiles the government's report: it sums the units, or speaks as the jurisdiction
    ("本报告根据《中华人民共和国政府信息公开条例》要求,在2017年各市政府、省直有关部门政府信息公开年度报告基础上,由山西省人民政府办公厅"
     "编制。" + OPENING.format(y=2017) + SECTIONS, "山西省人民政府"),
    ("本报告由自治区人民政府办公厅汇总自治区14个地州市、41个自治区人民政府部门的政府信息公开工作情况编制而成。"
     + OPENING.format(y=2016) + "新疆维吾尔自治区。\n" + SECTIONS, "新疆维吾尔自治区人民政府"),
    ("根据《中华人民共和国政府信息公开条例》要求,正镶白旗人民政府办公室编制了2017年政府信息公开工作报告。报告全文包括2017年度旗政府"
     "信息公开工作情况。\n一、政府信息公开工作情况\n我旗结合实际,将全旗全年的政务公开重点工作进行分解。\n" + SECTIONS, "正镶白旗人民政府"),
    # the office's own report
    ("根据《中华人民共和国政府信息公开条例》的规定,现公布阳山县人民政府办公室2016年政府信息公开工作年度报告。全县各部门……"
     + OPENING.format(y=2016) + "本单位认真落实。\n" + SECTIONS, "阳山县人民政府办公室"),
])
def test_a_government_s_office_compiling_the_government_s_report(text, agency):
    assert meta_of(text).agency_name == agency


def test_a_city_s_report_quoted_whole_a_centre_summing_the_city_and_a_zone_after_its_city():
    text = ("根据《中华人民共和国政府信息公开条例》规定,现向社会公开《宝鸡市2019年政府信息公开工作年度报告》。\n一、总体情况\n"
            "2019年,我市深入贯彻落实条例,与2018年相比有所提升。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.agency_name == "宝鸡市人民政府" and meta.year == 2019
    text = ("本报告根据条例要求,在2016年晋中市各县(区)政府和市直各有关单位报送的政府信息公开年度报告的基础上,由晋中市经济信息中心汇总"
            "编制。" + OPENING.format(y=2016) + SECTIONS)
    assert meta_of(text).agency_name == "晋中市人民政府"
    assert meta_of(text.replace("在2016年晋中市各县(区)政府和市直各有关单位报送的政府信息公开年度报告的基础上,", "")
                   ).agency_name == "晋中市经济信息中心"
    # a short place form is followed only by a place under it (长兴, 浙江's 长兴县, is no place of 大连)
    meta = meta_of("大连长兴岛经济区管理委员会2017年政府信息公开工作年度报告\n" + OPENING.format(y=2017) + SECTIONS)
    assert meta.place.prefecture == "大连市"


def test_a_street_named_like_a_county_elsewhere_is_placed_by_its_district():
    # 云林 is also 台湾's 云林县; 云林街道 is a street of 锡山区
    text = ("云林街道2019年度政府信息公开工作报告\n根据《中华人民共和国政府信息公开条例》规定,现公开锡山区云林街道2019年度"
            "政府信息公开工作报告。本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n" + SECTIONS)
    meta = meta_of(text)
    assert meta.place.prefecture == "无锡市" and meta.agency_name.endswith("锡山区云林街道办事处")
