"""Bytes to text, and text to the form extractors match on.

`decode` finds the encoding (UTF-8, GB18030/GBK, Big5, UTF-16) and says when the text is
incomplete. `normalise` and `simplify` map one character to one character (full-width forms to
ASCII, traditional to simplified characters), so the normalised text keeps every offset.
"""
from __future__ import annotations

import functools
import re

def decode(data: bytes) -> tuple[str | None, str | None, str]:
    """Text of the bytes, the encoding, and a note when the text is incomplete."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_lenient(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_lenient(data, "utf-16", "utf-16")
    if b"\x00" in data[:4096]:
        return None, None, ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and data[:exc.start].decode("utf-8", "strict"):
            return (data.decode("utf-8", "replace"), "utf-8",
                    "the file ends in the middle of a character (truncated download?)")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best() \
        or from_bytes(data).best()
    if best is None:
        return None, None, ""
    encoding = best.encoding
    if encoding in ("gbk", "gb2312"):
        encoding = "gb18030"  # a superset: decodes every GBK file the same way
    return _decode_lenient(data, encoding, encoding)


def _decode_lenient(data: bytes, codec: str, name: str) -> tuple[str, str, str]:
    try:
        return data.decode(codec), name, ""
    except UnicodeDecodeError:
        text = data.decode(codec, "replace")
        return text, name, f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) in {name} replaced"


# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII U+0021..U+007E.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x2212] = 0x2D  # minus sign
_FULLWIDTH.update({cp: 0x20 for cp in (0xA0, *range(0x2002, 0x200B), 0x202F, 0x205F)})  # other spaces
_FULLWIDTH.update({0xFE5D: 0x3014, 0xFE5E: 0x3015})  # small brackets of document numbers ﹝﹞ -> 〔〕


def normalise(text: str) -> str:
    return text.translate(_FULLWIDTH)


def simplify(text: str) -> tuple[str, str]:
    """Simplified characters with the same length (mirror sites copy reports in traditional)."""
    sample = text[:6000]
    changed = len(_traditional_re().findall(sample))
    if changed < 3 or changed < len(_HAN.findall(sample)) // 100:
        return text, "simplified"  # a few such characters occur in simplified text (乾隆)
    conv = _t2s()
    out = conv.convert(text)
    if len(out) != len(text):  # a phrase conversion changed the length: go character by character
        out = "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in text)
    return out, "traditional"


_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONVERTER = None


def _t2s():
    global _CONVERTER
    if _CONVERTER is None:
        import opencc

        _CONVERTER = opencc.OpenCC("t2s")
    return _CONVERTER


@functools.lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern:
    """The characters OpenCC changes when it converts them one by one: deciding whether a text is
    traditional is then one regex scan instead of a conversion of every text."""
    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    out = _t2s().convert("\n".join(chars)).split("\n")
    trad = "".join(a for a, b in zip(chars, out) if a != b and len(b) == 1)
    return re.compile("[" + re.escape(trad) + "]")

