"""Bytes to text, and text to the form extractors match on.

`decode` finds the encoding (UTF-8, GB18030/GBK, Big5, UTF-16) and says when the text is
incomplete. `normalise` and `simplify` map one character to one character (full-width forms to
ASCII, traditional to simplified characters), so the normalised text keeps every offset.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple


class Decoded(NamedTuple):
    text: str | None      # None: not text (binary data)
    encoding: str | None
    note: str = ""        # what the reader should know: a truncated end, replaced bytes, mixed encodings
    complete: bool = True  # False when bytes were replaced: the text is not all there


def decode(data: bytes) -> Decoded:
    """Text of the bytes, the encoding, and a note when the text is incomplete or mixed."""
    utf8 = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, utf8 = data[3:], "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_lenient(data, "utf-16", "utf-16")
    elif b"\x00" in data[:4096]:
        return Decoded(None, None)
    try:
        return Decoded(data.decode("utf-8"), utf8)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and data[:exc.start].decode("utf-8", "strict"):
            return Decoded(data.decode("utf-8", "replace"), utf8,
                           "the file ends in the middle of a character (truncated download?)", False)
    if utf8 == "utf-8-sig":  # the mark says UTF-8: what is not is a part in another encoding
        return _decode_mixed(data, main="utf-8")
    if _has_utf8_text(data):
        return _decode_mixed(data)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best() \
        or from_bytes(data).best()
    if best is None:
        return _decode_mixed(data)
    encoding = best.encoding
    if encoding in ("gbk", "gb2312"):
        encoding = "gb18030"  # a superset: decodes every GBK file the same way
    return _decode_lenient(data, encoding, encoding)


def _decode_lenient(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        text = data.decode(codec, "replace")
        return Decoded(text, name, f"{text.count(chr(0xFFFD))} undecodable byte sequence(s) in {name} replaced",
                       False)


# A line of Chinese in UTF-8: a run of three-byte characters (U+0800..U+FFFF). GBK text is hardly
# ever valid UTF-8 three characters in a row, while UTF-8 text is often valid GB18030 by chance (two
# bytes of one character read as a pair): so UTF-8 that decodes, with such a run, is UTF-8.
_UTF8_RUN = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}){3}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _has_utf8_text(data: bytes) -> bool:
    """Whether some line of a file that is not UTF-8 throughout is UTF-8 Chinese (a page with a
    paragraph pasted in from another encoding)."""
    return any(_UTF8_RUN.search(line) and _is_utf8(line) for line in data.split(b"\n"))


def _decode_mixed(data: bytes, main: str | None = None) -> Decoded:
    """Decode line by line, each line in the encoding that decodes it cleanly (a line break is
    never part of a character in UTF-8, GB18030 or Big5). The file's encoding is the one most of
    its text is in; the note says how many lines were in another and how many in none. None when
    hardly anything decodes: binary data."""
    lines = data.split(b"\n")
    utf8_bytes = cjk_bytes = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_bytes += len(line)
        except UnicodeDecodeError:
            cjk_bytes += len(line)
    cjk = _cjk_encoding(b"\n".join(ln for ln in lines if not ln.isascii() and not _is_utf8(ln)))
    main = main or ("utf-8" if utf8_bytes >= cjk_bytes else cjk)
    other = cjk if main == "utf-8" else "utf-8"
    out, n_other, n_bad, bad_bytes = [], 0, 0, 0
    for line in lines:
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        codec, text = "utf-8", _strict(line, "utf-8") if _UTF8_RUN.search(line) else None
        if text is None:  # a line both decode (a short one) is read in the one that gives fewer odd characters
            a, b = _strict(line, main), _strict(line, other)
            codec, text = (other, b) if b is not None and (a is None or _odd(b) < _odd(a)) else (main, a)
        if text is not None:
            n_other += codec != main
        else:
            a, b = line.decode(main, "replace"), line.decode(other, "replace")
            text = a if a.count("\ufffd") <= b.count("\ufffd") else b
            n_bad += 1
            bad_bytes += len(line)
        out.append(text)
    text = "\n".join(out)
    if bad_bytes > 0.5 * len(data) or len(_CONTROL.findall(text)) > 0.05 * len(text):
        return Decoded(None, None)  # not text in any of these encodings
    notes = []
    if n_other:
        notes.append(f"mixed encodings: {n_other} line(s) in {other}, the rest in {main}, each decoded in its own")
    if n_bad:
        notes.append(f"{n_bad} line(s) undecodable in {main} or {other}: their bad bytes replaced by U+FFFD "
                     "(re-download the page or convert it to UTF-8)")
    return Decoded(text, main, "; ".join(notes), not n_bad)


_ODD = re.compile(r"[\x80-\u1fff\ue000-\uf8ff]")  # Latin to Greek, Cyrillic, Arabic, private use: not in a
                                                  # Chinese report, but what bytes decoded wrongly look like


def _odd(text: str) -> int:
    return len(_ODD.findall(text))


def _strict(line: bytes, codec: str) -> str | None:
    try:
        return line.decode(codec)
    except UnicodeDecodeError:
        return None


def _is_utf8(line: bytes) -> bool:
    return _strict(line, "utf-8") is not None


def _cjk_encoding(data: bytes) -> str:
    """GB18030 or Big5, for the lines that are not UTF-8."""
    if not data:
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5"]).best()
    return "big5" if best is not None and best.encoding == "big5" else "gb18030"


# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII U+0021..U+007E.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x2212] = 0x2D  # minus sign
_FULLWIDTH.update({cp: 0x20 for cp in (0xA0, *range(0x2002, 0x200B), 0x202F, 0x205F)})  # other spaces
_FULLWIDTH.update({0xFE5D: 0x3014, 0xFE5E: 0x3015})  # small brackets of document numbers ﹝﹞ -> 〔〕


# str.translate looks every character up in the table (about 0.1 µs each); the few kinds of
# character to change are found by one scan, then each is replaced throughout. The same text:
# no character the table gives is itself in the table, so the order of replacing does not matter.
_FULLWIDTH_ANY = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FULLWIDTH)) + "]")


def normalise(text: str) -> str:
    for ch in set(_FULLWIDTH_ANY.findall(text)):
        text = text.replace(ch, chr(_FULLWIDTH[ord(ch)]))
    return text


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

