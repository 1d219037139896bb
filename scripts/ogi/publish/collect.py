"""Collect what every parsed file contributes into the package's tables, in bounded memory.

Each report's rows arrive rendered as CSV text (sorted within the report). They are spooled to
temporary files in arrival order; everything else the parent learns of a report (its row, the
byte range of its rows in each spool file, the ids given, its agency's names, its duplicate
fingerprint) goes into an SQLite database beside them (ogi.publish.spool), never into memory.
Once duplicates are known (ogi.dedupe.duplicates_sql, in the database), each table is written
by streaming: the spooled rows by copying the byte ranges of the reports it publishes, in the
table's key order (observations by agency and year, checks and mentions by report), the reports,
agencies and agency names from the database in their key order. The parent's memory is thus the
same for a hundred reports or three million; the spool lives in the staging folder and goes with
it.
"""
from __future__ import annotations

import csv
import pickle
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..dedupe import duplicate_note, duplicates_sql
from ..model import ParsedReport
from . import spool
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


BATCH = 500  # rows rendered at a time when a table is written from the spool
_LIVE = "status NOT IN ('rejected', 'error')"
_PUBLISHED = "status IN ('parsed', 'partial')"
_SCHEMA = """
CREATE TABLE reports (
    report_id TEXT PRIMARY KEY NOT NULL,
    asked INTEGER NOT NULL,      -- how many reports asked for this id (the next gets _<asked + 1>)
    agency_id TEXT, year INTEGER, status TEXT NOT NULL, n_values INTEGER NOT NULL, fingerprint TEXT,
    row BLOB NOT NULL,           -- the report row as it arrived (pickled)
    duplicate_of TEXT, duplicate_kind TEXT,
    observations_at INTEGER, observations_len INTEGER, observations_n INTEGER,
    checks_at INTEGER, checks_len INTEGER, checks_n INTEGER,
    mentions_at INTEGER, mentions_len INTEGER, mentions_n INTEGER
);
-- one row per agency and name its reports give it: the years and reports seen, and the agency
-- row of the latest report giving it (most recent year, then largest report_id)
CREATE TABLE names (
    agency_id TEXT NOT NULL, name_zh TEXT NOT NULL, first_year INTEGER, last_year INTEGER,
    n_reports INTEGER NOT NULL, latest_year INTEGER NOT NULL, latest_id TEXT NOT NULL, row BLOB NOT NULL,
    PRIMARY KEY (agency_id, name_zh)
) WITHOUT ROWID;
CREATE TABLE duplicates (report_id TEXT PRIMARY KEY, kept TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID;
"""
_ADD_NAME = """
INSERT INTO names VALUES (:aid, :name, :year, :year, 1, :latest_year, :rid, :row)
ON CONFLICT (agency_id, name_zh) DO UPDATE SET
    first_year = CASE WHEN excluded.first_year IS NULL THEN first_year
                      WHEN first_year IS NULL OR excluded.first_year < first_year THEN excluded.first_year
                      ELSE first_year END,
    last_year = CASE WHEN excluded.last_year IS NULL THEN last_year
                     WHEN last_year IS NULL OR excluded.last_year > last_year THEN excluded.last_year
                     ELSE last_year END,
    n_reports = n_reports + 1,
    latest_year = CASE WHEN (excluded.latest_year, excluded.latest_id) > (latest_year, latest_id)
                       THEN excluded.latest_year ELSE latest_year END,
    latest_id = CASE WHEN (excluded.latest_year, excluded.latest_id) > (latest_year, latest_id)
                     THEN excluded.latest_id ELSE latest_id END,
    row = CASE WHEN (excluded.latest_year, excluded.latest_id) > (latest_year, latest_id)
               THEN excluded.row ELSE row END
"""


class Collector:
    """Takes every ParsedReport (rendered) in input order; `finish` writes the tables. After
    finish: `by_status` (reports by final status) and `errors` (raw_path of every report whose
    parsing failed inside ogi, sorted)."""

    def __init__(self, workdir: Path | None = None):
        self._tmp = tempfile.TemporaryDirectory(dir=workdir, prefix=".ogi-build-")
        folder = Path(self._tmp.name)
        self._files = {n: open(folder / f"{n}.csv", "w+b") for n in SPOOLED}
        self._db = spool.connect(folder / "spool.sqlite")
        self._db.executescript(_SCHEMA)
        self.n_reports = 0
        self.by_status: Counter = Counter()
        self.errors: list[str] = []

    def add(self, p) -> None:
        rep = p.report
        rid = self._unique_id(rep["report_id"])
        spans = {}
        for name in SPOOLED:
            data = "".join(rid + record for record in p.chunks.get(name, ())).encode("utf-8")
            if data:
                f = self._files[name]
                spans[name] = (f.tell(), len(data), data.count(b"\n"))
                f.write(data)
            else:
                spans[name] = (None, None, None)
        self._db.execute(
            "INSERT INTO reports VALUES (?, 1, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, rep["agency_id"], rep["year"], rep["status"], rep["n_observations"], p.fingerprint,
             pickle.dumps(dict(rep, report_id=rid), protocol=pickle.HIGHEST_PROTOCOL),
             *spans["observations"], *spans["checks"], *spans["mentions"]))
        if p.agency:
            self._db.execute(_ADD_NAME, {
                "aid": p.agency["agency_id"], "name": p.agency["name_zh"], "year": rep["year"],
                "latest_year": rep["year"] or 0, "rid": rid,
                "row": pickle.dumps(p.agency, protocol=pickle.HIGHEST_PROTOCOL)})
        self.n_reports += 1

    def _unique_id(self, rid: str) -> str:
        """Identical files (or two whose hashes share their first digits) ask for one id: the
        first in path order keeps it, the next get _2, _3… — unique whatever the inputs."""
        n = self._asked(rid) + 1
        if n == 1:
            return rid
        self._db.execute("UPDATE reports SET asked = ? WHERE report_id = ?", (n, rid))
        base, rid = rid, f"{rid}_{n}"
        while self._asked(rid):
            n += 1
            rid = f"{base}_{n}"
        return rid

    def _asked(self, rid: str) -> int:
        row = self._db.execute("SELECT asked FROM reports WHERE report_id = ?", (rid,)).fetchone()
        return row[0] if row else 0

    def finish(self, out: Path, indicators: list[dict]) -> dict[str, int]:
        db = self._db
        db.execute("INSERT INTO duplicates " + duplicates_sql("reports"))
        db.execute(f"""UPDATE reports SET status = 'duplicate',
                           duplicate_of = (SELECT kept FROM duplicates d WHERE d.report_id = reports.report_id),
                           duplicate_kind = (SELECT kind FROM duplicates d WHERE d.report_id = reports.report_id)
                       WHERE {_LIVE} AND report_id IN (SELECT report_id FROM duplicates)""")
        orders = {
            "observations": (_PUBLISHED, "coalesce(agency_id, ''), coalesce(year, 0), report_id"),
            "checks": (_PUBLISHED, "report_id"),
            "mentions": (_LIVE, "report_id"),  # mentions stay for duplicates too: nothing read is lost
        }
        counts = {}
        for name in SPOOLED:
            f = self._files[name]
            f.flush()
            where, order = orders[name]
            spans = db.execute(f"SELECT {name}_at, {name}_len FROM reports "
                               f"WHERE {where} AND {name}_at IS NOT NULL ORDER BY {order}")
            write_table_pieces(out, name, self._pieces(f, spans))
            counts[name] = db.execute(f"SELECT coalesce(sum({name}_n), 0) FROM reports "
                                      f"WHERE {where} AND {name}_at IS NOT NULL").fetchone()[0]
        write_table_pieces(out, "reports", self._report_pieces())
        write_table_pieces(out, "agencies", _batches("agencies", self._agency_rows()))
        write_table_pieces(out, "agency_names", _batches("agency_names", self._agency_names()))
        write_table(out, "indicators", indicators)
        n_agencies, n_names = db.execute("SELECT count(DISTINCT agency_id), count(*) FROM names").fetchone()
        counts.update(reports=self.n_reports, agencies=n_agencies, indicators=len(indicators),
                      agency_names=n_names)
        self.close()
        return counts

    def _report_pieces(self):
        """The reports in report_id order, as published: duplicates marked, no values counted
        for a report whose values are not published. Counts the statuses on the way."""
        rows = []
        query = "SELECT row, status, duplicate_of, duplicate_kind FROM reports ORDER BY report_id"
        for blob, status, kept, kind in self._db.execute(query):
            rep = pickle.loads(blob)
            if kept is not None:
                note = duplicate_note(kind, rep["agency_id"], rep["year"])
                rep["status"], rep["duplicate_of"] = status, kept
                rep["status_note"] = "; ".join(x for x in (note, rep["status_note"]) if x)
            if status not in ("parsed", "partial"):
                rep["n_observations"] = 0
            self.by_status[status] += 1
            if status == "error":
                self.errors.append(rep["raw_path"])
            rows.append(rep)
            if len(rows) >= BATCH:
                yield render_rows("reports", rows)
                rows = []
        if rows:
            yield render_rows("reports", rows)
        self.errors.sort()

    def _agency_names(self):
        """One row per agency and name its reports give it (ogi.agency_identity folds the names
        of one agency into one id; this keeps them), with the years and reports seen."""
        query = "SELECT agency_id, name_zh, first_year, last_year, n_reports FROM names ORDER BY agency_id, name_zh"
        for aid, name, first, last, n in self._db.execute(query):
            yield {"agency_id": aid, "name_zh": name, "first_year": first, "last_year": last, "n_reports": n}

    def _agency_rows(self):
        """Each agency's row under its latest name (the most recent year seen, then
        the name most reports give, then the first in sort order), as the latest report giving
        that name has it."""
        query = "SELECT agency_id, last_year, n_reports, row FROM names ORDER BY agency_id, name_zh"
        best = None
        for aid, last, n, row in self._db.execute(query):
            rank = (last or 0, n)
            if best is not None and best[0] != aid:
                yield pickle.loads(best[2])
                best = None
            if best is None or rank > best[1]:
                best = (aid, rank, row)
        if best is not None:
            yield pickle.loads(best[2])

    def _pieces(self, f, spans):
        for start, length in spans:
            f.seek(start)
            yield f.read(length).decode("utf-8")

    def close(self) -> None:
        if self._db is not None:
            spool.close(self._db)
            self._db = None
        for f in self._files.values():
            f.close()
        self._tmp.cleanup()


def _batches(name: str, rows):
    """Rows rendered a batch at a time."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield render_rows(name, batch)
            batch = []
    if batch:
        yield render_rows(name, batch)


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
