"""Generated documentation: the data dictionary (from datapackage.json) and the crosswalk of
the codebook (from its template cells) as pages under docs/, and the table of the bundled reports
in README.md (from the published tables), written between marker comments; the rest of the
README is prose kept by hand."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

PAGES = {
    "data-dictionary.md": ("# Data dictionary\n\nEvery table of the package, column by column, generated from "
                           "`datapackage.json` by `ogi docs` (part of `make data`); do not edit by hand. How to read "
                           "the values (blank is not zero, qualifiers, scope) is in the README.\n\n"),
    "crosswalk.md": ("# Crosswalk across the 2019 change of template\n\nWhich row of the pre-2019 statistics "
                     "table and which cell of the 2019 national format feed each indicator, and whether the two "
                     "compare. Generated from the codebook (`scripts/ogi/codebook/`) by `ogi docs`; do not edit "
                     "by hand.\n\n"),
}


def update_readme(readme: Path, descriptor: Path) -> list[Path]:
    """Write the generated pages into docs/ beside the README and the README's generated block;
    returns the files written."""
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    docs = readme.parent / "docs"
    docs.mkdir(exist_ok=True)
    bodies = {"data-dictionary.md": data_dictionary(package), "crosswalk.md": crosswalk()}
    written = []
    for name, body in bodies.items():
        path = docs / name
        path.write_text(PAGES[name] + body.rstrip() + "\n", encoding="utf-8")
        written.append(path)
    text = readme.read_text(encoding="utf-8")
    text = replace_block(text, "bundled-reports", bundled_reports(descriptor.parent, package))
    readme.write_text(text, encoding="utf-8")
    return [readme, *written]


def bundled_reports(root: Path, package: dict) -> str:
    """One line per report of the package: file, agency, statistics year, template, values read."""
    paths = {r["name"]: root / r["path"] for r in package["resources"]}
    with paths["agencies"].open(encoding="utf-8", newline="") as f:
        names = {a["agency_id"]: a["name_zh"] for a in csv.DictReader(f)}
    with paths["observations"].open(encoding="utf-8", newline="") as f:
        values = Counter(o["report_id"] for o in csv.DictReader(f))
    with paths["reports"].open(encoding="utf-8", newline="") as f:
        reports = sorted(csv.DictReader(f), key=lambda r: (r["year"], r["raw_path"]))
    out = ["| file (`data/raw/`) | agency | statistics year | template | values | status |", "|---|---|---|---|---|---|"]
    for r in reports:
        out.append(f"| `{r['raw_path']}` | {names.get(r['agency_id'], '—')} | {r['year'] or '—'} | "
                   f"{r['template'] or '—'} | {values.get(r['report_id'], 0)} | {r['status']} |")
    return "\n".join(out)


def replace_block(text: str, name: str, body: str) -> str:
    begin, end = f"<!-- BEGIN GENERATED: {name} -->", f"<!-- END GENERATED: {name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"README.md has no {begin} ... {end} block")
    return pattern.sub(lambda _: f"{begin}\n{body.rstrip()}\n{end}", text)


def data_dictionary(package: dict) -> str:
    out = []
    for res in package["resources"]:
        schema = res["schema"]
        out.append(f"#### `{res['path']}` ({res['name']})\n")
        out.append(res["description"] + "\n")
        keys = ", ".join(f"`{k}`" for k in schema["primaryKey"])
        out.append(f"Primary key: {keys}.")
        for fk in schema.get("foreignKeys", []):
            out.append(f" `{fk['fields']}` refers to `{fk['reference']['resource']}`.")
        out.append("\n\n| column | type | description | allowed values |\n|---|---|---|---|")
        for f in schema["fields"]:
            c = f.get("constraints", {})
            allowed = ", ".join(f"`{v}`" for v in c.get("enum", []))
            if "minimum" in c:
                allowed = (allowed + "; " if allowed else "") + f"≥ {c['minimum']}"
            if c.get("required"):
                allowed = (allowed + "; " if allowed else "") + "required"
            desc = f["description"].replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f['type']} | {desc} | {allowed} |")
        out.append("")
    return "\n".join(out)


def crosswalk() -> str:
    """Which pre-2019 rows and which 2019 cells feed each indicator that crosses the break."""
    from ..codebook import load

    cb = load()
    sources: dict[str, dict[str, list[str]]] = {}
    for cell in cb.cells(None):
        if not cell["indicator_id"]:
            continue
        label = cell["row_label"] + (f" / {cell['column_label']}" if cell["column_label"] else "")
        if cell["template"] == "format_2019":
            label = f"{cell['table']}: {label}"
        sources.setdefault(cell["indicator_id"], {}).setdefault(cell["template"], []).append(label)
    for ident in cb.identities:  # totals the 2019 form does not print
        left = ident["left_ids"].split()
        if ident["derive"] == "yes" and "format_2019" in ident["templates"] and len(left) == 1:
            parts = ident["right_ids"].split()
            sources.setdefault(left[0], {}).setdefault("format_2019", []).append(
                f"derived: sum of {len(parts)} cells ({', '.join(parts[:3])}{', …' if len(parts) > 3 else ''})")
    pre_ids = {c["indicator_id"] for c in cb.cells("pre2019_table")}
    out = ["| indicator | pre-2019 table row | 2019 format | comparability |", "|---|---|---|---|"]
    for ind in cb.indicators:
        iid = ind["indicator_id"]
        if "__" in iid or not (iid in pre_ids or ind["parent_id"] in pre_ids):
            continue
        src = sources.get(iid, {})
        pre, new = src.get("pre2019_table", []), src.get("format_2019", [])
        comp = ind["comparability"].replace("|", "\\|")
        out.append(f"| `{iid}` {ind['label_en']} | {'; '.join(pre) or '—'} | {'; '.join(new) or '—'} | {comp} |")
    return "\n".join(out) + ("\n\nOnly indicators of the pre-2019 table and their 2019 parts are listed; the "
                             "full codebook, every cell of both templates, is `data/indicators.csv`.")
