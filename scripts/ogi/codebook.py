"""The codebook and the genre's vocabulary as reviewed data: indicators, the cells of the national
templates, identities, units, report markers, narrative cues, agency words.

scripts/ogi/codebook/*.csv are the single source (each documented in codebook/README.md) and this
module is their one loader: `table(name)` reads one, read-only and cached; `load()` assembles the
codebook proper. data/indicators.csv is written from them and extractors read their labels and
words from them (no label strings in extractor code).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

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


@lru_cache(maxsize=None)
def table(name: str) -> tuple[MappingProxyType, ...]:
    """The rows of codebook/<name>.csv, read once; read-only, so no caller changes what another reads."""
    with (HERE / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return tuple(MappingProxyType(row) for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def load() -> Codebook:
    cells = tuple(dict(c, key=label_key(c["row_label"])) for c in table("template_cells"))  # the label as matched
    return Codebook(tuple(dict(r) for r in table("indicators")), cells, tuple(dict(r) for r in table("identities")))


def table_words(kind: str) -> tuple[str, ...]:
    """The words of one kind in codebook/table_words.csv (markers and header words of the tables)."""
    return tuple(r["word"] for r in table("table_words") if r["kind"] == kind)


# --- units (codebook/units.csv) -------------------------------------------------------------

@lru_cache(maxsize=1)
def counters() -> tuple[str, ...]:
    """Counter words and units written after a number, longest first (万人次 before 人次 before 人)."""
    units = [r["unit"] for r in table("units") if r["kind"] in ("counter", "currency")]
    return tuple(sorted(units, key=len, reverse=True))


@lru_cache(maxsize=1)
def currency() -> dict[str, Decimal]:
    """Money units and their factor to 元: amounts convert exactly between them."""
    return {r["unit"]: Decimal(r["factor"]) for r in table("units") if r["kind"] == "currency"}


def is_signed_unit(unit: str) -> bool:
    """A unit of signed changes (±项): its values may be negative."""
    return unit in _change_units()


@lru_cache(maxsize=1)
def _change_units() -> frozenset[str]:
    return frozenset(r["unit"] for r in table("units") if r["kind"] == "change")


def unit_label_en(unit: str) -> str:
    """The English name of a unit, for axes and legends; the unit itself when it has none."""
    return next((r["label_en"] for r in table("units") if r["unit"] == unit and r["label_en"]), unit)


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
