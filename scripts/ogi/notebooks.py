"""Execute the notebooks (`make notebooks`, and the tests)."""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run_notebook(path: Path, save: bool = False, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell with the notebook's folder as working directory; raise if a cell fails."""
    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    if save:
        for cell in nb.cells:  # keep saved notebooks stable: no execution timestamps
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, str(path))
    return nb


def run_notebooks(paths: list[Path], save: bool = False) -> None:
    for path in paths:
        print(f"running {path}")
        run_notebook(Path(path), save=save)
