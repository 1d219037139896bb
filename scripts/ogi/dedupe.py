"""Duplicates across a corpus: the same report twice (byte-identical, or the same text up to
whitespace, page furniture, encoding or traditional characters), or two reports for the same
agency and year. Grouping keeps this linear in the size of the corpus."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .model import Document

UNRESOLVED = "000000_"  # agency_id prefix when the place is unknown (assemble.agency_id_of)
_CONTENT = re.compile(r"[^\W_]+")  # Han characters, letters, digits (whitespace is \W too)


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
    content = "".join(_CONTENT.findall(doc.view))  # what [\s\W_]+ removed, left out (faster than sub)
    return hashlib.sha1(content.encode("utf-8")).hexdigest() if content else ""


def mark_duplicates(items: list[DedupeItem]) -> dict[str, tuple[str, str]]:
    """report_id -> (kept report_id, note) for every report that is a duplicate.

    Kept: the report with most values read; ties go to the smaller report_id (deterministic).
    In memory: for a few items (the build itself uses duplicates_sql over its spool).
    """
    live = [it for it in items if it.status not in ("rejected", "error")]
    rank = sorted(live, key=lambda it: (-it.n_values, it.report_id))
    out: dict[str, tuple[str, str]] = {}
    by_text: dict[str, str] = {}
    by_key: dict[tuple, str] = {}
    for it in rank:
        if it.fingerprint and it.fingerprint in by_text:
            out[it.report_id] = (by_text[it.fingerprint], duplicate_note("text", it.agency_id, it.year))
            continue
        if it.fingerprint:
            by_text[it.fingerprint] = it.report_id
        if it.agency_id and it.year is not None:
            key = (it.agency_id, it.year)
            if key in by_key:
                out[it.report_id] = (by_key[key], duplicate_note("key", it.agency_id, it.year))
                continue
            by_key[key] = it.report_id
    return out


# The same choice made in an SQLite database (ogi.publish.collect spools every report there), so
# that a corpus of any size is deduplicated without holding its fingerprints and keys in memory.
# Ranked as above (most values first, then the smaller report_id): a report whose text an earlier
# one already has is a duplicate of the first with that text; among the others, a report whose
# agency and year an earlier one has is a duplicate of the first of them.
DUPLICATES_SQL = """
WITH live AS (
    SELECT report_id, agency_id, year, n_values,
           CASE WHEN fingerprint IS NULL OR fingerprint = '' THEN NULL ELSE
                FIRST_VALUE(report_id) OVER (PARTITION BY fingerprint ORDER BY n_values DESC, report_id)
           END AS by_text
    FROM {table} WHERE status NOT IN ('rejected', 'error')
), by_key AS (
    SELECT report_id,
           FIRST_VALUE(report_id) OVER (PARTITION BY agency_id, year ORDER BY n_values DESC, report_id) AS kept
    FROM live
    WHERE (by_text IS NULL OR by_text = report_id) AND agency_id IS NOT NULL AND agency_id <> ''
          AND year IS NOT NULL
)
SELECT report_id, by_text, 'text' FROM live WHERE by_text <> report_id
UNION ALL
SELECT report_id, kept, 'key' FROM by_key WHERE kept <> report_id
"""


def duplicates_sql(table: str) -> str:
    """A query over `table` (columns report_id, agency_id, year, fingerprint, n_values, status)
    giving (report_id, kept report_id, 'text' or 'key') for every duplicate: mark_duplicates's
    choice, computed by the database."""
    return DUPLICATES_SQL.format(table=table)


def duplicate_note(kind: str, agency_id: str | None, year: int | None) -> str:
    """The note of a duplicate of `kind` ('text' or 'key'), as mark_duplicates writes it."""
    if kind == "text":
        return "the same text as the report kept"
    note = f"a second report for the same agency and year ({year}); the one with more values was kept"
    if agency_id.startswith(UNRESOLVED):
        note += ("; the place of neither could be resolved, so this may be another agency of the "
                 "same name (an adcode column in sources.csv keeps them apart)")
    return note
