"""`ogi build` with the parse replayed: the parent's memory and time at sizes a session cannot
parse (benchmarks/run.py --parent).

    python benchmarks/replay.py RAW OUT JOBS BASE

RAW holds files named link_<k>.txt, hard links to the BASE files of a small real-shaped corpus
(file k to file k mod BASE). Everything is the real build (listing the inputs, worker processes,
collecting, writing, the leak scan, validation, publishing) but the parse: each worker parses
each distinct file once and returns it varied for every link to it, so the parent receives as
many distinct reports as there are files, with the rows, sizes and duplicates of the small
corpus: its own report id, hash and path; from the second pass over the corpus on, its own
agency (a new agency_id for each pass) and its own text fingerprint. Prints one line of JSON:
the peak resident memory of the parent in each phase (Linux: /proc/self/clear_refs resets the
peak between phases), the wall and CPU time, the rows.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import ogi.pipeline as pipeline

_parse = pipeline._parse_one
_seen: dict = {}


def _h(text: str, n: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def replay(arg):
    item, row = arg
    if item.path is None or not item.rel.startswith("link_"):
        return _parse(arg)
    inode = os.stat(item.path).st_ino
    base = _seen.get(inode)
    if base is None:
        base = _seen[inode] = _parse(arg)
    round_ = int(item.rel[5:].split(".")[0]) // int(os.environ["REPLAY_BASE"])
    report = dict(base.report, report_id="r_" + _h(item.rel, 12), raw_path=item.rel,
                  sha256=hashlib.sha256(item.rel.encode("utf-8")).hexdigest())
    agency, chunks = base.agency, base.chunks
    if round_ and base.agency:
        old = base.agency["agency_id"]
        new = old[:7] + _h(f"{old} {round_}", 8)
        agency, report["agency_id"] = dict(base.agency, agency_id=new), new
        chunks = dict(chunks, observations=[r.replace(f",{old},", f",{new},", 1) for r in chunks.get("observations", ())])
    fingerprint = _h(f"{base.fingerprint} {round_}", 40) if base.fingerprint else ""
    return replace(base, report=report, agency=agency, chunks=chunks, fingerprint=fingerprint, timings={})


def _peak_mb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) // 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


PHASES: dict[str, tuple] = {}
OTHER = "the rest (listing the inputs, publishing)"


def _between() -> None:
    """The peak since the last phase ended goes to the rest; the next phase starts afresh."""
    peak, seconds = PHASES.get(OTHER, (0, 0.0))
    PHASES[OTHER] = (max(peak, _peak_mb()), seconds)
    _reset_peak()


def _watch(module, name: str, phase: str) -> None:
    func = getattr(module, name)

    def watched(*args, **kwargs):
        _between()
        t = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            peak, seconds = PHASES.get(phase, (0, 0.0))
            PHASES[phase] = (max(peak, _peak_mb()), seconds + time.perf_counter() - t)
            _reset_peak()

    setattr(module, name, watched)


def main(raw: str, out: str, jobs: str, base: str) -> None:
    import ogi.publish.leaks as leaks
    import ogi.publish.validate as validate

    os.environ["REPLAY_BASE"] = base
    pipeline._parse_one = replay
    _watch(pipeline, "_collect", "parse, collect")
    _watch(pipeline, "_write", "write, leak scan")
    _watch(leaks, "check_no_leaks", "write, leak scan")
    _watch(validate, "validate_package", "validate")
    t = time.perf_counter()
    s = pipeline.build(Path(raw), Path(out), jobs=int(jobs), progress=False)
    wall = time.perf_counter() - t
    _between()
    r = resource.getrusage
    print(json.dumps({
        "wall": wall, "status": dict(s.by_status), "rows": s.n_rows,
        "phases": {k: [v[0], round(v[1], 1)] for k, v in PHASES.items()},
        "peak_mb": max(v[0] for v in PHASES.values()),
        "cpu_self": r(resource.RUSAGE_SELF).ru_utime + r(resource.RUSAGE_SELF).ru_stime,
        "rss_children_mb": r(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
