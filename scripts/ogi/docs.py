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
    """Which pre-2019 rows and which 2019 cells feed each harmonised indicator."""
    from .codebook import load

    cb = load()
    sources: dict[str, dict[str, list[str]]] = {}
    for cell in cb.cells(None):
        label = cell["row_label"] + (f" / {cell['column_label']}" if cell.get("column_label") else "")
        sources.setdefault(cell["indicator_id"], {}).setdefault(cell["template"], []).append(label)
    out = ["| indicator | pre-2019 table row | 2019 format cell | comparability |", "|---|---|---|---|"]
    for ind in cb.indicators:
        src = sources.get(ind["indicator_id"], {})
        pre, new = src.get("pre2019_table", []), src.get("format_2019", [])
        if not (pre and new) and "__" in ind["indicator_id"]:
            continue  # applicant breakdowns: listed under their concept
        if not (pre or new) and "narrative" not in ind["templates"]:
            continue
        if not (pre and new) and ind["indicator_id"] not in _HARMONISED_EXTRA(cb):
            continue
        comp = ind["comparability"].replace("|", "\\|")
        out.append(f"| `{ind['indicator_id']}` {ind['label_en']} | {'; '.join(pre) or '—'} | "
                   f"{'; '.join(new) or '—'} | {comp} |")
    return "\n".join(out) + "\n\nThe full codebook, every row of both templates, is `data/indicators.csv`."


def _HARMONISED_EXTRA(cb) -> set[str]:
    # Indicators in only one template but part of the harmonised public vocabulary (derived in
    # 2019, or stated only in prose after 2019): shown so a reader sees why they are not compared.
    return {i["indicator_id"] for i in cb.indicators
            if "narrative" in i["templates"] or "derived" in i.get("comparability", "")}
