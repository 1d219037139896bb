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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path, monkeypatch):
    copy = tmp_path / "notebooks" / path.name  # the committed notebook is not overwritten
    copy.parent.mkdir()
    shutil.copy(path, copy)
    monkeypatch.setenv("OGI_PACKAGE", str(ROOT / "datapackage.json"))
    monkeypatch.setenv("OGI_FIGURES", str(tmp_path / "figures"))
    nb = run_notebook(copy)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    assert list((tmp_path / "figures").glob("*.png")) or "figure" not in path.read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_executed_and_types_no_numbers(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "commit notebooks executed (make notebooks)"
    assert any(c.get("outputs") for c in code)
    assert "load_package" in "".join(c.source for c in code)
