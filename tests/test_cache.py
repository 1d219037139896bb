"""The parse cache (ogi.cache): a rebuild parses only what it has not seen, and writes the package
a clean build writes, byte for byte; a change to the code, the codebook, the reading libraries,
a file or its sources.csv row is another key; a damaged entry is ignored and replaced."""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ogi import cache as cache_mod
from ogi.cache import ParseCache, extractor_version
from ogi.cli import main
from ogi.pipeline import build
from ogi.publish.outdir import OutputError

from .conftest import RAW, ROOT

SEEDS = sorted(p.name for p in RAW.glob("*.txt"))


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def another_report(seed: str, place: str) -> str:
    """A seed report moved to another county (its title's agency renamed): a new agency-year."""
    lines = (RAW / seed).read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines[:20]) if "年度报告" in line)
    lines[k] = re.sub(r"^[^\d]*?(?=\d{4}年)", place + "人民政府", lines[k])
    return "\n".join(lines)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_adding_reports_parses_only_those_and_gives_the_clean_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    cache = tmp_path / "cache"
    first = build(raw, tmp_path / "first", cache=cache, progress=False)
    assert "0 file(s) from" in first.cache and "5 parsed, 5 stored" in first.cache
    assert len(entries(cache)) == 5
    # new reports, one in a subfolder, and a file that is no report
    (raw / "new").mkdir()
    (raw / "new" / "a.txt").write_text(another_report(SEEDS[0], "永嘉县"), encoding="utf-8")
    (raw / "b.txt").write_text(another_report(SEEDS[3], "临安区"), encoding="utf-8")
    (raw / "c.txt").write_text("关于报送2018年政府信息公开工作年度报告的通知\n", encoding="utf-8")
    again = build(raw, tmp_path / "again", cache=cache, jobs=2, progress=False)
    assert "5 file(s) from" in again.cache and "3 parsed, 3 stored" in again.cache
    clean = build(raw, tmp_path / "clean", jobs=1, progress=False)
    assert again.by_status == clean.by_status
    a, b = files(tmp_path / "again"), files(tmp_path / "clean")
    assert set(a) == set(b)
    for name in a:
        assert a[name] == b[name], name
    # nothing of the cache in the package, nothing in the raw folder
    assert not any("cache" in name for name in a) and not (raw / ".ogi-cache").exists()


def _write_sources(raw: Path, change: dict[str, dict] | None = None) -> None:
    """sources.csv without the checksums (which stop a build for a file changed on purpose), and
    with the changes given (file -> column -> value)."""
    with (RAW / "sources.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r.update((change or {}).get(r["file"], {}))
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, [k for k in rows[0] if k not in ("sha256", "bytes")], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def test_a_changed_file_or_sources_row_is_parsed_again(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    _write_sources(raw)
    cache = tmp_path / "cache"
    build(raw, tmp_path / "one", cache=cache, progress=False)
    # one file's bytes changed; another file's sources.csv row changed (a source_site given)
    changed = raw / SEEDS[1]
    changed.write_bytes(changed.read_bytes() + "\n本报告电子版可在门户网站下载。\n".encode("utf-8"))
    _write_sources(raw, {SEEDS[2]: {"source_site": "某某县人民政府门户网站"}})
    again = build(raw, tmp_path / "two", cache=cache, progress=False)
    assert "3 file(s) from" in again.cache and "2 parsed" in again.cache
    build(raw, tmp_path / "clean", progress=False)
    assert files(tmp_path / "two") == files(tmp_path / "clean")
    assert files(tmp_path / "two") != files(tmp_path / "one")


def _build_in(pkg: Path, raw: Path, out: Path, cache: Path | None) -> str:
    """A build by the ogi at `pkg` (a copy of the package), in a process of its own."""
    code = ("import sys; from pathlib import Path; from ogi.pipeline import build; "
            f"s = build(Path({str(raw)!r}), Path({str(out)!r}), jobs=1, progress=False, "
            f"cache={repr(str(cache)) if cache else None}); print(s.cache)")
    env = dict(os.environ, PYTHONPATH=str(pkg))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def test_a_changed_codebook_or_source_file_invalidates_the_cache(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "scripts" / "ogi", pkg / "ogi", ignore=shutil.ignore_patterns("__pycache__"))
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    cache = tmp_path / "cache"
    assert "5 parsed" in _build_in(pkg, raw, tmp_path / "before", cache)
    assert "5 file(s) from" in _build_in(pkg, raw, tmp_path / "cached", cache)
    assert files(tmp_path / "before") == files(tmp_path / "cached")
    # the codebook's zero wordings taken out: the seeds' stated zeros are no longer read
    zeros = pkg / "ogi" / "codebook" / "narrative_zero.csv"
    zeros.write_text(zeros.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "0 file(s) from" in _build_in(pkg, raw, tmp_path / "after", cache)
    _build_in(pkg, raw, tmp_path / "clean", None)
    assert files(tmp_path / "after") == files(tmp_path / "clean")
    assert files(tmp_path / "after") != files(tmp_path / "before")   # the change mattered
    # a source file changed, even by a comment: another version, nothing served
    before = extractor_version(pkg / "ogi")
    settings = pkg / "ogi" / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert extractor_version(pkg / "ogi") != before
    assert "0 file(s) from" in _build_in(pkg, raw, tmp_path / "after2", cache)


def test_the_version_follows_the_reading_libraries_and_not_compiled_files(tmp_path, monkeypatch):
    pkg = tmp_path / "ogi"
    shutil.copytree(ROOT / "scripts" / "ogi", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = extractor_version(pkg)
    (pkg / "__pycache__").mkdir(exist_ok=True)
    (pkg / "__pycache__" / "x.pyc").write_bytes(b"compiled")   # not source: no change
    assert extractor_version(pkg) == before
    for changed in (pkg / "codebook" / "units.csv", pkg / "schema" / "resources.yaml", pkg / "numbers.py"):
        old = changed.read_bytes()
        changed.write_bytes(old + b"\n")
        assert extractor_version(pkg) != before, changed
        changed.write_bytes(old)
    assert extractor_version(pkg) == before
    real = cache_mod.library_versions
    monkeypatch.setattr(cache_mod, "library_versions", lambda: dict(real(), pypdf="0.0.1"))
    assert extractor_version(pkg) != before


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    cache = tmp_path / "cache"
    build(raw, tmp_path / "one", cache=cache, progress=False)
    paths = entries(cache)
    paths[0].write_bytes(paths[0].read_bytes()[:40])               # cut short
    data = bytearray(paths[1].read_bytes())
    data[-5] ^= 0xFF                                                # one byte altered
    paths[1].write_bytes(bytes(data))
    paths[2].write_bytes(b"")                                        # emptied
    again = build(raw, tmp_path / "two", cache=cache, progress=False)
    assert "2 file(s) from" in again.cache and "3 damaged entries replaced" in again.cache
    assert files(tmp_path / "two") == files(tmp_path / "one")
    third = build(raw, tmp_path / "three", cache=cache, progress=False)
    assert "5 file(s) from" in third.cache and "entries replaced" not in third.cache


def test_a_file_set_aside_for_its_time_is_not_kept(tmp_path, monkeypatch):
    import time

    from ogi import pipeline
    from ogi.extract import tables

    raw = tmp_path / "raw"
    raw.mkdir()
    for k, seed in enumerate(SEEDS[:2]):
        shutil.copy(RAW / seed, raw / f"{k}.txt")
    real = tables.extract_tables

    def slow(doc, codebook):
        if doc.path == "1.txt":
            time.sleep(3)
        return real(doc, codebook)

    monkeypatch.setattr(tables, "extract_tables", slow)
    monkeypatch.setattr(pipeline, "FILE_SECONDS_MAX", 1)
    cache = tmp_path / "cache"
    first = build(raw, tmp_path / "one", jobs=1, cache=cache, progress=False)
    assert first.by_status["rejected"] == 1 and "1 stored" in first.cache
    monkeypatch.undo()
    again = build(raw, tmp_path / "two", jobs=1, cache=cache, progress=False)
    assert "1 file(s) from" in again.cache and "1 parsed" in again.cache
    assert "rejected" not in again.by_status


def test_the_cache_is_never_in_the_raw_or_output_folder(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for folder in (raw / "cache", raw, tmp_path / "out" / "cache", tmp_path):
        with pytest.raises(OutputError, match="cache folder"):
            build(raw, tmp_path / "out", cache=folder, progress=False)
    assert not (raw / "cache").exists()
    # the command line's default: the user's cache folder; --no-cache: none
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "a"), "--no-cache"]) == 0
    assert not (tmp_path / "home-cache").exists()
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "b")]) == 0
    assert len(entries(tmp_path / "home-cache" / "ogi")) == 5
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "c"), "--cache", str(tmp_path / "mine")]) == 0
    assert "cache: 0 file(s) from" in capsys.readouterr().out and len(entries(tmp_path / "mine")) == 5
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "d"), "--cache", str(raw / "c")]) == 2
    assert files(tmp_path / "a") == files(tmp_path / "b") == files(tmp_path / "c")


def test_old_versions_are_pruned(tmp_path):
    root = tmp_path / "cache"
    for k, name in enumerate(["a" * 24, "b" * 24, "c" * 24, "d" * 24]):
        (root / name).mkdir(parents=True)
        os.utime(root / name, (1000 + k, 1000 + k))
    (root / "notes").mkdir()   # not a version folder: left alone
    c = ParseCache(root, version="e" * 64).open()
    assert sorted(p.name for p in root.iterdir()) == ["c" * 24, "d" * 24, "e" * 24, "notes"]
    assert c.folder.name == "e" * 24
