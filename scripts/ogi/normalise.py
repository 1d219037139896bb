"""Normalise decoded text for matching without moving any offset.

``norm`` has exactly the length of ``text``: every change is one character for one character
(full-width ASCII to ASCII, ideographic space to space, traditional to simplified characters).
Extractors match on ``norm`` and report spans that index ``text``.
"""
from __future__ import annotations

import functools

# Full-width forms U+FF01..U+FF5E map one-to-one onto ASCII U+0021..U+007E.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x2212] = 0x2D  # minus sign


def normalise(text: str) -> str:
    return text.translate(_FULLWIDTH)
