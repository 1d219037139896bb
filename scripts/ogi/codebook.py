"""The codebook as reviewed data: indicators, the cells of the national templates, identities.

scripts/ogi/codebook/*.csv are the single source; data/indicators.csv is written from them and
extractors read their labels from them (no label strings in extractor code).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).with_name("codebook")


@dataclass
class Codebook:
    indicators: tuple[dict, ...]
    template_cells: tuple[dict, ...]
    identities: tuple[dict, ...]

    def __post_init__(self) -> None:
        self._by_id = {i["indicator_id"]: i for i in self.indicators}
        self.ids = frozenset(self._by_id)
        self._cells: dict = {}
        for c in self.template_cells:
            c["key"] = label_key(c["row_label"])  # the row label as extractors match it

    def get(self, indicator_id: str) -> dict | None:
        return self._by_id.get(indicator_id)

    def cells(self, template: str | None, table: str | None = None) -> list[dict]:
        """Template cells in order; template None gives every template."""
        key = (template, table)
        if key not in self._cells:
            self._cells[key] = [c for c in self.template_cells
                                if (template is None or c["template"] == template)
                                and (table is None or c["table"] == table)]
        return self._cells[key]


def _read(name: str) -> tuple[dict, ...]:
    with (HERE / name).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def load() -> Codebook:
    return Codebook(_read("indicators.csv"), _read("template_cells.csv"), _read("identities.csv"))


_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.．、]|其中[,，:：]?)+")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_PUNCT = re.compile(r"[\s,，、.．:：;；“”\"'《》<>/|]")


@lru_cache(maxsize=8192)  # table labels repeat across a corpus
def label_key(label: str) -> str:
    return reduce_label(label)


def reduce_label(label: str) -> str:
    """A row label reduced for matching: numbering, notes in brackets, spaces, punctuation removed."""
    s = _NUMBERING.sub("", label.strip())
    s = _PAREN.sub("", s)
    s = _NUMBERING.sub("", s)
    return _PUNCT.sub("", s)
