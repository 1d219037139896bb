"""Generated parts of README.md: the data dictionary (from datapackage.json) and the crosswalk
of the codebook (from the codebook's template cells). Written between marker comments; the rest
of the README is prose kept by hand."""
from __future__ import annotations

import json
import re
from pathlib import Path


def update_readme(readme: Path, descriptor: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    text = replace_block(text, "data-dictionary", data_dictionary(package))
    text = replace_block(text, "crosswalk", crosswalk())
    readme.write_text(text, encoding="utf-8")


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
