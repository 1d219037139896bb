"""The last look before anything is published: every free-text cell of every written table (CSV,
and Parquet when written) is scanned for personal data with ogi.privacy's patterns, and for a
cell a spreadsheet would run as a formula. Redaction and escaping happen earlier (assemble,
write); this scan is what makes a miss fail the build instead of reaching a release.

A finding raises PublishedPersonalData naming the table, column and row (never the data); the
build runs the scan on its staging folder, so a failed build replaces nothing.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .. import privacy
from .write import formula_like, resource_spec, text_fields

BATCH = 20_000  # rows scanned together: one pass of each pattern over a column's joined cells
# Cells are joined with \x00, which no pattern matches, so nothing is found across two cells;
# the \n around it ends a name as the end of a cell does. A hit is confirmed cell by cell.
_JOIN = "\n\x00\n"


class PublishedPersonalData(RuntimeError):
    """Personal data (or a formula) in a table about to be published."""


@dataclass(frozen=True)
class Finding:
    path: Path
    column: str
    row: int    # 1 = the first row under the header
    key: str    # the row's primary key
    what: str   # the kinds found

    def text(self) -> str:
        return f"{self.path.name}: column {self.column}, row {self.row} ({self.key}): {self.what}"


def check_no_leaks(out: Path, names, formats=("csv",)) -> None:
    """Scan the written tables of a build; raise if any published cell holds personal data."""
    findings: list[Finding] = []
    for name in names:
        findings += scan_csv(out / "data" / f"{name}.csv", name)
        if "parquet" in formats:
            findings += scan_parquet(out / "data" / f"{name}.parquet", name)
    if findings:
        lines = [f.text() for f in findings[:20]] + (["..."] if len(findings) > 20 else [])
        raise PublishedPersonalData(f"{len(findings)} cell(s) about to be published hold personal data "
                                    "or a formula (nothing was published):\n" + "\n".join(lines))


def scan_csv(path: Path, name: str) -> list[Finding]:
    findings: list[Finding] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        batch, first = [], 1
        for row in reader:
            batch.append(row)
            if len(batch) == BATCH:
                findings += _scan_rows(path, name, header, batch, first)
                first += len(batch)
                batch = []
        findings += _scan_rows(path, name, header, batch, first)
    return findings


def scan_parquet(path: Path, name: str) -> list[Finding]:
    import polars as pl

    frame = pl.scan_parquet(path)
    header = frame.collect_schema().names()
    wanted = [c for c in header if c in text_fields(name) or c in resource_spec(name)["primary_key"]]
    n = frame.select(pl.len()).collect().item()
    findings: list[Finding] = []
    for first in range(0, n, BATCH):  # in slices: a national table is never read whole
        part = frame.slice(first, BATCH).select(wanted).collect()
        rows = [["" if v is None else str(v) for v in r] for r in part.rows()]
        findings += _scan_rows(path, name, wanted, rows, first + 1)
    return findings


def _scan_rows(path: Path, name: str, header: list[str], rows: list[list[str]], first: int) -> list[Finding]:
    if not rows:
        return []
    texts = text_fields(name)
    keys = [(k, header.index(k)) for k in resource_spec(name)["primary_key"] if k in header]
    findings = []
    for i, column in enumerate(header):
        if column not in texts:
            continue
        cells = [r[i] if i < len(r) else "" for r in rows]
        if not privacy.find_personal(_JOIN.join(cells)) and not any(map(formula_like, cells)):
            continue
        for n, cell in enumerate(cells):
            kinds = sorted({kind for _, _, kind in privacy.find_personal(cell)})
            if formula_like(cell):
                kinds.append("a cell a spreadsheet would run as a formula")
            if kinds:
                key = ", ".join(f"{k}={rows[n][j]}" for k, j in keys if j < len(rows[n]))
                findings.append(Finding(path, column, first + n, key, "; ".join(kinds)))
    return findings
