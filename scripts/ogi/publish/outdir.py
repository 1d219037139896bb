"""Where a package is written, so that nothing the user had is lost.

The raw folder must exist and hold files; the output may not be the raw folder, lie inside it,
or have its tables land in it. An output folder that holds something other than an earlier ogi
package is refused unless forced. The package is written into a staging folder inside the
output folder and moved into place file by file (os.replace: never a half-written file) only
when it is complete and valid, the descriptor last; an interrupted build leaves the earlier
package as it was, and its staging folder is removed by the next build.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".ogi-staging-"
PACKAGE_NAME = "ogi-annual-reports"


class OutputError(Exception):
    """The raw or output folder would put what the user has at risk."""


def check_folders(raw: Path, out: Path, *, force: bool = False) -> None:
    raw_r, out_r = raw.resolve(), out.resolve()
    if not raw.exists():
        raise OutputError(f"the raw folder {raw} does not exist (a typo?); nothing was written")
    if not raw.is_dir():
        raise OutputError(f"--raw {raw} is not a folder")
    if not any(True for _ in _files(raw)):
        raise OutputError(f"the raw folder {raw} holds no files; nothing was written")
    if out_r == raw_r or _inside(out_r, raw_r):
        raise OutputError(f"--out {out} is (or lies inside) the raw folder {raw}: the package would be "
                          "read as reports by the next build; choose another folder")
    if (out_r / "data") == raw_r:
        raise OutputError(f"--raw {raw} is the package's own data folder under --out {out}: the tables "
                          "would be written among the reports; keep the reports in another folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    if out.exists() and not force and not is_package(out) and _holds_anything(out, raw_r):
        raise OutputError(f"--out {out} holds files that are not an ogi package; choose an empty or new "
                          "folder, or pass --force to write the package beside them")


def is_package(folder: Path) -> bool:
    try:
        return json.loads((folder / "datapackage.json").read_text(encoding="utf-8")).get("name") == PACKAGE_NAME
    except (OSError, ValueError, AttributeError):
        return False


def staging(out: Path) -> Path:
    """A new staging folder inside `out` (created if need be), after removing the staging folders
    that interrupted builds left behind."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(STAGING_PREFIX + "*"):
        pid = old.name[len(STAGING_PREFIX):].split("-")[0]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out))


def publish(stage: Path, out: Path, owned: set[str]) -> None:
    """Move every file of the staged package into `out` (the descriptor last), then remove the
    files of `owned` (paths relative to the package: what ogi writes) that an earlier build left
    and this one did not write (e.g. Parquet copies from an earlier --format parquet)."""
    staged = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
    descriptor = "datapackage.json"
    for rel in [r for r in staged if r != descriptor] + [r for r in staged if r == descriptor]:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / rel, target)
    for rel in sorted(owned - set(staged)):
        (out / rel).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)


def _files(folder: Path):
    for _, _, names in os.walk(folder):
        yield from names


def _holds_anything(folder: Path, raw: Path) -> bool:
    """Anything but staging folders and the folders that lead to the raw folder (the repository's
    layout keeps the reports in data/raw under the package)."""
    for p in folder.iterdir():
        if p.name.startswith(STAGING_PREFIX):
            continue
        r = p.resolve()
        if p.is_dir() and (r == raw or _inside(raw, r)) and _only_leads_to(p, raw):
            continue
        return True
    return False


def _only_leads_to(folder: Path, raw: Path) -> bool:
    """The folder holds nothing but the way to the raw folder (data/ holding only raw/)."""
    if folder.resolve() == raw:
        return True
    return all(c.is_dir() and _inside(raw, c.resolve()) and _only_leads_to(c, raw) for c in folder.iterdir())


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
