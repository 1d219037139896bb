"""`ogi browse` (`make browse`): the package in Datasette on this machine.

The SQLite database of ogi.publish.formats, with Datasette metadata generated from the
descriptor: the package's title, licence and description; each table's title, description and
column descriptions; the codebook joined to observations (the view observations_labelled);
facets for statistics year, province, indicator and method; agencies, indicators and reports
labelled by name in the columns that refer to them.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .formats import VIEW, VIEW_COLUMNS, load_descriptor, write_sqlite

FACETS = {
    VIEW: ["year", "province", "indicator_id", "method"],
    "observations": ["year", "indicator_id", "method", "value_status"],
    "reports": ["year", "template", "status", "scope", "tables_available"],
    "agencies": ["province", "level", "agency_type"],
    "checks": ["result", "kind", "check_id"],
    "mentions": ["unit", "qualifier"],
    "indicators": ["section", "templates", "unit"],
}
LABELS = {"agencies": "name_zh", "indicators": "label_en", "reports": "title"}
# the column descriptions above each table in three columns, and long cells kept short, so the
# rows and facets are in view (a data: URL: nothing is fetched)
CSS = ("dl.column-descriptions{columns:3;column-gap:2em;font-size:85%}"
       "dl.column-descriptions dd{margin:0 0 .3em 1em}"
       "table.rows-and-columns td{max-width:22em;font-size:90%}")
# for the README's picture only: one line a row (a view has no row page to read a cell whole)
SHOT_CSS = "table.rows-and-columns td{white-space:nowrap;max-width:14em;overflow:hidden;text-overflow:ellipsis}"


def database_name(package: dict) -> str:
    return package["name"]


def datasette_metadata(package: dict, css: str = CSS) -> dict:
    """Datasette's metadata.json for the database ogi.publish.formats writes from `package`."""
    resources = {r["name"]: r for r in package["resources"]}
    descriptions = {(r["name"], f["name"]): f["description"] for r in resources.values()
                    for f in r["schema"]["fields"]}
    tables = {}
    for name, res in resources.items():
        table = {"title": res["title"], "description": res["description"],
                 "columns": {f["name"]: f["description"] for f in res["schema"]["fields"]}}
        if name in FACETS:
            table["facets"] = [c for c in FACETS[name] if c in table["columns"]]
        if name in LABELS:
            table["label_column"] = LABELS[name]
        tables[name] = table
    tables["identities"] = {
        "title": "Identities (the codebook's sums)",
        "description": "The accounting identities checks.check_id names: sum(left_ids) = sum(right_ids), "
                       "for the templates listed; derive = yes marks a total the 2019 form does not print, "
                       "computed from its parts.",
    }
    if {"observations", "indicators", "reports", "agencies"} <= set(resources):
        tables[VIEW] = {
            "title": "Indicator values with the codebook, report and agency",
            "description": "observations joined to indicators (labels, section, unit, comparability), "
                           "reports (template, scope, title) and agencies (name and place). A blank "
                           "value_status is a template cell left empty, not zero.",
            "columns": {alias: descriptions.get((table, col), "") for alias, table, col in VIEW_COLUMNS},
            "facets": FACETS[VIEW],
        }
    licence = package["licenses"][0]
    return {
        "title": package["title"],
        "description": package["description"],
        "license": licence["name"],
        "license_url": licence["path"],
        "source": "datapackage.json " + package.get("version", ""),
        "source_url": package.get("homepage", ""),
        "extra_css_urls": ["data:text/css," + urllib.parse.quote(css)],
        "databases": {database_name(package): {"title": package["title"], "tables": tables}},
    }


def prepare(descriptor: Path, out: Path, css: str = CSS) -> tuple[Path, Path]:
    """The database and metadata.json in `out`; the database is written again only when the
    package (the descriptor holds every table's hash) or the code writing it changed."""
    from . import formats

    descriptor = Path(descriptor)
    package = load_descriptor(descriptor)
    out.mkdir(parents=True, exist_ok=True)
    db = out / f"{database_name(package)}.db"
    stamp = out / f"{db.name}.source-sha256"
    digest = hashlib.sha256(descriptor.read_bytes() + Path(formats.__file__).read_bytes()).hexdigest()
    if not db.exists() or not stamp.exists() or stamp.read_text().strip() != digest:
        write_sqlite(descriptor, db)
        stamp.write_text(digest + "\n")
    meta = out / "metadata.json"
    meta.write_text(json.dumps(datasette_metadata(package, css), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return db, meta


def command(db: Path, meta: Path, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(meta),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000",
            "--setting", "facet_time_limit_ms", "2000"]


def serve(descriptor: Path, out: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Prepare, then become the Datasette process (stopping it stops everything)."""
    db, meta = prepare(descriptor, out)
    name = db.stem
    print(f"ogi browse: http://{host}:{port}/{name}/{VIEW} (Ctrl-C stops)", flush=True)
    cmd = command(db, meta, host, port)
    os.execv(cmd[0], cmd)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until `url` answers (raise if the server stopped or never answered)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {proc.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


def screenshot(descriptor: Path, out: Path, target: Path, width: int = 1600, height: int = 1300) -> Path:
    """A PNG of the observations view as Datasette shows it, taken by headless Chromium (for the
    README; needs a Chromium and a CJK font on the machine, e.g. the Debian packages chromium and
    fonts-wqy-microhei)."""
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        raise SystemExit("ogi browse --screenshot needs Chromium (Debian: apt-get install chromium fonts-wqy-microhei)")
    db, meta = prepare(descriptor, out, CSS + SHOT_CSS)
    port = free_port()
    proc = subprocess.Popen(command(db, meta, "127.0.0.1", port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{db.stem}/{VIEW}?_facet_size=5&_size=8"
        wait_until_up(url, proc)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([shutil.which(browser), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--virtual-time-budget=10000",
                        f"--window-size={width},{height}", f"--screenshot={target.resolve()}", url],
                       check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    from PIL import Image

    with Image.open(target) as im:  # 256 colours: a page of text and flat colours, a third of the bytes
        im.convert("RGB").quantize(colors=256).save(target, optimize=True)
    return target
