"""Faster scans that find exactly what the plain ones find.

Python's regular expressions skip quickly to where a match can begin only when a pattern starts
with a literal or a character class. A pattern that starts with a look-behind ((?<!\\d)[1-9]…) or
with a group of alternatives (电话|传真|[Tt]el…) is tried in full at every position of the text.
`first_class` reads a pattern and lists the characters a match of it can start with; `gated`
puts that list in front as a look-ahead, which rejects all other positions at once. The matches
(spans, groups) are the same: a match that is not empty starts with one of those characters.
`needed_words` lists words every match holds (编制, 由…): a text without them needs no scan.

The patterns are read with the standard library's own parser (re._parser, Python 3.11); a
pattern it cannot read, or whose first characters or words cannot be listed, is scanned as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as _c, _parser

_CATEGORY = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
             _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


@lru_cache(maxsize=None)
def first_class(pattern: str) -> str | None:
    """A character class ([…]) of the characters a match of `pattern` can start with (look-arounds
    and anchors skipped), or None when they cannot be listed: a negated class ([^。]), any
    character (.), a pattern that can match the empty string, a flag that ignores case."""
    try:
        parsed = _parser.parse(pattern)
        if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
            return None
        items, empty = _seq(parsed)
    except Exception:  # noqa: BLE001 - a pattern this cannot read is simply scanned in full
        return None
    if items is None or empty or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


@lru_cache(maxsize=None)
def gated(rx: re.Pattern) -> re.Pattern:
    """The same pattern with a look-ahead for its first characters in front, when they can be
    listed and the pattern does not already start with a literal (which the engine skips to by
    itself); else the pattern itself. Same matches, same groups."""
    cls = first_class(rx.pattern)
    if cls is None or rx.flags & re.VERBOSE or _skipped_to(rx.pattern):
        return rx
    try:
        return re.compile(f"(?={cls})(?:{rx.pattern})", rx.flags)
    except re.error:  # a flag written inside the pattern
        return rx


def _skipped_to(pattern: str) -> bool:
    """Whether the engine skips to where a match can start by itself: a pattern that starts with
    a literal, a character class, or alternatives that all start with a literal."""
    data = _parser.parse(pattern).data
    while data and data[0][0] is _c.SUBPATTERN:
        data = data[0][1][3].data
    if not data:
        return False
    op, av = data[0]
    if op is _c.BRANCH:
        return all(alt.data and alt.data[0][0] is _c.LITERAL for alt in av[1])
    return op is _c.LITERAL or op is _c.IN


def _seq(items) -> tuple[set[str] | None, bool]:
    """(the class items a match of the sequence can start with, whether it can match nothing)"""
    out: set[str] = set()
    for op, av in items:
        first, empty = _item(op, av)
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _item(op, av) -> tuple[set[str] | None, bool]:
    if op is _c.LITERAL:
        return {_escape(av)}, False
    if op is _c.IN:
        out = set()
        for o, a in av:
            if o is _c.LITERAL:
                out.add(_escape(a))
            elif o is _c.RANGE:
                out.add(_escape(a[0]) + "-" + _escape(a[1]))
            elif o is _c.CATEGORY and a in _CATEGORY:
                out.add(_CATEGORY[a])
            else:  # NEGATE, a big character set
                return None, False
        return out, False
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return set(), True
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        if add_flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
            return None, False
        return _seq(sub)
    if op is _c.ATOMIC_GROUP:
        return _seq(av)
    if op is _c.BRANCH:
        out, empty = set(), False
        for alternative in av[1]:
            first, e = _seq(alternative)
            if first is None:
                return None, False
            out |= first
            empty = empty or e
        return out, empty
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        lo, _, sub = av
        first, empty = _seq(sub)
        return first, empty or lo == 0
    return None, False  # ANY, GROUPREF, conditional groups…


def _escape(code: int) -> str:
    return re.escape(chr(code))


@lru_cache(maxsize=None)
def needed_words(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of words such that every match of `pattern` holds a word of each set (the literal
    runs and the groups of literal alternatives that no match can skip); () when none is known.
    A text that lacks every word of one set holds no match."""
    try:
        parsed = _parser.parse(pattern)
        if parsed.state.flags & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
            return ()
        return tuple(_needed(parsed))
    except Exception:  # noqa: BLE001 - nothing known: the pattern is always run
        return ()


def occurrences(word: str, text: str, *, overlapping: bool = False):
    """Where `word` (not empty) starts in `text`, left to right: none overlapping, the starts of
    re.finditer(re.escape(word), text); or every one, the places a search for the word followed or
    preceded by a condition tries. Without compiling a pattern for each word (one is compiled anew
    once re's cache of 512 holds other words, which costs more than the search)."""
    step = 1 if overlapping else len(word)
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + step)


def may_match(rx: re.Pattern, text: str) -> bool:
    """False when `text` lacks every word of one of the sets `needed_words` gives: no match."""
    for words in needed_words(rx.pattern):  # (loops, not all/any of generators: called very often)
        for w in words:
            if w in text:
                break
        else:
            return False
    return True


def _needed(items) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            out.append(frozenset([run]))
            run = ""
        if op is _c.SUBPATTERN:
            if not av[1] & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_LOCALE):
                out += _needed(av[3])
        elif op is _c.BRANCH:
            words = _alternatives(av[1])
            if words:
                out.append(words)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _needed(av[2])
    if run:
        out.append(frozenset([run]))
    return out


def _alternatives(alternatives) -> frozenset[str] | None:
    """Words one of which every match of the alternatives holds (of each alternative, its
    smallest set), or None when an alternative needs no word."""
    words: set[str] = set()
    for alternative in alternatives:
        sets = _needed(alternative)
        if not sets:
            return None
        words |= min(sets, key=len)  # the alternative's smallest set
    return frozenset(words)
