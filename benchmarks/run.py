"""Benchmark `ogi build` on synthetic corpora: reports per second (the parse phase and the
whole build: parse, collect, write, validate, leak scan, publish), peak memory, time per stage.

    .venv/bin/python benchmarks/run.py --sizes 10000 100000

The corpora (benchmarks/make_corpus.py) mix the development set's real pages (--devset,
default ../shared/devset/reports) with the seed reports (--real-share of them real-shaped).
Wall times depend on what else the machine runs; the CPU seconds of the build and its workers
(getrusage) do not, and give the rate on free cores. `--incremental`: the parse cache's case,
90% of the corpus built with a cold cache, then the whole (10% new), then the whole again.
`--dask`: the parse on a local Dask cluster (`ogi build --scheduler`). `--parent`: the parent's
memory and time at sizes a session cannot parse (a million files): the whole build with the parse
replayed (benchmarks/replay.py), every file a hard link to one of a corpus of --parent-base files.

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


def corpus_of(n: int, work: Path, devset: Path, real_share: float) -> Path:
    corpus = work / f"corpus_{n}_real{round(real_share * 100)}"
    if not (corpus / "README.txt").exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--n", str(n), "--out", str(corpus),
                        "--devset", str(devset), "--real-share", str(real_share)], check=True)
        print(f"corpus of {n} written in {time.perf_counter() - t:.0f} s", flush=True)
    return corpus


def part_of(corpus: Path, share: float) -> Path:
    """The corpus's first files (by name) as a folder of hard links: a corpus to add to."""
    part = corpus.with_name(corpus.name + f"_part{round(share * 100)}")
    if not (part / "README.txt").exists():
        names = sorted(p.name for p in corpus.iterdir() if p.name != "README.txt")
        part.mkdir(exist_ok=True)
        for name in names[:round(len(names) * share)]:
            if not (part / name).exists():
                os.link(corpus / name, part / name)
        os.link(corpus / "README.txt", part / "README.txt")
    return part


def links_of(n: int, base: Path, work: Path) -> Path:
    """n files named link_<k>.txt, hard links to the base corpus's files in turn."""
    files = sorted(p for p in base.iterdir() if p.name != "README.txt")
    folder = work / f"links_{n}_of_{len(files)}"
    if not (folder / "README.txt").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(n):
            if not (folder / f"link_{k:09d}.txt").exists():
                os.link(files[k % len(files)], folder / f"link_{k:09d}.txt")
        os.link(base / "README.txt", folder / "README.txt")
    return folder


def run_parent(n: int, jobs: int | None, work: Path, base: Path) -> dict:
    """One build of n replayed files in a fresh process (benchmarks/replay.py)."""
    import json

    n_base = sum(1 for p in base.iterdir() if p.name != "README.txt")
    load = os.getloadavg()[0]
    proc = subprocess.run([sys.executable, str(HERE / "replay.py"), str(links_of(n, base, work)),
                           str(work / f"out_parent_{n}"), str(jobs or os.cpu_count()), str(n_base)],
                          check=True, capture_output=True, text=True)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res.update(n=n, load_before=load, load=os.getloadavg()[0])
    return res


def parent_lines(args) -> list[str]:
    base = corpus_of(args.parent_base, args.work, args.devset, args.real_share)
    lines = [f"\n## {dt.date.today()} — the parent's memory (--parent): {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}, --jobs "
             f"{args.jobs or os.cpu_count()}, the parse replayed over a corpus of {args.parent_base}\n",
             "| reports | wall s | parent CPU s | ms of parent CPU a report | peak RSS MB of the parent: "
             "parse and collect / write and leak scan / validate / the rest | peak MB | status | "
             "rows (observations) | load avg (before / after) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n in args.sizes:
        r = run_parent(n, args.jobs, args.work, base)
        ph = r["phases"]
        peaks = " / ".join(str(ph.get(k, [0])[0]) for k in
                           ("parse, collect", "write, leak scan", "validate", "the rest (listing the inputs, publishing)"))
        status = ", ".join(f"{k} {v}" for k, v in sorted(r["status"].items()))
        lines.append(f"| {n} | {r['wall']:.0f} | {r['cpu_self']:.0f} | {1000 * r['cpu_self'] / n:.2f} | {peaks} | "
                     f"{r['peak_mb']} | {status} | {r['rows']['observations']} | "
                     f"{r['load_before']:.1f} / {r['load']:.1f} |")
        print(lines[-1], flush=True)
    return lines


def run_one(n: int, jobs: int | None, work: Path, devset: Path, real_share: float, dask: bool = False,
            corpus: Path | None = None, cache: Path | None = None) -> dict:
    corpus = corpus or corpus_of(n, work, devset, real_share)
    out = work / f"out_{n}"
    # a fresh process per size, so peak memory is this build's own
    # --dask: the parse on a LocalCluster of one single-threaded worker process per core
    # (ogi build --scheduler), the cluster started before the clock does
    cluster = ("from distributed import LocalCluster;"
               f"c=LocalCluster(n_workers={jobs or os.cpu_count()},threads_per_worker=1,processes=True,"
               "dashboard_address=None,worker_dashboard_address=None,host='127.0.0.1');" if dask else "c=None;")
    code = (
        "import json,sys,time,resource;from pathlib import Path;from ogi.pipeline import build;" + cluster +
        f"s=build(Path({str(corpus)!r}),Path({str(out)!r}),jobs={jobs},progress=False,scheduler=c,"
        f"cache={str(cache)!r} if {cache is not None} else None);"
        "c is not None and c.close();"
        "r=resource.getrusage;"
        "print(json.dumps({'wall':s.wall_seconds,'cache':s.cache,'load':__import__('os').getloadavg()[0],'stages':s.seconds,'status':dict(s.by_status),"
        "'rows':s.n_rows,'rss_self':r(resource.RUSAGE_SELF).ru_maxrss,"
        "'rss_children':r(resource.RUSAGE_CHILDREN).ru_maxrss,"
        "'cpu_self':r(resource.RUSAGE_SELF).ru_utime+r(resource.RUSAGE_SELF).ru_stime,"
        "'cpu_children':r(resource.RUSAGE_CHILDREN).ru_utime+r(resource.RUSAGE_CHILDREN).ru_stime}))"
    )
    load = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    import json

    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res.update(n=n, jobs=jobs, process_wall=wall, load_before=load)
    return res


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--jobs", type=int, default=None, help="default: ogi build's own (one process per core)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ogi-bench"))
    ap.add_argument("--devset", type=Path, default=HERE.parent.parent / "shared" / "devset" / "reports")
    ap.add_argument("--real-share", type=float, default=0.5)
    ap.add_argument("--dask", action="store_true", help="parse on a local Dask cluster (ogi build --scheduler)")
    ap.add_argument("--no-record", action="store_true", help="print the table, do not add it to results.md")
    ap.add_argument("--incremental", action="store_true",
                    help="with the parse cache: build 90%% of the corpus (a cold cache), then the whole of it "
                         "(10%% added), then the whole again (nothing new)")
    ap.add_argument("--parent", action="store_true",
                    help="the parent's memory and time, the parse replayed (benchmarks/replay.py)")
    ap.add_argument("--parent-base", type=int, default=300, help="--parent: the corpus the files link to")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.parent:
        _record(parent_lines(args), args.no_record)
        return
    jobs = args.jobs if args.jobs is not None else f"{os.cpu_count()} (the default)"
    lines = [f"\n## {dt.date.today()} — {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}, " + ("--scheduler (a local Dask cluster, one worker process a core), " if args.dask else f"--jobs {jobs}, ") + f"{round(args.real_share * 100)}% of the corpus "
             "from the development set's real pages" + ("; the parse cache (--incremental)" if args.incremental else "")
             + "\n",
             "| reports | wall s | reports/s (whole build) | reports/s (parse phase) | ms a report | CPU s (parent / workers) | reports/s on 2 free cores (from CPU s) | parse s (summed over workers) | write s | validate s | peak RSS MB (parent / worker) | status | rows (observations) | load avg (before / after) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    runs = []
    for n in args.sizes:
        if not args.incremental:
            runs.append((n, "", {}))
            continue
        import shutil

        full = corpus_of(n, args.work, args.devset, args.real_share)
        cache = args.work / f"cache_{n}"
        shutil.rmtree(cache, ignore_errors=True)
        runs += [(round(n * 0.9), "90%, cold cache: ", dict(corpus=part_of(full, 0.9), cache=cache)),
                 (n, "+10% new, cache: ", dict(corpus=full, cache=cache)),
                 (n, "nothing new, cache: ", dict(corpus=full, cache=cache))]
    for n, label, extra in runs:
        r = run_one(n, args.jobs, args.work, args.devset, args.real_share, args.dask, **extra)
        st = r["stages"]
        parse = sum(st.get(k, 0) for k in ("read", "metadata", "tables", "narrative", "assemble"))
        # the parse phase: wall time before the tables are written (workers in parallel)
        parse_wall = r["wall"] - st.get("write", 0) - st.get("validate", 0)
        status = ", ".join(f"{k} {v}" for k, v in sorted(r["status"].items()))
        if label:
            status = label + r["cache"].split(" from ")[0].replace("cache: ", "") + " from the cache, " + \
                r["cache"].split(", ", 1)[1] + "; " + status
        lines.append(f"| {n} | {r['wall']:.1f} | {n / r['wall']:.0f} | {n / parse_wall:.0f} | "
                     f"{1000 * r['wall'] / n:.2f} | {r['cpu_self']:.0f} / {r['cpu_children']:.0f} | "
                     f"{2 * n / (r['cpu_self'] + r['cpu_children']):.0f} | {parse:.1f} "
                     f"(read {st.get('read', 0):.1f}, metadata {st.get('metadata', 0):.1f}, tables "
                     f"{st.get('tables', 0):.1f}, narrative {st.get('narrative', 0):.1f}, assemble "
                     f"{st.get('assemble', 0):.1f}) | {st.get('write', 0):.1f} | {st.get('validate', 0):.1f} | "
                     f"{r['rss_self'] / 1024:.0f} / {r['rss_children'] / 1024:.0f} | {status} | "
                     f"{r['rows']['observations']} | {r['load_before']:.1f} / {r['load']:.1f} |")
        print(lines[-1], flush=True)
    _record(lines, args.no_record)


def _record(lines: list[str], no_record: bool) -> None:
    if no_record:
        return
    # a dated section after the earlier ones, before the development set's running table
    results = HERE / "results.md"
    text = results.read_text(encoding="utf-8")
    at = text.find("\n## Development set")
    at = len(text) if at < 0 else at
    results.write_text(text[:at].rstrip("\n") + "\n" + "\n".join(lines) + "\n" + text[at:], encoding="utf-8")


if __name__ == "__main__":
    main()
