"""Collect what every parsed file contributes into the package's tables, in bounded memory.

Each report's rows arrive rendered as CSV text (sorted within the report). They are spooled to
temporary files in arrival order, with the byte range of every report; only the report rows,
agencies and duplicate fingerprints stay in memory. Once duplicates are known, each table is
written by copying the byte ranges of the reports it publishes, in the table's key order
(observations by agency and year, checks and mentions by report). A corpus of national size
thus never holds its millions of observations in memory at once.
"""
from __future__ import annotations

import csv
import tempfile
from dataclasses import replace
from pathlib import Path

from ..dedupe import DedupeItem, mark_duplicates
from ..model import ParsedReport
from .write import render_rows, write_table, write_table_pieces

SPOOLED = ("observations", "checks", "mentions")


def render(p: ParsedReport) -> ParsedReport:
    """The report's rows as CSV records sorted within the report, counted on the report row, each
    record without its report_id (the first column): the parent, which alone sees every file,
    gives the report its id. Done in the worker process, so the parent only spools text."""
    from ..codebook import load
    from ..identities import check_rows

    mentions = {m["char_start"]: m for m in p.mentions}  # one mention per position
    # every identity of the report's template gets a row, evaluated or not (and why not)
    checks = {c["check_id"]: c for c in check_rows(p.checks, p.observations, p.report.get("template"), load())}
    report = dict(p.report, n_observations=len(p.observations), n_mentions=len(mentions))
    chunks = {
        "observations": _records("observations", sorted(p.observations, key=lambda o: o["indicator_id"])),
        "checks": _records("checks", [checks[k] for k in sorted(checks)]),
        "mentions": _records("mentions", [mentions[k] for k in sorted(mentions)]),
    }
    return replace(p, report=report, observations=[], checks=[], mentions=[], chunks=chunks)


def _records(name: str, rows: list[dict]) -> list[str]:
    """One CSV record per row, the report_id left empty (the record starts with its comma)."""
    return [render_rows(name, [dict(row, report_id=None)]) for row in rows]


class Collector:
    def __init__(self, workdir: Path | None = None):
        self._tmp = tempfile.TemporaryDirectory(dir=workdir, prefix=".ogi-build-")
        self._files = {n: open(Path(self._tmp.name) / f"{n}.csv", "w+b") for n in SPOOLED}
        self.reports: list[dict] = []
        self.agencies: dict[str, dict] = {}
        # (agency_id, name) -> (year, report_id, agency row) of every report giving that name
        self._names: dict[tuple[str, str], list[tuple[int | None, str, dict]]] = {}
        self._spans: dict[str, dict[str, tuple[int, int]]] = {n: {} for n in SPOOLED}
        self._items: list[DedupeItem] = []
        self._taken: dict[str, int] = {}  # report ids given, and how many times each was asked for

    def add(self, p) -> None:
        rep = dict(p.report)
        rid = rep["report_id"]
        # identical files (or two whose hashes share their first digits) ask for one id: the
        # first in path order keeps it, the next get _2, _3… — unique whatever the inputs
        n = self._taken.get(rid, 0) + 1
        self._taken[rid] = n
        if n > 1:
            rid = f"{rid}_{n}"
            while rid in self._taken:
                n += 1
                rid = f"{rep['report_id']}_{n}"
            self._taken[rid] = 1
        rep["report_id"] = rid
        for name in SPOOLED:
            data = "".join(rid + record for record in p.chunks.get(name, ())).encode("utf-8")
            if data:
                f = self._files[name]
                start = f.tell()
                f.write(data)
                self._spans[name][rid] = (start, len(data), data.count(b"\n"))
        if p.agency:
            self.agencies.setdefault(p.agency["agency_id"], p.agency)
            self._names.setdefault((p.agency["agency_id"], p.agency["name_zh"]), []).append(
                (rep["year"], rid, p.agency))
        self._items.append(DedupeItem(report_id=rid, agency_id=rep["agency_id"], year=rep["year"],
                                      fingerprint=p.fingerprint, n_values=rep["n_observations"],
                                      status=rep["status"]))
        self.reports.append(rep)

    def finish(self, out: Path, indicators: list[dict]) -> dict[str, int]:
        duplicates = mark_duplicates(self._items)
        for rep in self.reports:
            rid = rep["report_id"]
            if rid in duplicates and rep["status"] not in ("rejected", "error"):
                kept, note = duplicates[rid]
                rep["status"], rep["duplicate_of"] = "duplicate", kept
                rep["status_note"] = "; ".join(x for x in (note, rep["status_note"]) if x)
            if rep["status"] not in ("parsed", "partial"):
                rep["n_observations"] = 0
        published = [r for r in self.reports if r["status"] in ("parsed", "partial")]
        order = {
            "observations": sorted(published, key=lambda r: (r["agency_id"] or "", r["year"] or 0, r["report_id"])),
            "checks": sorted(published, key=lambda r: r["report_id"]),
            # mentions stay for duplicates too: nothing read is lost
            "mentions": sorted((r for r in self.reports if r["status"] not in ("rejected", "error")),
                               key=lambda r: r["report_id"]),
        }
        counts = {}
        for name in SPOOLED:
            f, spans = self._files[name], self._spans[name]
            f.flush()
            keep = [r["report_id"] for r in order[name] if r["report_id"] in spans]
            write_table_pieces(out, name, self._pieces(f, spans, keep))
            counts[name] = sum(spans[rid][2] for rid in keep)
        self.reports.sort(key=lambda r: r["report_id"])
        write_table(out, "reports", self.reports)
        names = self._agency_names()
        write_table(out, "agencies", sorted(self._agency_rows(names).values(), key=lambda a: a["agency_id"]))
        write_table(out, "agency_names", names)
        write_table(out, "indicators", indicators)
        counts.update(reports=len(self.reports), agencies=len(self.agencies), indicators=len(indicators),
                      agency_names=len(names))
        self.close()
        return counts

    def _agency_names(self) -> list[dict]:
        """One row per agency and name its reports give it (ogi.agency_identity folds the names
        of one agency into one id; this keeps them), with the years and reports seen."""
        rows = []
        for (aid, name), seen in sorted(self._names.items()):
            years = [y for y, _, _ in seen if y is not None]
            rows.append({"agency_id": aid, "name_zh": name, "first_year": min(years, default=None),
                         "last_year": max(years, default=None), "n_reports": len(seen)})
        return rows

    def _agency_rows(self, names: list[dict]) -> dict[str, dict]:
        """Each agency's row under its latest name (the most recent year seen, then the name most
        reports give, then the first in sort order), as the latest report giving that name has it."""
        best: dict[str, dict] = {}
        for n in names:
            rank = (n["last_year"] or 0, n["n_reports"])
            old = best.get(n["agency_id"])
            if old is None or rank > (old["last_year"] or 0, old["n_reports"]):
                best[n["agency_id"]] = n
        rows = {}
        for aid, n in best.items():
            seen = self._names[aid, n["name_zh"]]
            rows[aid] = max(seen, key=lambda s: (s[0] or 0, s[1]))[2]
        return rows

    def _pieces(self, f, spans, keep):
        for rid in keep:
            start, length, _ = spans[rid]
            f.seek(start)
            yield f.read(length).decode("utf-8")

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._tmp.cleanup()



NOTE_MAX = 240  # characters of a status note printed in the summary (the table has it whole)


def set_aside_text(reports_csv: Path) -> str:
    """Every file of a build that was rejected or failed, each with why (its status_note), from
    the reports table the build wrote: the end of the build summary."""
    with Path(reports_csv).open(encoding="utf-8", newline="") as f:
        rows = sorted((r for r in csv.DictReader(f) if r["status"] in ("rejected", "error")),
                      key=lambda r: r["raw_path"])
    if not rows:
        return ""
    lines = [f"  {len(rows)} file(s) set aside, each with why (reports.status_note; rejected: not read as "
             "an annual report, error: a fault of ogi to report):"]
    for r in rows:
        note = " ".join((r["status_note"] or "no note").split())
        if len(note) > NOTE_MAX:
            note = note[:NOTE_MAX - 1] + "…"
        lines.append(f"    {r['status']}: {r['raw_path']}: {note}")
    return "\n".join(lines)
