"""sources.csv, the manifest: what the user (or the scraper) knows about each file.

Columns by name, all optional but `file`: sha256 (checked: the build stops if the file changed),
agency, year, adcode (the agency's GB/T 2260 code), published, source_url, source_site. A value
the manifest gives wins over what the text says, and the report records that it came from the
manifest (reports.year_source, reports.agency_source, agencies.place_source).

The file is read as Excel and scrapers write it: UTF-8 with or without a byte-order mark, or
GBK/GB18030 (Excel on Chinese Windows). A manifest that cannot be read as such a table stops the
build with a message naming the line; a single value that is not what its column holds (a year
like 1999 or 2018年度, a date like 2018/1/4 is read, one like 2018-13-45 is not) is set aside
with a note on that file's report row, and the build goes on.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import re
from pathlib import Path

from .settings import YEAR_MAX, YEAR_MIN

MANIFEST = "sources.csv"
COLUMNS = ("file", "sha256", "agency", "year", "adcode", "published", "source_url", "source_site")


class ManifestError(Exception):
    """The manifest cannot be read, or a listed file is missing or its bytes changed."""


MAX_PROBLEMS = 20  # a manifest for another folder would otherwise list every one of its rows


def load_manifest(raw: Path, rows=None):
    """file name (relative to the raw folder, forward slashes) -> its row, values cleaned; each
    row's `notes` lists the values set aside. `rows`: the mapping the rows go into (a dict by
    default; the build gives one on disk, ogi.publish.spool.SpooledMapping). The file is read as
    a stream, never whole: a scraper's manifest may have millions of rows."""
    rows = {} if rows is None else rows
    path = Path(raw) / MANIFEST
    if not path.exists():
        return rows
    if not path.is_file():
        raise ManifestError(f"{path} is not a file: {MANIFEST} must be a CSV table")
    problems, n_problems = [], 0
    root = Path(raw).resolve()
    with _open(path) as text:
        for name, row in _parse(text, path, rows):
            problem = _problem(Path(raw), root, name, row)
            if problem:
                n_problems += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(f"line {row['line']}: {problem}")
                continue
            rows[name] = row
    if problems:
        more = f"\n  … and {n_problems - len(problems)} more" if n_problems > len(problems) else ""
        raise ManifestError(f"{path} does not match the raw folder:\n  " + "\n  ".join(problems) + more)
    return rows


def _problem(raw: Path, root: Path, name: str, row: dict) -> str:
    file = raw / name
    if Path(name).is_absolute() or ".." in Path(name).parts or not _inside(file.resolve(), root):
        return (f"{name} is not a path inside the raw folder (paths in {MANIFEST} are relative to it and "
                "may not leave it)")
    if not file.is_file():
        return f"{name} is listed in {MANIFEST} but is not a file in {raw}"
    if row.get("sha256"):
        digest = hashlib.sha256()
        with file.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != row["sha256"]:
            return (f"{name}: its sha256 differs from the one {MANIFEST} gives (the raw file changed; "
                    "restore it, or update the manifest on purpose)")
    return ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _open(path: Path):
    """The manifest as a text stream: UTF-8 (a byte-order mark dropped) if every byte decodes so,
    else GB18030 (GBK), checked in one streaming pass before it is parsed."""
    for codec in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return path.open(encoding=codec, newline="")
    raise ManifestError(f"{path} is neither UTF-8 nor GBK text: save it as CSV UTF-8 and rerun")


def _parse(text, path: Path, seen):
    """(file name, cleaned row) for each row of the table, in order; `seen`: the rows kept so far
    (a name listed twice stops the build)."""
    try:
        reader = csv.reader(text)
        header = next(reader, None)
    except csv.Error as exc:
        raise ManifestError(f"{path}, line 1: not a CSV table ({exc})") from None
    if not header:
        raise ManifestError(f"{path} is empty: give a header line with a `file` column")
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    if "file" not in names:
        raise ManifestError(f"{path}, line 1: no `file` column in the header ({', '.join(header[:6])}); "
                            f"the columns are {', '.join(COLUMNS)} (all optional but file)")
    line = 1
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(names):
                raise ManifestError(f"{path}, line {line}: {len(cells)} cells where the header has "
                                    f"{len(names)} (a comma inside a value needs quotes)")
            row = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}
            name = row.get("file", "").replace("\\", "/")
            if not name:
                raise ManifestError(f"{path}, line {line}: the file column is empty")
            if name in seen:
                raise ManifestError(f"{path}, line {line}: {name} is listed twice (also on line "
                                    f"{seen[name]['line']})")
            yield name, clean_row(row, line)
    except csv.Error as exc:
        raise ManifestError(f"{path}, line {line}: not a CSV table ({exc})") from None


_DATE = re.compile(r"^((?:19|20)[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
                   r"(?:[ T][0-9:]{4,8})?$")


def clean_row(row: dict, line: int) -> dict:
    """The row with each value checked against its column; values set aside are noted."""
    out = dict(row, file=row["file"].replace("\\", "/"), line=line, notes=[])
    year = row.get("year", "")
    if year:
        m = re.fullmatch(r"((?:19|20)[0-9]{2})\s*年?度?", year)
        if m and YEAR_MIN <= int(m.group(1)) <= YEAR_MAX:
            out["year"] = m.group(1)
        else:
            out["year"] = ""
            out["notes"].append(f"sources.csv year {year!r} set aside (not a statistics year "
                                f"{YEAR_MIN}-{YEAR_MAX})")
    published = row.get("published", "")
    if published:
        m = _DATE.match(published)
        iso = _iso(*m.groups()) if m else ""
        out["published"] = iso
        if not iso:
            out["notes"].append(f"sources.csv published {published!r} set aside (not a date)")
    adcode = re.sub(r"\s", "", row.get("adcode", ""))
    if adcode:
        if re.fullmatch(r"[1-9][0-9]{5}(?:[0-9]{6})?", adcode):
            out["adcode"] = adcode[:6]
        else:
            out["adcode"] = ""
            out["notes"].append(f"sources.csv adcode {row['adcode']!r} set aside (not a 6-digit GB/T 2260 code)")
    sha = row.get("sha256", "").lower()
    if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise ManifestError(f"sources.csv, line {line}: sha256 {row['sha256']!r} is not 64 hex digits")
    out["sha256"] = sha
    return out


def _iso(y: str, m: str, d: str) -> str:
    import datetime

    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""
