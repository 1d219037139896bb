"""Helpers the notebooks share: load the package through its descriptor, reshape observations
without losing the difference between blank, missing and derived, and save figures.

Every function works on any corpus built by `ogi build`, from five reports to a national one.
"""
from __future__ import annotations

import functools
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


def _unit_en(unit: str) -> str:
    from .codebook import unit_label_en

    return unit_label_en(unit)  # the English names are the codebook's (codebook/units.csv)


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


# --- figures a reader can open: Chinese names, one font, states apart, n and limits stated -------

CJK_FONT_PACKAGE = "pylopdf_fonts_zh_cn"   # Noto Sans SC (SIL OFL 1.1), pinned in requirements.lock
CJK_FONT_FILE = "NotoSansSC-Regular.otf"
CJK_FONT = "Noto Sans SC"
FONTS = [CJK_FONT, "DejaVu Sans"]          # DejaVu (matplotlib's own) for any glyph Noto lacks

# Categorical states in colours told apart also by readers with a colour-vision deficiency
# (Okabe-Ito), each with a short code written in its cell, so no state is told by colour alone.
STATE_COLORS = {"printed": "#0072B2", "in_words": "#56B4E9", "derived": "#009E73",
                "blank": "#E69F00", "table not in text": "#CC79A7", "not stated": "#E8E8E8"}
STATE_CODES = {"printed": "P", "in_words": "W", "derived": "D", "blank": "B",
               "table not in text": "T", "not stated": "–"}
# How a value stands in a panel (see `panel`)
PANEL_STATES = ["value", "blank", "not stated", "not evaluable", "no report"]
PANEL_COLORS = {"value": "#0072B2", "blank": "#E69F00", "not stated": "#E8E8E8",
                "not evaluable": "#CC79A7", "no report": "#FFFFFF"}
# A jurisdiction aggregate (a government's report summing its units) is drawn apart from single
# agencies: hatched bars, square markers, and marked in its label.
AGGREGATE = "jurisdiction_aggregate"
AGGREGATE_MARK = "（辖区汇总）"
SCOPE_STYLE = {"agency": {"marker": "o", "hatch": None, "label": "single agency"},
               AGGREGATE: {"marker": "s", "hatch": "///", "label": "jurisdiction aggregate (sums its units)"}}


def cjk_font_path() -> Path:
    """The CJK font file the project installs (a package read for its data; nothing is fetched)."""
    import importlib.util

    spec = importlib.util.find_spec(CJK_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {CJK_FONT_PACKAGE} package is not installed (run `make setup`)")
    return Path(spec.submodule_search_locations[0]) / CJK_FONT_FILE


def setup_figures() -> None:
    """Register the CJK font with matplotlib and set the notebooks' common style (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    if CJK_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(cjk_font_path()))
    matplotlib.rcParams.update({
        "font.family": FONTS, "axes.unicode_minus": True, "figure.figsize": (8, 4.5),
        "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "ogi",
        "hatch.color": "#333333", "hatch.linewidth": 0.8})


@functools.lru_cache(maxsize=None)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def missing_glyphs(fig) -> set[str]:
    """Characters of the figure's texts that no font of FONTS has (they would print as boxes)."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    covered = [_charmap(font_manager.findfont(font_manager.FontProperties(family=f), fallback_to_default=False))
               for f in FONTS]
    out = set()
    for t in fig.findobj(Text):
        for ch in t.get_text():
            if not ch.isspace() and not any(ord(ch) in c for c in covered):
                out.add(ch)
    return out


def note(fig, text: str, width: int | None = None) -> None:
    """What the figure rests on and what it cannot support, written under it (wrapped to the
    figure's width)."""
    import textwrap

    width = width or max(60, int(fig.get_figwidth() * 17))
    lines = [textwrap.fill(p, width) for p in text.split("\n")]
    fig.text(0.01, -0.01, "\n".join(lines), ha="left", va="top", fontsize=7.5, color="#333333",
             transform=fig.transFigure)


def corpus_limits(n_reports: int, n_agencies: int | None = None) -> str:
    """The standard caveat for a figure drawn on n reports."""
    who = f"n = {n_reports} report{'s' if n_reports != 1 else ''}"
    if n_agencies is not None:
        who += f" of {n_agencies} agenc{'ies' if n_agencies != 1 else 'y'}"
    if n_reports < PER_REPORT_MAX:
        return (f"{who}, not a sample of Chinese government: describes these reports only; "
                "supports no trend, no comparison of years, levels or provinces, and no rate for "
                "agencies in general.")
    return (f"{who}: a corpus of reports that were found and read, not a random sample; differences "
            "between years mix real change with which agencies published and how their reports "
            "were read.")


def show(fig, name: str, folder: Path | str | None = None) -> None:
    """Save figures/<name>.png and show the very same bytes inline; refuse a figure whose text a
    font cannot draw (it would show boxes)."""
    import matplotlib.pyplot as plt

    missing = missing_glyphs(fig)
    if missing:
        raise ValueError(f"figure {name}: no font has {''.join(sorted(missing))!r}")
    path = save_figure(fig, name, folder)
    plt.close(fig)
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - outside IPython the file is the figure
        return
    if get_ipython() is not None:
        display(Image(data=path.read_bytes(), format="png"))


def ylim_from_zero(ax, values, floor: float = 1.0) -> None:
    """A y axis from 0 that shows the values, never an empty 0–0.05 axis when all are zero."""
    import math

    finite = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    top = max(finite, default=0.0)
    ax.set_ylim(0, max(top * 1.15, floor))


# --- names and years instead of hashes -----------------------------------------------------------

def report_names(tables: dict[str, pl.DataFrame]) -> dict[str, str]:
    """report_id -> the name its agency had in the report's year (agency_names), else the agency's
    name, else the title, else the file name."""
    reps = tables["reports"].select("report_id", "agency_id", "year", "title", "raw_path")
    names = tables.get("agency_names")
    out = {}
    agency = dict(zip(tables["agencies"]["agency_id"], tables["agencies"]["name_zh"]))
    by_agency: dict[str, list[dict]] = {}
    if names is not None:
        for r in names.iter_rows(named=True):
            by_agency.setdefault(r["agency_id"], []).append(r)
    for r in reps.iter_rows(named=True):
        name = None
        if r["agency_id"] and r["year"] is not None:
            fits = [n for n in by_agency.get(r["agency_id"], [])
                    if n["first_year"] is not None and n["first_year"] <= r["year"] <= n["last_year"]]
            if fits:
                name = max(fits, key=lambda n: (n["n_reports"], n["name_zh"]))["name_zh"]
        out[r["report_id"]] = name or agency.get(r["agency_id"]) or r["title"] or Path(r["raw_path"]).name
    return out


def report_labels(tables: dict[str, pl.DataFrame]) -> dict[str, str]:
    """report_id -> '汤原县政务中心 2016', aggregates marked （辖区汇总）: what figures call a report."""
    names = report_names(tables)
    out = {}
    for r in tables["reports"].select("report_id", "year", "scope").iter_rows(named=True):
        year = r["year"] if r["year"] is not None else "年份不明"
        out[r["report_id"]] = f"{names[r['report_id']]} {year}" + (AGGREGATE_MARK if r["scope"] == AGGREGATE else "")
    return out


# --- panels across years -------------------------------------------------------------------------

def comparable_indicators(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Indicators the codebook calls comparable (or roughly comparable) across the 2019 change of
    template, with a cell in both the pre-2019 table and the 2019 format (codebook order)."""
    ind = tables["indicators"]
    keep = ind.filter(pl.col("comparability").str.contains(r"^(Comparable|Roughly comparable)")
                      & pl.col("templates").str.contains("pre2019_table")
                      & pl.col("templates").str.contains("format_2019")
                      & ~pl.col("indicator_id").str.contains("__"))
    return keep["indicator_id"].to_list()


def panel(tables: dict[str, pl.DataFrame], indicators: list[str] | str = "comparable", *,
          years: list[int] | None = None, balanced: bool = True) -> pl.DataFrame:
    """Wide agency × statistics year frame: one row per agency and year, for each indicator its
    value (column `<indicator>`) and how it stands (`<indicator>_status`):

    - value: the report states it (printed, in words, or derived from printed cells);
    - blank: the template cell is there and empty (not zero);
    - not stated: the report does not state it;
    - not evaluable: the report's statistics table is not in the text (an image or attachment),
      or the report's template has no such cell (2019 breakdowns in a pre-2019 table);
    - no report: the agency has no published report for that year (rows added when `balanced`).

    `indicators`: a list of ids, or "comparable" (comparable_indicators). Only published reports
    with a known agency and year enter (an unidentified agency, known only by its place, cannot be
    followed across years); the agency is the same across its name variants (agencies,
    agency_names). Aggregates stay in, marked by `scope`."""
    ids = comparable_indicators(tables) if indicators == "comparable" else list(indicators)
    ag = tables["agencies"]
    unidentified = ag.filter(pl.col("agency_type") == "unidentified")["agency_id"] \
        if "agency_type" in ag.columns else pl.Series([], dtype=pl.String)
    reps = (tables["reports"].filter(pl.col("status").is_in(["parsed", "partial"])
                                      & pl.col("agency_id").is_not_null() & pl.col("year").is_not_null()
                                      & ~pl.col("agency_id").is_in(unidentified))
            .select("agency_id", "year", "report_id", "template", "scope", "tables_available"))
    if years is not None:
        reps = reps.filter(pl.col("year").is_in(years))
    ind = tables["indicators"].select("indicator_id", "templates")
    obs = (tables["observations"].filter(pl.col("indicator_id").is_in(ids))
           .select("report_id", "indicator_id", pl.coalesce("value", "change").alias("_value"), "value_status"))
    grid = (reps.join(pl.DataFrame({"indicator_id": ids}, schema={"indicator_id": pl.String}), how="cross")
            .join(ind, on="indicator_id", how="left")
            .join(obs, on=["report_id", "indicator_id"], how="left"))
    in_template = pl.col("templates").fill_null("").str.contains(pl.col("template").fill_null("-"), literal=True)
    fixed_form = pl.col("template").is_in(["pre2019_table", "format_2019"])
    status = (pl.when(pl.col("value_status") == "blank").then(pl.lit("blank"))
              .when(pl.col("value_status").is_not_null()).then(pl.lit("value"))
              .when(pl.col("tables_available").is_in(["image_only", "attachment_only"])).then(pl.lit("not evaluable"))
              .when(fixed_form & ~in_template).then(pl.lit("not evaluable"))
              .otherwise(pl.lit("not stated")))
    grid = grid.with_columns(status.alias("_status"))
    base = reps.sort("agency_id", "year")
    if grid.height:
        values = grid.pivot(on="indicator_id", index="report_id", values="_value")
        states = grid.pivot(on="indicator_id", index="report_id", values="_status")
        states = states.rename({i: f"{i}_status" for i in ids if i in states.columns})
        base = base.join(values, on="report_id", how="left").join(states, on="report_id", how="left")
    for i in ids:
        if i not in base.columns:
            base = base.with_columns(pl.lit(None, pl.Float64).alias(i))
        if f"{i}_status" not in base.columns:
            base = base.with_columns(pl.lit(None, pl.String).alias(f"{i}_status"))
    if balanced and base.height:
        all_years = years or list(range(base["year"].min(), base["year"].max() + 1))
        full = (base.select("agency_id").unique()
                .join(pl.DataFrame({"year": all_years}, schema={"year": pl.Int64}), how="cross"))
        base = full.join(base, on=["agency_id", "year"], how="left").with_columns(
            [pl.col(f"{i}_status").fill_null("no report") for i in ids])
    agencies = tables["agencies"].select("agency_id", "name_zh", "level", "province", "prefecture", "county")
    out = base.join(agencies, on="agency_id", how="left")
    cols = ["agency_id", "name_zh", "level", "province", "prefecture", "county", "year", "report_id",
            "template", "scope", "tables_available"]
    return out.select(*cols, *[c for i in ids for c in (i, f"{i}_status")]).sort("agency_id", "year")


def before_after(frame: pl.DataFrame, indicators: list[str], *, change_year: int = 2019) -> pl.DataFrame:
    """For every agency with a report in `change_year` (the 2019 format) and one before it, per
    indicator: the value and status in its last report before and in its report of that year.
    `frame` is a `panel`; agencies on one side only are left out."""
    has = pl.col("report_id").is_not_null()
    after = frame.filter(has & (pl.col("year") == change_year))
    before = (frame.filter(has & (pl.col("year") < change_year)).sort("year")
              .group_by("agency_id", maintain_order=True).last())
    rows = []
    for side, f in (("before", before), ("after", after)):
        long = f.select("agency_id", "name_zh", "scope", "year", "template",
                        *[pl.struct(value=pl.col(i).cast(pl.Float64), status=pl.col(f"{i}_status")).alias(i)
                          for i in indicators])
        long = long.unpivot(index=["agency_id", "name_zh", "scope", "year", "template"], on=indicators,
                            variable_name="indicator_id", value_name="v").unnest("v")
        rows.append(long.rename({c: f"{c}_{side}" for c in ("year", "template", "value", "status", "scope")}))
    if not indicators:
        return pl.DataFrame()
    out = rows[0].join(rows[1].drop("name_zh"), on=["agency_id", "indicator_id"], how="inner")
    return out.select("agency_id", "name_zh", "indicator_id", "scope_before", "scope_after",
                      "year_before", "template_before", "value_before", "status_before",
                      "year_after", "template_after", "value_after", "status_after").sort("agency_id", "indicator_id")


# --- drawing helpers the notebooks share ------------------------------------------------------------

def scope_of(scope: str | None) -> str:
    return AGGREGATE if scope == AGGREGATE else "agency"


def scope_handles(scopes=None, color: str = "#0072B2") -> list:
    """Legend entries for single agencies (filled) and jurisdiction aggregates (hatched, unfilled)
    among `scopes` (all when None), as the notebooks draw them."""
    from matplotlib.patches import Patch

    present = {scope_of(s) for s in scopes} if scopes is not None else set(SCOPE_STYLE)
    return [Patch(facecolor=color if s == "agency" else "white", edgecolor=color, hatch=style["hatch"],
                  label=style["label"]) for s, style in SCOPE_STYLE.items() if s in present]


def draw_state_grid(ax, states: list[list[str]], rows: list[str], cols: list[str],
                    colors: dict[str, str], codes: dict[str, str] | None = None,
                    hatched_rows: list[int] = ()) -> list:
    """A grid of categorical states (one colour each, its code written in the cell so no state is
    told by colour alone), `hatched_rows` (jurisdiction aggregates) hatched over; returns legend
    handles for the states present."""
    import textwrap

    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    order = list(colors)
    grid = np.array([[order.index(s) for s in row] for row in states])
    ax.imshow(grid, cmap=ListedColormap([colors[s] for s in order]), vmin=-0.5, vmax=len(order) - 0.5,
              aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), [textwrap.fill(c, 12, break_long_words=False) for c in cols], fontsize=8)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(np.arange(-0.5, len(cols)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if codes:
        dark = {"#0072B2", "#009E73", "#CC79A7"}
        for r, row in enumerate(states):
            for c, s in enumerate(row):
                ax.text(c, r, codes.get(s, ""), ha="center", va="center", fontsize=8,
                        color="white" if colors[s] in dark else "black")
    for r in hatched_rows:
        ax.add_patch(Rectangle((-0.5, r - 0.5), len(cols), 1, fill=False, hatch=SCOPE_STYLE[AGGREGATE]["hatch"],
                               edgecolor="#555555", linewidth=0))
    present = {s for row in states for s in row}
    return [Patch(facecolor=colors[s], edgecolor="#999999",
                  label=f"{codes[s]}  {s}" if codes else s) for s in order if s in present]


def named(frame: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The frame with a `report` column (agency name and year in Chinese) after report_id."""
    labels = report_labels(tables)
    out = frame.with_columns(pl.col("report_id").replace_strict(labels, default=None).alias("report"))
    cols = out.columns
    cols.remove("report")
    at = cols.index("report_id") + 1
    return out.select(*cols[:at], "report", *cols[at:])


# Readers for pandas and for plain polars reads, typed from the descriptor (ogi.publish.formats):
# `load_pandas()` keeps adcode as text; `pl.read_csv(path, schema_overrides=polars_schema(table))`.
from .publish.formats import load_pandas, pandas_dtypes, polars_schema  # noqa: E402,F401
