"""The package in the formats researchers use, generated from its CSV tables and descriptor.

- Parquet: one file per table, typed from the schema (integers Int64, numbers Float64, booleans,
  dates; codes such as adcode stay text).
- SQLite: one database, one table per resource with the schema's types, primary and foreign keys,
  the codebook's identities, and a view joining observations to the codebook, their report and
  agency (`observations_labelled`, what `ogi browse` shows in Datasette).
- Excel (.xlsx): one sheet per table, plus the data dictionary and the identities; UTF-8 inside,
  so Chinese text shows on any Excel, where the CSVs (UTF-8 without a BOM) may be garbled.

Every file is written from the CSVs as published, so a text cell that could run as a formula
carries the same leading ' as in the CSV (ogi.publish.write.safe_text); the descriptor's and the
codebook's texts go through safe_text too. Same inputs, same bytes: no time is written.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from decimal import Decimal
from pathlib import Path

from .write import safe_text

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC", "boolean": "INTEGER",
             "date": "DATE"}
XLSX_ROWS = 1_048_576  # rows of an Excel sheet, the header included
FIXED_TIME = dt.datetime(2016, 1, 1)  # the workbook's creation time: none that changes from run to run
VIEW = "observations_labelled"


def load_descriptor(descriptor: Path) -> dict:
    return json.loads(Path(descriptor).read_text(encoding="utf-8"))


def typed(value: str, ftype: str):
    """A CSV cell as the Python value of its schema type (empty: None)."""
    if value == "":
        return None
    if ftype == "integer":
        return int(value)
    if ftype == "number":
        d = Decimal(value)
        return int(d) if d == d.to_integral_value() and abs(d) < 2 ** 63 else float(d)
    if ftype == "boolean":
        return {"true": True, "false": False}[value]
    if ftype == "date":
        return dt.date.fromisoformat(value)
    return value


def rows(base: Path, res: dict):
    """The rows of a resource's CSV as typed tuples, in the schema's column order."""
    fields = res["schema"]["fields"]
    types = [f["type"] for f in fields]
    with (base / res["path"]).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != [fl["name"] for fl in fields]:
            raise ValueError(f"{res['path']}: columns {header} differ from the descriptor")
        for rec in reader:
            yield tuple(typed(v, t) for v, t in zip(rec, types))


# --- Parquet ----------------------------------------------------------------------------------

def polars_types(res: dict) -> dict:
    import polars as pl

    types = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
    return {f["name"]: types.get(f["type"], pl.String) for f in res["schema"]["fields"]}


def write_parquet(descriptor: Path, out: Path) -> list[Path]:
    """out/<table>.parquet for every resource, streamed from its CSV (never a whole table in memory)."""
    import polars as pl

    descriptor = Path(descriptor)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for res in load_descriptor(descriptor)["resources"]:
        path = out / f"{res['name']}.parquet"
        pl.scan_csv(descriptor.parent / res["path"], schema=polars_types(res)) \
            .sink_parquet(path, engine="streaming")
        paths.append(path)
    return paths


# --- SQLite -----------------------------------------------------------------------------------

def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(res: dict) -> list[str]:
    cols = []
    for f in res["schema"]["fields"]:
        col = f"{_q(f['name'])} {SQL_TYPES.get(f['type'], 'TEXT')}"
        c = f.get("constraints", {})
        if c.get("required"):
            col += " NOT NULL"
        if f["type"] == "boolean":
            col += f" CHECK ({_q(f['name'])} IN (0, 1))"
        cols.append(col)
    return cols


def create_table_sql(res: dict) -> str:
    schema = res["schema"]
    parts = _columns(res)
    parts.append("PRIMARY KEY (" + ", ".join(map(_q, schema["primaryKey"])) + ")")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        parts.append(f"FOREIGN KEY ({_q(fk['fields'])}) REFERENCES {_q(ref['resource'])} ({_q(ref['fields'])})")
    return f"CREATE TABLE {_q(res['name'])} (\n  " + ",\n  ".join(parts) + "\n)"


# (column of the view, table, column of that table): observations with the codebook's labels
# and unit, the report's template and scope, and the agency's name and place
VIEW_COLUMNS = [
    ("report_id", "observations", "report_id"), ("year", "observations", "year"),
    ("province", "agencies", "province"), ("prefecture", "agencies", "prefecture"),
    ("county", "agencies", "county"), ("agency_name", "agencies", "name_zh"),
    ("indicator_id", "observations", "indicator_id"), ("label_zh", "indicators", "label_zh"),
    ("label_en", "indicators", "label_en"), ("value", "observations", "value"),
    ("change", "observations", "change"), ("indicator_unit", "indicators", "unit"),
    ("value_status", "observations", "value_status"), ("qualifier", "observations", "qualifier"),
    ("method", "observations", "method"), ("evidence", "observations", "evidence"),
    ("printed_unit", "observations", "unit"), ("char_start", "observations", "char_start"),
    ("char_end", "observations", "char_end"), ("section", "indicators", "section"),
    ("level", "agencies", "level"), ("agency_id", "observations", "agency_id"),
    ("template", "reports", "template"), ("scope", "reports", "scope"),
    ("report_title", "reports", "title"), ("comparability", "indicators", "comparability"),
]
_ALIAS = {"observations": "o", "indicators": "i", "reports": "r", "agencies": "a"}


def view_sql(names: set[str]) -> str | None:
    """The view joining observations to the codebook, their report and agency (a left join:
    every observation is in it, with or without a resolved agency)."""
    if not set(_ALIAS) <= names:
        return None
    cols = ",\n       ".join(f"{_ALIAS[t]}.{_q(c)}" + (f" AS {_q(alias)}" if alias != c else "")
                              for alias, t, c in VIEW_COLUMNS)
    return f"""CREATE VIEW {VIEW} AS
SELECT {cols}
FROM observations AS o
LEFT JOIN indicators AS i ON i.indicator_id = o.indicator_id
LEFT JOIN reports AS r ON r.report_id = o.report_id
LEFT JOIN agencies AS a ON a.agency_id = o.agency_id"""


def identities() -> tuple[list[str], list[tuple]]:
    """The codebook's identities (what checks.check_id names), as a table."""
    from ..codebook import load

    ids = load().identities
    cols = ["identity_id", "left_ids", "right_ids", "templates", "derive", "description"]
    return cols, [tuple(safe_text(i[c]) for c in cols) for i in ids]


def write_sqlite(descriptor: Path, target: Path) -> Path:
    """One SQLite database of every resource, written beside and moved into place when complete."""
    descriptor = Path(descriptor)
    package = load_descriptor(descriptor)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        names = set()
        for res in package["resources"]:
            con.execute(create_table_sql(res))
            n = len(res["schema"]["fields"])
            insert = f"INSERT INTO {_q(res['name'])} VALUES ({', '.join('?' * n)})"
            batch = []
            for row in rows(descriptor.parent, res):
                batch.append(tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row))
                if len(batch) >= 10_000:
                    con.executemany(insert, batch)
                    batch.clear()
            con.executemany(insert, batch)
            names.add(res["name"])
            for fk in res["schema"].get("foreignKeys", []):  # joins and facets
                con.execute(f"CREATE INDEX {_q(res['name'] + '_' + fk['fields'])} "
                            f"ON {_q(res['name'])} ({_q(fk['fields'])})")
        for table, col in (("observations", "year"), ("observations", "method")):
            if table in names:
                con.execute(f"CREATE INDEX {_q(table + '_' + col)} ON {_q(table)} ({_q(col)})")
        cols, data = identities()
        con.execute("CREATE TABLE identities (" + ", ".join(f"{_q(c)} TEXT" for c in cols)
                    + ", PRIMARY KEY (identity_id))")
        con.executemany(f"INSERT INTO identities VALUES ({', '.join('?' * len(cols))})", data)
        sql = view_sql(names)
        if sql:
            con.execute(sql)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


# --- Excel ------------------------------------------------------------------------------------

def write_xlsx(descriptor: Path, target: Path) -> Path:
    """One workbook: an `about` sheet, one sheet per table (a table longer than a sheet goes on in
    <name>_2, <name>_3…), the data dictionary (`columns`) and the identities."""
    import xlsxwriter

    descriptor = Path(descriptor)
    package = load_descriptor(descriptor)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": safe_text(package["title"]), "created": FIXED_TIME,
                       "comments": f"{package['name']} {package['version']}"})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    about = wb.add_worksheet("about")
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 110, wrap)
    lines = [("package", package["name"]), ("version", package["version"]), ("title", package["title"]),
             ("description", package["description"]),
             ("licenses", "; ".join(f"{lic['name']}: {lic.get('title', '')}" for lic in package["licenses"])),
             ("text cells", "Copied from the CSV tables: a cell that could run as a formula starts with one "
                            "extra ' (remove one leading ' to get the text back). Empty cells are empty in the "
                            "CSV: a blank template cell is not zero (observations.value_status)."),
             ("sheets", "One per table of datapackage.json; `columns` describes every column; `identities` "
                        "lists the sums that checks.check_id names.")]
    for res in package["resources"]:
        lines.append((res["name"], f"{res['title']}: {res['description']}"))
    for r, (k, v) in enumerate(lines):
        about.write_string(r, 0, k, head)
        about.write_string(r, 1, safe_text(v))

    for res in package["resources"]:
        fields = res["schema"]["fields"]
        names = [f["name"] for f in fields]
        types = [f["type"] for f in fields]
        part, ws, r = 1, None, XLSX_ROWS
        for row in rows(descriptor.parent, res):
            if r >= XLSX_ROWS:
                if ws is not None:
                    ws.autofilter(0, 0, r - 1, len(names) - 1)
                ws = _sheet(wb, res["name"] if part == 1 else f"{res['name']}_{part}", names, head)
                part, r = part + 1, 1
            for c, (v, t) in enumerate(zip(row, types)):
                if v is None:
                    continue
                if t in ("integer", "number"):
                    ws.write_number(r, c, v)
                elif t == "boolean":
                    ws.write_boolean(r, c, v)
                elif t == "date":
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date)
                else:
                    ws.write_string(r, c, v)
            r += 1
        if ws is None:
            ws, r = _sheet(wb, res["name"], names, head), 1
        ws.autofilter(0, 0, r - 1, len(names) - 1)

    ws = _sheet(wb, "columns", ["table", "column", "type", "description", "allowed values"], head)
    r = 1
    for res in package["resources"]:
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            allowed = ", ".join(c.get("enum", [])) or c.get("pattern", "")
            for col, v in enumerate((res["name"], f["name"], f["type"], safe_text(f["description"]), allowed)):
                if v:
                    ws.write_string(r, col, v)
            r += 1
    cols, data = identities()
    ws = _sheet(wb, "identities", cols, head)
    for r, row in enumerate(data, 1):
        for c, v in enumerate(row):
            if v:
                ws.write_string(r, c, v)
    wb.close()
    os.replace(tmp, target)
    return target


def _sheet(wb, name: str, header: list[str], fmt):
    ws = wb.add_worksheet(name[:31])
    for c, h in enumerate(header):
        ws.write_string(0, c, h, fmt)
        ws.set_column(c, c, max(10, min(40, len(h) + 4)))
    ws.freeze_panes(1, 0)
    return ws


def write_all(descriptor: Path, out: Path, stem: str) -> list[Path]:
    """Every format of the package in `out`: parquet/<table>.parquet, <stem>.sqlite, <stem>.xlsx."""
    out = Path(out)
    paths = write_parquet(descriptor, out / "parquet")
    paths.append(write_sqlite(descriptor, out / f"{stem}.sqlite"))
    paths.append(write_xlsx(descriptor, out / f"{stem}.xlsx"))
    return paths


# --- reading the CSVs with the schema's types -------------------------------------------------

PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string",
                "date": "string"}  # dates parsed after reading


def _descriptor_path(path) -> Path:
    """The descriptor: `path` (the file or its folder), else $OGI_PACKAGE, else the nearest
    datapackage.json in this folder or a parent (as ogi.analysis.find_package)."""
    if path is None:
        path = os.environ.get("OGI_PACKAGE")
    if path is None:
        here = Path.cwd().resolve()
        found = next((f / "datapackage.json" for f in (here, *here.parents) if (f / "datapackage.json").exists()), None)
        if found is None:
            raise FileNotFoundError("no datapackage.json found; set OGI_PACKAGE")
        return found
    path = Path(path)
    return path / "datapackage.json" if path.is_dir() else path


def polars_schema(table: str, path=None) -> dict:
    """{column: polars type} of a table, from the descriptor: pass it as `schema_overrides` to
    `pl.read_csv`, which otherwise guesses types from the first 100 rows (an integer column
    meeting a decimal fee further down fails, adcode becomes an integer)."""
    package = load_descriptor(_descriptor_path(path))
    res = next(r for r in package["resources"] if r["name"] == table)
    return polars_types(res)


def pandas_dtypes(table: str, path=None) -> dict:
    """{column: pandas dtype} of a table, from the descriptor (nullable dtypes; dates as text,
    see load_pandas)."""
    package = load_descriptor(_descriptor_path(path))
    res = next(r for r in package["resources"] if r["name"] == table)
    return {f["name"]: PANDAS_TYPES.get(f["type"], "string") for f in res["schema"]["fields"]}


def load_pandas(path=None, tables=None) -> dict:
    """Every resource (or those named in `tables`) as a pandas DataFrame typed from the
    descriptor: codes such as adcode stay text, counts are nullable integers or numbers (an
    empty cell is <NA>, never 0), booleans are booleans, dates are datetime64. Only an empty
    cell is missing: a text "NA" stays text."""
    import pandas as pd

    descriptor = _descriptor_path(path)
    package = load_descriptor(descriptor)
    out = {}
    for res in package["resources"]:
        if tables is not None and res["name"] not in tables:
            continue
        fields = res["schema"]["fields"]
        frame = pd.read_csv(descriptor.parent / res["path"], dtype=pandas_dtypes(res["name"], descriptor),
                            keep_default_na=False, na_values=[""], true_values=["true"],
                            false_values=["false"], encoding="utf-8")
        for f in fields:
            if f["type"] == "date":
                frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%d")
        out[res["name"]] = frame
    return out
