"""HTML pages to text: page furniture dropped, each table row as one line of cells
(`a | b | c |`) recorded as a TableBlock, layout tables and menus read as text."""
from __future__ import annotations

import re

from ..model import TableBlock
from .builder import TextBuilder


_DROP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button",
              "select", "svg", "head", "template"}
_FURNITURE = re.compile(r"(^|[\s_-])(nav|navbar|menu|footer|foot|header|head|breadcrumb|crumb|share|"
                        r"sidebar|side|toolbar|banner|copyright|links?)([\s_-]|$)", re.I)
_BLOCK_TAGS = {"td", "th", "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "tr", "dd", "dt", "blockquote", "pre", "center", "hr", "main", "body"}


def html_to_text(html: str) -> tuple[str, list[TableBlock]]:
    import lxml.html

    root = lxml.html.fromstring(html)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue  # a comment or processing instruction
        attrs = " ".join(filter(None, (el.get("id"), el.get("class"), el.get("role"))))
        if el.tag in _DROP_TAGS or (attrs and _FURNITURE.search(attrs) and el.tag not in ("body", "html")) \
                or (el.tag in _LINK_LIST_TAGS and _is_link_list(el)):
            if el.getparent() is not None:
                el.drop_tree()
    out = TextBuilder()
    _walk(root, out)
    return out.text(), out.blocks


# Menus and lists of links to other pages (a sidebar of other years' reports would otherwise
# give the wrong title); links to documents (附件: 统计表.xls) are content and are kept.
_LINK_LIST_TAGS = {"ul", "ol", "dl", "div", "tr", "td", "p", "li", "span", "table", "section", "aside"}
_DOCUMENT_LINK = re.compile(r"\.(xlsx?|docx?|pdf|wps|et|zip|rar|jpe?g|png)\b", re.I)


def _is_link_list(el) -> bool:
    links = [a for a in el.iter("a") if not _DOCUMENT_LINK.search((a.get("href") or "") + a.text_content())]
    if len(links) < 2:
        return False
    text = len("".join(el.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in links)
    return text > 0 and linked >= 0.8 * text


def _is_layout_table(el) -> bool:
    """A table used to lay out the page (nested tables, or most of its text in cells holding
    paragraphs of prose and hardly a number cell), not a table of data (a long note row under
    the numbers is no reason): its cells are read as blocks of text."""
    from ..numbers import parse_cell

    if any(t is not el for t in el.iter("table")):
        return True
    texts = ["".join(td.text_content().split()) for td in el.iter("td", "th")]
    sizes = [len(t) for t in texts]
    numbers = sum(1 for t in texts if t and parse_cell(t) is not None)
    return numbers < 3 and sum(n for n in sizes if n > 150) > 0.5 * sum(sizes)


def _walk(el, out: TextBuilder) -> None:
    if not isinstance(el.tag, str):
        out.add(_inline(el.tail))
        return
    if el.tag == "table" and _is_layout_table(el):
        out.newline()
        for child in el:
            _walk(child, out)
        out.newline()
        out.add(_inline(el.tail))
        return
    if el.tag == "table":
        out.newline()
        start = out.length
        for cells in _table_rows(el):
            if any(cells):
                out.add(" | ".join(cells) + " |\n")
        if out.length > start:
            out.blocks.append(TableBlock(start, out.length, "html"))
        out.add(_inline(el.tail))
        return
    block = el.tag in _BLOCK_TAGS
    if block:
        out.newline()
    out.add(_inline(el.text))
    for child in el:
        _walk(child, out)
    if block:
        out.newline()
    out.add(_inline(el.tail))


def _table_rows(table) -> list[list[str]]:
    """The rows' cell texts. A cell spanning columns is written once; where a cell above spans
    rows down into this one, an empty cell keeps the columns under each other."""
    rows, below = [], {}  # column -> [rows still covered, columns wide] of a cell spanning rows
    for tr in table.iter("tr"):
        cells, col = [], 0

        def covered():
            nonlocal col
            while col in below:
                left, wide = below[col]
                cells.append("")
                if left <= 1:
                    del below[col]
                else:
                    below[col] = [left - 1, wide]
                col += wide

        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            covered()
            cells.append(_cell_text(td))
            span, wide = _span(td.get("rowspan")), _span(td.get("colspan"))
            if span > 1:
                below[col] = [span - 1, wide]
            col += wide
        for c in sorted(k for k in below if k >= col):  # cells spanning down at the row's end
            col = c
            covered()
        rows.append(cells)
    return rows


def _span(attr: str | None) -> int:
    m = re.match(r"\s*([0-9]+)", attr or "")
    return min(max(int(m.group(1)), 1), 1000) if m else 1


# Elements that break the text of a cell: two paragraphs or lines in one cell are two pieces of
# text (12<br>34 is not 1234), while inline runs (<span>1</span><span>2</span>) read as one.
_CELL_BREAKS = _BLOCK_TAGS | {"sup", "sub"}


def _cell_text(td) -> str:
    parts = [td.text or ""]

    def walk(el):
        for child in el:
            if isinstance(child.tag, str):
                brk = child.tag in _CELL_BREAKS
                parts.append(" " if brk else "")
                parts.append(child.text or "")
                walk(child)
                parts.append(" " if brk else "")
            parts.append(child.tail or "")

    walk(td)
    return " ".join("".join(parts).split())


def _inline(s: str | None) -> str:
    return re.sub(r"\s+", " ", s) if s and s.strip() else ""
