"""The text extractors read: the normalised text without what only gets in the way of reading
(the pinyin mirror sites print after characters, 報(bào)告; zero-width characters), with the
offset of every character kept, so that every span read maps back onto the decoded text."""
from __future__ import annotations

import re
from array import array

from .scan import gated


# Pinyin a mirror site prints after each character (報(bào)告, 開(kai)(kai)), and characters of zero width.
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# (gated, ogi.scan: a pattern starting with a look-behind is otherwise tried at every character)
_DROP = gated(re.compile(rf"(?<=[\u4e00-\u9fff)])\([{_PINYIN}]{{1,6}}\)|[\u200b-\u200d\u2060\ufeff\u00ad]"))


def make_view(norm: str) -> tuple[str, array | None]:
    """`norm` without what _DROP matches, and the offset in `norm` of every character kept (plus
    one entry for the end). None when nothing was dropped: the view is `norm` itself."""
    if not _DROP.search(norm):
        return norm, None
    pieces, offsets, pos = [], array("l"), 0
    for m in _DROP.finditer(norm):
        pieces.append(norm[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(norm[pos:])
    offsets.extend(range(pos, len(norm) + 1))
    return "".join(pieces), offsets


def simplified(text: str) -> str:
    """Traditional characters to simplified ones, character by character (the length is kept)."""
    conv = _converter()
    return "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in text))


_CONV = None


def _converter():
    global _CONV
    if _CONV is None:
        import opencc

        _CONV = opencc.OpenCC("t2s")
    return _CONV
