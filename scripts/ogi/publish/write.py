"""Write the tables and datapackage.json, deterministically (sorted rows, fixed formatting)."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from .. import __version__, privacy
from ..numbers import format_decimal
from .validate import file_digest

SCHEMA_YAML = Path(__file__).parents[1] / "schema" / "resources.yaml"


@lru_cache(maxsize=1)
def schema() -> dict:
    return yaml.safe_load(SCHEMA_YAML.read_text(encoding="utf-8"))


def resource_spec(name: str) -> dict:
    for res in schema()["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


@lru_cache(maxsize=None)
def field_names(name: str) -> tuple[str, ...]:
    return tuple(f["name"] for f in resource_spec(name)["fields"])


@lru_cache(maxsize=None)
def text_fields(name: str) -> frozenset[str]:
    """The table's free-text columns: strings that are not codes. Enum and pattern columns,
    foreign keys and duplicate_of hold only identifiers and codes the schema validates."""
    spec = resource_spec(name)
    keys = {"duplicate_of"}
    for fk in spec.get("foreign_keys", []):
        keys |= {fk["fields"]} if isinstance(fk["fields"], str) else set(fk["fields"])
    return frozenset(f["name"] for f in spec["fields"]
                     if f["type"] == "string" and "enum" not in f and "pattern" not in f
                     and f["name"] not in keys)


# OWASP, CSV injection: a cell a spreadsheet could run as a formula starts with one of these (the
# full-width forms too, which some locales accept); a leading ' makes it text. A cell already
# starting with ' gets one more, so removing one leading ' always gives the text back.
FORMULA_START = frozenset("=+-@\t\r＝＋－＠'")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")  # a spreadsheet reads -3 as a number, not a formula


def safe_text(value: str) -> str:
    """A published text cell: personal data removed, and a leading ' if it could run as a formula.
    A carriage return becomes a line feed: the csv module quotes a cell holding a line feed, not
    one holding a lone carriage return, which would end the record for every reader."""
    value = privacy.redact(value)
    if value and value[0] in FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def formula_like(value: str) -> bool:
    """Whether a written text cell would still run as a formula (for the leak scan)."""
    return bool(value) and value[0] in _RUNS and not _PLAIN_NUMBER.fullmatch(value)


_RUNS = FORMULA_START - {"'"}


def write_table(out_dir: Path, name: str, rows: list[dict], sort_key=None) -> Path:
    """Write rows (dicts) as data/<name>.csv with the schema's column order."""
    if sort_key is not None:
        rows = sorted(rows, key=sort_key)
    return write_table_pieces(out_dir, name, [render_rows(name, rows)])


def render_rows(name: str, rows: list[dict]) -> str:
    """CSV lines (no header) of rows in the schema's column order, with fixed formatting."""
    cols, text = _layout(name)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # strings are most cells: format only what is not one already
    w.writerows([safe_text(c) if t and c else c
                 for c, t in zip([v if v.__class__ is str else _cell(v) for v in map(row.get, cols)], text)]
                for row in rows)
    return buf.getvalue()


@lru_cache(maxsize=None)
def _layout(name: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The table's columns, and which are text (number columns are never escaped: -11 stays -11)."""
    cols = field_names(name)
    return cols, tuple(c in text_fields(name) for c in cols)


def write_table_pieces(out_dir: Path, name: str, pieces) -> Path:
    """data/<name>.csv: the header, then already rendered CSV text, piece by piece."""
    path = out_dir / "data" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(field_names(name))
        for piece in pieces:
            f.write(piece)
    return path


def write_parquet(out_dir: Path, name: str) -> Path:
    """Parquet copy of a written CSV, typed from the schema (for corpora of national size)."""
    import polars as pl

    types = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
    spec = resource_spec(name)
    overrides = {f["name"]: types.get(f["type"], pl.String) for f in spec["fields"]}
    path = out_dir / "data" / f"{name}.parquet"
    pl.scan_csv(out_dir / "data" / f"{name}.csv", schema_overrides=overrides) \
        .sink_parquet(path, engine="streaming")  # streamed: never the whole table in memory
    return path


def write_descriptor(out_dir: Path, names: list[str], sources_path: str | None) -> Path:
    """datapackage.json generated from schema/resources.yaml plus the written files' bytes/hash."""
    meta = schema()["package"]
    package = {
        "name": meta["name"],
        "title": meta["title"],
        "description": " ".join(meta["description"].split()),
        "version": __version__,
        "homepage": meta["homepage"],
        "keywords": meta["keywords"],
        "licenses": meta["licenses"],
        "contributors": meta["contributors"],
        "sources": [dict(s, path=sources_path) if s.get("path") else s for s in meta["sources"]]
        if sources_path else [{"title": s["title"]} for s in meta["sources"]],
        "resources": [],
    }
    for name in names:
        spec = resource_spec(name)
        size, digest = file_digest(out_dir / "data" / f"{name}.csv")
        package["resources"].append({
            "name": name,
            "title": spec["title"],
            "description": " ".join(spec["description"].split()),
            "path": f"data/{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": "sha256:" + digest,
            "schema": _table_schema(spec),
        })
    target = out_dir / "datapackage.json"
    target.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def _table_schema(spec: dict) -> dict:
    fields = []
    for f in spec["fields"]:
        field = {"name": f["name"], "type": f["type"], "description": f["description"]}
        constraints = {k: f[k] for k in ("required", "unique", "minimum", "maximum", "enum", "pattern")
                       if k in f}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    out = {"fields": fields, "missingValues": [""], "primaryKey": spec["primary_key"]}
    if spec.get("foreign_keys"):
        out["foreignKeys"] = [
            {"fields": fk["fields"], "reference": {"resource": fk["resource"], "fields": fk["reference"]}}
            for fk in spec["foreign_keys"]
        ]
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if value.__class__ is int:  # the commonest after strings (offsets, years); not a bool
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    return str(value)
