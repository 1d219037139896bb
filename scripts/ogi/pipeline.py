"""`ogi build`: raw report files -> tidy tables + datapackage.json.

The recipe: check the folders; load the manifest and list the inputs; parse every file
(read -> resolve -> extract -> assemble) in a process per core, or on a Dask cluster
(ogi.cluster), unless the parse cache holds its result (ogi.cache); collect the rows
(duplicates marked, ids made unique); write the package into a staging folder, validate it, scan
it for personal data, and move it into place. One bad file never stops the build: it becomes a
`reports` row that says what happened. Nothing the user had is lost (ogi.publish.outdir).
"""
from __future__ import annotations

import hashlib
import os
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import assemble
from .manifest import MANIFEST, load_manifest
from .model import Document, ParsedReport, ReportMeta
from .settings import FILE_SECONDS_MAX

TABLES = ["observations", "reports", "agencies", "agency_names", "indicators", "checks", "mentions"]
# what a build writes: anything else in the output folder is never touched
OWNED = {"datapackage.json"} | {f"data/{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")}


@dataclass
class BuildSummary:
    n_files: int = 0
    by_status: Counter = field(default_factory=Counter)
    not_in_manifest: list[str] = field(default_factory=list)  # the first five
    n_not_in_manifest: int = 0
    errors: list[str] = field(default_factory=list)   # files whose parsing failed inside ogi
    n_rows: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)   # stage -> seconds (summed over workers)
    wall_seconds: float = 0.0
    cache: str = ""   # what the parse cache served

    def text(self) -> str:
        lines = [f"ogi build: {self.n_files} files in {self.wall_seconds:.1f} s"]
        lines.append("  status: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items())))
        lines.append("  rows: " + ", ".join(f"{k} {v}" for k, v in self.n_rows.items()))
        if self.cache:
            lines.append("  " + self.cache)
        if self.errors:
            lines.append(f"  {len(self.errors)} internal error(s) (a fault of ogi, not of the file; see "
                         "reports.status_note): " + ", ".join(self.errors[:10])
                         + (" ..." if len(self.errors) > 10 else ""))
        if self.n_not_in_manifest:
            lines.append(f"  {self.n_not_in_manifest} file(s) not listed in {MANIFEST} "
                         "(metadata read from their text): " + ", ".join(self.not_in_manifest[:5])
                         + (" ..." if self.n_not_in_manifest > 5 else ""))
        return "\n".join(lines)


@dataclass(frozen=True)
class Input:
    """One entry of the raw folder: a file to read, or something reported and not read."""
    rel: str                 # path relative to the raw folder, forward slashes, printable
    path: Path | None        # what is read; None when it is not
    problem: str = ""        # why it is not read
    name_note: str = ""      # the name had to be written another way (control characters, bad bytes)


def build(raw: Path, out: Path, *, jobs: int | None = None, strict: bool = False,
          formats: tuple[str, ...] = ("csv",), progress: bool | None = None,
          validate: bool = True, force: bool = False, scheduler=None,
          cache: Path | None = None) -> BuildSummary:
    """`jobs`: worker processes (default: one per core). `scheduler`: parse on a Dask cluster
    instead (an address, a scheduler file, a Client or a cluster object; ogi.cluster). `cache`:
    a folder for the parse cache (ogi.cache; None: every file parsed)."""
    from .publish import outdir

    t0 = time.perf_counter()
    raw, out = Path(raw), Path(out)
    outdir.check_folders(raw, out, force=force)
    existed = out.exists()
    stage = outdir.staging(out)
    manifest = inputs = None
    try:
        from .publish.spool import SpooledList, SpooledMapping

        # the manifest's rows and the inputs in path order, on disk in the staging folder: none is
        # held in memory for the whole build
        manifest = load_manifest(raw, SpooledMapping(stage))
        parse_cache = _open_cache(cache, raw, out) if cache is not None else None
        inputs = SpooledList(stage, walk_inputs(raw), key=_by_path)
        summary = BuildSummary(n_files=len(inputs))
        if manifest:
            unlisted = (i.rel for i in inputs if i.path is not None and i.rel not in manifest)
            for rel in unlisted:
                summary.n_not_in_manifest += 1
                if len(summary.not_in_manifest) < 5:
                    summary.not_in_manifest.append(rel)
        collector = _collect(_parse_all(inputs, manifest, jobs, progress, scheduler, raw, parse_cache, stage),
                             stage, summary)
        inputs.close()
        manifest.close()
        t = time.perf_counter()
        _write(stage, out, raw, formats)
        from .publish.leaks import check_no_leaks
        check_no_leaks(stage, TABLES, formats)  # personal data in any published cell fails the build
        summary.seconds["write"] = summary.seconds.get("write", 0.0) + time.perf_counter() - t
        if validate:
            t = time.perf_counter()
            from .publish.validate import validate_package
            # frictionless runs in make data and the tests; key hashes spill into the staging folder
            errors = validate_package(stage / "datapackage.json", fast=True, workdir=stage)
            summary.seconds["validate"] = time.perf_counter() - t
            if errors:
                raise RuntimeError("the package does not validate (nothing was replaced):\n" + "\n".join(errors[:20]))
        outdir.publish(stage, out, OWNED)
    finally:
        import shutil

        for spooled in (inputs, manifest):
            if spooled is not None:
                spooled.close()
        shutil.rmtree(stage, ignore_errors=True)
        if not existed:
            try:
                out.rmdir()  # a build stopped before it wrote anything leaves no empty folder behind
            except OSError:
                pass

    summary.by_status = collector.by_status
    summary.errors = collector.errors
    summary.wall_seconds = time.perf_counter() - t0
    if parse_cache is not None:
        c = parse_cache
        summary.cache = (f"cache: {c.hits} file(s) from {c.root}, {c.misses} parsed, {c.stored} stored"
                         + (f", {c.corrupt} damaged entr{'y' if c.corrupt == 1 else 'ies'} replaced" if c.corrupt else ""))
    if strict and (summary.by_status.get("rejected") or summary.errors):
        raise SystemExit(f"--strict: {summary.by_status.get('rejected', 0)} file(s) rejected and "
                         f"{len(summary.errors)} internal error(s); see data/reports.csv")
    return summary


def _collect(parsed, stage, summary):
    from .codebook import load as load_codebook
    from .publish.collect import Collector

    collector = Collector(workdir=stage)
    try:
        for p in parsed:
            for step, sec in p.timings.items():
                summary.seconds[step] = summary.seconds.get(step, 0.0) + sec
            collector.add(p)
        t = time.perf_counter()
        n_rows = collector.finish(stage, [assemble.indicator_row(i) for i in load_codebook().indicators])
        summary.seconds["write"] = time.perf_counter() - t
    finally:
        collector.close()
    summary.n_rows = {name: n_rows[name] for name in TABLES}
    return collector


def _open_cache(folder: Path, raw: Path, out: Path):
    """The parse cache in `folder`, which may be neither in the raw folder (only reports are
    read there) nor in the output folder (the package and nothing else is published there)."""
    from .cache import ParseCache
    from .publish.outdir import OutputError

    folder = Path(folder).expanduser()
    where = folder.resolve()
    for name, other in (("raw folder", raw), ("output folder", out)):
        other = Path(other).resolve()
        if where == other or other in where.parents or where in other.parents:
            raise OutputError(f"the cache folder {folder} may not be the {name}, lie inside it or hold it: "
                              "give another with --cache DIR")
    return ParseCache(folder).open()


def _write(stage: Path, out: Path, raw: Path, formats) -> None:
    from .publish.write import write_descriptor, write_parquet

    if "parquet" in formats:
        for name in TABLES:
            write_parquet(stage, name)
    sources = raw / MANIFEST
    sources_rel = None
    if sources.is_file():
        try:
            sources_rel = sources.resolve().relative_to(out.resolve()).as_posix()
        except ValueError:
            pass
    write_descriptor(stage, TABLES, sources_rel)


# --- inputs -------------------------------------------------------------------------------

_VCS = {".git", ".svn", ".hg", ".bzr", "CVS", "__pycache__"}


def walk_inputs(raw: Path):
    """Every entry of the raw folder: files to read, and what is reported instead of read (hidden
    and version-control folders, links leaving the folder or broken, folders that cannot be
    opened). The manifest (sources.csv) at the top is not an input. In the order the walk meets
    them: a build reads them in path order (sorted by _by_path, on disk)."""
    raw = Path(raw)
    root = raw.resolve()
    unreadable: list[str] = []

    def onerror(err: OSError) -> None:
        unreadable.append(err.filename)

    for here, dirs, files in os.walk(raw, onerror=onerror):
        base = Path(here)
        keep = []
        for d in sorted(dirs):
            p = base / d
            rel, note = _printable(p.relative_to(raw))
            if d.startswith(".") or d in _VCS:
                yield Input(rel + "/", None, "a hidden or version-control folder: not read", note)
            elif p.is_symlink():
                yield Input(rel + "/", None, "a link to a folder: not followed (give the folder itself)", note)
            else:
                keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            p = base / f
            if base == raw and f == MANIFEST:
                continue
            rel, note = _printable(p.relative_to(raw))
            if f.startswith("."):
                yield Input(rel, None, "a hidden file: not read", note)
            elif p.is_symlink():
                target = p.resolve() if p.exists() else None
                if target is None:
                    yield Input(rel, None, "a broken link: nothing to read", note)
                elif not _inside(target, root):
                    yield Input(rel, None, "a link to a file outside the raw folder: not read", note)
                else:
                    yield Input(rel, p, "", note)
            else:
                yield Input(rel, p, "", note)
    for folder in unreadable:
        rel, note = _printable(Path(folder).relative_to(raw)) if folder else ("?", "")
        yield Input(rel + "/", None, "a folder that cannot be opened (permission denied?): not read", note)


def _by_path(item: Input) -> str:
    return item.rel


def _printable(rel: Path) -> tuple[str, str]:
    """The path as published: bytes that are not UTF-8 and control characters written as escapes,
    with a note saying so."""
    raw = os.fsencode(rel.as_posix())
    text = raw.decode("utf-8", "backslashreplace")
    clean = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    if clean != rel.as_posix():
        return clean, "the file name holds bytes that are not UTF-8 or control characters (escaped here)"
    return clean, ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


# --- parsing ----------------------------------------------------------------------------

def _parse_all(inputs: Sequence[Input], manifest: dict, jobs: int | None, progress, scheduler=None,
               raw: Path | None = None, cache=None, folder: Path | None = None):
    """Parse every input, yielding results in input order. With jobs > 1 (default: one per
    core) the files go to worker processes; a worker that dies (killed for its memory) costs
    only the file it was reading, which becomes a row, and the build goes on. With a scheduler
    the same function runs on a Dask cluster's workers (ogi.cluster). With a cache, only the
    files it does not hold are parsed. `folder`: where the cache's keys are spooled (default: in
    memory)."""
    show = progress if progress is not None else (len(inputs) >= 50 and sys.stderr.isatty())
    args = _Args(inputs, manifest)
    if jobs is None:
        jobs = os.cpu_count() or 1
    from tqdm import tqdm

    def parse(todo: list):
        if scheduler is not None:
            from .cluster import parse_on_cluster

            return parse_on_cluster(scheduler, todo, _parse_one, raw, _alone)
        if jobs <= 1:
            return map(_parse_one, todo)
        # no idle processes for a few files (still one of its own for a single file)
        return _parallel(todo, max(1, min(jobs, sum(1 for i, _ in todo if i.path is not None))))

    bar = tqdm(total=len(args), desc="parsing", unit="file", disable=not show, file=sys.stderr)
    try:
        for item in (parse(args) if cache is None else _through_cache(args, cache, parse, folder)):
            yield item
            bar.update()
    finally:
        bar.close()


def _through_cache(args: Sequence, cache, parse, folder: Path | None = None):
    """Results in input order: from the cache where it holds the file's key, parsed (and
    stored) where not. An entry found damaged when it is read is replaced: that file is parsed
    then, alone in a process of its own. The keys, and the positions of the files to parse, are
    spooled in `folder` when given."""
    from .cache import cacheable
    from .publish.spool import SpooledList

    keys = ((k, cache.has(k)) for k in (cache.key(item, row) for item, row in args))
    marks = SpooledList(folder, keys) if folder is not None else list(keys)
    positions = (n for n, (_, h) in enumerate(marks) if not h)
    todo = SpooledList(folder, positions) if folder is not None else list(positions)
    try:
        parsed = iter(parse(_Picked(args, todo)))
        for a, (k, h) in zip(args, marks):
            result = cache.get(k) if h else None
            if result is None:
                result = _alone(a) if h else next(parsed)
                cache.misses += 1
                if k is not None and cacheable(result):
                    cache.put(k, result)
            yield result
    finally:
        for spooled in (marks, todo):
            if isinstance(spooled, SpooledList):
                spooled.close()


class _Args(Sequence):
    """(input, its sources.csv row) by position, the inputs read from where they are kept."""

    def __init__(self, inputs: Sequence[Input], manifest: dict):
        self._inputs, self._manifest = inputs, manifest

    def __len__(self) -> int:
        return len(self._inputs)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [(i, self._manifest.get(i.rel)) for i in self._inputs[k]]
        i = self._inputs[k]
        return i, self._manifest.get(i.rel)

    def __iter__(self):
        return ((i, self._manifest.get(i.rel)) for i in self._inputs)


class _Picked(Sequence):
    """The items of `items` at `positions`, by position."""

    def __init__(self, items: Sequence, positions: Sequence[int]):
        self._items, self._positions = items, positions

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._items[n] for n in self._positions[k]]
        return self._items[self._positions[k]]

    def __iter__(self):
        return (self._items[n] for n in self._positions)


def _parallel(args: Sequence, jobs: int):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    window = jobs * 16
    k = 0
    while k < len(args):
        pool = ProcessPoolExecutor(jobs, mp_context=ctx)
        futures: list = []
        broken = False
        try:
            while k < len(args) or futures:
                while k < len(args) and len(futures) < window:
                    futures.append((k, pool.submit(_parse_one, args[k])))
                    k += 1
                i, fut = futures[0]
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    broken = True
                    k = i  # the files still in flight are read again, one by one
                    break
                futures.pop(0)
                yield result
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)
        if broken:
            yield from _isolate(args, k, jobs * 16, ctx)
            k = min(len(args), k + jobs * 16)


def _isolate(args, start: int, n: int, ctx):
    """Read files one at a time, each in a process of its own: the one that kills its process
    becomes a row."""
    for a in args[start:start + n]:
        yield _alone(a, ctx)


def _alone(arg, ctx=None) -> ParsedReport:
    """One file in a process of its own: a row if that process dies."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # a fresh interpreter unless the caller knows forking is safe (no threads of a Dask client)
    with ProcessPoolExecutor(1, mp_context=ctx or mp.get_context("spawn")) as pool:
        try:
            return pool.submit(_parse_one, arg).result()
        except BrokenProcessPool:
            return _failed(arg, "the process reading this file died (killed for its memory?): set aside; "
                                "try it alone with `ogi build`", status="rejected")


class _TooLong(BaseException):
    """Raised by the per-file alarm: a BaseException, so that no reader's handler for its own
    failures (`except Exception`) turns the time limit into "could not be read"."""


def _parse_one(arg) -> ParsedReport:
    from .publish.collect import render

    item, manifest_row = arg
    if item.path is None:
        return render(_row(item, manifest_row, "rejected", item.problem))
    timed = _can_time()
    if timed:
        def _alarm(signum, frame):
            raise _TooLong()

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(FILE_SECONDS_MAX)
    try:
        return render(parse_file(item.path, item.path.parent, manifest_row, rel=item.rel, name_note=item.name_note))
    except _TooLong:
        return _failed(arg, f"reading took longer than {FILE_SECONDS_MAX} s: set aside (a pathological file: "
                            "please report it with the file)", status="rejected")
    except Exception as exc:  # one bad file never stops the build
        if os.environ.get("OGI_DEBUG"):
            traceback.print_exc()
        return _failed(arg, f"internal error of ogi while parsing ({type(exc).__name__}: {exc}); the file "
                            "itself may be fine: please report it with the file")
    finally:
        if timed:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _can_time() -> bool:
    """A per-file time limit needs SIGALRM, which only the main thread of a process can set."""
    import threading

    return bool(FILE_SECONDS_MAX) and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


def _failed(arg, note: str, status: str = "error") -> ParsedReport:
    from .publish.collect import render

    item, manifest_row = arg
    return render(_row(item, manifest_row, status, note))


def _row(item: Input, manifest_row, status: str, note: str) -> ParsedReport:
    digest, size = hashlib.sha256(), 0
    if item.path is not None:
        try:
            with item.path.open("rb") as f:  # in pieces: a row for a huge file never holds it whole
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
        except OSError:
            digest, size = hashlib.sha256(), 0
    doc = Document(path=item.rel, sha256=digest.hexdigest(), bytes=size, format="unknown", text="")
    note = "; ".join(filter(None, [note, item.name_note]))
    return ParsedReport(report=assemble.report_row(doc, ReportMeta(), None, status=status, note=note,
                                                   manifest_row=manifest_row))


def parse_file(path: Path, raw: Path, manifest_row: dict | None = None, *, rel: str | None = None,
               name_note: str = "") -> ParsedReport:
    """One file through every stage. Pure: the result depends only on the file's bytes (and its
    manifest row). `rel`: the path as published (default: relative to `raw`)."""
    from .codebook import load as load_codebook
    from .extract.narrative import extract_narrative
    from .extract.tables import extract_tables
    from .read import read_file
    from .resolve.metadata import own_totals, resolve_metadata

    timings = {}
    t = time.perf_counter()
    doc = read_file(path, raw)
    if rel is not None:
        doc = replace(doc, path=rel)
    if name_note:
        doc = replace(doc, read_note="; ".join(filter(None, [doc.read_note, name_note])))
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
    narrative_values, mentions = extract_narrative(doc, codebook, meta.year, meta.scope, own_totals(meta),
                                                   meta.agency_name or "")
    timings["narrative"] = time.perf_counter() - t

    t = time.perf_counter()
    result = assemble.assemble_report(doc, meta, tables, narrative_values, mentions, codebook,
                                      manifest_row)
    timings["assemble"] = time.perf_counter() - t
    result.timings = timings
    return result
