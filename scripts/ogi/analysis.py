"""Helpers the notebooks share: load the package through its descriptor, reshape observations
without losing the difference between blank, missing and derived, and save figures.

Every function works on any corpus built by `ogi build`, from five reports to a national one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

PL_TYPES = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
            "string": pl.String, "date": pl.Date}
# How a report stands on an indicator, from best to worst information.
STATES = ["printed", "in_words", "derived", "blank", "table not in text", "not stated"]


def find_package(start: Path | None = None) -> Path:
    """$OGI_PACKAGE, else the nearest datapackage.json in this folder or a parent."""
    if os.environ.get("OGI_PACKAGE"):
        return Path(os.environ["OGI_PACKAGE"])
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "datapackage.json").exists():
            return folder / "datapackage.json"
    raise FileNotFoundError("no datapackage.json found; set OGI_PACKAGE")


def load_package(path: Path | str | None = None) -> dict[str, pl.DataFrame]:
    """Every resource as a polars DataFrame, typed from the descriptor's schema."""
    path = Path(path) if path else find_package()
    package = json.loads(path.read_text(encoding="utf-8"))
    tables = {}
    for res in package["resources"]:
        schema = {f["name"]: PL_TYPES.get(f["type"], pl.String) for f in res["schema"]["fields"]}
        raw = pl.read_csv(path.parent / res["path"], schema_overrides={k: pl.String for k in schema},
                          infer_schema=False)
        cols = []
        for name, dtype in schema.items():
            col = pl.col(name)
            if dtype == pl.Boolean:
                cols.append(col.replace_strict({"true": True, "false": False}, default=None,
                                               return_dtype=pl.Boolean).alias(name))
            elif dtype == pl.Date:
                cols.append(col.str.to_date("%Y-%m-%d").alias(name))
            else:
                cols.append(col.cast(dtype).alias(name))
        tables[res["name"]] = raw.select(cols)
    return tables


def published_reports(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Reports that contribute observations (parsed or partial), with their agency's place."""
    return (tables["reports"].filter(pl.col("status").is_in(["parsed", "partial"]))
            .join(tables["agencies"], on="agency_id", how="left"))


def observations_with_context(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Observations with report (template, scope) and agency (level, province) columns."""
    rep = tables["reports"].select("report_id", "template", "scope", "tables_available")
    ag = tables["agencies"].select("agency_id", "level", "province", "agency_type")
    return tables["observations"].join(rep, on="report_id", how="left").join(ag, on="agency_id", how="left")


def completeness(tables: dict[str, pl.DataFrame], indicator_ids: list[str]) -> pl.DataFrame:
    """One row per published report and indicator, with its state (see STATES): a blank cell,
    a table only available as an image or attachment, and an indicator the report never states
    stay distinct."""
    reports = published_reports(tables).select("report_id", "year", "tables_available")
    grid = reports.join(pl.DataFrame({"indicator_id": indicator_ids}), how="cross")
    obs = tables["observations"].select("report_id", "indicator_id", "value_status")
    out = grid.join(obs, on=["report_id", "indicator_id"], how="left")
    state = (pl.when(pl.col("value_status").is_not_null()).then(pl.col("value_status"))
             .when(pl.col("tables_available").is_in(["image_only", "attachment_only"]))
             .then(pl.lit("table not in text"))
             .otherwise(pl.lit("not stated")))
    return out.with_columns(state.alias("state")).select("report_id", "year", "indicator_id", "state")


def completeness_shares(comp: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, the percentage of reports in each state (every state a column, rows sum
    to 100): the completeness of a corpus too large to draw report by report."""
    counts = comp.group_by("indicator_id", "state").len()
    totals = counts.group_by("indicator_id").agg(pl.col("len").sum().alias("n"))
    shares = counts.join(totals, on="indicator_id").with_columns(
        (pl.col("len") * 100 / pl.col("n")).alias("percent"))
    out = pl.DataFrame({"indicator_id": comp["indicator_id"].unique(maintain_order=True)})
    for state in STATES:
        col = shares.filter(pl.col("state") == state).select("indicator_id", pl.col("percent").alias(state))
        out = out.join(col, on="indicator_id", how="left").with_columns(pl.col(state).fill_null(0.0))
    return out


def wide(tables: dict[str, pl.DataFrame], indicator_ids: list[str]) -> pl.DataFrame:
    """Report × indicator values (null for blank AND for missing: use `completeness` to tell
    them apart), with the report's year, template, scope, level and province."""
    obs = (tables["observations"].filter(pl.col("indicator_id").is_in(indicator_ids))
           .select("report_id", "indicator_id", "value"))
    base = published_reports(tables).select("report_id", "agency_id", "year", "template", "scope",
                                             "level", "province")
    if obs.height == 0:
        return base.with_columns([pl.lit(None, pl.Float64).alias(i) for i in indicator_ids])
    pivot = obs.pivot(on="indicator_id", index="report_id", values="value")
    for i in indicator_ids:
        if i not in pivot.columns:
            pivot = pivot.with_columns(pl.lit(None, pl.Float64).alias(i))
    return base.join(pivot.select("report_id", *indicator_ids), on="report_id", how="left")


def per_100(numerator: str, denominator: str) -> pl.Expr:
    """numerator per 100 of denominator; null when the denominator is missing, blank or zero."""
    den = pl.col(denominator)
    return (pl.when(den.is_not_null() & (den > 0)).then(pl.col(numerator) * 100 / den)
            .otherwise(None))


# Up to this many reports a figure shows each one; above, it shows statistics by year.
PER_REPORT_MAX = 30


def mean_shares_by_year(frame: pl.DataFrame, parts: list[str], total: str | None = None) -> pl.DataFrame:
    """Per statistics year, the mean over reports of each part's share (percent) of the report's
    total (`total`, or the sum of the parts the report states), and the number of reports.

    A report counts for a part only where it states that part and its total is above zero; a
    part it does not state is missing, not a zero share."""
    denom = pl.col(total) if total else pl.sum_horizontal([pl.col(p) for p in parts])
    shares = frame.with_columns(denom.alias("_total")).filter(pl.col("_total") > 0).with_columns(
        [(pl.col(p) * 100 / pl.col("_total")).alias(p) for p in parts])
    return (shares.group_by("year").agg([pl.col(p).mean() for p in parts]
                                        + [pl.col("report_id").n_unique().alias("n_reports")])
            .sort("year"))


def pooled_per_100_by_year(frame: pl.DataFrame, numerator: str, denominator: str) -> pl.DataFrame:
    """Per statistics year, sum(numerator) per 100 of sum(denominator) over the reports that state
    both (denominator above zero), and how many reports that is."""
    both = frame.filter(pl.col(numerator).is_not_null() & pl.col(denominator).is_not_null()
                        & (pl.col(denominator) > 0))
    return (both.group_by("year").agg((pl.col(numerator).sum() * 100 / pl.col(denominator).sum()).alias("per_100"),
                                      pl.col("report_id").n_unique().alias("n_reports"))
            .sort("year"))


def labels(tables: dict[str, pl.DataFrame]) -> dict[str, str]:
    """indicator_id -> 'English label (unit)' from the codebook, for axes and legends."""
    ind = tables["indicators"]
    return {r["indicator_id"]: f"{r['label_en']} ({_unit_en(r['unit'])})" for r in ind.iter_rows(named=True)}


_UNITS = {"条": "items", "件": "cases", "次": "times", "篇": "articles", "个": "units", "人": "people",
          "人次": "person-times", "万元": "10,000 yuan", "元": "yuan", "项": "items", "±项": "change in items"}


def _unit_en(unit: str) -> str:
    return _UNITS.get(unit, unit)


def n_reports(frame: pl.DataFrame, column: str = "report_id") -> int:
    return frame.select(pl.col(column).n_unique()).item() if frame.height else 0


def title_with_n(title: str, n: int) -> str:
    return f"{title}\n(n = {n} report{'s' if n != 1 else ''})"


def empty_figure(ax, title: str) -> None:
    """What a figure shows when this corpus has nothing for it (rather than failing)."""
    ax.set_title(title_with_n(title, 0))
    ax.text(0.5, 0.5, "no data in this corpus", ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def save_figure(fig, name: str, folder: Path | str | None = None) -> Path:
    """figures/<name>.png, with no metadata that changes from run to run."""
    folder = Path(folder or os.environ.get("OGI_FIGURES") or find_package().parent / "figures")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    return path


# Readers for pandas and for plain polars reads, typed from the descriptor (ogi.publish.formats):
# `load_pandas()` keeps adcode as text; `pl.read_csv(path, schema_overrides=polars_schema(table))`.
from .publish.formats import load_pandas, pandas_dtypes, polars_schema  # noqa: E402,F401
