"""What changed between two releases of the package: `ogi diff OLD NEW`.

For every table the two descriptors share, rows are matched by the table's primary key (from
the new descriptor): a row whose key only the new package has is added, one only the old has is
removed, and one in both whose other fields differ is changed, field by field. Reports whose
status changed are listed apart, and every change to a value comes with its report and
evidence. The tables are loaded into a temporary SQLite database, so two packages of millions of
rows are compared in bounded memory.
"""
from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SHOWN_MAX = 50  # changes listed by name in the summary; all of them go to --csv


@dataclass
class TableDiff:
    name: str
    key: list[str]
    added: int = 0
    removed: int = 0
    changed: int = 0
    fields_added: list[str] = field(default_factory=list)    # columns only the new package has
    fields_removed: list[str] = field(default_factory=list)


@dataclass
class PackageDiff:
    old: Path
    new: Path
    old_version: str
    new_version: str
    tables: list[TableDiff]
    tables_added: list[str]
    tables_removed: list[str]
    status_changes: list[dict]      # report_id, raw_path, old, new
    value_changes: list[dict]       # the first SHOWN_MAX changed, added or removed observations
    value_changes_total: int

    def markdown(self) -> str:
        lines = [f"Changes from {self.old_version or '?'} ({self.old}) to {self.new_version or '?'} ({self.new})", ""]
        lines += ["| table | key | added | removed | changed |", "|---|---|---|---|---|"]
        for t in self.tables:
            lines.append(f"| {t.name} | {', '.join(t.key)} | {t.added} | {t.removed} | {t.changed} |")
        for name in self.tables_added:
            lines.append(f"| {name} | (new table) | | | |")
        for name in self.tables_removed:
            lines.append(f"| {name} | (table removed) | | | |")
        cols = [f"{t.name}: {'+' + ', +'.join(t.fields_added) if t.fields_added else ''}"
                f"{' ' if t.fields_added and t.fields_removed else ''}"
                f"{'-' + ', -'.join(t.fields_removed) if t.fields_removed else ''}"
                for t in self.tables if t.fields_added or t.fields_removed]
        if cols:
            lines += ["", "Columns: " + "; ".join(cols)]
        if self.status_changes:
            lines += ["", f"Reports whose status changed ({len(self.status_changes)}):"]
            lines += [f"- {s['report_id']} ({s['raw_path']}): {s['old'] or 'absent'} -> {s['new'] or 'absent'}"
                      for s in self.status_changes[:SHOWN_MAX]]
        if self.value_changes:
            lines += ["", f"Values ({self.value_changes_total} added, removed or changed; "
                          f"the first {len(self.value_changes)}):"]
            for v in self.value_changes:
                ev = f" — {v['evidence']}" if v.get("evidence") else ""
                lines.append(f"- {v['report_id']} {v['indicator_id']}: {v['old'] or 'absent'} -> "
                             f"{v['new'] or 'absent'}{ev}")
        if not any(t.added or t.removed or t.changed for t in self.tables) and not (
                self.tables_added or self.tables_removed):
            lines += ["", "No row was added, removed or changed."]
        return "\n".join(lines) + "\n"


def diff_packages(old: Path, new: Path, csv_out: Path | None = None) -> PackageDiff:
    """Compare two packages (folders holding datapackage.json). `csv_out`: every change, one row
    per changed field (table, change, key, field, old, new), for the whole record."""
    old, new = Path(old), Path(new)
    old_desc, new_desc = _descriptor(old), _descriptor(new)
    old_res = {r["name"]: r for r in old_desc.get("resources", [])}
    new_res = {r["name"]: r for r in new_desc.get("resources", [])}
    tables, status_changes, value_changes, total = [], [], [], 0
    with tempfile.TemporaryDirectory(prefix="ogi-diff-") as tmp:
        db = sqlite3.connect(Path(tmp) / "diff.sqlite")
        writer, sink = None, None
        if csv_out is not None:
            sink = Path(csv_out).open("w", encoding="utf-8", newline="")
            writer = csv.writer(sink)
            writer.writerow(["table", "change", "key", "field", "old", "new"])
        try:
            for name in [n for n in new_res if n in old_res]:
                t, changes = _diff_table(db, name, old / old_res[name]["path"], new / new_res[name]["path"],
                                         new_res[name]["schema"].get("primaryKey") or [], writer)
                tables.append(t)
                if name == "reports":
                    status_changes = _status_changes(db)
                if name == "observations":
                    value_changes, total = changes
        finally:
            if sink is not None:
                sink.close()
            db.close()
    return PackageDiff(old, new, str(old_desc.get("version", "")), str(new_desc.get("version", "")), tables,
                       [n for n in new_res if n not in old_res], [n for n in old_res if n not in new_res],
                       status_changes, value_changes, total)


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise FileNotFoundError(f"{folder} is not a package: it holds no datapackage.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _load(db: sqlite3.Connection, table: str, path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        cols = ", ".join(f'"{c}" TEXT' for c in header)
        db.execute(f'CREATE TABLE "{table}" ({cols})')
        marks = ", ".join("?" for _ in header)
        db.executemany(f'INSERT INTO "{table}" VALUES ({marks})',
                       (row + [""] * (len(header) - len(row)) for row in reader))
    return header


def _diff_table(db, name, old_path, new_path, key, writer):
    old_cols = _load(db, f"old_{name}", old_path)
    new_cols = _load(db, f"new_{name}", new_path)
    key = [k for k in key if k in old_cols and k in new_cols] or [c for c in new_cols if c in old_cols]
    common = [c for c in new_cols if c in old_cols and c not in key]
    t = TableDiff(name, key, fields_added=[c for c in new_cols if c not in old_cols],
                  fields_removed=[c for c in old_cols if c not in new_cols])
    db.execute(f'CREATE INDEX "i_old_{name}" ON "old_{name}" ({", ".join(_q(k) for k in key)})')
    db.execute(f'CREATE INDEX "i_new_{name}" ON "new_{name}" ({", ".join(_q(k) for k in key)})')
    on = " AND ".join(f"o.{_q(k)} = n.{_q(k)}" for k in key)
    keysel_n = ", ".join(f"n.{_q(k)}" for k in key)
    keysel_o = ", ".join(f"o.{_q(k)}" for k in key)
    obs = name == "observations"
    shown, total = [], 0

    def note(change, keyvals, fieldname, old, new, row_n=None, row_o=None):
        nonlocal total
        if writer is not None:
            writer.writerow([name, change, "|".join(keyvals), fieldname, old, new])
        if obs and fieldname in ("", "value"):
            total += 1
            if len(shown) < SHOWN_MAX:
                src = row_n or row_o or {}
                shown.append({"report_id": src.get("report_id", ""), "indicator_id": src.get("indicator_id", ""),
                              "old": old, "new": new, "evidence": src.get("evidence", "")})

    # added: keys only the new package has
    for row in db.execute(f'SELECT n.* FROM "new_{name}" n LEFT JOIN "old_{name}" o ON {on} '
                          f'WHERE o.{_q(key[0])} IS NULL ORDER BY {keysel_n}'):
        t.added += 1
        r = dict(zip(new_cols, row))
        note("added", [r[k] for k in key], "", "", r.get("value", ""), row_n=r)
    for row in db.execute(f'SELECT o.* FROM "old_{name}" o LEFT JOIN "new_{name}" n ON {on} '
                          f'WHERE n.{_q(key[0])} IS NULL ORDER BY {keysel_o}'):
        t.removed += 1
        r = dict(zip(old_cols, row))
        note("removed", [r[k] for k in key], "", r.get("value", ""), "", row_o=r)
    if common:
        differs = " OR ".join(f"o.{_q(c)} IS NOT n.{_q(c)}" for c in common)
        sel = ", ".join([f"n.{_q(k)}" for k in key] + [f"o.{_q(c)}" for c in common] + [f"n.{_q(c)}" for c in common])
        for row in db.execute(f'SELECT {sel} FROM "old_{name}" o JOIN "new_{name}" n ON {on} WHERE {differs} '
                              f'ORDER BY {keysel_n}'):
            t.changed += 1
            keyvals = list(row[:len(key)])
            olds = dict(zip(common, row[len(key):len(key) + len(common)]))
            news = dict(zip(common, row[len(key) + len(common):]))
            ctx = dict(zip(key, keyvals), **news)
            for c in common:
                if olds[c] != news[c]:
                    note("changed", keyvals, c, olds[c], news[c], row_n=ctx)
    return t, (shown, total)


def _status_changes(db) -> list[dict]:
    rows = db.execute('SELECT n.report_id, n.raw_path, o.status, n.status FROM "new_reports" n '
                      'JOIN "old_reports" o ON o.report_id = n.report_id WHERE o.status IS NOT n.status '
                      'UNION ALL SELECT n.report_id, n.raw_path, NULL, n.status FROM "new_reports" n '
                      'LEFT JOIN "old_reports" o ON o.report_id = n.report_id WHERE o.report_id IS NULL '
                      'UNION ALL SELECT o.report_id, o.raw_path, o.status, NULL FROM "old_reports" o '
                      'LEFT JOIN "new_reports" n ON o.report_id = n.report_id WHERE n.report_id IS NULL '
                      'ORDER BY 1')
    return [{"report_id": r[0], "raw_path": r[1], "old": r[2] or "", "new": r[3] or ""} for r in rows]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
