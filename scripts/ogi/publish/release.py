"""`ogi release`: a citable archive of the package with checksums and Zenodo metadata.

Beside the CSVs the archive holds the same tables as Parquet (data/<table>.parquet), one SQLite
database and one Excel workbook (ogi.publish.formats), and Datasette's metadata for the database;
the same files are left unpacked in dist/<name>-<version>/. What changed since the previous
release (`ogi diff` against its archive) is written into the CHANGELOG's data section."""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from pathlib import Path

import yaml

FIXED_TIME = (2016, 1, 1, 0, 0, 0)  # zip entries carry no build time: same inputs, same bytes


def release_files(root: Path) -> list[Path]:
    files = [root / "datapackage.json", root / "README.md", root / "LICENSE", root / "CITATION.cff",
             root / "CHANGELOG.md"]
    files += sorted((root / "docs").glob("*.md"))  # the data dictionary and crosswalk the README links
    files += sorted((root / "data").glob("*.csv"))
    files += sorted(p for p in (root / "data" / "raw").rglob("*") if p.is_file())
    return files


def make_release(root: Path, out: Path) -> Path:
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    if str(citation["version"]) != package["version"]:
        raise SystemExit(f"CITATION.cff version {citation['version']} != package version {package['version']}")
    name = f"{package['name']}-{package['version']}"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.zip"
    entries: list[tuple[str, bytes]] = []
    for path in release_files(root):
        entries.append((path.relative_to(root).as_posix(), path.read_bytes()))
    entries += format_entries(root / "datapackage.json", out / name, package)
    entries.append((".zenodo.json", zenodo_metadata(package, citation).encode("utf-8")))
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {arc}\n" for arc, data in entries)
    entries.append(("SHA256SUMS", sums.encode("utf-8")))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arc, data in entries:
            info = zipfile.ZipInfo(f"{name}/{arc}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return target


def zenodo_metadata(package: dict, citation: dict) -> str:
    meta = {
        "title": citation.get("title", package["title"]),
        "version": package["version"],
        "upload_type": "dataset",
        "description": package["description"],
        "creators": [{"name": a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}".strip(", ")}
                     for a in citation.get("authors", [])],
        "keywords": package["keywords"],
        "license": "CC-BY-4.0",
        "access_right": "open",
    }
    return json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def format_entries(descriptor: Path, folder: Path, package: dict) -> list[tuple[str, bytes]]:
    """The package as Parquet, SQLite and .xlsx (written into `folder`), as archive entries."""
    from .browse import datasette_metadata
    from .formats import write_parquet, write_sqlite, write_xlsx

    stem = package["name"]
    entries = [(f"data/{p.name}", p.read_bytes()) for p in write_parquet(descriptor, folder / "parquet")]
    for path in (write_sqlite(descriptor, folder / f"{stem}.sqlite"), write_xlsx(descriptor, folder / f"{stem}.xlsx")):
        entries.append((path.name, path.read_bytes()))
    meta = folder / "datasette-metadata.json"
    meta.write_text(json.dumps(datasette_metadata(package), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    entries.append((meta.name, meta.read_bytes()))
    return entries


# --- what changed since the previous release -------------------------------------------------

BEGIN, END = "<!-- BEGIN GENERATED: data-changes -->", "<!-- END GENERATED: data-changes -->"


def previous_release(out: Path, name: str, version: str) -> Path | None:
    """The newest archive in `out` of another version of this package (dist/<name>-<version>.zip)."""
    found = []
    for path in Path(out).glob(f"{name}-*.zip"):
        v = path.name[len(name) + 1:-len(".zip")]
        if v != version and re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", v):
            found.append((tuple(int(x) for x in v.split(".")), path))
    return max(found)[1] if found else None


def changes_since(previous: Path, root: Path) -> str:
    """`ogi diff` of the previous release (an archive or a package folder) and the package at
    `root`, as the lines of a CHANGELOG section."""
    from .diff import diff_packages

    with tempfile.TemporaryDirectory(prefix="ogi-release-") as tmp:
        old = Path(previous)
        if old.is_file():
            with zipfile.ZipFile(old) as zf:
                zf.extractall(tmp)
            old = next(p.parent for p in Path(tmp).rglob("datapackage.json"))
        result = diff_packages(old, root)
    lines = [f"Data changes since {result.old_version} (`ogi diff`, by primary key):", "",
             "| table | added | removed | changed |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.added} | {t.removed} | {t.changed} |" for t in result.tables]
    lines += [f"| {n} | new table | | |" for n in result.tables_added]
    lines += [f"| {n} | table removed | | |" for n in result.tables_removed]
    if result.status_changes:
        lines += ["", f"Reports whose status changed: {len(result.status_changes)} "
                      "(run `ogi diff` for the list, and for every value with its evidence)."]
    return "\n".join(lines)


def write_changelog(changelog: Path, section: str) -> None:
    """Put `section` in the CHANGELOG's [Unreleased] part, between marker comments (replacing
    what an earlier run wrote there)."""
    text = changelog.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{section.rstrip()}\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    elif "## [Unreleased]" in text:
        text = text.replace("## [Unreleased]", f"## [Unreleased]\n\n### Data\n\n{block}", 1)
    else:
        head, sep, rest = text.partition("\n## ")
        text = f"{head}\n## [Unreleased]\n\n### Data\n\n{block}\n{sep}{rest}" if sep else f"{text}\n{block}\n"
    changelog.write_text(text, encoding="utf-8")
