"""Benchmark `ogi build` on synthetic corpora: reports per second, peak memory, time per stage.

    .venv/bin/python benchmarks/run.py --sizes 10000 100000 --jobs 2

Writes the corpora and outputs under --work (default /tmp/ogi-bench), never under data/, and
appends the results to benchmarks/results.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux reports KiB


def run_one(n: int, jobs: int, work: Path) -> dict:
    corpus = work / f"synthetic_{n}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--n", str(n), "--out", str(corpus)],
                       check=True)
    out = work / f"out_{n}"
    # a fresh process per size, so peak memory is this build's own
    code = (
        "import json,sys,time,resource;from pathlib import Path;from ogi.pipeline import build;"
        f"s=build(Path({str(corpus)!r}),Path({str(out)!r}),jobs={jobs},progress=False);"
        "r=resource.getrusage;"
        "print(json.dumps({'wall':s.wall_seconds,'stages':s.seconds,'status':dict(s.by_status),"
        "'rows':s.n_rows,'rss_self':r(resource.RUSAGE_SELF).ru_maxrss,"
        "'rss_children':r(resource.RUSAGE_CHILDREN).ru_maxrss}))"
    )
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    import json

    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res.update(n=n, jobs=jobs, process_wall=wall)
    return res


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/ogi-bench"))
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [f"\n## {dt.date.today()} — {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}, --jobs {args.jobs}\n",
             "| reports | wall s | reports/s (whole build) | reports/s (parse phase) | parse s (summed over workers) | write s | validate s | peak RSS MB (parent / worker) | rows (observations) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n in args.sizes:
        r = run_one(n, args.jobs, args.work)
        st = r["stages"]
        parse = sum(st.get(k, 0) for k in ("read", "metadata", "tables", "narrative", "assemble"))
        # the parse phase: wall time before the tables are written (workers in parallel)
        parse_wall = r["wall"] - st.get("write", 0) - st.get("validate", 0)
        lines.append(f"| {n} | {r['wall']:.1f} | {n / r['wall']:.0f} | {n / parse_wall:.0f} | {parse:.1f} "
                     f"(read {st.get('read', 0):.1f}, metadata {st.get('metadata', 0):.1f}, tables "
                     f"{st.get('tables', 0):.1f}, narrative {st.get('narrative', 0):.1f}, assemble "
                     f"{st.get('assemble', 0):.1f}) | {st.get('write', 0):.1f} | {st.get('validate', 0):.1f} | "
                     f"{r['rss_self'] / 1024:.0f} / {r['rss_children'] / 1024:.0f} | {r['rows']['observations']} |")
        print(lines[-1], flush=True)
    with (HERE / "results.md").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
