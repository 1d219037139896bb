"""`ogi build`: raw report files -> tidy tables + datapackage.json.

Recipe: load the manifest and list the inputs; parse every file (read -> metadata -> tables ->
narrative -> assemble -> checks), in parallel processes when asked; mark duplicates; write the
tables and the descriptor. One bad file never stops the build: it becomes a `reports` row that
says what happened.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import assemble
from .manifest import MANIFEST, load_manifest
from .model import Document, ParsedReport, ReportMeta

TABLES = ["observations", "reports", "agencies", "indicators", "checks", "mentions"]
STAGES = ("read", "metadata", "tables", "narrative", "assemble")


@dataclass
class BuildSummary:
    n_files: int = 0
    by_status: Counter = field(default_factory=Counter)
    not_in_manifest: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)   # files whose parsing failed inside ogi
    n_rows: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)   # stage -> seconds (summed over workers)
    wall_seconds: float = 0.0

    def text(self) -> str:
        lines = [f"ogi build: {self.n_files} files in {self.wall_seconds:.1f} s"]
        lines.append("  status: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items())))
        lines.append("  rows: " + ", ".join(f"{k} {v}" for k, v in self.n_rows.items()))
        if self.errors:
            lines.append(f"  {len(self.errors)} internal error(s) (a fault of ogi, not of the file; see "
                         "reports.status_note): " + ", ".join(self.errors[:10])
                         + (" ..." if len(self.errors) > 10 else ""))
        if self.not_in_manifest:
            lines.append(f"  {len(self.not_in_manifest)} file(s) not listed in {MANIFEST} "
                         "(metadata read from their text): " + ", ".join(self.not_in_manifest[:5])
                         + (" ..." if len(self.not_in_manifest) > 5 else ""))
        return "\n".join(lines)


def build(raw: Path, out: Path, *, jobs: int = 1, strict: bool = False,
          formats: tuple[str, ...] = ("csv",), progress: bool | None = None,
          validate: bool = True) -> BuildSummary:
    t0 = time.perf_counter()
    raw, out = Path(raw), Path(out)
    manifest = load_manifest(raw)
    files = list_inputs(raw)
    summary = BuildSummary(n_files=len(files))
    summary.not_in_manifest = [p.relative_to(raw).as_posix() for p in files
                               if manifest and p.relative_to(raw).as_posix() not in manifest]

    from .codebook import load as load_codebook
    from .publish.collect import Collector
    from .publish.write import write_descriptor, write_parquet

    (out / "data").mkdir(parents=True, exist_ok=True)
    collector = Collector(workdir=out / "data")
    try:
        for p in _parse_all(files, raw, manifest, jobs, progress):
            for stage, sec in p.timings.items():
                summary.seconds[stage] = summary.seconds.get(stage, 0.0) + sec
            collector.add(p)
        t = time.perf_counter()
        summary.n_rows = collector.finish(out, [assemble.indicator_row(i) for i in load_codebook().indicators])
    finally:
        collector.close()
    summary.seconds["write"] = time.perf_counter() - t
    summary.by_status = Counter(r["status"] for r in collector.reports)
    summary.n_rows = {name: summary.n_rows[name] for name in TABLES}

    t = time.perf_counter()
    for name in TABLES:
        if "parquet" in formats:
            write_parquet(out, name)
    sources = (raw / MANIFEST)
    sources_rel = sources.relative_to(out).as_posix() if sources.exists() and _inside(sources, out) else None
    write_descriptor(out, TABLES, sources_rel)
    summary.seconds["write"] += time.perf_counter() - t

    if validate:
        t = time.perf_counter()
        from .publish.validate import validate_package
        errors = validate_package(out / "datapackage.json", fast=True)  # frictionless runs in make data and the tests
        summary.seconds["validate"] = time.perf_counter() - t
        if errors:
            raise RuntimeError("datapackage.json does not validate:\n" + "\n".join(errors[:20]))

    summary.wall_seconds = time.perf_counter() - t0
    summary.errors = sorted(r["raw_path"] for r in collector.reports if r["status"] == "error")
    if strict and (summary.by_status.get("rejected") or summary.errors):
        raise SystemExit(f"--strict: {summary.by_status.get('rejected', 0)} file(s) rejected and "
                         f"{len(summary.errors)} internal error(s); see data/reports.csv")
    return summary


# --- inputs -------------------------------------------------------------------------------

def list_inputs(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*")
                  if p.is_file() and p.name != MANIFEST and not p.name.startswith("."))


# --- parsing ----------------------------------------------------------------------------

def _parse_all(files, raw, manifest, jobs, progress):
    show = progress if progress is not None else (len(files) >= 50 and sys.stderr.isatty())
    args = [(str(p), str(raw), manifest.get(p.relative_to(raw).as_posix())) for p in files]
    from tqdm import tqdm

    bar = tqdm(total=len(args), desc="parsing", unit="file", disable=not show, file=sys.stderr)
    if jobs <= 1:
        for a in args:
            yield _parse_one(a)
            bar.update()
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
        with ctx.Pool(jobs) as pool:
            for item in pool.imap(_parse_one, args, chunksize=max(1, min(64, len(args) // (jobs * 8) or 1))):
                yield item
                bar.update()
    bar.close()


def _parse_one(arg) -> ParsedReport:
    from .publish.collect import render

    path, raw, manifest_row = arg
    try:
        return render(parse_file(Path(path), Path(raw), manifest_row))
    except Exception as exc:  # one bad file never stops the build
        rel = Path(path).relative_to(raw).as_posix()
        data = Path(path).read_bytes() if Path(path).exists() else b""
        sha = hashlib.sha256(data).hexdigest()
        note = (f"internal error of ogi while parsing ({type(exc).__name__}: {exc}); the file itself may "
                "be fine: please report it with the file")
        if os.environ.get("OGI_DEBUG"):
            traceback.print_exc()
        return render(ParsedReport(report=assemble.report_row(
            Document(path=rel, sha256=sha, bytes=len(data), format="unknown", text=""),
            ReportMeta(), None, status="error", note=note, manifest_row=manifest_row)))


def parse_file(path: Path, raw: Path, manifest_row: dict | None = None) -> ParsedReport:
    """One file through every stage. Pure: the result depends only on the file's bytes."""
    from .codebook import load as load_codebook
    from .resolve.metadata import own_totals, resolve_metadata
    from .extract.narrative import extract_narrative
    from .read import read_file
    from .extract.tables import extract_tables

    timings = {}
    t = time.perf_counter()
    doc = read_file(path, raw)
    timings["read"] = time.perf_counter() - t
    if doc.read_status == "rejected":
        return ParsedReport(report=assemble.report_row(doc, ReportMeta(), None, status="rejected",
                                                       note=doc.read_note, manifest_row=manifest_row),
                            timings=timings)
    codebook = load_codebook()

    t = time.perf_counter()
    meta = resolve_metadata(doc, manifest_row)
    timings["metadata"] = time.perf_counter() - t
    if not meta.is_report:
        note = "; ".join(["not an annual report on government information disclosure", *meta.notes])
        return ParsedReport(report=assemble.report_row(doc, meta, None, status="rejected", note=note,
                                                       manifest_row=manifest_row), timings=timings)

    t = time.perf_counter()
    tables = extract_tables(doc, codebook)
    timings["tables"] = time.perf_counter() - t

    t = time.perf_counter()
    narrative_values, mentions = extract_narrative(doc, codebook, meta.year, meta.scope, own_totals(meta))
    timings["narrative"] = time.perf_counter() - t

    t = time.perf_counter()
    result = assemble.assemble_report(doc, meta, tables, narrative_values, mentions, codebook,
                                      manifest_row)
    timings["assemble"] = time.perf_counter() - t
    result.timings = timings
    return result


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
