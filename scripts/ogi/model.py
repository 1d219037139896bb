"""Plain data passed between the stages of the pipeline.

read -> Document -> (metadata, tables, narrative) -> Value / Mention -> assemble -> write.
Offsets (char_start, char_end) always index ``Document.text``: the decoded text of the file
(for .txt) or the text rendered from it (HTML, PDF, Word, spreadsheets; see ``ogi.read``).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

# Controlled vocabularies: the enums of the schema (scripts/ogi/schema/resources.yaml), which
# defines each field once and describes every value; the code takes them from there.
def _enum(resource: str, name: str) -> tuple[str, ...]:
    res = next(r for r in _schema()["resources"] if r["name"] == resource)
    return tuple(next(f for f in res["fields"] if f["name"] == name)["enum"])


@lru_cache(maxsize=1)
def _schema() -> dict:
    """The schema, parsed once (every process that parses imports this module: a worker's start)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when built with it: faster
    text = (Path(__file__).with_name("schema") / "resources.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=loader)


VALUE_STATUS = _enum("observations", "value_status")
QUALIFIERS = _enum("observations", "qualifier")
METHODS = _enum("observations", "method")
TEMPLATES = _enum("reports", "template")
STATUSES = _enum("reports", "status")
TABLES_AVAILABLE = _enum("reports", "tables_available")
CHECK_RESULTS = _enum("checks", "result")
CHECK_KINDS = _enum("checks", "kind")


@dataclass
class TableBlock:
    """A span of Document.text rendered from table markup (not from flattened text)."""
    start: int
    end: int
    source: str  # "html" | "spreadsheet" | "docx"


@dataclass
class Document:
    path: str                 # path relative to the raw folder, with forward slashes
    sha256: str
    bytes: int
    format: str               # txt | html | pdf | docx | xlsx | xls | unknown
    text: str                 # decoded text; all offsets index this string
    norm: str = ""            # same length as text: simplified characters, ASCII digits
    view: str = ""            # norm without pinyin annotations and zero-width characters
    view_map: array | None = None  # view offset -> text offset (None: view is norm)
    encoding: str | None = None
    script: str = "simplified"  # "simplified" | "traditional" (before conversion)
    table_blocks: list[TableBlock] = field(default_factory=list)
    read_status: str = "parsed"  # parsed | partial | rejected
    read_note: str = ""

    def __post_init__(self) -> None:
        if not self.norm:
            self.norm = self.text
        assert len(self.norm) == len(self.text), "norm must align with text"
        if not self.view:
            from .textview import make_view

            self.view, self.view_map = make_view(self.norm)

    def text_pos(self, pos: int) -> int:
        """The offset in `text` of a view offset (extractors read the view; rows cite the text)."""
        return pos if self.view_map is None else self.view_map[pos]

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        if self.view_map is None or start is None:
            return start, end
        if end <= start:
            p = self.view_map[start]
            return p, p
        return self.view_map[start], self.view_map[end - 1] + 1

    def view_pos(self, text_pos: int) -> int:
        """The view offset of a text offset (the first character kept at or after it)."""
        if self.view_map is None:
            return text_pos
        import bisect

        return bisect.bisect_left(self.view_map, text_pos)

    def view_blocks(self) -> list[tuple[int, int]]:
        """The table blocks' spans in view offsets."""
        return [(self.view_pos(b.start), self.view_pos(b.end)) for b in self.table_blocks]

    def block_source(self, pos: int) -> str | None:
        """The markup a view offset was rendered from (html, spreadsheet, docx), if any."""
        pos = self.text_pos(pos)
        for b in self.table_blocks:
            if b.start <= pos < b.end:
                return b.source
        return None


@dataclass
class Value:
    """One indicator value read from a report (or derived from values read from it)."""
    indicator_id: str
    value: Decimal | None     # None only when value_status == "blank"
    value_status: str         # see VALUE_STATUS
    qualifier: str            # see QUALIFIERS
    method: str               # see METHODS
    char_start: int | None    # span of the number (or of the blank cell / zero sentence)
    char_end: int | None
    evidence_start: int | None = None  # wider span shown as evidence (defaults to the line)
    evidence_end: int | None = None
    unit: str = ""            # unit as printed, if any
    note: str = ""            # e.g. the formula of a derived value


@dataclass
class Mention:
    """A counted number in the prose that the codebook does not harmonise."""
    label: str
    value: Decimal
    unit: str
    qualifier: str
    char_start: int
    char_end: int
    evidence_start: int
    evidence_end: int


@dataclass
class Place:
    adcode: str = ""          # 6-digit GB/T 2260 code of the agency's jurisdiction
    province: str = ""
    prefecture: str = ""
    county: str = ""
    level: str = ""           # national | province | prefecture | county | township
    note: str = ""
    source: str = ""          # where the place came from: manifest | name | township | page | url


@dataclass
class ReportMeta:
    title: str = ""
    agency_name: str = ""
    agency_source: str = ""   # manifest | title | opening | compiler | body | signature | page_field | breadcrumb
    agency_type: str = ""
    year: int | None = None
    year_source: str = ""     # manifest | title | opening | period | body
    report_date: str = ""     # ISO: the date printed in the report (under its title or signature)
    page_date: str = ""       # ISO: the date of the page it was published on (发布时间…)
    scope: str = "agency"
    template_hint: str = ""   # what the prose says (e.g. an attachment named 统计表)
    tables_available: str = "none"
    source_url: str = ""
    place: Place = field(default_factory=Place)
    is_report: bool = True    # False for pages that are not an annual report
    notes: list[str] = field(default_factory=list)


@dataclass
class TableResult:
    template: str = "narrative"   # pre2019_table | format_2019 | format_2021 | narrative
    values: list[Value] = field(default_factory=list)
    status: str = "parsed"        # parsed | partial
    notes: list[str] = field(default_factory=list)


@dataclass
class Check:
    """An evaluated check; passed None: it could not be evaluated. The published row adds its
    result, kind and the parts without a value (ogi.identities.check_rows)."""
    check_id: str
    description: str
    expected: str
    observed: str
    passed: bool | None


@dataclass
class ParsedReport:
    """Everything one input file contributes, as plain rows ready to write."""
    report: dict
    agency: dict | None = None
    observations: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    fingerprint: str = ""
    timings: dict = field(default_factory=dict)
    chunks: dict = field(default_factory=dict)  # table -> rendered CSV rows (ogi.publish.collect.render)
