"""Every notebook runs from a clean checkout, on the committed package, without a failing cell."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from ogi.notebooks import run_notebook

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_four_notebooks():
    assert len(NOTEBOOKS) >= 4


def run_copy(path: Path, package: Path, tmp_path: Path, monkeypatch) -> list[dict]:
    """Run a copy of the notebook (the committed one is not overwritten) on `package`; its errors."""
    copy = tmp_path / "notebooks" / path.name
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("OGI_PACKAGE", str(package))
    monkeypatch.setenv("OGI_FIGURES", str(tmp_path / "figures"))
    nb = run_notebook(copy)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, monkeypatch):
    assert not run_copy(path, ROOT / "datapackage.json", tmp_path, monkeypatch)
    assert list((tmp_path / "figures").glob("*.png")) or "figure" not in path.read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_executed_and_types_no_numbers(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "commit notebooks executed (make notebooks)"
    assert any(c.get("outputs") for c in code)
    assert "load_package" in "".join(c.source for c in code)


@pytest.fixture(scope="module")
def larger_package(tmp_path_factory):
    """A synthetic corpus above ogi.analysis.PER_REPORT_MAX, so figures take their by-year form."""
    import importlib.util

    from ogi.analysis import PER_REPORT_MAX
    from ogi.pipeline import build

    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    base = tmp_path_factory.mktemp("larger")
    make_corpus.main(["--n", str(PER_REPORT_MAX + 30), "--out", str(base / "raw")])
    build(base / "raw", base / "out", progress=False)
    return base / "out" / "datapackage.json"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_a_larger_corpus(path, tmp_path, monkeypatch, larger_package):
    assert not run_copy(path, larger_package, tmp_path, monkeypatch)
    # no figure grows with the corpus (one bar or row per report would)
    assert all(p.stat().st_size < 300_000 for p in (tmp_path / "figures").glob("*.png"))
