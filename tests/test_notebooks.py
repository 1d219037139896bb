"""Every notebook runs from a clean checkout, on the committed package, without a failing cell."""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from ogi.notebooks import run_notebook

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_four_notebooks():
    assert len(NOTEBOOKS) >= 4
    assert "06_panel.ipynb" in {p.name for p in NOTEBOOKS}


def run_copy(path: Path, package: Path, tmp_path: Path, monkeypatch, save: bool = False) -> list[dict]:
    """Run a copy of the notebook (the committed one is not overwritten) on `package`; its errors,
    and any warning of a glyph no font has (a box where a character should be)."""
    copy = tmp_path / "notebooks" / path.name
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("OGI_PACKAGE", str(package))
    monkeypatch.setenv("OGI_FIGURES", str(tmp_path / "figures"))
    nb = run_notebook(copy, save=save)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    return [o for o in outputs if o.get("output_type") == "error"
            or (o.get("name") == "stderr" and "missing from font" in o.get("text", ""))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reproduces_the_committed_notebook_and_figures(path, tmp_path, monkeypatch):
    """Re-run on the committed package, the notebook and its figures are the committed bytes."""
    assert not run_copy(path, ROOT / "datapackage.json", tmp_path, monkeypatch, save=True)
    made = sorted((tmp_path / "figures").glob("*.png"))
    assert made or "oa.show(" not in path.read_text()
    stale = [p.name for p in made if not (ROOT / "figures" / p.name).exists()
             or (ROOT / "figures" / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"figures/{stale} differ from a fresh run: run `make notebooks` and commit"
    assert (tmp_path / "notebooks" / path.name).read_bytes() == path.read_bytes(), \
        f"notebooks/{path.name} differs from a fresh run: run `make notebooks` and commit"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_shows_each_figure_inline_as_saved(path):
    """A reader opening the notebook sees every figure: the inline PNG is the figures/ file."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = [str(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])]
        assert not any("PosixPath" in t or "<Figure size" in t for t in texts), cell.source[:60]
        for name in re.findall(r'oa\.show\(fig, "([a-z0-9_]+)"\)', cell.source):
            images = [base64.b64decode(o["data"]["image/png"]) for o in cell.get("outputs", [])
                      if "image/png" in o.get("data", {})]
            assert images == [(ROOT / "figures" / f"{name}.png").read_bytes()], name


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
