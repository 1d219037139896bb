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
BLOCK_BYTES = 32 << 20  # records read at a time by the large-package validator


def validate_package(descriptor: Path, fast: bool | None = None, workdir: Path | None = None) -> list[str]:
    """Errors as lines; an empty list means the package is valid. `workdir`: where the key hashes
    of large tables are spilled (a build gives its staging folder; default: the system's)."""
    descriptor = Path(descriptor)
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    total = sum(r.get("bytes", 0) for r in package["resources"])
    if fast is None:
        fast = total > FAST_ABOVE_BYTES
    return _validate_polars(descriptor, package, workdir) if fast else _validate_frictionless(descriptor)


def _validate_frictionless(descriptor: Path) -> list[str]:
    from frictionless import validate

    report = validate(str(descriptor))
    if report.valid:
        return []
    return [" | ".join(str(x) for x in row)
            for row in report.flatten(["taskPath", "rowNumber", "fieldName", "type", "note"])]


def _validate_polars(descriptor: Path, package: dict, workdir: Path | None = None) -> list[str]:
    """Every table is read in blocks of records (see csv_blocks): the per-field rules are counts
    summed over blocks, keys are checked on 64-bit hashes of their values (a hash collision is
    re-checked on the values themselves), spilled to files when they are many
    (ogi.publish.spool.KeyHashes). Memory is bounded by the block size, whatever the size of the
    corpus; foreign keys are checked the same way, on hashes of the values and of the ids they
    point at (ogi.publish.spool.KeyHashes.count_missing)."""
    import polars as pl

    from .spool import KeyHashes

    base = descriptor.parent
    resources = {r["name"]: r for r in package["resources"]}
    errors: list[str] = []
    for res in resources.values():
        size, digest = file_digest(base / res["path"])
        if res.get("bytes") is not None and res["bytes"] != size:
            errors.append(f"{res['name']}: bytes {size} != descriptor {res['bytes']}")
        if res.get("hash") and res["hash"] != "sha256:" + digest:
            errors.append(f"{res['name']}: sha256 differs from the descriptor")

    # the values foreign keys point at (reports, agencies, indicators), as hashes spilled to files
    # when they are many: a million reports' ids would otherwise stay in memory
    referenced: dict[tuple[str, str], KeyHashes] = {}
    try:
        for res in resources.values():
            for fk in res["schema"].get("foreignKeys", []):
                target = resources.get(fk["reference"]["resource"])
                col = fk["reference"]["fields"]
                if target is not None and (target["name"], col) not in referenced:
                    known = referenced[target["name"], col] = KeyHashes(workdir)
                    for b in _blocks(pl, base / target["path"]):
                        if col in b.columns:
                            known.add(b.filter(pl.col(col).is_not_null()).select(_key_hash(pl, [col])).to_series())
        errors += _check_tables(pl, base, resources, referenced, workdir)
    finally:
        for known in referenced.values():
            known.close()
    return errors


def _check_tables(pl, base: Path, resources: dict, referenced: dict, workdir: Path | None) -> list[str]:
    from .spool import KeyHashes

    errors: list[str] = []
    for res in resources.values():
        name, schema = res["name"], res["schema"]
        fields = schema["fields"]
        names = [f["name"] for f in fields]
        checks = [(f"{name}.{f['name']}: {{}} {label}", expr)
                  for f in fields for label, expr in _field_checks(pl, f)]
        keys = {"primary key " + str(schema["primaryKey"]): schema["primaryKey"]} if schema.get("primaryKey") else {}
        keys.update({f"{name}.{f['name']}: values are not unique": [f["name"]] for f in fields
                     if f.get("constraints", {}).get("unique")})
        fks = [fk for fk in schema.get("foreignKeys", [])
               if (fk["reference"]["resource"], fk["reference"]["fields"]) in referenced]
        counts = [0] * len(checks)
        hashes = {k: KeyHashes(workdir) for k in keys}
        values = [KeyHashes(workdir) for _ in fks]
        columns_ok = True
        try:
            for block in _blocks(pl, base / res["path"]):
                if block.columns != names:
                    errors.append(f"{name}: columns {block.columns} differ from the schema")
                    columns_ok = False
                    break
                if checks:
                    row = block.select([e.alias(str(i)) for i, (_, e) in enumerate(checks)]).row(0)
                    counts = [a + (b or 0) for a, b in zip(counts, row)]
                for label, cols in keys.items():
                    hashes[label].add(block.select(_key_hash(pl, cols)).to_series())
                for fk, spool in zip(fks, values):
                    col = fk["fields"]
                    spool.add(block.filter(pl.col(col).is_not_null()).select(_key_hash(pl, [col])).to_series())
            if not columns_ok:
                continue
            errors += [msg.format(n) for (msg, _), n in zip(checks, counts) if n]
            for label, spool in hashes.items():
                if _has_duplicates(pl, base / res["path"], keys[label], spool.duplicated()):
                    errors.append(label if label.startswith(name) else f"{name}: duplicate {label}")
            for fk, spool in zip(fks, values):
                n = spool.count_missing(referenced[fk["reference"]["resource"], fk["reference"]["fields"]])
                if n:
                    errors.append(f"{name}: {n} {fk['fields']} value(s) not in {fk['reference']['resource']}")
        finally:
            for spool in [*hashes.values(), *values]:
                spool.close()
    return errors


def _key_hash(pl, cols: list[str]):
    # \x1f separates the parts, \x00 stands for an empty part: distinct keys give distinct strings
    return pl.concat_str([pl.col(c).fill_null("\x00") for c in cols], separator="\x1f").hash(seed=0).alias("h")


def _has_duplicates(pl, path: Path, cols: list[str], dup) -> bool:
    """Hashes found more than once (dup), confirmed on the key values themselves (a collision is
    not a duplicate)."""
    if dup.is_empty():
        return False
    rows = [b.select(cols).filter(_key_hash(pl, cols).is_in(dup.implode())) for b in _blocks(pl, path)]
    return pl.concat(rows).is_duplicated().any()


def _blocks(pl, path: Path):
    """The table as data frames of whole records, every value as text (empty is null)."""
    import io

    for header, body in csv_blocks(path):
        yield pl.read_csv(io.BytesIO(header + body), infer_schema=False)


def csv_blocks(path: Path, size: int | None = None):
    """(header line, block of records) of a CSV file, each block about `size` bytes and cut only
    between records: a newline ends a record when the quotes before it are balanced (RFC 4180
    escapes a quote by doubling it, which keeps the count even)."""
    size = size or BLOCK_BYTES
    with open(path, "rb") as f:
        header = f.readline()
        rest = b""
        while True:
            block = f.read(size)
            if not block:
                if rest:
                    yield header, rest
                return
            data = rest + block
            cut = _last_record_end(data)
            if cut < 0:
                rest = data  # one record longer than a block: read on
                continue
            yield header, data[:cut + 1]
            rest = data[cut + 1:]


def _last_record_end(data: bytes) -> int:
    quotes = data.count(b'"')
    p = data.rfind(b"\n")
    while p >= 0 and (quotes - data.count(b'"', p)) % 2:
        p = data.rfind(b"\n", 0, p)
    return p


def _field_checks(pl, f: dict) -> list[tuple[str, object]]:
    """(message, count expression) for every rule of one field; a count above 0 is an error."""
    col, c = pl.col(f["name"]), f.get("constraints", {})
    typed = col
    if f["type"] == "integer":
        typed = col.cast(pl.Int64, strict=False)
    elif f["type"] == "number":
        typed = col.cast(pl.Float64, strict=False)
    elif f["type"] == "boolean":
        typed = col.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
    elif f["type"] == "date":
        typed = col.str.to_date("%Y-%m-%d", strict=False)
    out = [(f"value(s) are not {f['type']}", (col.is_not_null() & typed.is_null()).sum())]
    if c.get("required"):
        out.append(("empty value(s) in a required field", col.null_count()))
    if "enum" in c:
        out.append(("value(s) outside the enum", (col.is_not_null() & ~col.is_in(c["enum"])).sum()))
    for key, op in (("minimum", "lt"), ("maximum", "gt")):
        if key in c:
            out.append((f"value(s) beyond the {key} {c[key]}", getattr(typed, op)(c[key]).sum()))
    if "pattern" in c:
        out.append(("value(s) do not match the pattern",
                    (col.is_not_null() & ~col.str.contains(f"^(?:{c['pattern']})$")).sum()))
    return out


def file_digest(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, read in blocks (outputs can be larger than memory)."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
            size += len(block)
    return size, h.hexdigest()
