"""Map what the extractors read onto the tables' rows.

Per report: keep table values over narrative ones (recording disagreements as checks), derive
the totals the 2019 format does not print, evaluate the codebook's identities, and turn spans
into evidence with personal data removed. (Across reports: ogi.collect.)
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

from .codebook import is_signed_unit
from .model import Check, Document, Mention, ParsedReport, ReportMeta, TableResult, Value
from .numbers import CURRENCY, format_decimal
from . import privacy

EVIDENCE_MAX = 160  # characters of evidence kept around the value
VALUE_MAX = Decimal(10) ** 12  # more than any count or amount in 元 a report states (a stray ID number)
AGENCY_TYPES = {"peoples_government", "government_office", "department", "service_centre", "other",
                "unidentified"}


def report_id_of(sha256: str) -> str:
    return "r_" + sha256[:12]


def agency_id_of(name: str, adcode: str) -> str:
    """One id for one agency across years and name variants (ogi.agency_identity)."""
    from .agency_identity import agency_id

    return agency_id(name, adcode)


def assemble_report(doc: Document, meta: ReportMeta, tables: TableResult,
                    narrative_values: list[Value], mentions: list[Mention], codebook,
                    manifest_row: dict | None):
    from .dedupe import fingerprint
    from .identities import derive, run_checks

    # extractors read the view; rows cite the decoded text
    tables = replace(tables, values=[to_text(doc, v) for v in tables.values])
    narrative_values = [to_text(doc, v) for v in narrative_values]
    mentions = [to_text(doc, m) for m in mentions]

    notes = list(tables.notes)
    status = "partial" if (tables.status == "partial" or doc.read_status == "partial") else "parsed"
    if doc.read_note:
        notes.insert(0, doc.read_note)

    template = tables.template
    table_values, set_aside = plausible(tables.values, codebook)
    narrative_values, more = plausible(narrative_values, codebook)
    notes += set_aside + more
    values, checks = merge_values(table_values, narrative_values)
    printed = dict(values)
    for v in derive(printed, codebook, template):
        values.setdefault(v.indicator_id, v)
    checks = run_checks(printed, codebook, template) + checks

    tables_available = "in_text" if template in ("pre2019_table", "format_2019", "format_2021") \
        else meta.tables_available
    if template == "narrative" and meta.template_hint in ("pre2019_table", "format_2019", "format_2021"):
        notes.append(f"the statistics table ({meta.template_hint}) is not in the text "
                     f"({tables_available}); only the prose was read")
    agency = None
    if meta.agency_name:
        place = meta.place
        agency = {
            "agency_id": agency_id_of(meta.agency_name, place.adcode),
            "name_zh": meta.agency_name,
            "level": place.level or None,
            "agency_type": meta.agency_type if meta.agency_type in AGENCY_TYPES else "other",
            "adcode": place.adcode or None,
            "province": place.province or None,
            "prefecture": place.prefecture or None,
            "county": place.county or None,
            "place_source": place.source or None,
            "place_note": place.note or None,
        }
    elif meta.place.adcode:
        agency = unidentified_agency(doc, meta.place)
    missing = [what for what, gone in (("agency", not meta.agency_name), ("statistics year", meta.year is None)) if gone]
    if missing:
        # nothing read is lost: the values are published without the key that is missing
        status = "partial"
        empty = [m for m in missing if m != "agency" or agency is None]
        notes.append(" and ".join(missing) + " not resolved from the text or the manifest"
                     + (f"; its {len(values)} value(s) are published with an empty "
                        + " and ".join("agency_id" if m == "agency" else "year" for m in empty)
                        if values and empty else "")
                     + (f"; the report is filed under {agency['agency_id']}, an unidentified agency of "
                        f"{agency['name_zh'].split(UNIDENTIFIED)[0]} ({meta.place.note})" if agency and not meta.agency_name else ""))
    notes += meta.notes

    rid = report_id_of(doc.sha256)
    report = report_row(doc, meta, template, status=status, note="; ".join(notes),
                        manifest_row=manifest_row, tables_available=tables_available)
    report["agency_id"] = agency["agency_id"] if agency else None
    agency_id = agency["agency_id"] if agency else None
    observations = [observation_row(doc, rid, agency_id, meta.year, v, codebook) for v in values.values()]
    mention_rows = [mention_row(doc, rid, m) for m in mentions]
    check_rows = [{"report_id": rid, **_check_dict(c)} for c in checks]
    return ParsedReport(report=report, agency=agency, observations=observations, checks=check_rows,
                        mentions=mention_rows, fingerprint=fingerprint(doc))


UNIDENTIFIED = "（单位未识别）"


def unidentified_agency(doc: Document, place) -> dict:
    """A report that does not name its agency but whose page places it (我局 on a city's portal):
    an agency row of its own, so its jurisdiction is published, never merged with another
    report's (two unnamed agencies of one city are not one agency)."""
    where = place.county or place.prefecture or place.province
    digest = hashlib.sha1(f"unidentified:{doc.sha256}".encode("utf-8")).hexdigest()[:8]
    return {
        "agency_id": f"{place.adcode}_{digest}",
        "name_zh": where + UNIDENTIFIED,
        "level": None,
        "agency_type": "unidentified",
        "adcode": place.adcode,
        "province": place.province or None,
        "prefecture": place.prefecture or None,
        "county": place.county or None,
        "place_source": place.source or None,
        "place_note": place.note or None,
    }


def plausible(values: list[Value], codebook) -> tuple[list[Value], list[str]]:
    """Values a count can take: a negative number where the indicator is not a signed change, or
    one beyond any count a report could state, is set aside with a note (never published as a
    value that breaks the schema)."""
    kept, notes = [], []
    for v in values:
        if v.value is None:
            kept.append(v)
        elif v.value < 0 and not is_signed(v.indicator_id, codebook):
            notes.append(f"{v.indicator_id}: {format_decimal(v.value)} is negative where a count is asked for; set aside")
        elif abs(v.value) > VALUE_MAX:
            notes.append(f"{v.indicator_id}: {format_decimal(v.value)} is beyond any count a report states; set aside")
        else:
            kept.append(v)
    return kept, notes


def merge_values(table_values: list[Value], narrative_values: list[Value]) -> tuple[dict[str, Value], list[Check]]:
    """Table values first; a sentence only fills what the table does not state."""
    values: dict[str, Value] = {}
    checks: list[Check] = []
    for v in table_values:
        old = values.get(v.indicator_id)
        if old is None or (old.method == "table_section_header" and v.value is not None):
            values[v.indicator_id] = v
    for v in narrative_values:
        old = values.get(v.indicator_id)
        if old is None:
            values[v.indicator_id] = v
            continue
        if old.method == "narrative":
            continue
        same = old.value is not None and v.value is not None and old.value == v.value
        checks.append(Check(
            check_id=f"narrative_vs_table:{v.indicator_id}",
            description=f"{v.indicator_id}: the value a sentence states agrees with the table",
            expected=format_decimal(old.value) if old.value is not None else "blank",
            observed=format_decimal(v.value),
            passed=same))
    return values, checks


def in_indicator_unit(value: Decimal | None, printed_unit: str, indicator_unit: str) -> Decimal | None:
    """The value in the codebook's unit: 500 printed as 元 in a row counted in 万元 is 0.05.
    Counts (条, 件…) and an unspecified unit are left as printed."""
    if value is None or printed_unit == indicator_unit:
        return value
    if printed_unit in CURRENCY and indicator_unit in CURRENCY:
        return value * CURRENCY[printed_unit] / CURRENCY[indicator_unit]
    return value


def to_text(doc: Document, item):
    """A Value or Mention with its spans moved from view offsets to text offsets."""
    # a copy of its fields (dataclasses.replace builds it anew through __init__, several times
    # slower; neither class has a __post_init__ or a field outside __init__)
    new = object.__new__(item.__class__)
    new.__dict__.update(item.__dict__)
    if item.char_start is not None and item.char_end is not None:
        new.char_start, new.char_end = doc.text_span(item.char_start, item.char_end)
    if item.evidence_start is not None and item.evidence_end is not None:
        new.evidence_start, new.evidence_end = doc.text_span(item.evidence_start, item.evidence_end)
    return new


def observation_row(doc: Document, rid: str, agency_id: str | None, year: int | None, v: Value, codebook) -> dict:
    signed = is_signed(v.indicator_id, codebook)
    value = in_indicator_unit(v.value, v.unit, (codebook.get(v.indicator_id) or {}).get("unit", ""))
    return {
        "report_id": rid,
        "agency_id": agency_id,
        "year": year,
        "indicator_id": v.indicator_id,
        "value": None if signed else value,
        "change": value if signed else None,
        "value_status": v.value_status,
        "qualifier": v.qualifier,
        "method": v.method,
        "evidence": privacy.redact(v.note) if v.method == "derived"
        else evidence(doc, v.char_start, v.char_end, v.evidence_start, v.evidence_end),
        "char_start": v.char_start,
        "char_end": v.char_end,
        "unit": v.unit or None,
    }


def mention_row(doc: Document, rid: str, m: Mention) -> dict:
    return {
        "report_id": rid,
        "label": privacy.redact(m.label),
        "value": m.value,
        "unit": m.unit or None,
        "qualifier": m.qualifier,
        "evidence": evidence(doc, m.char_start, m.char_end, m.evidence_start, m.evidence_end),
        "char_start": m.char_start,
        "char_end": m.char_end,
    }


def report_row(doc: Document, meta: ReportMeta, template: str | None, *, status: str, note: str,
               manifest_row: dict | None, tables_available: str | None = None) -> dict:
    manifest_row = manifest_row or {}
    return {
        "report_id": report_id_of(doc.sha256),
        "agency_id": None,
        "year": meta.year,
        "year_source": meta.year_source or None,
        "agency_source": meta.agency_source or None,
        "title": privacy.redact(meta.title) or None,
        "scope": meta.scope if meta.title or meta.agency_name else None,
        "template": template,
        "tables_available": (tables_available or meta.tables_available) if template else None,
        "report_date": meta.report_date or None,
        "page_date": (manifest_row.get("published") or "").strip() or meta.page_date or None,
        "source_url": privacy.redact((manifest_row.get("source_url") or "").strip() or meta.source_url) or None,
        "raw_path": doc.path,
        "sha256": doc.sha256,
        "status": status,
        "status_note": privacy.redact("; ".join(filter(None, [note, *manifest_row.get("notes", [])]))) or None,
        "duplicate_of": None,
        "format": doc.format,
        "encoding": doc.encoding,
        "script": doc.script if doc.text else None,
        "published_on_site": privacy.redact(manifest_row.get("source_site")) or None,
        "n_observations": 0,
        "n_mentions": 0,
    }


def evidence(doc: Document, start: int | None, end: int | None,
             ev_start: int | None = None, ev_end: int | None = None) -> str | None:
    """The source text around a value: the given evidence span, else the value's line, cut to a
    window around the value. Personal data is found in the whole text before the cut: a number
    the cut would split is removed whole, never left as a fragment no pattern sees."""
    if start is None:
        return None
    text = doc.text
    if ev_start is None or ev_end is None:
        ev_start = text.rfind("\n", 0, start) + 1
        nl = text.find("\n", end)
        ev_end = len(text) if nl == -1 else nl
    ev_start, ev_end = min(ev_start, start), max(ev_end, end)
    if ev_end - ev_start > EVIDENCE_MAX:  # keep a window centred on the value
        half = (EVIDENCE_MAX - (end - start)) // 2
        ev_start = max(ev_start, start - half)
        ev_end = min(ev_end, end + half)
    window = privacy.redact_window(text, ev_start, ev_end)
    return privacy.redact(" ".join(window.split())) or None  # what joining lines may have made


def is_signed(indicator_id: str, codebook) -> bool:
    ind = codebook.get(indicator_id)
    unit = (ind or {}).get("unit", "")
    return is_signed_unit(unit)  # a change (±项: 本年增/减) may be negative; a count may not


def indicator_row(ind: dict) -> dict:
    return {k: (v if v != "" else None) for k, v in ind.items()}


def _check_dict(c: Check) -> dict:
    return {"check_id": c.check_id, "description": c.description, "expected": c.expected,
            "observed": c.observed, "passed": c.passed}
