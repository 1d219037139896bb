"""Remove personal data from text before it is published: ID-card numbers, mobile and landline
numbers, e-mail addresses, QQ numbers and groups, WeChat ids, and the names written after role
words (联系人, 审核人, 填报人…).

Every pattern matches in time linear in the input: each quantifier is bounded, and a pattern
that starts inside a run of the characters it matches (the local part of an e-mail address, a
run of digits) cannot start again one character later. A megabyte line takes well under a
second.

Kept on purpose: postcodes (邮编: 637100, part of an office's public address), short service
numbers (the 12345 hotline, 96xxx lines: no phone of a person has 5 or 6 digits), counts, dates,
document numbers (〔2019〕14号), and whatever follows 负责人 when it is not a name
(负责人为成员, 主要负责人参加新闻发布会).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .scan import gated, needed_words

REMOVED = "[removed]"

_SP = r"[ \t\u00a0\u3000]"
# between groups of digits: nothing, one space, or a dash with at most one space either side
_SEP = rf"(?:{_SP}?[-—–－]{_SP}?|{_SP})?"
_HAN = r"[\u4e00-\u9fff]"

_ID_CARD = re.compile(
    r"(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXxＸ](?![\dXx])"
    # the old 15-digit number: two-digit year, no check digit
    r"|(?<!\d)[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?!\d)")

_MOBILE = re.compile(
    rf"(?<!\d)(?:(?:\+|＋|00)?86{_SEP}|[(（](?:\+|＋)?86[)）]{_SP}?)?"
    rf"1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")

# area code (0817, (0571), +86 571) and a 7- or 8-digit number, in any common spacing, with an
# extension
_LANDLINE = re.compile(
    rf"(?<!\d)(?:(?:\+|＋|00)86{_SEP}[(（]?0?\d{{2,3}}[)）]?|[(（]0\d{{2,3}}[)）]|0\d{{2,3}})"
    rf"{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?:{_SP}?(?:转|分机|ext\.?|-){_SP}?\d{{1,5}})?(?!\d)")

# a local number without its area code is only a phone number after a phone word
# (联系电话: 67159922, 公开电话为7366686); a count after the word (手机访问1234567次) is not
_LOCAL_NUMBER = rf"\d{{3,4}}{_SEP}\d{{4}}(?!\d)"
_PHONE_WORD = re.compile(
    rf"(?:电话|传真|热线|手机|座机|固话|联系方式|[Tt]el|TEL|[Ff]ax|FAX)(?:号码|号)?\s{{0,6}}(?:(?:为|是)\s{{0,3}})?"
    rf"(?:[:：.]\s{{0,3}})?(?P<x>{_LOCAL_NUMBER}(?:{_SP}?[、/或]{_SP}?{_LOCAL_NUMBER}){{0,3}})"
    rf"(?!{_SP}?[次件条个人份余多万])")

# the local part starts where a run of its characters starts, so a long run is tried once; the
# domain needs no dot, so an address whose end a cut has lost (abc@163) is still one
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}[@＠][A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.){0,8}"
    r"[A-Za-z0-9\-]{1,62}(?![A-Za-z0-9\-])")

_QQ = re.compile(
    rf"(?:QQ|qq|Qq|ＱＱ|ｑｑ){_SP}{{0,2}}(?:号码|号|群号?|群聊)?{_SP}{{0,2}}(?:(?:为|是){_SP}{{0,2}})?"
    rf"(?:[:：]{_SP}{{0,2}})?[(（]?(?P<x>\d{{5,12}}(?:{_SP}?[、,，/或]{_SP}?\d{{5,12}}){{0,3}})(?!\d)")

# WeChat ids start with a letter; an id of digits only is taken after 微信号 or a colon, and
# not when a counter follows (政务微信：16617条 is a count)
_WECHAT = re.compile(
    rf"(?:微信|WeChat|Wechat|wechat)(?:号|账号|ID|id)?{_SP}{{0,2}}(?:(?:为|是){_SP}{{0,2}})?(?:[:：]{_SP}{{0,2}})?"
    rf"(?P<x>[A-Za-z][A-Za-z0-9_\-]{{5,19}})(?![A-Za-z0-9_\-])"
    rf"|(?:微信号|微信账号|微信{_SP}{{0,2}}[:：]){_SP}{{0,2}}(?:[:：]{_SP}{{0,2}})?"
    rf"(?P<y>\d[A-Za-z0-9_\-]{{4,19}})(?![A-Za-z0-9_\-])(?!{_SP}?[条次件个篇人份])")

# --- names after role words ---------------------------------------------------------------
_LEAD = r"(?:单位|主要|分管)?负责人"          # also a plain noun in prose: 负责人为成员
_FORM = r"(?:联系人员|联系人|审核人|审批人|审签人|签发人|填报人|填表人|经办人|制表人|统计人|报送人)"
_ROLE = rf"(?:{_LEAD}|{_FORM})"
_CONTACT = (r"(?:联系电话|办公电话|联系方式|电话|手机|座机|固话|传真|电子邮箱|邮箱|邮件|E-?mail|email|QQ|qq"
            r"|微信|地址|职务|签字|签名|日期)")
# words a name never starts with: what follows a role word in prose (负责人为成员, 负责人审核,
# 有关负责人的责任, 填报人员初审) and the next field of a form (单位负责人: 审核人:…)
_NOT_NAME = (r"(?!为|是|的|和|及|与|或|等|要|应|须|必|在|对|将|把|被|由|从|各|该|本|其|所|兼|每|均|都|也|已|未"
             r"|不|无|需|可|即|并|共|了|们|员|会|到|审|签|填|参|出席|负责|担任|亲自|带头|主持|牵头|作为|接受|进行"
             r"|组织|统|分管|主要|相关|有关|具体|同志|电话|手机|联系|邮箱|传真|地址|日期|单位|职务|姓名|经办"
             r"|制表|报送|讲话|约谈|汇报|制度|名单|信息|工作)")
# a Han name of 2-4 characters (or a minority name joined by ·), as short as the text allows
_NAME = rf"(?:{_HAN}{{1,5}}[·•]{_HAN}{{1,6}}|{_HAN}{{2,4}}?)"
_NAME_ENDS = rf"(?=$|[^\u4e00-\u9fff]|{_CONTACT}|{_ROLE}|负责|担任|同志|为|是)"
_LATIN_NAME = r"[A-Za-z]{2,20}(?:[ .\-'][A-Za-z]{1,20}){0,3}(?![A-Za-z])"
_COLON = r"\s{0,3}(?:[(（](?:签字|签名|盖章)[)）]\s{0,3}|姓名\s{0,3})?[:：]\s{0,3}"
# a phone number right after a name (联系人张三13912345678), not any count (负责人解读政策2次)
_PHONE_AHEAD = rf"(?:1[3-9]\d|[(（]?0\d{{2,3}}[)）]?){_SEP}\d{{3,4}}"
_ROLE_NAME = re.compile(
    # role: name, or role name with a space between: the name ends at a non-Han character, a
    # contact or role word, or the end of the text; after a colon, a name that runs on into
    # more text is taken as its first three characters
    rf"{_ROLE}(?!员)(?:{_COLON}{_NOT_NAME}(?:(?P<a>{_NAME}){_NAME_ENDS}|(?P<b>{_HAN}{{3}})|(?P<c>{_LATIN_NAME}))"
    rf"|\s{{1,8}}{_NOT_NAME}(?P<d>{_NAME}){_NAME_ENDS})"
    # role and name run together: a form's role word, then a name a contact or a number follows
    rf"|{_FORM}(?!员){_NOT_NAME}(?P<e>{_NAME})(?=[,，;；、]?\s?(?:{_CONTACT}|{_PHONE_AHEAD}))"
    # 负责人 run together with a name: only when a phone or address follows (负责人张三电话…)
    rf"|{_LEAD}{_NOT_NAME}(?P<f>{_NAME})(?=[,，;；、]?\s?(?:{_CONTACT}|{_PHONE_AHEAD}))")

# kind -> pattern; the named groups x..f, where present, are the personal part of the match
PATTERNS: dict[str, re.Pattern] = {
    "e-mail address": _EMAIL,
    "ID-card number": _ID_CARD,
    "mobile number": _MOBILE,
    "phone number": _LANDLINE,
    "phone number after a phone word": _PHONE_WORD,
    "QQ number": _QQ,
    "WeChat id": _WECHAT,
    "name after a role word": _ROLE_NAME,
}


# a pattern is only run on a text that holds one of its words (most cells hold none): for a name,
# one of the role words (ogi.scan.needed_words reads them from the pattern)
_NEEDS = {_EMAIL: ("@", "＠"), _QQ: ("QQ", "qq", "Qq", "ＱＱ", "ｑｑ"), _WECHAT: ("微信", "WeChat", "Wechat", "wechat"),
          _ROLE_NAME: tuple(sorted(needed_words(_ROLE_NAME.pattern)[0]))}
_DIGIT = re.compile(r"\d")
# or that holds a piece every match of it holds, found by a scan that skips to a digit or a 1 at
# once (the patterns start with a look-behind): 15 digits in a row for an ID card, the digits of
# a mobile number
_HOLDS = {_ID_CARD: re.compile(r"\d\d{14}"), _MOBILE: re.compile(rf"1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}")}
_LOCAL_PART = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")


def _address_starts(text: str) -> list[int]:
    """Where an e-mail address can start: its local part is the whole run of its characters
    before an @ (the pattern's look-behind), 1 to 64 of them."""
    out = set()
    for at in ("@", "＠"):
        p = text.find(at)
        while p != -1:
            s = p
            while s > 0 and p - s <= 64 and text[s - 1] in _LOCAL_PART:
                s -= 1
            if 0 < p - s <= 64:
                out.add(s)
            p = text.find(at, p + 1)
    return sorted(out)


def _word_starts(words: tuple[str, ...], back: dict[str, int] | None = None):
    """Where a match can start: where one of `words` starts (or `back[word]` characters before)."""
    def starts(text: str) -> list[int]:
        out = set()
        for w in words:
            p = text.find(w)
            while p != -1:
                out.add(p)
                if back and w in back:
                    out.add(max(0, p - back[w]))
                p = text.find(w, p + 1)
        return sorted(out)
    return starts


# Where the matches of the patterns that start at a word (电话…, QQ, 微信, a role word: 单位, 主要
# or 分管 may stand before 负责人) or at an e-mail address can start: only those places are tried
# (rx.match), not every position of the text.
_STARTS = {
    _EMAIL: _address_starts,
    _PHONE_WORD: _word_starts(("电话", "传真", "热线", "手机", "座机", "固话", "联系方式", "Tel", "tel", "TEL", "Fax", "fax",
                               "FAX")),
    _QQ: _word_starts(("QQ", "qq", "Qq", "ＱＱ", "ｑｑ")),
    _WECHAT: _word_starts(("微信", "WeChat", "Wechat", "wechat")),
    _ROLE_NAME: _word_starts(_NEEDS[_ROLE_NAME], {"负责人": 2}),
}
# each pattern with a look-ahead for the characters its matches start with (ogi.scan): the same
# matches, found without trying every position of the text in full
_SCANS = [(kind, gated(rx), _NEEDS.get(rx), _HOLDS.get(rx), _STARTS.get(rx)) for kind, rx in PATTERNS.items()]


def _matches_at(rx: re.Pattern, text: str, starts: list[int]):
    """rx.finditer(text) for a pattern whose every match (never empty) starts at one of `starts`
    (ascending): the first place that matches after the last match, each tried with rx.match."""
    end = 0
    for s in starts:
        if s >= end:
            m = rx.match(text, s)
            if m:
                yield m
                end = m.end()


def find_personal(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every piece of personal data in a text, unmerged."""
    found = []
    digits = _DIGIT.search(text) is not None
    for kind, rx, needs, holds, starts in _SCANS:
        if needs is None and not digits:
            continue
        if starts is not None:
            at = starts(text)  # (found where its words are: a text without them has none)
            if not at:
                continue
        elif needs is not None and not any(w in text for w in needs):
            continue
        if holds is not None and not holds.search(text):
            continue
        for m in (rx.finditer(text) if starts is None else _matches_at(rx, text, at)):
            groups = [g for g, v in m.groupdict().items() if v is not None]
            found.append((*(m.span(groups[0]) if groups else m.span()), kind))
    return found


def _merged(text: str) -> list[tuple[int, int]]:
    spans: list[list[int]] = []
    for a, b, _ in sorted(find_personal(text)):
        if spans and a <= spans[-1][1]:  # touching pieces become one [removed]
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


@lru_cache(maxsize=4)  # asked for each value of a document: its text is scanned once
def _spans_of(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    spans = tuple(_merged(text))
    return spans, tuple(a for a, _ in spans)


def personal_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged spans of personal data in a text, so extractors can skip numbers inside them."""
    return list(_spans_of(text)[0])


def _replace(text: str, spans) -> str:
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], REMOVED]
        pos = b
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=8192)  # table rows repeat as evidence for each of their cells
def redact(text: str | None) -> str | None:
    if not text:
        return text
    for _ in range(3):  # until nothing is found: a removal could join what is left into a match
        spans = _merged(text)
        if not spans:
            break
        text = _replace(text, spans)
    return text


def redact_window(text: str, start: int, end: int) -> str:
    """text[start:end] with personal data removed as found in the whole text: a piece that the
    window cuts is removed whole, and a name is still known as one when its role word or a
    number's phone word lies outside the window."""
    spans, starts = _spans_of(text)
    k = max(0, bisect.bisect_right(starts, start) - 1)
    inside = []
    for a, b in spans[k:]:
        if a >= end:
            break
        if b > start:
            inside.append((max(a, start) - start, min(b, end) - start))
    return _replace(text[start:end], inside)
