"""Duplicates across a corpus: the same report twice (byte-identical, or the same text up to
whitespace, page furniture, encoding or traditional characters), or two reports for the same
agency and year. Grouping keeps this linear in the size of the corpus."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .model import Document

UNRESOLVED = "000000_"  # agency_id prefix when the place is unknown (assemble.agency_id_of)
_NOT_CONTENT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class DedupeItem:
    report_id: str
    agency_id: str | None
    year: int | None
    fingerprint: str
    n_values: int
    status: str


def fingerprint(doc: Document) -> str:
    """Hash of the normalised text's Han characters, letters and digits (layout, punctuation,
    spaces and encoding do not matter; traditional copies match through Document.norm).
    Page furniture changes it: those copies are caught as the same agency and year."""
    content = _NOT_CONTENT.sub("", doc.view)
    return hashlib.sha1(content.encode("utf-8")).hexdigest() if content else ""


def mark_duplicates(items: list[DedupeItem]) -> dict[str, tuple[str, str]]:
    """report_id -> (kept report_id, note) for every report that is a duplicate.

    Kept: the report with most values read; ties go to the smaller report_id (deterministic).
    """
    live = [it for it in items if it.status not in ("rejected", "error")]
    rank = sorted(live, key=lambda it: (-it.n_values, it.report_id))
    out: dict[str, tuple[str, str]] = {}
    by_text: dict[str, str] = {}
    by_key: dict[tuple, str] = {}
    for it in rank:
        if it.fingerprint and it.fingerprint in by_text:
            out[it.report_id] = (by_text[it.fingerprint], "the same text as the report kept")
            continue
        if it.fingerprint:
            by_text[it.fingerprint] = it.report_id
        if it.agency_id and it.year is not None:
            key = (it.agency_id, it.year)
            if key in by_key:
                note = (f"a second report for the same agency and year ({it.year}); the one with "
                        "more values was kept")
                if it.agency_id.startswith(UNRESOLVED):
                    note += ("; the place of neither could be resolved, so this may be another "
                             "agency of the same name (an adcode column in sources.csv keeps them apart)")
                out[it.report_id] = (by_key[key], note)
                continue
            by_key[key] = it.report_id
    return out
