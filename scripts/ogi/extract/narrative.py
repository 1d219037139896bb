"""Numbers stated in sentences: codebook indicators (observations) and every other number that
counts something (mentions).

The recipe: find every counted quantity (a number, in digits or Chinese numerals, followed by a
counter word: 条, 件, 名…); give it a statement: the words of its clause before it and the few
after it (`label`), its sentence, the section heading it stands under, and what the sentence
says of its period (another year, 去年, a running total since some start); match the statement
against the cue table (codebook/narrative_cues.csv: one pattern per way the genre words an
indicator, with the counters it allows and the context it needs); choose one statement per
indicator; read zeros stated in words (codebook/narrative_zero.csv). What is not chosen is a
mention, with its label. The genre's words for totals, periods and units per unit are in
codebook/narrative_words.csv.

Choosing: a statement of another period, a running total (累计…截至, 以来, 历年), one unit's
share (含X收到…), or one per unit (每个社区…一名) is never the year's value. When the statements
of one indicator disagree, those marked as a total (共, 全年, 全市…) decide if they agree;
otherwise none is taken and all stay mentions. A part (网上申请, 维持…) counts only with the
statement it breaks down. A count of one channel is never the total; a category is never the
total; a count for two channels at once (微博微信公开…) is neither channel's.

Dates, document numbers, phone numbers, percentages, durations, ordinals, the report's own
outline (六个部分), numbers inside cited titles and personal data are never read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..codebook import counters, table
from ..model import Document, Mention, Value
from ..numbers import find_quantities
from ..privacy import personal_spans
from ..scan import first_class, gated, needed_words
from ..settings import LABEL_MAX_CHARS, POST_LABEL_MAX_CHARS, SUBJECT_MAX_CHARS

MARK = "〈N〉"  # where the number stands in a statement's label (the cue patterns use it)

# Counter words and units after a number, longest first (codebook/units.csv).
COUNTERS = list(counters())
_COUNTER_RE = re.compile(r"\s*(" + "|".join(COUNTERS) + ")")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_SEP = "，,：:；;。\n"
_NOT_COUNT_AFTER = re.compile(r"\s*(?:年|月|日|号|%|％|‰|届|时|分|岁|周|\.[0-9]|个(?:工作)?日|个月|个小时|个百分点|"
                              r"个工作日|多月|天)")
_DOC_NUMBER = re.compile(r"[〔\[【(（][0-9]{4}[〕\]】)）]?\s*[0-9]+\s*号|[0-9]{4}〕\s*[0-9]+\s*号")
_DATE = re.compile(r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}|[0-9]{4,}\s*日|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日")
_CITED = re.compile(r"《[^《》\n]{0,80}》")
_QUOTES = re.compile(r"[“”\"'‘’「」]")
_LABEL_STRIP = re.compile(r"^[\s、,，:：()（）]*(?:[0-9]+[.、．]|[一二三四五六七八九十]+[、.．])?\s*(?:共|其中|累计|全年|合计|总计|以及|同时|此外|目前)*")
_LABEL_YEAR = re.compile(r"^(?:(?:19|20)[0-9]{2}\s*年\s*度?|本年度|全年|一年来)[,，]?")
_BRACKETED = re.compile(r"[(（][^()（）]{0,24}[)）]")
_LINK_WORDS = re.compile(r"(?:(?<!行)为|是|有|达到|达|共计|共|总计|合计|累计|约|\s)+$")
_LABEL_TAIL = re.compile(r"(?:(?<!行)为|是|有|达到|达|共计|总计|合计|累计|约|近|共|逾|超过)+$")
# channels of proactive disclosure; the disclosure platform itself (政府信息公开平台, 信息公开网)
# carries everything disclosed and is not one of them
_CHANNEL = re.compile(r"网站|外网|政府在线|微博|微信|公众号|客户端|APP|app|公开栏|宣传栏|公示栏|报刊|报纸|"
                      r"电视|广播|专栏|查阅点|公报|短信|显示屏|媒体|(?<!公开)信息网|"
                      r"(?<!各级)(?<!各类)(?<!各个)(?<!多个)(?<!信息公开)(?<!政府信息)(?<!政务公开)平台")
_JURISDICTION_TOTAL = re.compile(r"全([省市县区州盟旗镇乡])")
# a count for several bodies together (各类公开主体, 各单位, 各下属单位): not a bureau's own
_MANY_BODIES = re.compile(r"各(?:类|级)?(?:公开主体|主体|单位|部门|下属单位|直属单位|成员单位)")
# the units below any agency (全年各村共发布信息600余条 in a township's report): theirs, not its own
# an institution as the subject of a clause (市图书馆主动公开…, 县人民医院共发布…)
_OTHER_UNIT = re.compile(r"^(?:[省市县区]|[\u4e00-\u9fff]{2,4}[省市县区])?([\u4e00-\u9fff]{0,8}?(?:图书馆|博物馆|文化馆|档案馆|纪念馆|"
                         r"美术馆|科技馆|医院|学校|中学|小学|幼儿园|研究院|研究所))(?:全年|共|累计)?(?:主动)?(?:公开|发布|公布)")
_UNITS_BELOW = re.compile(r"各(?:村|社区|村居|村[(（]社区[)）]|居委会|站所|下属单位|直属单位)")
_APPEALS = {"reconsideration_total", "litigation_total"}
_OF_WHICH_DISCLOSED = re.compile(r"[^。；;\n]{0,40}?其中(?:主动)?公开(?:政府|政务)?信息")
_LATE = re.compile(r"延期|逾期|超期|超时|未按时|未能按时")
_ABOUT_DISCLOSURE = re.compile(r"信息公开|公开申请|依申请")
_OWN_PORTAL = re.compile(r"(?:省|市|县|区|州|旗)(?:人民)?政府(?:门户)?网站")
_ONE_CHANNEL = {"proactive_website", "proactive_weibo", "proactive_wechat", "proactive_gazette"}
_TWO_CHANNELS = {"proactive_weibo": re.compile("微信"), "proactive_wechat": re.compile("微博")}
_ENUMERATION = re.compile(r"等(?:多种|各种|各类|不同)?(?:渠道|形式|方式|平台|途径|载体)|各级[^，,]{0,6}平台|(?:多种|各种|不同)(?:渠道|形式|方式|载体|途径)|各类平台|(?:网站|门户|微博|微信|公众号|公开栏|报刊|报纸|电视|广播|公报)[^，,。；;、]{0,4}、[^，,。；;、]{1,16}等(?!级)|"
                          r"(?:网站|微博|微信|公众号|公开栏|报刊|报纸|电视|广播|客户端|APP)、[^，,]{0,12}(?:网站|微博|微信|公众号|公开栏|报刊|报纸|电视|广播|客户端|APP|信息网)")
# a list of channels counts as the total only when it names the portal or all channels
# (通过门户网站、政务公开栏、广播等形式); 通过报刊、电视、政务微信等媒体 is a group of channels
_MAIN_CHANNEL = re.compile(r"网站|门户|外网|政府在线|信息公开(?:平台|网|专栏)|政务网|公众信息网|公众网|政府网|(?:多种|各种|各类|各级|不同)(?:的)?(?:渠道|形式|方式|载体|途径|平台|媒体)")
# a paragraph that opens on one channel as its item (一是政府门户网站。 (二)政务微博:)
_CHANNEL_ITEM = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]是|其[一二三四五]|[(（][一二三四五六七八九十][)）]|[0-9][.、．])"
                           r"(?:通过|依托|利用|在)?[^。；;:：，,\n]{0,12}?(?:" + _CHANNEL.pattern + r")[^。；;:：，,\n]{0,4}[。:：]")
_WITH_REPOSTS = re.compile(r"[(（]\s*(?:含|包括|包含)\s*(?:转发|转载|转帖)")
_NEWLINE = re.compile(r"\n")
_SHARE_OPEN = re.compile(r"[(（]\s*(?:含|包括)[^)）]*$")
_SINCE_EVER = re.compile(r"历年|至今|迄今")
_SINCE_START = re.compile(r"(?:19|20)[0-9]{2}\s*年[^，,。；;]{0,10}?起\s*(?:开始|正式|全面)?(?:开展|实施|施行|启动)")
_SINCE = re.compile(r"以来")
_ADDED = re.compile(r"增配|新增|增加|增设|新配备|补充|充实")
_TOTALS = {"proactive_total", "requests_received", "staff_total"}
_AFTER_OF_WHICH = re.compile(r"其中")
_ONE_SITE = re.compile(r"门户网站|网站|门户|外网|微博|微信公众号|微信|公众号|客户端")
_SITE_COLUMN = re.compile(r"栏目|子栏目")
_CHANNEL_COUNT = re.compile(r"(微博|微信|公众号|客户端|APP|报刊|报纸|电视|广播)[^，,。；;]{0,12}?[0-9]+\s*(?:条|篇|期|次)")


_BARE_TOTAL = re.compile(r"^(?:共计|合计|总计|共|计)?$")


def _sums_of_lists(statements: list[Statement]) -> None:
    """A bare 共计N条 closing a list of kinds of information under the section on proactive
    disclosure, whose counts sum to it exactly (概况信息291条,工作动态140条,…,共计501条), is the
    year's proactive total."""
    for i, st in enumerate(statements):
        if st.matches or st.unit != "条" or st.section != "proactive" or not _BARE_TOTAL.match(st.pre.strip(" ,，")):
            continue
        items = [p for p in statements[max(0, i - 40):i] if p.sentence == st.sentence and p.unit == st.unit]
        if len(items) >= 2 and sum(p.value for p in items) == st.value and not any(p.matches for p in items):
            st.matches.append("proactive_total")
            st.total = True


def _total_before(statements: list[Statement], i: int, iid: str, text: str) -> bool:
    """Whether a statement of the year's `iid` stands before statement i in its paragraph or the
    sentence before, with 其中 between them: statement i breaks that total down (after a running
    or produced total, 其中主动公开…N条 is the year's own)."""
    st = statements[i]
    return any(iid in p.matches and not (p.cumulative or p.other_period or p.share or p.superior)
               and (p.line == st.line or p.sentence >= st.sentence - 1)
               and _AFTER_OF_WHICH.search(text, p.end, st.start)
               for p in statements[max(0, i - 16):i])


def _one_channel_before(text: str, st: Statement) -> bool:
    """Whether the sentence, before the count's clause, names one kind of channel and no list
    of them: the count is that channel's."""
    before = text[st.sentence_start:st.clause[0]]
    found = list(_ONE_SITE.finditer(before))
    if not found or len({m.group() for m in found}) != 1 or _ENUMERATION.search(before) or "、" in before:
        return False
    # (县政府门户网站上公开发布信息4012条,主动公开政府信息4602条: the site had its own count)
    return not _COUNTED.search(before, found[-1].end())


def _other_channel_after(text: str, st: Statement, pre: str) -> bool:
    """Whether the sentence goes on to count a channel its list of channels did not name."""
    end = _SENTENCE_END.search(text, st.unit_end)
    for m in _CHANNEL_COUNT.finditer(text, st.unit_end, end.start() if end else len(text)):
        if m.group(1) not in pre:
            return True
    return False


_FROM_BEFORE = re.compile(r"由(?:原来|原有|过去|以前|去年|上年)?(?:的)?$")
_UP_TO_NOW = re.compile(r"\s*(?:增加|增至|增长|提高|提升|上升|扩大|扩充|充实|减少|下降|调整)(?:到|至|为)?(?:现在|目前|现有|今年)?(?:的)?")
_UNTIL_MONTH = re.compile(r"(?:截至|截止|到)\s*(?:(?:19|20)[0-9]{2}\s*年)?\s*(?P<month>[0-9]{1,2})\s*月")
_UNTIL_NOW = re.compile(r"(?:截至|截止|到)(?:目前|现在)")


@lru_cache(maxsize=64)
def _this_year_words(year: int) -> re.Pattern:
    return re.compile(r"%d\s*年|今年|本年|全年" % year)
_PARTS = re.compile(r"\s*(?:部分|方面)")
# since the start of the year (今年以来, 2018年1月至今: the statistics year's own count when the year is its)
_SINCE_THIS_YEAR = re.compile(r"(?:今年|本年|本年度|年初|(?P<year>(?:19|20)[0-9]{2})\s*年(?:度)?(?:\s*1\s*月份?(?:\s*1\s*日)?)?)"
                              r"\s*(?:以来|至今|迄今)")
_HEADING = re.compile(r"^[ \t\u3000]*(?P<num>[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|[0-9]+\s*[、.．](?![0-9]))"
                      r"\s*(?P<text>[^\n。]{0,30})", re.M)
_SECTION_KINDS = [("requests", re.compile(r"依申请|申请公开|公开申请|收到和处理|受理")),
                  ("appeals", re.compile(r"复议|诉讼|申诉")),
                  ("fees", re.compile(r"收费|费用|支出")),
                  ("proactive", re.compile(r"主动公开|公开的主要内容|公开数量|公开形式")),
                  ("responses", re.compile(r"回应|解读")),
                  ("problems", re.compile(r"问题|不足|改进"))]


# --- the data -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def cues() -> tuple[list[dict], list[dict]]:
    value_cues = [dict(r, rx=gated(re.compile(r["pattern"])), units=set(r["units"].split()),
                       needs=[n for n in r["context"].split() if n != "weak"],
                       weak="weak" in r["context"].split()) for r in table("narrative_cues")]
    zero_cues = [dict(r, rx=re.compile(r["pattern"]), needs=r["context"].split()) for r in table("narrative_zero")]
    for z in zero_cues:  # the characters its wording can start with (未, 没有, 无…): a sentence without one holds none
        first = first_class(z["pattern"])
        z["first"] = re.compile(first) if first else None
    return value_cues, zero_cues


@lru_cache(maxsize=1)
def words() -> dict[str, re.Pattern]:
    return {r["kind"]: re.compile(r["pattern"]) for r in table("narrative_words")}


# --- statements -----------------------------------------------------------------------------

@dataclass
class Statement:
    start: int                 # span of the number (view offsets)
    end: int
    value: object
    qualifier: str
    status: str
    unit: str
    unit_end: int
    pre: str                   # the words of its clause before the number
    post: str                  # the few words after its counter
    sentence: int              # index of its sentence
    sentence_start: int        # where its sentence starts (view offset)
    line: int                  # index of its line (a paragraph)
    section: str               # the kind of heading it stands under
    clause: tuple[int, int]    # evidence span
    total: bool = False        # marked as a total (共, 全年, 全市…)
    other_period: bool = False
    cumulative: bool = False
    as_of_now: bool = False    # 截至目前, 目前: the year's count unless another one is stated
    per_unit: bool = False
    share: bool = False        # one unit's share inside an aggregate (含…)
    bracketed: bool = False    # a count in brackets (征地(18件)): a detail, never an indicator
    matches: list[str] = field(default_factory=list)
    weak: set = field(default_factory=set)  # indicators matched only by a weak cue
    match_len: dict = field(default_factory=dict)  # indicator -> length of its longest cue match
    superior: bool = False     # a total of a jurisdiction above the agency (全县… in a township's report)
    channel_item: bool = False  # in a paragraph that opens on one channel (一是政府门户网站。…)
    via_part: set = field(default_factory=set)  # indicators matched only by a cue for a part of a total

    @property
    def label(self) -> str:
        """The words around the number, the number as MARK: what the cue patterns read. Words
        that only link the label to the number (为, 共计, 累计, 达…) are dropped before it."""
        pre = _BRACKETED.sub("", _QUOTES.sub("", self.pre))  # 共主动公开政府信息(公文平台发文)113条
        pre = _LINK_WORDS.sub("", pre)
        return pre + MARK + _QUOTES.sub("", self.post)


def extract_narrative(doc: Document, codebook, year: int | None = None, scope: str = "agency",
                      own: str = "", agency: str = "") -> tuple[list[Value], list[Mention]]:
    """`year`: the statistics year; a number the sentence places in another period (去年, 2016年
    in a 2017 report, 以来, 截至…累计) is kept as a mention, not read as the year's indicator.
    `scope`: in a report that sums a jurisdiction's units, a channel count of one government's
    own portal (省政府门户网站…) is that unit's share, not the jurisdiction's.
    `own`: the characters of the jurisdiction words that are the agency's own (县 for a county's
    government: 全县…); a total of another (全县… in a township's or a bureau's report) is not the
    agency's. Empty when the agency is unknown: then no such total is set aside.
    `agency`: the agency's name; a clause whose subject is an institution it does not name
    (市图书馆主动公开…) speaks of that institution's count."""
    text = doc.view
    blocked = _Spans(_blocked_spans(doc))
    statements = _statements(text, blocked, year)
    _by_years(statements)
    if scope == "jurisdiction_aggregate":
        for st in statements:
            if _OWN_PORTAL.search(st.pre):
                st.share = True
    if own:
        for st in statements:
            # the sentence speaks for a jurisdiction above the agency (2018年全县各级行政机关…收到…)
            # (as the sentence's subject or in the count's own clause; 监督检查全县…工作 as an
            # object is not who counts)
            m = _JURISDICTION_TOTAL.search(text, st.sentence_start, min(st.start, st.sentence_start + SUBJECT_MAX_CHARS)) \
                or _JURISDICTION_TOTAL.search(st.pre)
            if m and m.group(1) not in own:
                st.superior = True
            if own == "·" and _MANY_BODIES.search(st.pre):
                st.superior = True  # 各类公开主体共发布信息150余条 in a bureau's report: its units' and others'
    for st in statements:
        if _UNITS_BELOW.search(st.pre):
            st.superior = True
        m = _OTHER_UNIT.match(st.pre)
        if m and m.group(1) not in agency:
            st.share = True  # 市图书馆主动公开政府信息988条 in the culture bureau's report: the library's own count
    _match(statements, text)
    _sums_of_lists(statements)
    chosen = _choose(statements)
    total = chosen.get("staff_total")
    if total is not None and any(chosen[p].value > total.value for p in ("staff_full_time", "staff_part_time")
                                 if p in chosen):
        del chosen["staff_total"]  # 专门配备了1名工作人员 beside 兼职人员11人: no total of them all
    on_time = chosen.get("requests_completed_on_time")
    if on_time is not None and year is not None and year >= 2019 and "requests_completed" not in chosen \
            and not _LATE.search(text):
        # the 2019 form counts completions, not timely ones: 按时办结2件 with none late is 2 completed
        chosen["requests_completed"] = on_time
    values: dict[str, Value] = {}
    for iid, st in chosen.items():
        values[iid] = Value(iid, st.value, st.status, st.qualifier, "narrative", st.start, st.end,
                            st.clause[0], st.clause[1], unit=st.unit)
    values.update(_derived_from_wording(chosen, text))
    for iid, v in _zeros(text, blocked, year).items():
        values.setdefault(iid, v)
    used = {(v.char_start, v.char_end) for v in values.values()}
    mentions = _mentions([st for st in statements if (st.start, st.end) not in used]
                         + _unitless(text, blocked, statements), text)
    out = sorted((v for v in values.values() if v.indicator_id in codebook.ids), key=lambda v: v.char_start)
    return out, mentions


def _statements(text: str, blocked: "_Spans", year: int | None) -> list[Statement]:
    sentences = [m.end() for m in _SENTENCE_END.finditer(text)]
    lines = [m.end() for m in _NEWLINE.finditer(text)]
    sections = _sections(text)
    out: list[Statement] = []
    prev_end = 0
    for q in find_quantities(text, _COUNTER_RE, single_numerals=True):
        start, end = q.start, q.end
        if blocked.covers(start, end) or not _is_count(text, start, end):
            continue
        unit_m = _COUNTER_RE.match(text, end)
        unit = unit_m.group(1)
        k = bisect.bisect_right(sentences, start)
        s_start = sentences[k - 1] if k else 0
        pre_start = max(s_start, prev_end, _clause_start(text, start))
        prev_end = unit_m.end()
        if _is_outline(text, start, end):
            continue
        post_end = _clause_end(text, unit_m.end())
        while pre_start < start and text[pre_start] in "、,，;；:： \t":
            pre_start += 1  # the list separator before an item is not part of it
        bracketed = pre_start == start and start > 0 and text[start - 1] in "(（"
        if pre_start == start and start > 0 and text[start - 1] in ":：" and start - 1 > s_start:
            # 1.主动公开政府信息的情况:81条: what the count counts is the heading before the colon
            a = start - 1
            while a > s_start and text[a - 1] not in _CLAUSE_SEP and start - a < LABEL_MAX_CHARS:
                a -= 1
            pre_start = a if start - 1 - a <= 24 else pre_start
        if bracketed:
            # 征地和房屋拆迁(18件)、数据统计(7件): what a count in brackets counts is written before them
            a = start - 1
            while a > s_start and text[a - 1] not in _CLAUSE_SEP + "、)）" and start - a < LABEL_MAX_CHARS:
                a -= 1
            pre_start = a
        st = Statement(start, end, q.value, q.qualifier, q.status, unit, unit_m.end(),
                       pre=text[pre_start:start - 1 if bracketed else start].strip(),
                       post=text[unit_m.end():post_end].strip(),
                       sentence=k, sentence_start=s_start, line=bisect.bisect_right(lines, start), section=sections(start),
                       clause=(pre_start, post_end), bracketed=bracketed)
        _flags(st, text[s_start:start], text[pre_start:post_end], year)
        if out and out[-1].sentence == k:
            prev = out[-1]
            was = _FROM_BEFORE.search(prev.pre)
            if was and _UP_TO_NOW.match(text, prev.unit_end, start):
                # 工作人员由原来的2人增加到现在的5人: the first is the old count, the second the
                # count of what the words before 由 name
                prev.other_period = True
                st.pre = prev.pre[:was.start()].rstrip()
        line_start = lines[st.line - 1] if st.line else 0
        if st.as_of_now and year is not None:
            now = _UNTIL_NOW.search(text, max(s_start, start - 24), start)
            if now and _this_year_words(year).search(text, line_start, now.start()):
                # 2017年,…公开信息196条;截至目前回应…875条: the paragraph leaves its year for a count to date
                st.cumulative, st.as_of_now = True, False
        st.channel_item = bool(_CHANNEL_ITEM.match(text, line_start, start))
        out.append(st)
    return out


def _flags(st: Statement, before: str, clause: str, year: int | None) -> None:
    """What the sentence says of the statement: a total? another period? a running total? one
    per unit? one unit's share?"""
    w = words()
    before = _CITED.sub(lambda m: " " * len(m.group()), before)
    before = w["period_term"].sub(lambda m: " " * len(m.group()), before)
    st.total = bool(gated(w["total"]).search(st.pre))  # gated: it starts with a look-behind
    st.per_unit = bool(w["per_unit"].search(clause))
    st.share = bool(_SHARE_OPEN.search(before))
    # the last word before the number that names a period decides: a year, 去年…, or 今年…
    last = None
    for last in _period_words().finditer(before):
        pass
    if last is not None and last["year"] and _SINCE_START.match(before, last.start()):
        last = None  # 本单位从2009年1月1日起开始开展政府信息公开工作,…配备了2名兼职工作人员
    if last is not None:
        if last["other"]:
            st.other_period = True
        elif last["year"] and year is not None and int(last["year"]) != year \
                and not before[last.end():last.end() + 4].lstrip("度 ").startswith("以来"):
            st.other_period = True
    part = None
    for part in _UNTIL_MONTH.finditer(before):
        pass
    if part is not None and int(part["month"]) < 12 and (last is None or last.start() < part.end()):
        st.other_period = True  # 截至2017年7月,…发布信息1600余条: part of the year (or a count to date)
    # a running total: since some start (…以来, 历年, 至今), or 累计 up to a date (截至…累计)
    running = False
    for m in _SINCE_EVER.finditer(before):
        ty = _SINCE_THIS_YEAR.search(before[max(0, m.start() - 14):m.end()]) if m.group() != "历年" else None
        if ty is None or (ty["year"] is not None and (year is None or int(ty["year"]) != year)):
            running = True  # 历年, 2008年至今, 至今 alone; 2018年1月至今 in 2018's report is the year
    for m in _SINCE.finditer(before):
        ty = _SINCE_THIS_YEAR.search(before[max(0, m.start() - 8):m.end()])
        if ty is None or (ty["year"] is not None and (year is None or int(ty["year"]) != year)):
            running = True  # since an earlier start (2008年以来, 《条例》实施以来); 今年以来 is this year
    if w["cumulative"].search(clause) and (w["until"].search(before) or w["now"].search(before)):
        running = True
    st.cumulative = running
    st.as_of_now = bool(w["now"].search(before[-24:])) and not running


@lru_cache(maxsize=1)
def _period_words() -> re.Pattern:
    w = words()
    # gated (ogi.scan): alternatives that start with groups are otherwise tried at every character
    return gated(re.compile(r"(?P<year>(?:19|20)[0-9]{2})\s*年|(?P<other>" + w["other_period"].pattern + r")|(?P<this>"
                            + w["this_period"].pattern + ")"))


@lru_cache(maxsize=1)
def _cues_by_unit() -> dict[str, list[dict]]:
    """unit -> the value cues that allow it, in the cue table's order."""
    out: dict[str, list[dict]] = {}
    for c in cues()[0]:
        for unit in c["units"]:
            out.setdefault(unit, []).append(c)
    return out


@lru_cache(maxsize=1)
def _cue_words() -> tuple[object, dict[str, tuple[list[dict], list[tuple], list[int], dict[str, list[int]]]]]:
    """The words every match of a value cue holds (ogi.scan.needed_words): a label that lacks
    all the words of one of a cue's sets cannot match it, so only the cues whose words a label
    holds are tried. Returns an automaton of all the words (pyahocorasick), and per unit: its
    cues (_cues_by_unit), their sets of words, the indices of the cues that need no word, and
    word -> the indices of the cues keyed by it (each cue under the words of its most telling
    set: not 〈N〉 alone, which every label holds)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    out = {}
    for unit, cs in _cues_by_unit().items():
        sets = [needed_words(c["pattern"]) for c in cs]
        always, keyed = [], {}
        for k, needed in enumerate(sets):
            if not needed:
                always.append(k)
                continue
            for w in max(needed, key=lambda s: (MARK not in s, min(len(w) for w in s))):
                keyed.setdefault(w, []).append(k)
            for w in frozenset().union(*needed):
                automaton.add_word(w, w)
        out[unit] = (cs, sets, always, keyed)
    automaton.make_automaton()
    return automaton, out


def _cues_to_try(unit: str, label: str) -> list[dict]:
    """The cues of `unit`, in the cue table's order, whose needed words `label` holds: the others
    cannot match it."""
    automaton, by_unit = _cue_words()
    if unit not in by_unit:
        return []
    cs, sets, always, keyed = by_unit[unit]
    present = {w for _, w in automaton.iter(label)}
    ks = {k for w in present if w in keyed for k in keyed[w]}.union(always)
    return [cs[k] for k in sorted(ks) if not any(map(present.isdisjoint, sets[k]))]


@lru_cache(maxsize=8192)  # labels repeat from report to report (主动公开政府信息〈N〉)
def _matching_cues(unit: str, label: str) -> tuple[tuple[dict, int, int], ...]:
    """The value cues of `unit` that match `label`, in the cue table's order, each with the length
    and the start of its match."""
    out = []
    for c in _cues_to_try(unit, label):
        m = c["rx"].search(label)
        if m:
            out.append((c, len(m.group()), m.start()))
    return tuple(out)


# the last item of a list of kinds (法律法规、规范性文件、政策解读12份): the count is the list's;
# not when an item before has its own count (0名全职工作人员、2名兼职工作人员)
_LIST_BEFORE = re.compile(r"[^、\s〈〉]+、\s*$")
_COUNTED = re.compile(r"[0-9]")
_CLAUSE_END = re.compile(r"[，,;；:：。\n][^，,;；:：。\n]*$")


def _clause(text: str, st) -> str:
    """The words of a statement's clause before its number."""
    before = text[st.sentence_start:st.start]
    m = _CLAUSE_END.search(before)
    return before[m.start() + 1:] if m else before


_YEAR_ITEM = re.compile(r"^\s*(?:其中)?\s*[,，、;；:：]?\s*((?:19|20)[0-9]{2})\s*年度?\s*(?:为|有|共)?\s*$")


def _by_years(statements: list[Statement]) -> None:
    """A count broken down by several years after it (截至2019年底…109条,其中2009年11条,2010年11条…)
    is a running total, whatever words it has."""
    for i, st in enumerate(statements):
        years = set()
        for nxt in statements[i + 1:i + 40]:
            if nxt.sentence != st.sentence:
                break
            m = _YEAR_ITEM.match(nxt.pre)
            if m:
                years.add(m.group(1))
        if len(years) >= 2:
            st.cumulative = True


def _match(statements: list[Statement], text: str = "") -> None:
    for i, st in enumerate(statements):
        if st.bracketed:
            continue
        for c, m_len, m_start in _matching_cues(st.unit, st.label):
            # (_context_ok looks at the 16 statements before at most)
            if c["needs"] and not _context_ok(c["needs"], st, statements[max(0, i - 16):i], c["indicator_id"]):
                continue
            if _LIST_BEFORE.search(st.label, 0, m_start) and not _COUNTED.search(_clause(text, st)):
                continue  # 公开法律法规、规范性文件、政策解读12份: a count of the list, not of its last kind
            pre = _BRACKETED.sub("", st.pre)
            if c["indicator_id"] == "proactive_total" and st.channel_item:
                continue  # 一是政府门户网站。…主动公开政府信息108条: that channel's count
            weak = c["weak"]
            if c["indicator_id"] == "proactive_total" and _CHANNEL.search(pre) and not (
                    _ENUMERATION.search(pre) and _MAIN_CHANNEL.search(pre)):
                continue  # a count of one channel is never the total (a list of them with the portal, …等渠道, is)
            if c["indicator_id"].startswith("staff_") and _ADDED.search(st.pre):
                continue  # 还增配了1名兼职工作人员: staff added in the year, not the staff
            if c["indicator_id"] in _TOTALS and not st.total and _total_before(statements, i, c["indicator_id"], text):
                continue  # …311003条。其中,市政府及其组成部门主动公开政府信息200739条: a part
            if c["indicator_id"] == "proactive_total" and _one_channel_before(text, st):
                continue  # 开通门户网站信息发布权限后,全年共发布各类政务信息45条: that channel's count
            if c["indicator_id"] == "proactive_total" and _SITE_COLUMN.search(pre):
                continue  # 业务工作栏目共公开信息249条: one column of the site, a category
            if c["indicator_id"] == "proactive_total" and _CHANNEL.search(before := text[st.sentence_start:st.start]) \
                    and _other_channel_after(text, st, before):
                continue  # …LED显示屏等载体公开389条,政务微博发布信息1625条: the list leaves channels out
            if c["indicator_id"] in _ONE_CHANNEL and _WITH_REPOSTS.search(st.pre):
                continue  # 微信(含转发)851条: reposts of others' items are not the agency's disclosures
            if _TWO_CHANNELS.get(c["indicator_id"]) and _TWO_CHANNELS[c["indicator_id"]].search(st.pre):
                continue  # 运用微信、微博发布信息: a count for two channels is neither's
            if c["indicator_id"] in _ONE_CHANNEL and _ENUMERATION.search(pre):
                continue  # 通过网站、微信等渠道主动公开…: a count over a list of channels is no one's
            if c["indicator_id"] == "proactive_website" and _OF_WHICH_DISCLOSED.match(text, st.end):
                continue  # 官方网站全年共计发布信息194条,…其中主动公开信息121条: its posts, not its disclosures
            if c["indicator_id"] in _APPEALS and _JURISDICTION_TOTAL.search(pre) and \
                    not _ABOUT_DISCLOSURE.search(text, st.sentence_start, st.end):
                continue  # 全县共受理行政复议4件: every appeal the county heard, not those on its disclosure
            st.match_len[c["indicator_id"]] = max(m_len, st.match_len.get(c["indicator_id"], 0))
            part_cue = any(n.startswith("part_of:") for n in c["needs"])
            if c["indicator_id"] not in st.matches:
                st.matches.append(c["indicator_id"])
                if weak:
                    st.weak.add(c["indicator_id"])
                if part_cue:
                    st.via_part.add(c["indicator_id"])
            else:
                if not weak:
                    st.weak.discard(c["indicator_id"])
                if not part_cue:
                    st.via_part.discard(c["indicator_id"])


def _context_ok(needs: list[str], st: Statement, earlier: list[Statement], iid: str) -> bool:
    for need in needs:
        kind, _, what = need.partition(":")
        if kind == "section" and st.section == what:
            return True
        if kind == "part_of":
            # the total it breaks down, earlier in the same paragraph (其中当面申请1宗;网上申请9宗…)
            if any(what in e.matches and e.line == st.line for e in earlier[-16:]):
                return True
        if kind == "after":
            # a result (维持, 纠正, 尚未审结) belongs to the total last stated before it
            family = [e for e in earlier[-12:] if e.line == st.line or e.line == st.line - 1]
            last = next((e for e in reversed(family) if any(
                m in ("reconsideration_total", "litigation_total") for m in e.matches)), None)
            if last is not None and what in last.matches:
                return True
    return False


def _choose(statements: list[Statement]) -> dict[str, Statement]:
    by_indicator: dict[str, list[Statement]] = {}
    for st in statements:
        for iid in st.matches:
            by_indicator.setdefault(iid, []).append(st)
    chosen: dict[str, Statement] = {}
    parts = _parts()
    for iid, sts in sorted(by_indicator.items(), key=lambda kv: bool(parts.get(kv[0]))):  # totals first
        usable = [s for s in sts if not (s.other_period or s.cumulative or s.per_unit or s.share or s.superior)]
        strong = [s for s in usable if iid not in s.weak]
        usable = strong or usable  # a weak cue counts only when no plainer statement stands
        if parts.get(iid) and any(t in chosen for t in parts[iid]):
            # a part follows the total it breaks down: the total chosen, last stated before it
            # (a statement a plain cue matched, 主动公开规范性文件77件, stands on its own)
            usable = [s for s in usable if iid not in s.via_part or _parent(s, statements, parts[iid]) in
                      [chosen.get(t) for t in parts[iid]] or s.section == "requests" and not _parent(s, statements, parts[iid])]
        if len(usable) > 1:  # a count as it stands now gives way to one stated for the year
            dated = [s for s in usable if not s.as_of_now]
            usable = dated or usable
        if not usable:
            continue
        values = {s.value for s in usable}
        if len(values) == 1:
            chosen[iid] = usable[0]  # the first statement of the value is the evidence
            continue
        added = [s for s in usable if "新增" in s.pre]
        if added and len({s.value for s in added}) == 1 and all("新增" in s.pre or "累计" in s.pre for s in usable):
            chosen[iid] = added[0]  # 累计主动公开4002条 beside 2019年新增主动公开362条: the year's is the new
            continue
        if iid in _ONE_CHANNEL:
            continue  # 在省政府网站公布64条;通过审计署网站…22条: counts for several sites, none the channel's
        totals = [s for s in usable if s.total]
        if totals and len({s.value for s in totals}) == 1:
            chosen[iid] = totals[0]
    # a statement is one indicator's: when it was chosen for two, neither is sure
    taken: dict[int, list[str]] = {}
    for iid, st in chosen.items():
        taken.setdefault(id(st), []).append(iid)
    for key, ids in taken.items():
        if len(ids) > 1:
            keep = _prefer(ids, next(st for st in chosen.values() if id(st) == key))
            for iid in ids:
                if iid != keep:
                    del chosen[iid]
    return chosen


@lru_cache(maxsize=1)
def _parts() -> dict[str, list[str]]:
    """indicator -> every total it is a part of, over all its cues (an indicator of none: [])."""
    parts: dict[str, list[str]] = {}
    for c in cues()[0]:
        for n in c["needs"]:
            if n.startswith("part_of:") and n.partition(":")[2] not in parts.setdefault(c["indicator_id"], []):
                parts[c["indicator_id"]].append(n.partition(":")[2])
    return parts


def _parent(st: Statement, statements: list[Statement], totals: list[str]) -> Statement | None:
    """The statement of one of `totals` last made before `st` in its paragraph."""
    parent = None
    for other in statements:
        if other is st:
            break
        if other.line == st.line and any(t in other.matches for t in totals):
            parent = other
    return parent


def _prefer(ids: list[str], st: Statement) -> str:
    """Of two indicators one statement matched, the more specific: the longer cue match (不同意公开
    答复的 over 答复的), then the order of the cue table."""
    order = [c["indicator_id"] for c in cues()[0]]
    return min(ids, key=lambda i: (-st.match_len.get(i, 0), order.index(i)))


# What every one of a total's cases was, said right after it (共收到申请2件,均按时办结): the part
# equals the total. `均` must follow the total within its sentence, before any other number.
_ALL_OF = "(?:均|全部|都|皆)(?:已|已经|依法|已依法)?"
# the words between the total and 均: its clause's end, a comma, 上述申请…
_ALL_OF = r"[^。；;]{0,8}?[,，]?\s*(?:申请人|上述申请|以上申请|这些申请)?\s*[^，,。；;]{0,6}?" + _ALL_OF
_ALL_WERE = [
    ("reconsideration_total", "reconsideration_upheld", re.compile(_ALL_OF + r"(?:为|是|被)?维持")),
    ("litigation_total", "litigation_upheld", re.compile(_ALL_OF + r"(?:为|是|被)?维持")),
    ("requests_received", "requests_completed_on_time",
     re.compile(_ALL_OF + r"(?:在(?:规定|法定)(?:的)?(?:时限|期限|时间|工作日)内|按时|按期|如期)(?:予以)?(?:办结|答复|回复|作出答复)")),
    ("requests_received", "requests_completed",
     re.compile(_ALL_OF + r"(?:(?:在(?:规定|法定)(?:的)?(?:时限|期限|时间|工作日)内|按时|按期|如期)(?:予以)?)?"
                          r"(?:(?:答复|回复)(?:并)?)?(?:办结|(?:处理|办理)完毕)")),
    ("requests_received", "requests_granted",
     re.compile(_ALL_OF + r"(?:[^，,。；;0-9]{0,10}?)(?:予以|同意)(?:全部)?公开(?!或)")),
    ("requests_received", "requests_received_online",
     re.compile(_ALL_OF + r"(?:为|是|通过|系)(?:网络|网上|在线|互联网)(?:平台)?(?:申请|提交|提出)")),
    ("requests_received", "requests_received_in_person",
     re.compile(_ALL_OF + r"(?:为|是|系)(?:当面|现场)(?:申请|提交|递交)")),
    ("requests_received", "requests_received_mail",
     re.compile(_ALL_OF + r"(?:为|是|系|通过)(?:信函|邮寄|来信)(?:方式)?(?:申请|提交|提出|递交)?")),
]


def _derived_from_wording(chosen: dict[str, Statement], text: str) -> dict[str, Value]:
    """共收到行政复议3件,均为维持具体行政行为: every case upheld, so upheld = the total;
    共收到申请2件,均按时办结: every request completed on time."""
    out = {}
    for total, part, rx in _ALL_WERE:
        st = chosen.get(total)
        if st is None or part in chosen or part in out or not st.value:
            continue
        rest = text[st.unit_end:st.unit_end + 40]
        stop = re.search(r"[。；;！？!?\n]|[0-9一二三四五六七八九十两]+\s*[件个份宗起条]", rest)
        rest = rest[:stop.start()] if stop else rest
        m = rx.match(rest) or (_ONE_WAS.get(part) and st.value == 1 and _ONE_WAS[part].match(rest))
        if m:
            end = st.unit_end + m.end()
            out[part] = _same_count(part, st, end)
    st = chosen.get("proactive_normative_docs")
    if st is not None and "normative_docs_issued" not in chosen and _ISSUED_AND_DISCLOSED.search(st.pre):
        # 制定并发布规范性文件7件: issued and disclosed alike
        out["normative_docs_issued"] = _same_count("normative_docs_issued", st)
    st = chosen.get("requests_received")
    if st is not None and "requests_received_online" not in chosen and _VIA_ONLINE.search(st.pre):
        # 通过网络共受理信息公开申请1件: every request came online
        out["requests_received_online"] = _same_count("requests_received_online", st)
    st = chosen.get("requests_unable")
    if st is not None:
        # 无法提供10件(本机关不掌握相关政府信息): one reason in brackets is every one's
        for part, rx in _ONE_REASON:
            m = rx.match(text, st.unit_end)
            if m and part not in chosen:
                out[part] = _same_count(part, st, m.end())
    return out


def _same_count(iid: str, st: Statement, evidence_end: int = 0) -> Value:
    """`iid` read from the count of `st`, its evidence running on to `evidence_end` if later."""
    return Value(iid, st.value, st.status, st.qualifier, "narrative", st.start, st.end,
                 st.clause[0], max(evidence_end, st.clause[1]), unit=st.unit)


_ISSUED_AND_DISCLOSED = re.compile(r"(?:制定|制发|印发)并(?:发布|公开|公布)(?:了)?(?:行政)?规范性文件(?:数)?$")
_VIA_ONLINE = re.compile(r"^[^，,。；;]{0,12}?通过(?:网络|网上|在线|互联网)(?:平台)?(?:方式)?(?:共|全年)?(?:受理|收到|接到|接收)")
_ONE_REASON = [
    (part, re.compile(r"\s*[(（]\s*(?:均为|均属|均系|属于|系)?\s*" + words + r"\s*[)）]"))
    for part, words in (("requests_unable_not_held", r"本(?:行政)?机关不掌握(?:相关)?(?:的)?(?:政府)?信息"),
                        ("requests_unable_needs_creation", r"没有现成(?:的)?信息(?:需要|需)?另行制作"),
                        ("requests_unable_unclear", r"补正后(?:申请)?内容仍不明确"))
]


# one request needs no 均: 收到1件政府信息公开申请,属于网络申请
_ONE_WAS = {
    # 共受理信息公开申请1件,已经回复完毕,同意公开
    "requests_granted": re.compile(r"[^。；;]{0,16}?[,，]\s*(?:已经?|均已)?(?:答复|回复|办理)(?:完毕|办结)?\s*[,，]\s*(?:同意|予以)(?:全部)?公开(?!或)"),
    "requests_received_online": re.compile(r"[^。；;，,]{0,12}?[,，]\s*(?:该申请|此申请)?\s*(?:属于|为|是|系|通过)(?:网络|网上|在线|互联网)(?:平台)?(?:申请|提交|提出)"),
    "requests_received_in_person": re.compile(r"[^。；;，,]{0,12}?[,，]\s*(?:该申请|此申请)?\s*(?:属于|为|是|系)(?:当面|现场)(?:申请|提交|递交)"),
}

_SENTENCE_SPAN = re.compile(r"[^。；;！？!?\n]+")


def _zeros(text: str, blocked: "_Spans", year: int | None) -> dict[str, Value]:
    _, zero_cues = cues()
    sections = _sections(text)
    out: dict[str, Value] = {}
    spans = [m.span() for m in _SENTENCE_SPAN.finditer(text)]
    starts = _zero_starts(text, spans)
    for z in zero_cues:
        iid = z["indicator_id"]
        if iid in out:
            continue
        for a, b in _spans_with(z["first"], starts, spans):
            m = _shortest(z["rx"], text, a, b, z["first"])
            if m is None or blocked.covers(m.start(), m.end()):
                continue
            if z["needs"] and not any(n.partition(":")[2] == sections(m.start()) for n in z["needs"]):
                continue
            st = Statement(m.start(), m.end(), Decimal(0), "exact", "in_words", "", m.end(), text[a:m.start()], "", 0, a,
                           0, "", (a, b))
            _flags(st, text[a:m.start()], text[a:b], year)
            if st.other_period:
                continue
            out[iid] = Value(iid, Decimal(0), "in_words", "exact", "narrative", m.start(), m.end(), a, b)
            break
    return out


def _zero_starts(text: str, spans: list[tuple[int, int]]) -> dict[str, list[int]] | None:
    """character -> the indices (ascending) of the spans holding it, for every character a
    zero's wording can start with; None when some cue's first characters are not known."""
    rx = _zero_first()
    if rx is None:
        return None
    ends = [b for _, b in spans]
    out: dict[str, list[int]] = {}
    for m in rx.finditer(text):
        k = bisect.bisect_right(ends, m.start())
        if k < len(spans) and spans[k][0] <= m.start():
            out.setdefault(m.group(), []).append(k)
    return out


@lru_cache(maxsize=1)
def _zero_first() -> re.Pattern | None:
    firsts = [z["first"] for z in cues()[1]]
    # one class of them all (each is a class, […])
    return None if any(f is None for f in firsts) else re.compile("[" + "".join(f.pattern[1:-1] for f in firsts) + "]")


@lru_cache(maxsize=None)
def _starts(first: re.Pattern, ch: str) -> bool:
    return first.match(ch) is not None


def _spans_with(first: re.Pattern | None, starts: dict[str, list[int]] | None, spans: list[tuple[int, int]]):
    """The spans (in order) that hold a character a match can start with (`first`): no other
    span can hold a match (all of them when those characters are not known)."""
    if first is None or starts is None:
        return spans
    ks = [ks for ch, ks in starts.items() if _starts(first, ch)]
    if len(ks) == 1:
        return [spans[k] for k in dict.fromkeys(ks[0])]  # ascending; each span once
    return [spans[k] for k in sorted({k for kk in ks for k in kk})]


def _shortest(rx: re.Pattern, text: str, start: int, end: int, first: re.Pattern | None = None):
    """The shortest statement: the match starting at the last negation that still matches
    (未出现延期…,未出现…行政起诉 -> 未出现…行政起诉). `first`: the characters a match can start
    with (no other position is tried)."""
    m = rx.search(text, start, end)
    if m is None:
        return None
    if first is None:
        positions = range(m.end() - 1, m.start() - 1, -1)
    else:  # `first` is one character class: the places it matches, last first
        positions = [f.start() for f in first.finditer(text, m.start(), m.end())][::-1]
    for pos in positions:
        shorter = rx.match(text, pos, m.end())
        if shorter:
            return shorter
    return m


# --- mentions -------------------------------------------------------------------------------

_COUNT_NOUN = re.compile(r"(?:量|人数|次数|总数|数量|个数|户数)(?:为|是|达到|达|约|近|超过)?\s*[:：]?\s*$")


def _unitless(text: str, blocked: "_Spans", counted: list[Statement]) -> list[Statement]:
    """Counts written without a counter after a word that says they count (访问量为…,
    订阅人数6113, 浏览次数: 10234): mentions only."""
    taken = {(st.start, st.end) for st in counted}

    def unitless_count(start: int, end: int) -> bool:  # asked of a quantity's span before it is read
        return bool(_COUNT_NOUN.search(text[max(0, start - 16):start])) and (start, end) not in taken \
            and not blocked.covers(start, end) and not _COUNTER_RE.match(text, end) \
            and not text[end:end + 1].isdigit() and not _NOT_COUNT_AFTER.match(text, end)

    out = []
    for q in find_quantities(text, printed_only=True, where=unitless_count):
        a = _clause_start(text, q.start)
        out.append(Statement(q.start, q.end, q.value, q.qualifier, q.status, "", q.end,
                             pre=text[a:q.start].strip(), post="", sentence=0, sentence_start=a, line=0,
                             section="", clause=(a, q.end)))
    return out


def _mentions(statements: list[Statement], text: str) -> list[Mention]:
    out, seen = [], set()
    for st in statements:
        label = _label(st.pre) or _label(st.post)
        if not label:
            m = _YEAR_ITEM.match(st.pre)
            if not m:
                continue
            label = m.group(1) + "年"  # …其中2009年11条,2010年11条: a year's share of a running total
        key = (label, st.value, st.unit)
        if key in seen:
            continue  # the same number with the same words, stated again
        seen.add(key)
        out.append(Mention(label, st.value, st.unit, st.qualifier, st.start, st.end, *st.clause))
    return out


@lru_cache(maxsize=8192)  # the same words recur (主动公开政府信息, 收到申请)
def _label(words_: str) -> str:
    label = _LABEL_STRIP.sub("", _QUOTES.sub("", words_.strip()))
    label = _LABEL_YEAR.sub("", label)
    label = _LABEL_TAIL.sub("", label)
    return label[-LABEL_MAX_CHARS:].strip(" ,，、:：")


# --- helpers --------------------------------------------------------------------------------

@lru_cache(maxsize=2)  # asked by _statements and _zeros for the same text
def _sections(text: str):
    """A function: view offset -> the kind of section it stands under (requests, appeals…)."""
    heads = []
    for start, m in _headings(text):
        kind = _section_kind(m["text"][:24])
        level = 1 if "、" in m["num"] and m["num"][0] in "一二三四五六七八九十" else 2 if m["num"][0] in "(（" else 3
        heads.append((start, level, kind))
    starts = [h[0] for h in heads]

    def section(pos: int) -> str:
        """The kind of the nearest heading above, else of its parents (never of a sibling)."""
        k = bisect.bisect_right(starts, pos) - 1
        below = 99
        while k >= 0:
            _, level, kind = heads[k]
            if level < below:
                if kind:
                    return kind
                if level == 1:
                    return ""
                below = level
            k -= 1
        return ""
    return section


# a heading after a newline: the engine skips to a newline at once, where ^ (multiline) is tried
# at every character
_HEADING_AFTER_NEWLINE = re.compile("\n" + _HEADING.pattern.removeprefix("^"), re.M)


def _headings(text: str) -> list[tuple[int, re.Match]]:
    """(start, match) of each match of _HEADING.finditer(text): the one at the start of the text,
    then those after a newline. (A match that ends just after a newline is followed by 。 or the
    end of the text, where no heading starts, so the scan after a newline may begin there.)"""
    out = []
    m = _HEADING.match(text)
    if m:
        out.append((m.start(), m))
    for m in _HEADING_AFTER_NEWLINE.finditer(text, max(out[0][1].end() - 1, 0) if out else 0):
        out.append((m.start() + 1, m))
    return out


@lru_cache(maxsize=4096)  # headings repeat from report to report (二、主动公开政府信息情况)
def _section_kind(heading: str) -> str:
    return next((k for k, rx in _SECTION_KINDS if rx.search(heading)), "")


def _clause_start(text: str, pos: int) -> int:
    """Back to the previous clause separator outside brackets, at most LABEL_MAX_CHARS back."""
    depth = 0
    a = pos
    while a > 0 and pos - a < LABEL_MAX_CHARS:
        ch = text[a - 1]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in _CLAUSE_SEP:
            break
        a -= 1
    return a


def _clause_end(text: str, pos: int) -> int:
    """Forward to the next clause separator, digit or bracket, at most POST_LABEL_MAX_CHARS on."""
    b = pos
    while b < len(text) and text[b] not in _CLAUSE_SEP and b - pos < POST_LABEL_MAX_CHARS:
        if text[b].isdigit() or text[b] in "(（":
            break
        b += 1
    return b


def _is_outline(text: str, start: int, end: int) -> bool:
    """六个部分, 七部分组成: the report's outline, not a count."""
    return bool(words()["section_count"].match(text, end)) or bool(
        _PARTS.match(text[end:end + 4]))


def _is_count(text: str, start: int, end: int) -> bool:
    if _NOT_COUNT_AFTER.match(text, end):
        return False
    if end - start > 15 and sum(ch.isdigit() for ch in text[start:end]) > 15:
        return False  # an ID or an account number, never a count
    if text[end:end + 1] == "类" and not text[start].isdigit():
        return False  # 三类内部事务信息 names a kind; 22类 counts them
    if _RANGE_BEFORE.search(text, max(0, start - 12), start):
        return False  # 第9至12条: the end of a range of articles or items
    if _SESSION_BEFORE.search(text, max(0, start - 12), start):
        return False  # 五届四次全会, 十六届人大七次会议: an ordinal
    if _QUOTED_NAME.match(text, end):
        return False  # “创业富民30条”: the number ends the name of a policy
    if start > 0 and text[start - 1] in "第〔[【-—/.:：~～" and not (
            text[start - 1] in ":：" and start > 1 and "\u4e00" <= text[start - 2] <= "\u9fff"):
        return False  # (a count after a heading's colon, 情况:81条, is one; 10:30 or 1:2 are not)
    if text[end:end + 1].isdigit():
        return False
    return True


_SESSION_BEFORE = re.compile(r"届\s*(?:人大|人代会|党代会|政协|全委会?|人民代表大会)?\s*(?:常委会)?\s*第?\s*$")
_QUOTED_NAME = re.compile(r"\s*(?:条|项|篇)[”\"」』]")
_RANGE_BEFORE = re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*(?:条|项|款)?\s*(?:至|到|-|—|~|～|、)\s*$")


class _Spans:
    """Sorted, merged spans with a fast containment test."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.spans = merged

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.spans[k][0] <= start and end <= self.spans[k][1]


@lru_cache(maxsize=1)
def _numeral_places() -> "divisions.NameSearch":
    """Names of divisions that hold a numeral (九台区 and its short form 九台, 十堰市, 三合镇): the
    numeral is part of a name, never a count (吉林省长春市九台区 is no 9 台). Found left to right,
    the longest where several start at one place."""
    from ..resolve import divisions

    numerals = re.compile("[一二两三四五六七八九十百千]")
    names = {d.name for d in divisions.table()[0].values()} | set(divisions.aliases())
    names |= set(divisions.townships())
    return divisions.NameSearch({n: None for n in sorted(names) if numerals.search(n) and len(n) >= 2})


def _blocked_spans(doc: Document) -> list[tuple[int, int]]:
    text = doc.view
    spans = personal_spans(text)
    spans += [m.span() for m in gated(_DOC_NUMBER).finditer(text)]
    spans += [m.span() for m in gated(_DATE).finditer(text)]
    spans += [m.span() for m in _CITED.finditer(text)]  # numbers inside the names of documents
    spans += _numeral_places().leftmost_longest(text)  # 九台区, 七台河市: a name, no count
    spans += [m.span() for m in gated(words()["slogan"]).finditer(text)]  # “四个意识”, 两学一做: a slogan, no count
    spans += doc.view_blocks()
    # lines of pipe tables (the statistics table is read by the table readers)
    pos = 0
    for line in text.split("\n") if "|" in text else ():
        if line.count("|") >= 2:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return sorted(spans)
