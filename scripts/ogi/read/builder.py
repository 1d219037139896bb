"""Text rendered from a document with structure, with the spans that came from tables."""
from __future__ import annotations

import re

from ..model import TableBlock


class TextBuilder:
    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[TableBlock] = []

    def add(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n")

    def text(self) -> str:
        text = "".join(self.parts)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n" if text.strip() else ""
