"""`ogi build --scheduler`: the per-file parse on a Dask distributed cluster (a LocalCluster on
loopback here) writes the package a local build writes, byte for byte."""
from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from ogi.cli import main
from ogi.cluster import ClusterError, batch_size, parse_on_cluster
from ogi.pipeline import Input, _failed, _parse_one, build

from .conftest import RAW


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # one worker in this process, two threads, on loopback, no dashboard
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                      protocol="tcp://", host="127.0.0.1") as c:
        yield c


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def raw_folder(tmp_path: Path) -> Path:
    """The seeds with their sources.csv, a file that is no report, one that cannot be read, a
    hidden file and a subfolder: every kind of row."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "sub").mkdir()
    shutil.copy(RAW / "2017_yunnan_yuxi_city-government.txt", raw / "sub" / "copy.txt")  # a duplicate
    (raw / "notice.txt").write_text("关于做好2018年政府信息公开工作年度报告编制工作的通知\n各单位:请于1月31日前报送。\n",
                                    encoding="utf-8")
    (raw / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (raw / ".hidden.txt").write_text("x", encoding="utf-8")
    return raw


def test_the_cluster_build_is_the_local_build_byte_for_byte(tmp_path, cluster):
    raw = raw_folder(tmp_path)
    local = build(raw, tmp_path / "local", jobs=1, progress=False)
    remote = build(raw, tmp_path / "dask", scheduler=cluster, progress=False)
    assert remote.by_status == local.by_status and remote.n_files == local.n_files == 9
    assert set(local.by_status) >= {"parsed", "rejected", "duplicate"}
    a, b = files(tmp_path / "local"), files(tmp_path / "dask")
    assert set(a) == set(b) and "datapackage.json" in a and "data/observations.csv" in a
    for name in a:
        assert a[name] == b[name], name


def test_the_command_line_takes_the_scheduler_address(tmp_path, cluster, capsys):
    raw = raw_folder(tmp_path)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "local"), "--jobs", "1", "--no-cache"]) == 0
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "dask"),
                 "--scheduler", cluster.scheduler_address, "--cache", str(tmp_path / "cache")]) == 0
    assert files(tmp_path / "local") == files(tmp_path / "dask")
    assert "ogi build: 9 files" in capsys.readouterr().out


def test_results_come_back_in_input_order(tmp_path, cluster):
    raw = tmp_path / "raw"
    raw.mkdir()
    names = [f"{k:03d}.txt" for k in range(40)]
    for k, name in enumerate(reversed(names)):   # written in reverse, so no order comes for free
        (raw / name).write_text(f"第{k}页\n", encoding="utf-8")
    args = [(Input(name, raw / name), None) for name in names]
    assert batch_size(len(args), 2) == 2   # the cluster's 2 threads: two files a task, 20 tasks
    got = [p.report["raw_path"] for p in parse_on_cluster(cluster, args, _parse_one, raw, _failed)]
    assert got == names


class _OnDisk(Sequence):
    """Inputs as the build keeps them (on disk, read by slices): never read whole."""

    def __init__(self, items):
        self.items, self.largest = items, 0

    def __len__(self):
        return len(self.items)

    def __getitem__(self, k):
        if not isinstance(k, slice):
            raise AssertionError("read one at a time")
        got = self.items[k]
        self.largest = max(self.largest, len(got))
        return got

    def __iter__(self):
        raise AssertionError("read whole")


def test_the_inputs_are_read_a_batch_at_a_time(tmp_path, cluster):
    raw = tmp_path / "raw"
    raw.mkdir()
    names = [f"{k:03d}.txt" for k in range(40)]
    for name in names:
        (raw / name).write_text("第1页\n", encoding="utf-8")
    args = _OnDisk([(Input(name, raw / name), None) for name in names])
    got = [p.report["raw_path"] for p in parse_on_cluster(cluster, args, _parse_one, raw, _failed)]
    assert got == names and args.largest == batch_size(len(names), 2)


def test_a_worker_that_cannot_see_the_raw_folder_stops_the_build(tmp_path, cluster):
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(ClusterError, match="cannot see the raw folder"):
        list(parse_on_cluster(cluster, [], _parse_one, tmp_path / "elsewhere", _failed))
    # a file gone from where the workers look (a worker without the shared filesystem) is no row
    # saying the file cannot be read: the build stops
    args = [(Input("gone.txt", raw / "gone.txt"), None)]
    with pytest.raises(ClusterError, match="cannot see"):
        list(parse_on_cluster(cluster, args, _parse_one, raw, _failed))


def test_the_command_line_says_what_is_wrong_with_the_cluster(tmp_path, capsys):
    raw = raw_folder(tmp_path)
    # a scheduler that is not there: a message, exit 2, nothing written
    code = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache",
                 "--scheduler", str(tmp_path / "no-scheduler.json")])
    assert code == 2 and "ogi build: stopped." in capsys.readouterr().err
    assert not (tmp_path / "out" / "datapackage.json").exists()


def test_with_the_cache_only_new_files_go_to_the_cluster(tmp_path, cluster):
    raw = raw_folder(tmp_path)
    cache = tmp_path / "cache"
    local = build(raw, tmp_path / "local", jobs=1, progress=False)
    first = build(raw, tmp_path / "one", scheduler=cluster, cache=cache, progress=False)
    assert "0 file(s) from" in first.cache
    shutil.copy(RAW / "2018_guizhou_bijie_qixingguan_district-government.txt", raw / "sub" / "new.txt")
    second = build(raw, tmp_path / "two", scheduler=cluster, cache=cache, progress=False)
    # every file read before from the cache (the .doc's rejection too); the new file parsed and
    # kept; the hidden file, never read, a row made again
    assert "8 file(s) from" in second.cache and "2 parsed, 1 stored" in second.cache
    assert files(tmp_path / "one") == files(tmp_path / "local")
    clean = build(raw, tmp_path / "clean", jobs=1, progress=False)
    assert files(tmp_path / "two") == files(tmp_path / "clean")
    assert clean.by_status != local.by_status   # the new file is a duplicate of a seed


def _dies_on_one(arg):
    """Kills its worker process on die.txt, as a file that exhausts the worker's memory would."""
    import os

    from ogi.pipeline import _parse_one

    if arg[0].rel == "die.txt":
        os._exit(1)
    return _parse_one(arg)


def test_a_file_that_kills_its_worker_is_read_again_alone(tmp_path):
    """A task whose worker died (a file that kills its process, or one that shared the worker
    with it) is read again in a process of its own on this machine (pipeline._alone, which makes
    the file a row if that process dies too); the other files come back from the cluster, and
    the order is kept."""
    import sys

    import cloudpickle
    import dask
    from distributed import LocalCluster

    raw = tmp_path / "raw"
    raw.mkdir()
    names = ["a.txt", "die.txt", "z.txt"]
    shutil.copy(RAW / "2017_yunnan_yuxi_city-government.txt", raw / "a.txt")
    shutil.copy(RAW / "2019_sichuan_nanchong_gaoping_district-government-office.txt", raw / "z.txt")
    (raw / "die.txt").write_text("x", encoding="utf-8")
    args = [(Input(n, raw / n), None) for n in names]

    def alone(arg):
        return _failed(arg, "read again alone", status="rejected")

    cloudpickle.register_pickle_by_value(sys.modules[__name__])   # the worker process gets the function
    try:
        # one worker process (the one that dies), each task tried once
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
                LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                             worker_dashboard_address=None,
                             protocol="tcp://", host="127.0.0.1") as c:
            rows = [p.report for p in parse_on_cluster(c, args, _dies_on_one, raw, alone)]
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert [r["raw_path"] for r in rows] == names
    assert rows[1]["status_note"] == "read again alone"
    for r in (rows[0], rows[2]):   # from the cluster, or alone if it was on the worker that died
        assert r["status"] == "parsed" or r["status_note"] == "read again alone"
