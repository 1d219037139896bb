"""The ways the genre words each indicator, and the numbers that only look like one: one synthetic
sentence per pattern (checked by hand). The development set's real pages are scored in
test_devset.py."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ogi.codebook import load
from ogi.extract.narrative import extract_narrative
from ogi.model import Document
from ogi.read.decode import normalise, simplify


def read(text: str, year: int | None = 2018, scope: str = "agency") -> dict:
    norm, _ = simplify(normalise(text))
    doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
    values, _ = extract_narrative(doc, load(), year, scope)
    return {v.indicator_id: v.value for v in values}


def mentions(text: str, year: int | None = 2018) -> list:
    norm, _ = simplify(normalise(text))
    doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
    return extract_narrative(doc, load(), year)[1]


@pytest.mark.parametrize("text, expected", [
    # the proactive total in its wordings
    ("截至2018年12月31日,本机关主动公开信息为2172条。", {"proactive_total": 2172}),
    ("2018年,主动公开政府信息累计204条。", {"proactive_total": 204}),         # 累计 alone: the year's sum
    ("全年共公开信息253条。", {"proactive_total": 253}),
    ("2018年公开政府信息60条,其中政务动态45篇。", {"proactive_total": 60}),
    ("主动公开法定信息320条。", {"proactive_total": 320}),
    ("通过门户网站、政务公开栏、广播等形式主动公开政府信息8769条。", {"proactive_total": 8769}),
    # channels
    ("通过政府门户网站主动公开信息138条。", {"proactive_website": 138}),
    ("其中政府公报2条,政府网站公开2066条,政务微博公开61条,政务微信公开40条,其他方式公开3条。",
     {"proactive_gazette": 2, "proactive_website": 2066, "proactive_weibo": 61, "proactive_wechat": 40,
      "proactive_other_channels": 3}),
    ("通过“建水县人民政府”网站公开2条信息。", {"proactive_website": 2}),
    ("共计发布微博4380篇、微信300余篇。", {"proactive_weibo": 4380, "proactive_wechat": 300}),
    ("在县人民政府外网主动公开政府信息数13条。", {"proactive_website": 13}),
    # requests, their parts and outcomes
    ("共收到14件依申请公开,均按时答复。", {"requests_received": 14}),
    ("共受理信息公开申请10件,其中当面申请1宗,占10%;网上申请9宗,占90%;信函申请0宗。",
     {"requests_received": 10, "requests_received_in_person": 1, "requests_received_online": 9,
      "requests_received_mail": 0}),
    ("共收到依申请公开请求30件,其中,属于已主动公开范围数0件,同意全部公开答复数20件,同意部分公开答复数2件,不同意公开答复数8件。",
     {"requests_received": 30, "requests_answered_already_public": 0, "requests_granted": 20,
      "requests_partially_granted": 2, "requests_denied": 8}),
    ("全年新收到政府信息公开申请779件,上年结转政府信息公开申请数量37件,共计办结774件,结转下年办理42件。",
     {"requests_received": 779, "requests_carried_over_in": 37, "requests_completed": 774,
      "requests_carried_over_out": 42}),
    # appeals: results belong to the total stated last before them
    ("信息公开类行政复议案件8宗,其中:维持具体行政行为的5宗;结果被纠正2宗;尚未审结1宗。信息公开类行政诉讼案件7宗,其中:维持具体行政行为的6宗;尚未审结1宗。",
     {"reconsideration_total": 8, "reconsideration_upheld": 5, "reconsideration_corrected": 2,
      "reconsideration_pending": 1, "litigation_total": 7, "litigation_upheld": 6, "litigation_pending": 1}),
    ("共收到行政复议3件,均为维持具体行政行为。", {"reconsideration_total": 3, "reconsideration_upheld": 3}),
    # staff, reading points, training, responses
    ("配备了一名专职工作人员和3名兼职工作人员,开辟了14个信息查阅点。",
     {"staff_full_time": 1, "staff_part_time": 3, "reading_points": 14}),
    ("明确1名工作人员作为专职信息公开员。", {"staff_full_time": 1}),
    ("全年组织各类培训27次、培训214人次。", {"training_courses": 27, "training_participants": 214}),
    ("回应公众关注热点或重大舆情3次,举办新闻发布会12次,发布政策解读稿件7篇。",
     {"hot_topic_responses": 3, "press_conferences": 12, "policy_interpretations": 7}),
    ("共制发了6件区政府规范性文件。", {"normative_docs_issued": 6}),
    ("依申请公开收取的费用(检索费、邮寄费、复制费等)为0元。", {"fees_collected": 0}),
    # the pre-2019 table's rows stated in prose
    ("三、依申请公开情况\n我办按时办结数51件,延期办结3件。", {"requests_completed_on_time": 51, "requests_completed_extended": 3}),
    ("共收到政府信息公开申请70件,其中属于已经主动公开的4件,同意公开答复50件,不同意公开答复的6件,申请补正信息的3件,"
     "告知通过其他途径办理的7件。", {"requests_received": 70, "requests_answered_already_public": 4, "requests_granted": 50,
                              "requests_denied": 6, "requests_answered_clarify": 3, "requests_answered_other_route": 7}),
    ("通过其他方式回应社会关切信息65条。", {"other_responses": 65}),
    # totals through the disclosure platform, with a note in brackets, or as a 总数
    ("通过政府信息平台主动公开信息共137条。", {"proactive_total": 137}),
    ("共主动公开政府信息(公文平台发文)113条。", {"proactive_total": 113}),
    ("2018年度政府信息主动公开总数为100条。", {"proactive_total": 100}),
    ("通过微信公众号公开政府动态信息通知公告、政策法规等信息共30条。", {"proactive_wechat": 30}),
    ("安排了3名办公室工作人员兼职负责政务公开的日常工作。", {"staff_part_time": 3}),
    # wordings seen on a second review of unseen pages
    ("2018年依申请公开共受理2件。", {"requests_received": 2}),                  # the kind before the verb
    ("二、依申请公开情况\n本街道2018年共收到申请2件。", {"requests_received": 2}),  # 申请 alone, under its heading
    ("二、依申请公开情况\n本年度收到申请总数为1起。", {"requests_received": 1}),
    ("全年受理政府信息公开申请3次。", {"requests_received": 3}),
    ("共收到政府信息公开申请15件,其中自然人12件,商业企业3件。",
     {"requests_received": 15, "requests_received__natural_person": 12, "requests_received__business": 3}),
    ("二、依申请公开情况\n共收到申请3件,3件属于网络平台申请。", {"requests_received": 3, "requests_received_online": 3}),
    ("二、依申请公开情况\n共收到申请4件,其中属于三类内部事务信息不予公开的1件,没有现成信息需要另行制作的1件。",
     {"requests_received": 4, "requests_denied_internal_affairs": 1, "requests_unable_needs_creation": 1}),
    ("2018年,我委公开政府信息728条。", {"proactive_total": 728}),
    ("制定并发布规范性文件7件。", {"normative_docs_issued": 7}),
    ("回应热点事件或舆情1次。", {"hot_topic_responses": 1}),
    ("3次参加市政府组织的在线访谈栏目。", {"online_interviews": 3}),
    ("配备兼职人员11人。", {"staff_part_time": 11}),
    ("开辟了服务大厅、社区图书馆、学校图书馆3个公共查阅点。", {"reading_points": 3}),  # 社区 names a place here
    # what every case was, said after the total: the part equals the total
    ("共收到14件依申请公开,均按时答复。", {"requests_received": 14, "requests_completed_on_time": 14}),
    ("全年共受理政府信息公开申请2件,均已答复办结。", {"requests_received": 2, "requests_completed": 2}),
    ("共收到政府信息公开申请3件,均为网络申请件。", {"requests_received": 3, "requests_received_online": 3}),
    ("共收到政府信息公开申请3件,均已依法予以公开。", {"requests_received": 3, "requests_granted": 3}),
    # and on a third review
    ("2018年,全县通过不同渠道和方式累计公开政府信息11076条。", {"proactive_total": 11076}),  # 累计 alone: the year's sum
    ("2018年度完成政府信息公开301条。", {"proactive_total": 301}),
    ("全年共通过某县人民政府公众信息网发布信息3567条。", {"proactive_website": 3567}),
    ("政务微博发布508条、政务微信1015条、其它便于公众知晓的方式公开信息3626条。",
     {"proactive_weibo": 508, "proactive_wechat": 1015, "proactive_other_channels": 3626}),
    ("受理政府信息公开申请2件,按时办结2件,出具依申请答复书2件。", {"requests_received": 2, "requests_answered": 2}),
    ("局机关配备了1名教育政务信息公开工作专职干部、2名兼职干部。", {"staff_full_time": 1, "staff_part_time": 2}),
    ("我乡收到有关政府信息公开行政复议申请0件。", {"reconsideration_total": 0}),      # not a request for information
    # and on a fourth
    ("某市2018年通过政府网站、信息查阅场所等公开信息35829条。", {"proactive_total": 35829}),
    ("2018年,某部门通过各种渠道公开政府信息4201条。", {"proactive_total": 4201}),
    ("全省行政机关通过政府公报、政府网站及政务新媒体等多种载体主动公开信息62.73万条。", {"proactive_total": 627300}),
    ("我局通过县政府网站、旅游官方微信微博等平台公开文旅工作信息115条(篇)。", {"proactive_total": 115}),
    ("全年,主动公开信息5604条,“某区”公众号发布信息759条。", {"proactive_total": 5604, "proactive_wechat": 759}),
    ("全年共受理依申请公开申请共43件,其中信函受理35件,网络受理2件,当面受理6件;答复43件,按期答复41件,延期2件。",
     {"requests_received": 43, "requests_received_mail": 35, "requests_received_online": 2,
      "requests_received_in_person": 6, "requests_answered": 43, "requests_completed_on_time": 41,
      "requests_completed_extended": 2}),
    ("举办新闻发布会6次,其中区委区政府主要领导参加3次。", {"press_conferences": 6, "press_conferences_principal": 3}),
    ("2018年,市政府新闻办共组织开展了30次新闻发布会。", {"press_conferences": 30}),  # the count before the noun
    ("全年开展了3次在线访谈。", {"online_interviews": 3}),
    ("组织开展了2期业务培训,培训120人次。", {"training_courses": 2, "training_participants": 120}),
    ("1.主动公开政府信息的情况:81条。\n2.依申请公开情况:无", {"proactive_total": 81}),  # a heading, a colon, its count
    ("2018年,共办理政府信息公开申请96件。", {"requests_completed": 96}),
    # a plain statement of a part stands without its total beside it
    ("全年主动公开各类信息8.2万条,其中政府网站公开政府信息6.75万条。\n制发规范性文件82件,主动公开规范性文件77件。",
     {"proactive_total": 82000, "proactive_normative_docs": 77, "normative_docs_issued": 82}),
])
def test_wordings_of_the_genre(text, expected):
    got = read(text)
    assert {k: got[k] for k in expected if k in got} == {k: Decimal(v) for k, v in expected.items()}


@pytest.mark.parametrize("text, value", [
    ("利用宣传车、公开栏等方式公开各类政府信息453条。", 453),
    ("通过报刊、杂志和广播电台等媒体发布各类图文信息75条。", 75),
])
def test_a_list_of_offline_channels_is_the_other_channels(text, value):
    assert read(text).get("proactive_other_channels") == value


@pytest.mark.parametrize("text", [
    "通过门户网站、公开栏等方式公开政府信息453条。",             # the website among them
    "通过报刊、电视、政务微信等媒体公开政府信息285条。",         # new media among them
    "通过公开查阅点、市政府信息公开平台等渠道公开信息26条。",   # the disclosure platform
    "通过政府公报、报纸等方式公开政府信息40条。",               # the gazette is its own row
])
def test_a_list_with_the_website_new_media_platform_or_gazette_is_not_the_other_channels(text):
    assert "proactive_other_channels" not in read(text)


@pytest.mark.parametrize("text, indicator", [
    ("到2018年底累计主动公开政府信息78条。", "proactive_total"),                  # a running total
    ("截至2018年12月底,累计主动公开政府信息10220条。", "proactive_total"),
    ("《条例》颁布实施以来,累计主动公开政府信息2841340条。", "proactive_total"),
    ("截至目前共主动公开政府信息592条,2018年主动公开政府信息60条。", None),          # 592 is not the year's
    ("2018年7-12月,在政府信息公开网主动公开各类信息共计1945条。", "proactive_total"),  # part of the year
    ("2018年,我镇通过政府门户网站主动公开信息138条。", "proactive_total"),          # one channel, not the total
    ("主动公开的公文类信息有22条。", "proactive_total"),                           # a category
    ("运用微信、微博发布信息102条。", "proactive_weibo"),                          # two channels at once
    ("微博微信公开信息2148条。", "proactive_wechat"),
    ("通过市政府网站公开信息2100条,通过县政府门户网站发布政府信息5469条。", "proactive_website"),  # two sites
    ("每个社区明确一名信息员。", "staff_full_time"),
    ("受理领导信箱、网上咨询、网上投诉36件。", "requests_received"),
    ("全年通过市网审平台收到受理申请4364件。", "requests_received"),
    ("同比2016年的8073起上升27%。", "requests_received"),
    ("2017年收到政府信息公开申请10件。", "requests_received"),                    # another year
    ("没有发生公开事务的行政复议、行政诉讼(1件诉讼不涉及)的申诉案件。", None),        # a detail in brackets
    ("共收到政府信息公开申请27件,其中信函申请20件,网上申请7件,办结27件,涉及行政诉讼1件。", "litigation_total"),
    ("共收到政府信息公开申请9件,按时办结9件。", "requests_completed"),                  # on time, not all
    ("不同意公开答复的2件。", "requests_answered"),                                    # an outcome
    ("部分公开或不予公开16件。", "requests_denied"),                                    # a mixed category
    ("通过福田政府在线共主动公开政府信息524条,通过微信发布519条。", "proactive_total"),    # one website's
    ("通过网站、微信公众号、政府公报等渠道主动公开政府信息759件。", "proactive_wechat"),    # a list of channels
    ("通过报刊、电视、政务微信等媒体新闻发布形式主动公开政府信息285条。", "proactive_total"),  # a group of channels
    ("微信(含转发)851条。", "proactive_wechat"),                                        # reposts included
    ("一是政府门户网站。今年以来,我局主动公开政府信息108条。", "proactive_total"),            # an item on one channel
    ("我乡收到有关政府信息公开行政复议申请3件。", "requests_received"),
    ("全年利用政务网站、微博微信、广播电视等平台发布城市管理信息9630条。", "proactive_total"),  # publicity
    ("利用宣传车公开栏等方式公开各类政府信息453条。", "proactive_total"),                  # no portal among them
    ("全年我厅在省政府门户网站公布政府信息64条;通过审计署门户网站公布政府信息22条;通过我厅门户网站公布政府信息105条。",
     "proactive_website"),                                                                 # several sites
    ("挂牌设立村(社区)政府信息查阅点27个。", "reading_points"),                           # the villages'
    ("设立27个村级政府信息查阅点。", "reading_points"),
    ("共收到政府信息公开申请5件,其中4件均按时办结。", "requests_completed_on_time"),      # 均 of a part
    ("共收到政府信息公开申请5件,均在规定时间内予以答复。", "requests_granted"),           # answered is not granted
    ("受理行政许可申请2000件,均按时办结。", "requests_completed_on_time"),               # not requests for information
])
def test_numbers_that_only_look_like_an_indicator(text, indicator):
    got = read(text)
    if indicator is None:
        assert Decimal(592) not in got.values() and Decimal(1) not in got.values() or "litigation_total" not in got \
            or got["litigation_total"] == 0
    else:
        assert indicator not in got, got


def test_running_total_kept_apart_from_the_year_figure():
    got = read("截至目前共主动公开政府信息592条,2018年主动公开政府信息60条。")
    assert got.get("proactive_total") == 60


def test_a_superior_jurisdiction_total_is_not_the_agency_own():
    text = "2018年全县各级行政机关收到政府信息公开申请73件,部分公开16件。2018年,本单位共发布信息266条。"
    assert read(text, 2018) == {"requests_received": 73, "requests_partially_granted": 16, "proactive_total": 266}
    # in a township's report (全县 is not its own) the county's figures are set aside
    norm, _ = simplify(normalise(text))
    doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
    values, _ = extract_narrative(doc, load(), 2018, own="镇乡")
    assert {v.indicator_id: v.value for v in values} == {"proactive_total": 266}


def test_a_portal_count_in_a_jurisdiction_report_is_that_unit_share():
    text = "2019年,全省共发布规章25件,省政府门户网站主动发布各类信息61642条。"
    assert "proactive_website" in read(text, 2019)
    assert "proactive_website" not in read(text, 2019, scope="jurisdiction_aggregate")


@pytest.mark.parametrize("text, indicators", [
    ("2018年度未收到政府信息公开正式申请。", {"requests_received"}),
    ("没有单位或个人向我单位提出申请信息公开事项。", {"requests_received"}),
    ("2018年度我苏木无申请公开政务信息情况。", {"requests_received"}),
    ("我局未收到相关政府信息申请。", {"requests_received"}),
    ("我单位无政府信息公开的收费及减免情况。", {"fees_collected"}),
    ("均未向申请人收取费用。", {"fees_collected"}),
    ("没有发生针对本单位有关政府信息公开事务的行政复议和行政诉讼案。", {"reconsideration_total", "litigation_total"}),
    ("角尾乡政府没有因信息公开提起行政诉讼情况。", {"litigation_total"}),     # reconsideration not stated
    ("本年度没有发生因政府信息公开涉及的投诉、行政复议、行政诉讼事件。",
     {"complaints_total", "reconsideration_total", "litigation_total"}),
    ("无规范性文件类信息。", {"proactive_normative_docs"}),
    ("2018年度未发生针对政府信息公开事务的复议、诉讼和申诉。", {"reconsideration_total", "litigation_total"}),
    ("2018年,我镇未受理依申请公开政府信息。", {"requests_received"}),
    ("暂未对依申请提供政府信息收取检索、复印、邮寄等费用。", {"fees_collected"}),
    ("依申请公开收费为0。", {"fees_collected"}),
    ("没有进行收费。", {"fees_collected"}),
    ("全年无有关政府信息公开的行政复议。", {"reconsideration_total"}),
    ("本年度无针对政府信息公开事务的行政诉讼。", {"litigation_total"}),
    ("2018年度未制定新的规范性文件。", {"normative_docs_issued"}),
    ("未向政府信息公开申请人收取任何费用。", {"fees_collected"}),
    ("本年度未收到过公开申请。", {"requests_received"}),
    ("三、依申请公开政府信息情况\n我镇2018年度无申请。", {"requests_received"}),
    ("未发生由政府信息公开引发的举报、投诉、行政复议和行政诉讼。",
     {"complaints_total", "reconsideration_total", "litigation_total"}),
    ("我镇2018年度无申请人来访。", set()),
    ("截至目前,我局尚未收到公民、法人和其他组织需要本机关主动公开以外的政府信息的申请。", {"requests_received"}),
    ("4.政府信息公开的收费及减免情况:无\n5.其他", {"fees_collected"}),
    ("全年无有关政府信息公开的行政复议,无有关政府信息公开事务的诉讼和申诉情况。",
     {"reconsideration_total", "litigation_total"}),
    ("收费标准按规定执行。", set()),
    # not zero statements
    ("没有出现被投诉举报、行政复议及行政诉讼纠错的情况。", set()),
    ("年内没有发生因信息公开不及时被投诉和涉密事件。", set()),
    ("2019年全年收到政府信息公开申请。", set()),
])
def test_zeros_stated_in_words(text, indicators):
    got = read(text)
    assert {k for k, v in got.items() if v == 0} == indicators


def test_mentions_keep_counts_and_drop_noise():
    found = {(m.label, m.value) for m in mentions(
        "本报告由概述等六个部分组成。征地和房屋拆迁(18件)、数据统计(7件)等方面。网站访问量为239847。"
        "提高到一个新水平。属于三类内部事务信息。全省细化了22类重点领域公开要求。依照《条例》第9至12条公开。"
        "全文由概述等八部分组成。市委五届四次全会。出台“创业富民30条”。")}
    values = {v for _, v in found}
    assert {Decimal(18), Decimal(7), Decimal(239847), Decimal(22)} <= values
    assert Decimal(6) not in values and Decimal(1) not in values and Decimal(3) not in values
    assert Decimal(12) not in values and Decimal(9) not in values
    assert Decimal(8) not in values and Decimal(4) not in values and Decimal(30) not in values
    assert ("征地和房屋拆迁", Decimal(18)) in found and ("数据统计", Decimal(7)) in found


def test_the_session_of_a_congress_is_no_count():
    found = [(m.label, m.value) for m in mentions("在沙塘镇十六届人大七次会议上通报。县委十三届五次全会。召开会议3次。")]
    assert found == [("召开会议", Decimal(3))]


def test_numerals_inside_place_names_and_slogans_are_no_counts():
    found = [(m.label, m.value) for m in mentions(
        "地址:吉林省长春市九台区政府。增强“四个意识”、坚定“四个自信”,做到“两个维护”,打造“五个九台”。全年召开会议3次。")]
    assert found == [("召开会议", Decimal(3))]
    assert read("设立三个政府信息查阅点。") == {"reading_points": 3}


@pytest.mark.parametrize("text, indicator, value", [
    ("本局先后举办了两期政府信息公开培训班。", "training_courses", 2),       # the topic between verb and 培训
    ("举办政务公开业务培训班3期。", "training_courses", 3),
    # 行为 ends the label: its 为 is no link word (维持具体行政行为1件 is not 维持具体行政行 + 为)
    ("因政府信息公开申请提起行政复议2件,其中维持具体行政行为1件。", "reconsideration_upheld", 1),
])
def test_labels_that_end_in_the_topic_or_in_xingwei(text, indicator, value):
    assert read(text).get(indicator) == value


@pytest.mark.parametrize("text, expected", [
    ("我局全年没收到政府信息公开申请。", {"requests_received": 0}),
    ("没有公民、法人和其他组织向我局申请公开政府信息。", {"requests_received": 0}),
    ("我局没有因依申请公开信息收取或减免费用情况。", {"fees_collected": 0}),
    ("我局没有向依申请公开对象收取复印、传真、递送等任何费用。", {"fees_collected": 0}),
    # capacity and appeals as the pre-2019 table's rows word them, run into prose
    ("设有政府信息公开工作机构1个,11名工作人员负责具体信息公开工作。", {"dedicated_units": 1, "staff_total": 11}),
    ("从事政府信息公开工作人员数3人。", {"staff_total": 3}),
    ("行政复议数量0件,行政诉讼0件,举报投诉数量0件。",
     {"reconsideration_total": 0, "litigation_total": 0, "complaints_total": 0}),
])
def test_zeros_capacity_and_appeals_in_the_genre_s_other_wordings(text, expected):
    got = read(text)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, indicator", [
    ("各社区配备1名兼职工作人员。", "staff_part_time"),        # one in each community, not the office's
    ("2018年,街道共接到举报投诉658件,其中市长热线转交421件。", "complaints_total"),  # all complaints, not disclosure's
    ("已没收违法所得5万元。", "fees_collected"),
])
def test_counts_that_are_not_the_agency_s_capacity_or_appeals(text, indicator):
    assert indicator not in read(text)


@pytest.mark.parametrize("text, expected", [
    ("2017年,市统计局受理政府信息公开申请0次,答复0次。", {"requests_received": 0, "requests_answered": 0}),
    # the 2019 form's procurement row written in prose; 万元 written out in 元 as the table's cells are
    ("通过市政府采购网公开集中采购事项7项,采购总金额3.54万元。", {"procurement_projects": 7, "procurement_amount": 35400}),
])
def test_answers_counted_in_times_and_procurement_in_prose(text, expected):
    got = read(text, year=2017 if "2017" in text else 2018)
    assert {k: got.get(k) for k in expected} == expected, got


def test_an_amount_without_the_projects_it_totals_is_no_procurement_amount():
    assert "procurement_amount" not in read("全年采购总金额3.54万元。")


@pytest.mark.parametrize("text, indicator", [
    ("我局及时公开司法行政系统有关法律法规、规范性文件、政策解读12份。", "policy_interpretations"),
    ("公开人事信息、财政信息、规范性文件共15条。", "proactive_normative_docs"),
])
def test_a_count_after_a_list_of_kinds_is_the_list_s_not_its_last_kind(text, indicator):
    assert indicator not in read(text)


@pytest.mark.parametrize("text, expected", [
    ("专门配备了0名全职工作人员、2名兼职工作人员。", {"staff_part_time": 2}),   # each item its own count
    ("全年通过政务微博发布信息508条、政务微信1015条。", {"proactive_weibo": 508, "proactive_wechat": 1015}),
    ("我局未接收到依申请公开政府信息。", {"requests_received": 0}),
    ("受理书面依申请公开4条,其中信函申请4条。", {"requests_received": 4, "requests_received_mail": 4}),
])
def test_lists_whose_items_carry_their_own_counts_and_requests_counted_in_tiao(text, expected):
    got = read(text)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, expected", [
    ("我局指定了四名同志负责政府信息公开工作。", 4),
    ("还指定1名工作人员负责信息公开网站建设、维护和信息内容的更新。", None),   # one task, not the staff
])
def test_staff_named_as_people_assigned_to_the_disclosure_work(text, expected):
    assert read(text).get("staff_total") == expected


@pytest.mark.parametrize("text, year, expected", [
    # since the statistics year's start (…1月至今) is the year; since another start is a running total
    ("2018年1月至今,通过政府门户网站主动公开信息256条。", 2018, {"proactive_website": 256}),
    ("2016年至今,通过政府门户网站主动公开信息256条。", 2018, {}),
    ("至今,通过政府门户网站主动公开信息256条。", 2018, {}),
    # a person assigned to the work alone is its full-time staff
    ("对政务公开工作实行专人负责制,配备一名工作人员专门负责信息公开工作的收集、编写和发布。", 2018, {"staff_full_time": 1}),
    # zeros in the passive and with 接受
    ("2018年,无被申请行政复议或被提起行政诉讼、行政申诉情况。", 2018, {"reconsideration_total": 0, "litigation_total": 0}),
    ("截止目前,我镇未接受政府信息公开申请。", 2018, {"requests_received": 0}),
])
def test_the_year_since_its_start_full_time_staff_and_zeros_in_other_voices(text, year, expected):
    got = read(text, year=year)
    assert {k: v for k, v in got.items() if k in ("proactive_website", "staff_full_time", "staff_total",
                                                  "reconsideration_total", "litigation_total",
                                                  "requests_received")} == expected, got


@pytest.mark.parametrize("text", [
    "主动公开166条,其中在政府网站公开74条,通过微信及其他方式公开92条。",
    "通过微信和其它方式发布信息92条。",
])
def test_a_channel_together_with_other_channels_is_neither(text):
    got = read(text)
    assert "proactive_wechat" not in got and "proactive_other_channels" not in got, got


def test_a_count_for_several_bodies_together_is_not_a_bureau_s_own():
    text = "一年来,我委积极回应群众关切。各类公开主体共发布信息150余条。"
    norm, _ = simplify(normalise(text))
    doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
    bureau, _ = extract_narrative(doc, load(), 2018, own="·")
    assert "proactive_total" not in {v.indicator_id for v in bureau}
    # a government's report sums its bodies: there it is the total
    government, _ = extract_narrative(doc, load(), 2018, own="县")
    assert {v.indicator_id: v.value for v in government}.get("proactive_total") == 150


@pytest.mark.parametrize("text, year, expected", [
    # full- and part-time together are the staff, not its part-time share
    ("设置公开查阅点,配备专兼职工作人员共2人。", 2018, {"staff_total": 2}),
    ("为此,专门配备了132名专、兼职工作人员。", 2018, {"staff_total": 132}),
    ("专门配备了1名信息公开工作人员。", 2018, {"staff_total": 1}),
    # the start of the work is no period of the staff count after it
    ("本单位从2009年1月1日起开始开展政府信息公开工作,专门成立政务公开领导小组,配备了2名兼职工作人员。", 2016,
     {"staff_part_time": 2}),
    ("2017年我局没有复议、行政诉讼及申诉。", 2017, {"reconsideration_total": 0, "litigation_total": 0}),
    ("共接到12项依申请公开政府信息申请。", 2018, {"requests_received": 12}),
    ("2018年,我区收到1件政府信息公开申请,属于网络申请。", 2018, {"requests_received": 1, "requests_received_online": 1}),
    ("2018年,我区收到2件政府信息公开申请,属于网络申请。", 2018, {"requests_received": 2}),   # which of two: 均 says
    ("2019年,共受理政府信息公开申请55件,全部按时办结。", 2019,
     {"requests_received": 55, "requests_completed": 55, "requests_completed_on_time": 55}),
    ("所作答复被申请行政复议共1件;被行政诉讼的案件共6件。", 2019, {"reconsideration_total": 1, "litigation_total": 6}),
    ("我区政府门户网站发布信息总数为83条。", 2018, {"proactive_website": 83}),
    # a Toutiao account is no WeChat account
    ("其中政务外网公开1387条,微信公众号公开364条,今日头条公众号公开179条。", 2019,
     {"proactive_website": 1387, "proactive_wechat": 364}),
    ("举办了两期的集中学习培训班。", 2018, {"training_courses": 2}),
])
def test_staff_appeals_requests_and_channels_in_more_wordings(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in set(got) | set(expected) if k in expected or k.startswith(("staff", "requests", "reconsideration", "litigation", "proactive"))} == expected, got


@pytest.mark.parametrize("text, year", [
    ("2017年全县共受理行政复议4件,其中维持具体行政行为1件。", 2017),     # every appeal the county heard
])
def test_a_jurisdiction_s_appeals_not_about_disclosure_are_not_counted(text, year):
    assert "reconsideration_total" not in read(text, year=year)


def test_the_villages_count_is_not_the_township_s():
    got = read("2018年主动公开政府信息53条。依托阳光村务平台,全年各村共发布信息600余条。", 2018)
    assert got.get("proactive_total") == 53


@pytest.mark.parametrize("text, expected", [
    ("本年度公开发布信息69条,包括机构设置2条。", {"proactive_total": 69}),
    ("本年度我局政务信息全部为主动公开,无政府信息依申请公开办理情况,无政策解读、舆情热点回应情况。",
     {"requests_received": 0, "policy_interpretations": 0, "hot_topic_responses": 0}),
])
def test_the_year_s_own_count_and_zeros_listed_after_wu(text, expected):
    got = read(text)
    assert {k: got.get(k) for k in expected} == expected, got


def test_a_space_before_wan_keeps_the_multiplier():
    from ogi.numbers import find_quantities

    assert [q.value for q in find_quantities("浏览量达17 万余人")] == [Decimal(170000)]


def test_a_count_broken_down_by_years_is_a_running_total():
    text = "截至2019年底,高新区主动公开的政府信息数为109条,其中2009年11条,2010年11条,2018年5条,2019年5条。"
    assert "proactive_total" not in read(text, 2019)
    assert {(m.label, m.value) for m in mentions(text, 2019)} >= {("2009年", 11), ("2010年", 11)}


@pytest.mark.parametrize("text, year, expected", [
    ("在委机关门户网站、市价格信息网及政府信息平台主动公开政府信息2264条。", 2019, {"proactive_total": 2264}),
    ("组织政府网站线上访谈0次。", 2018, {"online_interviews": 0}),
    ("2019年高新区管委会共收到依申请政府信息2条。", 2019, {"requests_received": 2}),
    ("政务微信信息数9条。", 2018, {"proactive_wechat": 9}),
    ("我管委会没有收到申请公开政府信息的情况。", 2018, {"requests_received": 0}),
    ("共有专职信息人员2名。", 2018, {"staff_full_time": 2}),
    # the 2019 form counts completions: on time with none late are all completed
    ("2019年共收到政府信息公开申请2件,按时办结2件。", 2019, {"requests_received": 2, "requests_completed": 2}),
    ("2019年共收到政府信息公开申请3件,按时办结2件,延期办结1件。", 2019, {"requests_received": 3, "requests_completed": None}),
    ("2017年共收到政府信息公开申请2件,按时办结2件。", 2017, {"requests_received": 2, "requests_completed": None}),
])
def test_channels_requests_and_staff_in_set_14_s_wordings(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, expected", [
    ("本单位没有向依申请公开对象收取复印、传真、递送等任何费", {"fees_collected": 0}),   # a page cut mid-word
    ("设立了政务公开工作办公室,专门配备了2名工作人员。", {"staff_total": 2}),
])
def test_a_fee_sentence_cut_short_and_staff_specially_assigned(text, expected):
    got = read(text)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, year, expected", [
    # a site's posts are not its disclosures when the sentence goes on 其中主动公开…
    ("我局官方网站全年共计发布信息194条,网站访问总量达26887次,其中主动公开信息121条。", 2019, {"proactive_website": None}),
    ("2019年我局通过政府网站共发布政策解读信息3条。", 2019, {"proactive_website": None, "policy_interpretations": 3}),
    ("全年完成对外主动公开307条。", 2019, {"proactive_total": 307}),
    ("政策文件类信息19条,其中包括7条政策解读。", 2019, {"policy_interpretations": 7}),
    ("回应社会公众关切情况24条,其中婚姻登记类12条。", 2019, {"hot_topic_responses": 24}),
    ("通过其他方式回应社会关切信息656条。", 2017, {"hot_topic_responses": None}),
    ("我局2019年未收到依申请公开。", 2019, {"requests_received": 0}),
    ("明确各科室7名工作人员兼职负责政府公开的日常工作。", 2019, {"staff_part_time": 7}),
])
def test_set_16_s_wordings(text, year, expected):
    import re as _re
    got = read(text, year=year)
    if "兼职" in text:  # a bureau's own sections are the bureau
        norm, _ = simplify(normalise(text))
        doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
        got = {v.indicator_id: v.value for v in extract_narrative(doc, load(), year, own="·")[0]}
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, year, expected", [
    # a paragraph that states its year, then a count 截至目前: a count to date, not the year's
    ("2018年,某街道在信息公开平台公开信息120条;截至目前回应公众关注热点和舆情640条。", 2018,
     {"hot_topic_responses": None}),
    ("截至目前回应公众关注热点和舆情64条。", 2018, {"hot_topic_responses": 64}),
    # up to a month before December: part of the year
    ("截至2018年8月,在某局信息网发布信息900余条。", 2018, {"proactive_website": None}),
    ("截至2018年12月31日,本机关主动公开信息为217条。", 2018, {"proactive_total": 217}),
    # a sector site named …信息网 is a website, so its count is no total
    ("2018年通过某市林业信息网主动公开政府信息340条。", 2018, {"proactive_website": 340, "proactive_total": None}),
    # an institution as the clause's subject speaks for itself, not the bureau
    ("县博物馆主动公开政府信息56条。", 2018, {"proactive_total": None}),
    # every request by letter
    ("全年共受理依申请公开6件,均为信函申请。", 2018, {"requests_received": 6, "requests_received_mail": 6}),
    # a list of kinds of case that ends with complaints; 申请行政复议 is no disclosure request
    ("本年度我局未收到有关政府信息公开申请行政复议、提起行政诉讼、举报投诉件。", 2018,
     {"requests_received": None, "reconsideration_total": 0, "litigation_total": 0, "complaints_total": 0}),
    ("未发现因政府信息公开被申请行政复议、提起诉讼的情况。", 2018, {"reconsideration_total": 0, "litigation_total": 0}),
    ("本局未对申请人进行政府信息公开收费。", 2018, {"fees_collected": 0}),
    ("2018年,我局未收到依申请公开的相关材料。", 2018, {"requests_received": 0}),
    # 由原来的N增加到现在的M: the old count and the present one
    ("信息公开兼职工作人员由原来的1人增加到现在的3人。", 2018, {"staff_part_time": 3}),
])
def test_counts_to_date_institutions_and_appeals_listed_with_complaints(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, year, expected", [
    ("主动公开信息85条,受理依申请0件。", 2018, {"requests_received": 0}),
    ("2018年,我镇无受理政府信息公开申请件及政府信息公开投诉、行政复议及行政诉讼。", 2018,
     {"requests_received": 0, "complaints_total": 0, "reconsideration_total": 0, "litigation_total": 0}),
    ("全年未收到关于政务公开工作的举报、投诉和行政诉讼案件。", 2018, {"complaints_total": 0, "litigation_total": 0}),
    # a list of channels led by the portal under another name (公众信息网) is the total
    ("全年通过某区人民政府公众信息网、新闻媒体、电子显示屏等方式主动公开政府信息3000余条。", 2018,
     {"proactive_total": 3000}),
    ("主要类别包括:工作动态类信息44条,通知通告5条,其他方式12条。", 2018, {"proactive_other_channels": 12}),
    # a channel as an item in brackets after the total; a count reported to another's site is none
    ("全年主动公开政府信息153条(县政府网站信息98条、微信公众号信息55条)。", 2018,
     {"proactive_total": 153, "proactive_website": 98, "proactive_wechat": 55}),
    ("共上报市政府网站信息 404条。", 2018, {"proactive_website": None}),
    ("今年我局信息公开未投入专项工作资金。", 2018, {"special_funds": 0}),
    # a total of staff below one of its parts is no total
    ("为此,专门配备了1名工作人员。本机关从事政府信息公开工作的兼职人员9人。", 2018,
     {"staff_total": None, "staff_part_time": 9}),
])
def test_zeros_with_shouli_channels_as_list_items_and_staff_that_cannot_be_the_total(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, year, expected", [
    ("三、依申请公开情况\n2019年共收到申请12件,其中:予以公开3件;部分公开2件;无法提供7件(本机关不掌握相关政府信息)。", 2019,
     {"requests_unable": 7, "requests_unable_not_held": 7, "requests_unable_needs_creation": None}),
    ("某局全年未发生依申请公开政府信息。", 2018, {"requests_received": 0}),
    ("2018年未发生依申请公开政府信息的收费以及减免情况。", 2018, {"requests_received": None, "fees_collected": 0}),
])
def test_outcomes_with_one_reason_in_brackets_and_zeros_with_fasheng(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


def test_requests_by_the_way_they_were_made():
    got = read("本机关共受理政府信息公开申请15件,其中通过网上提交申请表方式提出的政府信息公开请求8件,"
               "通过信函方式提出申请7件,通过现场申请0件。")
    assert {k: got.get(k) for k in ("requests_received", "requests_received_online", "requests_received_mail",
                                    "requests_received_in_person")} == {
        "requests_received": 15, "requests_received_online": 8, "requests_received_mail": 7,
        "requests_received_in_person": 0}


@pytest.mark.parametrize("text, year, expected", [
    ("被行政诉讼的案件共5件,2件法院尚未作出裁决,3件经一审法院裁定驳回。", 2019,
     {"litigation_total": 5, "litigation_pending": 2}),
    ("收到行政复议3件,1件尚未作出复议决定。", 2019, {"reconsideration_total": 3, "reconsideration_pending": 1}),
    ("全年共主动公开政府信息520条,其中:发布工作信息300条;制定并发布规范性文件9件。", 2019,
     {"proactive_total": 520, "proactive_normative_docs": 9, "normative_docs_issued": 9}),
    ("通过省政府门户网站发布省政府文件97件、政策解读42件、在线访谈7场、新闻发布会19场。", 2019, {"press_conferences": 19}),
    ("截至2019年12月31日,主动公开166条,其中在政府网站公开74条。", 2019, {"proactive_total": 166, "proactive_website": 74}),
    ("全年依申请公开数0件。", 2019, {"requests_received": 0}),
    # carried into the next year: that year names the count, not its period
    ("2019年我局收到政府信息公开申请3件,办结2件,转入2020年办理1件。", 2019,
     {"requests_received": 3, "requests_completed": 2, "requests_carried_over_out": 1}),
    ("未发生公民、法人和其他组织对我局政府信息公开行政行为进行举报的情况。", 2019, {"complaints_total": 0}),
    ("没有发生因信息公开不及时被投诉的情况。", 2019, {"complaints_total": None}),
    ("2019年度,通过网络共受理信息公开申请1件,已经回复完毕,同意公开。", 2019,
     {"requests_received": 1, "requests_received_online": 1, "requests_granted": 1}),
    ("2019年度共受理信息公开申请1件,已经回复完毕,同意部分公开。", 2019,
     {"requests_received": 1, "requests_received_online": None, "requests_granted": None}),
])
def test_objects_pending_cases_list_items_and_one_request_s_outcome(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


def test_a_jurisdiction_word_as_the_object_of_a_sentence_is_not_whom_the_count_speaks_for():
    def bureau(text):
        norm, _ = simplify(normalise(text))
        doc = Document(path="x.txt", sha256="0" * 64, bytes=0, format="txt", text=text, norm=norm)
        return {v.indicator_id: v.value for v in extract_narrative(doc, load(), 2019, own="·")[0]}
    assert bureau("成立了局政务公开工作领导小组,由局办公室具体负责监督检查全县卫健系统政务公开工作,明确了1名专职人员。"
                  ) == {"staff_full_time": 1}
    assert "proactive_total" not in bureau("2019年全县各级行政机关共主动公开政府信息3600条。")


@pytest.mark.parametrize("text, year, expected", [
    # a list of carriers that leaves out channels the sentence goes on to count is no total
    ("2018年,我局通过政府信息公开平台、局网站、政务公示栏、LED显示屏等载体,主动公开工作信息289条,政务微博发布信息625条、"
     "政务微信公开425条。", 2018, {"proactive_total": None, "proactive_weibo": 625, "proactive_wechat": 425}),
    ("通过门户网站、政务微博、微信等渠道主动公开政府信息500条,其中政务微博发布信息100条。", 2018,
     {"proactive_total": 500, "proactive_weibo": 100}),
    # one site named earlier in the sentence, without its own count: the count is the site's
    ("自2018年6月21日开通门户网站信息发布权限后,全年共发布各类政务信息45条。", 2018, {"proactive_total": None}),
    ("截止到2018年12月底,县政府门户网站上公开发布信息4012条,主动公开政府信息4602条。", 2018,
     {"proactive_website": 4012, "proactive_total": 4602}),
    # every platform at once; a site's columns are categories
    ("本年度,我局在各个平台共公开信息1638条,其中,政务信息平台公开总数为289条。", 2018, {"proactive_total": 1638}),
    ("2018年,我厅公众服务网站继续保持较高的更新频率。全年共主动公开政府信息3887条,其中规范性文件栏目共公开信息3条;"
     "业务工作栏目共公开信息249条;其他栏目共公开信息3635条。", 2018, {"proactive_total": 3887}),
    ("2018年,我局公开信息共计173条。", 2018, {"proactive_total": 173}),
    ("我局政府信息公开暂不收费。", 2018, {"fees_collected": 0}),
    ("2019年,我局共受理依申请公开136件,按时办结130件,结转2020年继续办理的6件。", 2019, {"requests_carried_over_out": 6}),
    ("2019年我局未接到公民、法人和其他组织申请公开政府信息项目。", 2019, {"requests_received": 0}),
    ("2019年,我乡未收到需办理回复依申请公开信件。", 2019, {"requests_received": 0}),
])
def test_lists_of_carriers_one_site_before_columns_and_more_zeros(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


def test_the_2019_reasons_for_not_processing_in_prose():
    got = read("三、收到和处理政府信息公开申请情况\n2019年共受理申请136件,同意公开107件,部分公开7件、不予公开6件,"
               "要求行政机关确认或重新出具已获取信息2件,要求提供公开出版物1件。", 2019)
    assert got.get("requests_not_processed_confirm") == 2 and got.get("requests_not_processed_publication") == 1


@pytest.mark.parametrize("text, year, expected", [
    ("目前,全市有政府信息公开工作人员551人,其中专职人员81人、兼职人员470人。", 2016,
     {"staff_total": 551, "staff_full_time": 81, "staff_part_time": 470}),
    ("召开政府信息公开工作会议或专题会议21次,举办各类培训班5次,接受培训人员70名。", 2016,
     {"meetings": 21, "training_courses": 5, "training_participants": 70}),
    ("回应公共关注热点或重大舆情1次。", 2016, {"hot_topic_responses": 1}),
    ("共公开政策解读性1篇。", 2016, {"policy_interpretations": 1}),
    # staff added in the year are not the staff
    ("省局还增配了1名政府信息公开兼职工作人员。", 2016, {"staff_part_time": None}),
    # a total broken down after 其中 by the same words; after a running or produced total, 其中 is the year's
    ("2016年全市主动公开政府信息311003条。其中,市政府及其组成部门主动公开政府信息200739条,各县区主动公开政府信息110264条。",
     2016, {"proactive_total": 311003}),
    # (a part after a semicolon, where a new sentence starts, still follows the 其中)
    ("我市各级政府及部门主动公开政府信息311003条。其中,市政府及其组成部门主动公开政府信息200739条,占64.5%;"
     "区市县政府及其组成部门主动公开政府信息110264条,占35.5%。", 2016, {"proactive_total": 311003}),
    ("截至2016年底,累计主动公开政府信息114条,全文电子化率达100%;其中2016年全年主动公开政府信息14条。", 2016,
     {"proactive_total": 14}),
    ("2016年,共制作政府信息3021条,其中主动公开信息1027条,依申请公开信息459条。", 2016, {"proactive_total": 1027}),
    ("本年度无单位和个人对本局提交公开政府信息申请。", 2016, {"requests_received": 0}),
])
def test_staff_lists_meetings_added_staff_and_breakdowns_after_qizhong(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


@pytest.mark.parametrize("text, year, expected", [
    ("2016年,没有依申请公开政府信息。", 2016, {"requests_received": 0}),
    ("2016年,没有依申请公开政府信息的收费。", 2016, {"requests_received": None}),
    ("不存在政府信息公开的收费及减免等情况。", 2016, {"fees_collected": 0}),
    ("2016年我局未发生因政府信息公开工作引发举报投诉情况。", 2016, {"complaints_total": 0}),
    ("未向公民、法人和其他组织收取任何与政府信息公开工作相关的费用。", 2016, {"fees_collected": 0}),
    ("办公室有2位兼职人员。", 2016, {"staff_part_time": 2}),
    ("2016年度,区农业局主动公开工作动态、项目申报、行政执法、预算决算以及其他信息共计547条。", 2016, {"proactive_total": 547}),
    ("2016年度我局举办局政府信息公开培训1次,接受培训40人次。", 2016, {"training_courses": 1, "training_participants": 40}),
    # a running total beside the year's new count
    ("截至2019年底,通过政府信息公开目录管理系统累计主动公开政府信息4002条。2019年新增主动公开政府信息362条,其中,机构职能信息1条。",
     2019, {"proactive_total": 362}),
    # a bare 共计 closing a list of kinds whose counts sum to it, in the section on proactive disclosure
    ("二、主动公开政府信息情况\n概况信息291条,工作动态140条,通知公告33条,计划规划4条,财政预决算等2条,,共计470条。", 2019,
     {"proactive_total": 470}),
    ("二、主动公开政府信息情况\n概况信息291条,工作动态140条,共计500条。", 2019, {"proactive_total": None}),
])
def test_zeros_without_verbs_lists_closed_by_their_sum_and_new_beside_running(text, year, expected):
    got = read(text, year=year)
    assert {k: got.get(k) for k in expected} == expected, got


def test_trainees_counted_as_participants():
    assert read("举办培训3次,参训人数236人次。", 2019).get("training_participants") == 236
