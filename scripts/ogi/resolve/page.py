"""The parts of a scraped page around the report's text: page furniture (breadcrumbs, the
index-number block, 来源/发布时间 lines, share buttons, view counters), the head of the page
where a title would be, and the signature block at the end.

Everything here reads `Document.view` and returns plain data; offsets index the view.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..scan import gated
from ..settings import HEAD_LINES, HEAD_MAX_CHARS, TITLE_LINE_MAX

# Field labels of the page's metadata block and its furniture. A label may be spaced out
# (索 引 号, 文    号) and followed by a colon, a pipe or nothing.
_FIELD_WORDS = ("索引号", "发布机构", "发布单位", "发布日期", "发布时间", "生成日期", "成文日期", "发文日期",
                "主题分类", "组配分类", "体裁分类", "服务对象", "信息来源", "来源", "浏览次数", "点击数",
                "点击率", "访问量", "浏览量", "阅读次数", "字号", "字体", "分享到", "分享", "打印", "关闭",
                "发文字号", "文号", "文件编号", "发布者", "作者", "录入", "责任编辑", "公开形式", "公开方式",
                "公开范围", "公开时限", "有效性", "主题词", "关键词", "关键字", "名称", "更新时间", "日期",
                "时间", "生效日期", "废止日期", "时效", "文件下载", "扫一扫")
_NAV = re.compile(r"^\s*(登录|注册|无障碍|网站支持|English|繁体版|简体版|移动端|政务微信|政务微博|智能问答|"
                  r"登录个人中心|选择特殊符号|选择搜索类型|请输入|确定|触碰右侧|导航|配色|辅助线|重置|"
                  r"长者模式|今天是|页面|•|上一篇|下一篇|相关词条|热门词条|联络我们|联系我们|首页)")
_BREADCRUMB = re.compile(r"(首页|当前位置|您的位置|当前页面|所在位置|现在的位置)\s*[:：]?\s*[>›»/]?|"
                         r"\S\s*[>›»]\s*\S+\s*[>›»]")
# (gated: a pattern that starts with alternatives is otherwise tried in full at every character)
# what every breadcrumb match holds: one of its words or an arrow (\S\s*[>›»] is otherwise tried
# at every character of every short line)
_BREADCRUMB_HINT = re.compile(r"[>›»]|首页|当前位置|您的位置|当前页面|所在位置|现在的位置")
_FIELD = gated(re.compile(r"(?:^|[\s|])(" + "|".join(
    r"\s*".join(w) for w in sorted(_FIELD_WORDS, key=len, reverse=True)) + r")\s*[:：|]"))


class Line(NamedTuple):  # a tuple: made for every line of every page, read many times over
    start: int
    end: int
    text: str      # the line as in the view, without its newline
    stripped: str  # the text without the spaces, pipes and question marks around it


def lines_of(view: str) -> list[Line]:
    out, pos = [], 0
    for raw in view.split("\n"):
        text = raw.rstrip("\r")
        out.append(Line(pos, pos + len(raw), text, text.strip(" \t|\u3000?")))
        pos += len(raw) + 1
    return out


def is_furniture(line: Line) -> bool:
    """A line of the page around the report rather than of the report (short lines only)."""
    s = line.stripped
    if not s:
        return True
    if len(s) > TITLE_LINE_MAX * 2:
        return False
    return bool(_NAV.match(s) or (_BREADCRUMB_HINT.search(s) and _BREADCRUMB.search(s)) or _FIELD.search(" " + s)
                or _NO_WORDS.fullmatch(s))


_NO_WORDS = re.compile(r"[\W\d_a-zA-Z]*")


@lru_cache(maxsize=64)
def _field_value_re(labels: tuple[str, ...]) -> re.Pattern:
    spaced = "|".join(r"\s*".join(w) for w in sorted(labels, key=len, reverse=True))
    return gated(re.compile(r"(?:^|[\s|•])(?:" + spaced + r")\s*[:：|]?\s*\|?\s*(?P<v>[^\s|]{1,40}(?:[ \t][^\s|:：]{1,12})?)"))


def field_values(view: str, labels: tuple[str, ...], limit: int = HEAD_MAX_CHARS) -> list[tuple[str, int]]:
    """Values written after a field label in the page's furniture (来源:朝阳乡, 发布机构 | 前吴乡),
    with their offsets; a value never runs across a line break."""
    out = []
    for m in _field_value_re(labels).finditer(view[:limit]):
        value = m["v"].strip()
        # the value ends where the next field label starts (发布机构:前吴乡 生成日期:…)
        nxt = _FIELD.search(" " + value)
        if nxt:
            value = value[:max(0, nxt.start() - 1)].strip()
        if value:
            out.append((value, m.start("v")))
    return out


def head(view: str, lines: list[Line]) -> list[Line]:
    """The lines where a title would be: the first lines that are not furniture, up to the first
    line of prose (a long line) or HEAD_LINES lines."""
    out: list[Line] = []
    for ln in lines:
        if ln.start > HEAD_MAX_CHARS:
            break
        if is_furniture(ln):
            continue
        out.append(ln)
        if len(ln.stripped) > TITLE_LINE_MAX or len(out) >= HEAD_LINES:
            break
    return out


_DATE_LINE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*[年.\-/]\s*([0-9]{1,2})\s*[月.\-/]\s*([0-9]{1,2})\s*日?\s*$")


def signature(lines: list[Line]) -> list[tuple[Line, Line]]:
    """(name line, date line) pairs: a short line right above a line that is only a date, as at the
    end of a report (丰门街道办事处 / 2017年1月6日), or right under the title."""
    content = [ln for ln in lines if ln.stripped]
    out = []
    for k in range(1, len(content)):
        if _DATE_LINE.match(content[k].stripped) and len(content[k - 1].stripped) <= TITLE_LINE_MAX:
            out.append((content[k - 1], content[k]))
    return out


def date_of(line: Line) -> tuple[int, int, int] | None:
    m = _DATE_LINE.match(line.stripped)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


_CRUMB_SPLIT = re.compile(r"\s*[>›»/]\s*")
_CRUMB_LINE = re.compile(r"首页\s*[>›»/]|当前位置|您的位置|当前页面|所在位置")
_CRUMB_LEAD = re.compile(r"^.*?(当前位置|您的位置|当前页面|所在位置)\s*[:：]?")


def breadcrumbs(lines: list[Line]) -> list[list[str]]:
    """The elements of each breadcrumb line (首页 > 政务公开 > … > 马水镇 > 信息公开年度报告)."""
    out = []
    for ln in lines[:40]:
        s = ln.stripped
        if _CRUMB_LINE.search(s):
            s = _CRUMB_LEAD.sub("", s)
            parts = [p.strip() for p in _CRUMB_SPLIT.split(s) if p.strip()]
            if len(parts) >= 2:
                out.append(parts)
    return out
