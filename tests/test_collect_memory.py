"""The collector keeps no per-report state in memory (issue 15, item 2) and writes what the
in-memory collector it replaced wrote, byte for byte.

REFERENCE below is that collector as it was (commit da3672b, ogi/publish/collect.py and
ogi/dedupe.py's mark_duplicates), kept verbatim as the specification of the bytes: the tables of
a corpus with every kind of duplicate (the same file twice, ids that collide with their own _2,
the same agency and year, the same text under other agencies, unresolved places), agencies under
several names across the years, reports without agency or year, rejected and failed files.
"""
from __future__ import annotations

import gc
import os
import random
import signal
import subprocess
import sys
import textwrap
import tracemalloc
from collections import deque
from dataclasses import replace
from pathlib import Path

import pytest

from ogi.model import ParsedReport
from ogi.publish.collect import Collector
from ogi.publish.write import render_rows, write_table, write_table_pieces

from .conftest import RAW, ROOT

TABLES = ["observations", "reports", "agencies", "agency_names", "indicators", "checks", "mentions"]
INDICATORS = [{"indicator_id": "x", "section": "s"}]


# --- the reference: the in-memory collector, as it was ------------------------------------

import tempfile  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from ogi.dedupe import UNRESOLVED  # noqa: E402

SPOOLED = ("observations", "checks", "mentions")


@dataclass(frozen=True)
class DedupeItem:
    report_id: str
    agency_id: str | None
    year: int | None
    fingerprint: str
    n_values: int
    status: str


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


class ReferenceCollector:
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



class Reference(ReferenceCollector):
    """The reference, with what the build now asks of a collector after finish."""

    def finish(self, out, indicators):
        from collections import Counter

        counts = super().finish(out, indicators)
        self.by_status = Counter(r["status"] for r in self.reports)
        self.errors = sorted(r["raw_path"] for r in self.reports if r["status"] == "error")
        return counts


# --- a corpus with every kind of duplicate -------------------------------------------------

@pytest.fixture(scope="module")
def seeds() -> list[ParsedReport]:
    """The seed reports, parsed and rendered as the workers send them."""
    from ogi.pipeline import parse_file
    from ogi.publish.collect import render

    return [render(parse_file(p, RAW, rel=p.name)) for p in sorted(RAW.glob("*.txt"))]


# ids asked for first: the same file thrice, and files whose own ids are another's _2 and _3
FORCED = ["rdup", "rdup", "rdup_2", "rdup_3", "rdup", "rdup_2"]


def corpus(seeds: list[ParsedReport], n: int, seed: int = 0, statuses=None, paths: int | None = None):
    """n rendered reports drawn from the seeds: ids that repeat (the same file again) or collide
    with another's _2, agencies under several names and rows, unresolved places, the same agency
    and year, the same text under other agencies, ties in values, years and agencies missing,
    rejected and failed files. A generator: the corpus itself is never held. `paths`: as many
    file names, used again and again (every text cell passes privacy.redact, whose cache of 8,192
    texts would otherwise grow with the number of reports up to its bound)."""
    rng = random.Random(seed)
    statuses = statuses or ["parsed"] * 14 + ["partial"] * 3 + ["rejected"] * 2 + ["error"]
    size = min(n, 2_400)  # agencies and texts to draw from: as many whatever the size beyond
    agencies = [(f"{'000000' if k % 5 == 0 else 530000 + k}_{k:08x}", [f"机关{k}", f"机关{k}办公室", f"机关{k}局"])
                for k in range(max(8, size // 12))]
    fingerprints = [f"{k:040x}" for k in range(max(4, size // 10))]
    given: deque[str] = deque(maxlen=1_000)  # ids to ask for again
    for i in range(n):
        t = seeds[rng.randrange(len(seeds))]
        roll = rng.random()
        if i < len(FORCED):
            rid = FORCED[i]
        elif given and roll < 0.08:
            rid = rng.choice(given)                  # the same file again
        elif given and roll < 0.11:
            rid = rng.choice(given) + "_2"           # an id that looks like another's second
        else:
            rid = f"r{rng.getrandbits(40):010x}"
        given.append(rid)
        year = None if rng.random() < 0.1 else rng.randint(2014, 2020)
        status = rng.choice(statuses)
        aid = name = agency = None
        if rng.random() > 0.1:
            aid, names = agencies[rng.randrange(len(agencies))]
            name = names[rng.randrange(len(names))]
            agency = dict(t.agency, agency_id=aid, name_zh=name, county=rng.choice([None, "甲县", "乙县"]))
        fp = "" if rng.random() < 0.2 else rng.choice(fingerprints)
        n_values = rng.choice([0, 3, 5, 5, 8, len(t.chunks["observations"])])
        chunks = {k: v[:rng.randint(0, len(v))] if rng.random() < 0.3 else v for k, v in t.chunks.items()}
        report = dict(t.report, report_id=rid, agency_id=aid, year=year, status=status,
                      n_observations=n_values, raw_path=f"d{i % 7}/{i % (paths or n):06d}.txt",
                      status_note=rng.choice([None, "一条说明", t.report["status_note"]]))
        yield replace(t, report=report, agency=agency, fingerprint=fp, chunks=chunks)


def collect(cls, reports, out: Path):
    out.mkdir(parents=True, exist_ok=True)
    c = cls(workdir=out)
    try:
        for p in reports:
            c.add(p)
        counts = c.finish(out, INDICATORS)
    finally:
        c.close()
    return c, counts


def same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        x, y = (p / "data" / f"{name}.csv" for p in (a, b))
        assert x.read_bytes() == y.read_bytes(), f"{name}.csv differs"


@pytest.mark.parametrize("n,seed", [(40, 1), (600, 2), (600, 3)])
def test_the_same_bytes_as_the_in_memory_collector(seeds, tmp_path, n, seed):
    ref, ref_counts = collect(Reference, corpus(seeds, n, seed), tmp_path / "ref")
    new, counts = collect(Collector, corpus(seeds, n, seed), tmp_path / "new")
    same_tables(tmp_path / "ref", tmp_path / "new")
    assert counts == ref_counts
    assert new.by_status == ref.by_status and new.errors == ref.errors
    if n >= 600:  # the corpus has what it is meant to test
        assert all(ref.by_status[s] for s in ("duplicate", "error", "rejected", "parsed", "partial"))
        ids = {r["report_id"] for r in ref.reports}
        assert {"rdup", "rdup_2", "rdup_2_2", "rdup_3", "rdup_4", "rdup_2_3"} <= ids
        notes = [r["status_note"] or "" for r in ref.reports]
        assert any("same text" in x for x in notes) and any("same agency and year" in x for x in notes)
        assert any("place of neither" in x for x in notes)
    # nothing left beside the tables
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["data"]


def test_the_same_package_from_real_files(tmp_path, monkeypatch):
    """A build through the real parser: the seeds, each twice under another name (the same
    bytes: ids _2), once with its spacing changed (the same text), and a copy of one seed given
    as another year's report of the same agency."""
    import shutil

    import ogi.publish.collect as collect_module
    from ogi.pipeline import build

    raw = tmp_path / "raw"
    raw.mkdir()
    for k, p in enumerate(sorted(RAW.glob("*.txt"))):
        shutil.copy(p, raw / p.name)
        shutil.copy(p, raw / f"copy_{k}.txt")
        (raw / f"spaced_{k}.txt").write_text(p.read_text(encoding="utf-8").replace("。", "。 \n"), encoding="utf-8")
    first = sorted(RAW.glob("*.txt"))[0]
    (raw / "again.txt").write_text(first.read_text(encoding="utf-8").replace("2016", "2017"), encoding="utf-8")
    new = build(raw, tmp_path / "new", progress=False, jobs=1)
    monkeypatch.setattr(collect_module, "Collector", Reference)
    ref = build(raw, tmp_path / "ref", progress=False, jobs=1)
    same_tables(tmp_path / "ref", tmp_path / "new")
    assert (tmp_path / "ref" / "datapackage.json").read_bytes() == (tmp_path / "new" / "datapackage.json").read_bytes()
    assert new.by_status == ref.by_status and new.n_rows == ref.n_rows and new.by_status["duplicate"] >= 10


# --- memory ------------------------------------------------------------------------------

def peak_of(seeds, n: int, tmp: Path) -> int:
    """Peak of Python's allocations while the collector takes n reports and writes the tables
    (no failed files: their paths are the one list kept, for the build summary)."""
    gc.collect()
    tracemalloc.start()
    try:
        collect(Collector, corpus(seeds, n, seed=7, statuses=["parsed", "parsed", "partial", "rejected"],
                                  paths=500), tmp)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_reports(seeds, tmp_path):
    small = peak_of(seeds, 2_000, tmp_path / "small")
    large = peak_of(seeds, 20_000, tmp_path / "large")
    # the in-memory collector held about 3 KB a report here: 18,000 more reports added ~55 MB
    assert large < small + 500_000, (small, large)


# --- a build that dies or whose spool is damaged leaves no half package ------------------------

KILL = """
import os, signal, sys
from pathlib import Path
import ogi.publish.collect as c
from ogi.pipeline import build

finish = c.Collector.finish
def dying(self, out, indicators):
    {action}
    return finish(self, out, indicators)
c.Collector.finish = dying
build(Path(sys.argv[1]), Path(sys.argv[2]), progress=False, jobs=1)
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("action,dies", [
    # killed with the spool written, before a table is
    ("os.kill(os.getpid(), signal.SIGKILL)", True),
    # killed with half the tables written
    ("c.write_table_pieces = lambda *a, _w=c.write_table_pieces: (_w(*a), os.kill(os.getpid(), signal.SIGKILL))", True),
    # the spool's database damaged on disk
    ("p = Path(self._tmp.name) / 'spool.sqlite'; self._db.commit(); os.truncate(p, 1000); "
     "self._db.execute('PRAGMA cache_size = 0'); self._db.execute('PRAGMA cache_size = -1')", False),
])
def test_a_build_that_dies_leaves_the_earlier_package(tmp_path, action, dies):
    from ogi.pipeline import build

    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    build(RAW, out, progress=False, jobs=1)
    before = _files(out)
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.run([sys.executable, "-c", KILL.format(action=action), str(RAW), str(out)],
                          env=env, capture_output=True, text=True)
    if dies:
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    else:
        assert proc.returncode != 0 and "Error" in proc.stderr, proc.stderr
    # the package as it was; what the build wrote is in its staging folder, nowhere else
    assert {k: v for k, v in _files(out).items() if not k.startswith(".ogi-staging-")} == before
    assert not list(tmp.iterdir())
    staged = [p for p in out.iterdir() if p.name.startswith(".ogi-staging-")]
    assert len(staged) == (1 if dies else 0)
    # the next build removes what the dead one left and publishes the same package
    build(RAW, out, progress=False, jobs=1)
    assert _files(out) == before


# --- the validator's key hashes, spilled to files ----------------------------------------------

def test_key_hashes_spilled_find_the_same_duplicates(tmp_path, monkeypatch):
    import polars as pl

    from ogi.publish.spool import KeyHashes

    rng = random.Random(5)
    values = [rng.getrandbits(64) for _ in range(20_000)]
    values += rng.sample(values, 300) + [values[0]] * 3 + [0, 0, 2**64 - 1, 2**64 - 1]
    rng.shuffle(values)
    monkeypatch.setattr(KeyHashes, "IN_MEMORY", 1_000)
    spilled = KeyHashes(tmp_path)
    for k in range(0, len(values), 700):
        spilled.add(pl.Series("h", values[k:k + 700], dtype=pl.UInt64))
    assert list(tmp_path.iterdir())  # it did spill, into its folder
    found = sorted(spilled.duplicated().to_list())
    assert not list(tmp_path.iterdir())
    every = pl.Series("h", values, dtype=pl.UInt64)
    assert found == sorted(every.filter(every.is_duplicated()).unique().to_list())
    assert len(found) >= 302


def test_the_validator_finds_duplicate_keys_spilled(tmp_path, monkeypatch):
    import json
    import shutil

    import ogi.publish.validate as v
    from ogi.publish.spool import KeyHashes
    from ogi.publish.validate import validate_package
    from ogi.publish.write import write_descriptor

    package, work = tmp_path / "package", tmp_path / "work"
    work.mkdir()
    shutil.copytree(ROOT / "data", package / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    names = [r["name"] for r in json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    monkeypatch.setattr(v, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(KeyHashes, "IN_MEMORY", 50)
    spills = []
    monkeypatch.setattr(KeyHashes, "_spill", lambda self, *a, _s=KeyHashes._spill, **k: (spills.append(1), _s(self, *a, **k)))
    obs = package / "data" / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    assert validate_package(package / "datapackage.json", fast=True, workdir=work) == []
    obs.write_text("".join(lines[:100] + [lines[1]] + lines[100:]), encoding="utf-8")  # a record twice
    write_descriptor(package, names, None)
    errors = validate_package(package / "datapackage.json", fast=True, workdir=work)
    assert any("observations: duplicate primary key" in e for e in errors), errors
    assert spills and not list(work.iterdir())


@pytest.mark.parametrize("in_memory", [50, 1 << 20])
def test_the_validator_finds_a_dangling_foreign_key_spilled_or_not(tmp_path, monkeypatch, in_memory):
    """Foreign keys are checked on hashes of the values and of the ids they point at, bucket by
    bucket once spilled: a report row taken away leaves its observations pointing at nothing."""
    import json
    import shutil

    from ogi.publish.spool import KeyHashes
    from ogi.publish.validate import validate_package
    from ogi.publish.write import write_descriptor

    package, work = tmp_path / "package", tmp_path / "work"
    work.mkdir()
    shutil.copytree(ROOT / "data", package / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    names = [r["name"] for r in json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    monkeypatch.setattr(KeyHashes, "IN_MEMORY", in_memory)
    assert validate_package(package / "datapackage.json", fast=True, workdir=work) == []
    reports = package / "data" / "reports.csv"
    lines = reports.read_text(encoding="utf-8").splitlines(keepends=True)
    gone = lines[1].split(",")[0]
    n_obs = sum(1 for line in (package / "data" / "observations.csv").open(encoding="utf-8") if line.startswith(gone + ","))
    reports.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    write_descriptor(package, names, None)
    errors = validate_package(package / "datapackage.json", fast=True, workdir=work)
    assert n_obs and f"observations: {n_obs} report_id value(s) not in reports" in errors, errors
    assert not list(work.iterdir())


# --- the build's inputs, on disk --------------------------------------------------------------

def test_inputs_spooled_in_path_order(tmp_path):
    """The build reads its inputs from a SpooledList: the same order as sorting them in memory
    (names that sort differently byte-wise and by walk order, non-ASCII names, hidden entries),
    read back by index, slice and in order; its file goes when it is closed."""
    from ogi.pipeline import _by_path, walk_inputs
    from ogi.publish.spool import SpooledList

    raw, spool = tmp_path / "raw", tmp_path / "spool"
    spool.mkdir()
    for rel in ["a.txt", "a/b.txt", "a/a/z.txt", "a-b.txt", "A.txt", "报告/2019年.txt", "报告.txt",
                "é.txt", "z/.hidden", ".git/x", "b c.txt", "a0.txt", "sources.csv"]:
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text("x", encoding="utf-8")
    expected = sorted(walk_inputs(raw), key=_by_path)
    inputs = SpooledList(spool, walk_inputs(raw), key=_by_path)
    try:
        assert list(inputs) == expected and len(inputs) == len(expected)
        assert [inputs[k] for k in range(len(expected))] == expected
        assert inputs[-1] == expected[-1] and inputs[2:5] == expected[2:5] and inputs[::3] == expected[::3]
        assert inputs[5:100] == expected[5:] and inputs[100:] == []
        with pytest.raises(IndexError):
            inputs[len(expected)]
    finally:
        inputs.close()
    assert not list(spool.iterdir())


def test_sqlite_temporary_files_stay_in_the_spools_folders(tmp_path):
    """SQLite's temporary folder is process-wide: each spool points it at its own folder while
    open and gives it back when closed, so the collector's sorts never go to the system's
    temporary folder because a spool opened after it (the cache's keys) closed first."""
    import sqlite3

    from ogi.publish.spool import SpooledList

    def folder():
        row = sqlite3.connect(":memory:").execute("PRAGMA temp_store_directory").fetchone()
        return row[0] if row else None

    before = folder()
    inputs = SpooledList(tmp_path, range(10))
    collector = Collector(workdir=tmp_path)
    keys = SpooledList(tmp_path, range(10))
    keys.close()
    assert folder() is not None and Path(folder()).parent == tmp_path.resolve()  # the collector's
    collector.close()
    assert folder() == str(tmp_path.resolve())  # the inputs'
    inputs.close()
    assert folder() == before
