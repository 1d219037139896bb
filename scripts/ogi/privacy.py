"""Remove personal data from text before it is published: names of officials, phone and fax
numbers, e-mail addresses, QQ numbers."""
from __future__ import annotations

import re
from functools import lru_cache

REMOVED = "[removed]"
# A role word, then a name (2-4 Han characters, or a Latin name) up to the next separator.
_ROLE_NAME = re.compile(
    r"(?P<role>单位负责人|审核人|审批人|填报人|填表人|联系人|负责人|经办人)\s*[:：]?\s*"
    r"(?P<name>[\u4e00-\u9fff·]{2,4}|[A-Za-z][A-Za-z .]{1,30})(?=[\s,，;；、。|]|$)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_QQ = re.compile(r"(QQ|qq|ＱＱ)(\s*(号|群)?\s*[:：]?\s*)[0-9]{5,12}")
# Phone and fax: area code + number (0817—3363822, 0454-7366622), mobiles, and bare local
# numbers after a phone word (联系电话: 67159922).
_PHONE = re.compile(r"(?=[(0-9])(?<![0-9])(?:\(?0[0-9]{2,3}\)?\s*[-—–－ ]?\s*[0-9]{7,8}|1[3-9][0-9]{9})(?![0-9])")
_PHONE_WORD = re.compile(r"(电话|传真|热线|手机|联系方式)(\s*(号码|为|是)?\s*[:：]?\s*)[0-9][0-9\-—– ]{4,}[0-9]")


@lru_cache(maxsize=8192)  # table rows repeat as evidence for each of their cells
def redact(text: str | None) -> str | None:
    if not text:
        return text
    text = _EMAIL.sub(REMOVED, text)
    text = _QQ.sub(lambda m: m.group(1) + m.group(2) + REMOVED, text)
    text = _PHONE_WORD.sub(lambda m: m.group(1) + m.group(2) + REMOVED, text)
    text = _PHONE.sub(REMOVED, text)
    text = _ROLE_NAME.sub(lambda m: m.group("role") + ":" + REMOVED, text)
    return text


def personal_spans(text: str) -> list[tuple[int, int]]:
    """Spans of personal data in a text, so extractors can skip numbers inside them."""
    spans = []
    for rx in (_EMAIL, _QQ, _PHONE_WORD, _PHONE):
        if rx is _EMAIL and "@" not in text:
            continue  # the e-mail pattern is slow on long texts; without an @ it cannot match
        spans += [m.span() for m in rx.finditer(text)]
    spans += [m.span("name") for m in _ROLE_NAME.finditer(text)]
    return sorted(spans)
