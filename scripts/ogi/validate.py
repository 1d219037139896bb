"""Validate the written package against its own descriptor.

Small packages go through frictionless (the reference implementation). Large ones (a national
corpus: millions of rows, where frictionless takes hours) are checked with polars against the
same descriptor: types, required, unique, enum, minimum/maximum, pattern, primary and foreign
keys, bytes and hash. The descriptor stays the single statement of the schema.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

FAST_ABOVE_BYTES = 20_000_000


def validate_package(descriptor: Path, fast: bool | None = None) -> list[str]:
    """Errors as lines; an empty list means the package is valid."""
    descriptor = Path(descriptor)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    total = sum(r.get("bytes", 0) for r in package["resources"])
    if fast is None:
        fast = total > FAST_ABOVE_BYTES
    return _validate_polars(descriptor, package) if fast else _validate_frictionless(descriptor)


def _validate_frictionless(descriptor: Path) -> list[str]:
    from frictionless import validate

    report = validate(str(descriptor))
    if report.valid:
        return []
    return [" | ".join(str(x) for x in row)
            for row in report.flatten(["taskPath", "rowNumber", "fieldName", "type", "note"])]


def _validate_polars(descriptor: Path, package: dict) -> list[str]:
    import polars as pl

    base = descriptor.parent
    frames, errors = {}, []
    for res in package["resources"]:
        path = base / res["path"]
        data = path.read_bytes()
        name = res["name"]
        if res.get("bytes") is not None and res["bytes"] != len(data):
            errors.append(f"{name}: bytes {len(data)} != descriptor {res['bytes']}")
        if res.get("hash") and res["hash"] != "sha256:" + hashlib.sha256(data).hexdigest():
            errors.append(f"{name}: sha256 differs from the descriptor")
        frame = pl.read_csv(path, infer_schema=False)  # empty fields read as null
        fields = res["schema"]["fields"]
        if frame.columns != [f["name"] for f in fields]:
            errors.append(f"{name}: columns {frame.columns} differ from the schema")
            continue
        frames[name] = frame
        for f in fields:
            errors += _field_errors(pl, name, frame, f)
        pk = res["schema"].get("primaryKey", [])
        if pk and frame.select(pk).is_duplicated().any():
            errors.append(f"{name}: duplicate primary key {pk}")
    for res in package["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            src, ref = frames.get(res["name"]), frames.get(fk["reference"]["resource"])
            if src is None or ref is None:
                continue
            col, refcol = fk["fields"], fk["reference"]["fields"]
            missing = src.filter(pl.col(col).is_not_null() & ~pl.col(col).is_in(ref[refcol].implode()))
            if missing.height:
                errors.append(f"{res['name']}: {missing.height} {col} value(s) not in {fk['reference']['resource']}")
    return errors


def _field_errors(pl, name: str, frame, f: dict) -> list[str]:
    col, c = pl.col(f["name"]), f.get("constraints", {})
    where = f"{name}.{f['name']}"
    errors = []
    if c.get("required") and frame[f["name"]].null_count():
        errors.append(f"{where}: {frame[f['name']].null_count()} empty value(s) in a required field")
    typed = col
    if f["type"] == "integer":
        typed = col.cast(pl.Int64, strict=False)
    elif f["type"] == "number":
        typed = col.cast(pl.Float64, strict=False)
    elif f["type"] == "boolean":
        typed = col.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
    bad_type = frame.filter(col.is_not_null() & typed.is_null()).height
    if bad_type:
        errors.append(f"{where}: {bad_type} value(s) are not {f['type']}")
    if "enum" in c:
        n = frame.filter(col.is_not_null() & ~col.is_in(c["enum"])).height
        if n:
            errors.append(f"{where}: {n} value(s) outside the enum")
    for key, op in (("minimum", "lt"), ("maximum", "gt")):
        if key in c:
            n = frame.filter(getattr(typed, op)(c[key])).height
            if n:
                errors.append(f"{where}: {n} value(s) beyond the {key} {c[key]}")
    if "pattern" in c:
        n = frame.filter(col.is_not_null() & ~col.str.contains(f"^(?:{c['pattern']})$")).height
        if n:
            errors.append(f"{where}: {n} value(s) do not match the pattern")
    if c.get("unique") and frame[f["name"]].drop_nulls().is_duplicated().any():
        errors.append(f"{where}: values are not unique")
    return errors
