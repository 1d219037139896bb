"""The per-file parse on a Dask distributed cluster (`ogi build --scheduler ADDRESS`).

The workers run the very function the local worker processes run (`ogi.pipeline._parse_one`,
passed in by the pipeline), a few files a task; the results come back in input order, a bounded
window of tasks in flight, into the same collector and writer as a local build: the package is
byte for byte the one a local build writes. The workers read the files themselves, by their
path: the raw folder must be at the same path on every worker (a shared filesystem, as on an HPC
cluster), and every worker must run the same ogi and reading libraries (checked before any file
is sent). With the parse cache (ogi.cache), only the files it does not hold are sent.

Dask is optional: `pip install 'ogi[cluster]'` (dask and distributed, pinned in requirements.lock).
"""
from __future__ import annotations

import os
import uuid
from collections import deque
from pathlib import Path


def _worker_check(raw: str) -> tuple[str, bool]:
    """Run on every worker: its ogi's version (ogi.cache.extractor_version: code, codebook,
    schema, reading libraries, Python), and whether it sees the raw folder."""
    from .cache import extractor_version

    return extractor_version(), os.path.isdir(raw)


class ClusterError(RuntimeError):
    pass


def _remote(func, arg):
    """The task a worker runs: the file must be there (a worker that joined later without the
    shared filesystem would otherwise make a row saying the file cannot be read)."""
    item = arg[0]
    if item.path is not None and not os.path.lexists(item.path):
        raise ClusterError(f"a worker cannot see {item.path}: the raw folder must be at the same path on "
                           "every worker (a shared filesystem)")
    return func(arg)


def _remote_batch(func, batch: list) -> list:
    """A task: a few files one after the other (the scheduler's cost is per task, not per file)."""
    return [_remote(func, a) for a in batch]


def batch_size(n_files: int, threads: int) -> int:
    """Files per task: enough tasks to keep every thread busy to the end (8 a thread), few
    enough that the scheduler's cost per task (about a millisecond) stays small beside the
    parse (tens of milliseconds a file)."""
    return max(1, min(32, n_files // (8 * threads)))


def connect(scheduler):
    """A distributed Client for `scheduler`: an address (tcp://host:8786), a scheduler file
    written by `dask scheduler --scheduler-file` (a path to a .json file), a Client (used as
    it is), or a cluster object (LocalCluster, dask-jobqueue's SLURMCluster, ...).
    Returns (client, whether we opened it and must close it)."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ClusterError("--scheduler needs dask's distributed scheduler: pip install 'ogi[cluster]' "
                           "(dask and distributed, pinned in requirements.lock)") from exc
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        if isinstance(scheduler, (str, os.PathLike)):
            text = os.fspath(scheduler)
            if text.endswith(".json"):
                if not Path(text).is_file():
                    raise ClusterError(f"no scheduler file at {text} (`dask scheduler --scheduler-file` writes it)")
                return Client(scheduler_file=text, timeout="60s"), True
            return Client(text, timeout="60s"), True
        return Client(scheduler, timeout="60s"), True   # a cluster object
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"no Dask scheduler answers at {scheduler} ({type(exc).__name__}: {exc})") from exc


def parse_on_cluster(scheduler, args, func, raw: Path, alone):
    """Yield func(a) for every a in args (a sequence: its length, and slices of it), in order,
    computed on the cluster's workers; only the batches in flight are held in memory.
    The files go in batches (ogi.cluster.batch_size), a bounded window of them in flight.
    A task whose worker died (the scheduler tried it on other workers as many times as it
    allows) may hold a file that kills its process, or files that shared a worker with such a
    file: `alone(a)` reads each of its files again in a process of its own on this machine,
    which makes the file a row if that process dies too, as a local build does."""
    from dataclasses import replace

    from distributed.scheduler import KilledWorker

    def absolute(batch: list) -> list:
        # workers run elsewhere, in another folder: every path absolute (links kept as links)
        return [(replace(item, path=Path(os.path.abspath(item.path))) if item.path is not None else item, row)
                for item, row in batch]

    client, own = connect(scheduler)
    pending: deque = deque()
    try:
        client.wait_for_workers(1, timeout=120)
        from .cache import extractor_version

        mine = extractor_version()
        seen = client.run(_worker_check, str(Path(raw).resolve()))
        other = sorted(w for w, (fp, _) in seen.items() if fp != mine)
        blind = sorted(w for w, (_, ok) in seen.items() if not ok)
        if other:
            raise ClusterError(f"worker(s) {', '.join(other)} run another version of ogi (its source, "
                               "codebook, schema, reading libraries or Python differ): install the same ogi "
                               "on every worker")
        if blind:
            raise ClusterError(f"worker(s) {', '.join(blind)} cannot see the raw folder {raw}: it must be at "
                               "the same path on every worker (a shared filesystem)")
        threads = sum(client.nthreads().values()) or 1
        size = batch_size(len(args), threads)
        window = max(16, 4 * threads)   # tasks in flight: every thread busy, memory bounded
        run = uuid.uuid4().hex[:12]
        k = 0
        while k < len(args) or pending:
            while k < len(args) and len(pending) < window:
                batch = absolute(args[k:k + size])  # read a batch at a time: args may be on disk
                # one key per task and build: nothing is shared with another build's tasks
                pending.append((batch, client.submit(_remote_batch, func, batch, key=f"ogi-parse-{run}-{k}",
                                                     pure=False, retries=0)))
                k += len(batch)
            batch, fut = pending.popleft()
            try:
                results = fut.result()
            except KilledWorker:
                results = None
            finally:
                fut.release()
            if results is None:
                yield from (alone(a) for a in batch)
            else:
                yield from results
    finally:
        for _, fut in pending:
            fut.cancel()
        if own:
            client.close()
