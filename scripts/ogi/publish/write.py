"""Write the tables and datapackage.json, deterministically (sorted rows, fixed formatting)."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from .. import __version__
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


def write_table(out_dir: Path, name: str, rows: list[dict], sort_key=None) -> Path:
    """Write rows (dicts) as data/<name>.csv with the schema's column order."""
    if sort_key is not None:
        rows = sorted(rows, key=sort_key)
    return write_table_pieces(out_dir, name, [render_rows(name, rows)])


def render_rows(name: str, rows: list[dict]) -> str:
    """CSV lines (no header) of rows in the schema's column order, with fixed formatting."""
    cols = field_names(name)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # strings are most cells: format only what is not one already
    w.writerows([v if v.__class__ is str else _cell(v) for v in map(row.get, cols)] for row in rows)
    return buf.getvalue()


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

    types = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}
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
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    return str(value)
