"""`make release` writes what changed since the previous release into the CHANGELOG's data
section (ogi diff against the previous archive), on a copy of the repository."""
from __future__ import annotations

import csv
import json
import shutil

from ogi.publish.release import changes_since, make_release, previous_release, write_changelog
from ogi.publish.write import write_descriptor

from .conftest import ROOT


def _copy_repo(dst):
    for name in ("datapackage.json", "README.md", "LICENSE", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy(ROOT / name, dst / name)
    shutil.copytree(ROOT / "data", dst / "data")
    shutil.copytree(ROOT / "docs", dst / "docs")
    return dst


def _bump(root, version):
    for name in ("datapackage.json",):
        pkg = json.loads((root / name).read_text(encoding="utf-8"))
        pkg["version"] = version
        (root / name).write_text(json.dumps(pkg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    old = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]
    (root / "CITATION.cff").write_text(cff.replace(f"version: {old}", f"version: {version}")
                                       .replace(f'version: "{old}"', f'version: "{version}"'), encoding="utf-8")


def test_the_changelog_gets_the_changes_since_the_previous_release(tmp_path):
    (tmp_path / "repo").mkdir()
    root = _copy_repo(tmp_path / "repo")
    dist = tmp_path / "dist"
    first = make_release(root, dist)
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    name, old_version = package["name"], package["version"]

    # the next version: one value corrected, one report's row removed with its values
    obs = root / "data" / "observations.csv"
    with obs.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    k = next(i for i, r in enumerate(rows) if r["value"])
    rows[k]["value"] = str(int(float(rows[k]["value"])) + 1)
    with obs.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    names = [r["name"] for r in json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    _bump(root, "9.9.9")
    write_descriptor(root, names, None)

    assert previous_release(dist, name, "9.9.9") == first
    assert previous_release(dist, name, old_version) is None  # the same version is no previous one
    section = changes_since(first, root)
    assert f"since {old_version}" in section and "| observations | 0 | 0 | 1 |" in section
    assert "| reports | 0 | 0 | 0 |" in section

    changelog = root / "CHANGELOG.md"
    write_changelog(changelog, section)
    write_changelog(changelog, section)  # run again: replaced, not repeated
    text = changelog.read_text(encoding="utf-8")
    assert text.count("| observations | 0 | 0 | 1 |") == 1
    assert text.index("## [Unreleased]") < text.index("Data changes since") < text.index(f"## [{old_version}]")
