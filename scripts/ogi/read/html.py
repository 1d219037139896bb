"""HTML pages to text: page furniture dropped, each table row as one line of cells
(`a | b | c |`) recorded as a TableBlock, layout tables and menus read as text, `<pre>` text
with its lines.

Pages are parsed by libxml2 (lxml), which stops at 256 open elements: a page whose markup never
closes a tag (an unclosed `<font>` repeated) would lose everything after that point. Such a page
is parsed again with the standard library's tokenizer into a tree of any depth (`_deep_tree`);
every walk over the tree is a loop, not a recursion, and linear in the page's size.
"""
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
_PRE_TAGS = {"pre", "xmp", "listing", "plaintext"}  # their text keeps its line breaks and spaces


def html_to_text(html: str) -> tuple[str, list[TableBlock]]:
    root = _parse(html)
    # Python objects for every node, held until the end and let go deepest first: lxml frees a
    # node's object by looking up its ancestors for one still held, which in a deep tree would
    # cost the depth for every node let go in another order.
    nodes = list(root.iter())
    _drop_furniture(root, nodes)
    out = TextBuilder()
    _walk(root, out)
    while nodes:
        nodes.pop()
    return out.text(), out.blocks


def _parse(html: str):
    import lxml.html

    parser = lxml.html.HTMLParser()
    root = lxml.html.fromstring(html, parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):  # too deep: libxml2 stopped
        return _deep_tree(html)
    return root


# Menus and lists of links to other pages (a sidebar of other years' reports would otherwise
# give the wrong title); links to documents (附件: 统计表.xls) are content and are kept.
_LINK_LIST_TAGS = {"ul", "ol", "dl", "div", "tr", "td", "p", "li", "span", "table", "section", "aside"}
_DOCUMENT_LINK = re.compile(r"\.(xlsx?|docx?|pdf|wps|et|zip|rar|jpe?g|png)\b", re.I)


def _drop_furniture(root, nodes: list) -> None:
    """Drop scripts, menus, furniture and lists of links. Whether an element is dropped is
    decided on the page as parsed (an element's subtree is never changed by dropping elements
    before it), from counts gathered in one pass from the leaves up; dropped elements' tails join
    the text before them, as lxml's drop_tree does."""
    chars, links, linked = _link_counts(nodes)
    drop = set()
    for i, el in enumerate(nodes):
        if not isinstance(el.tag, str) or el is root:
            continue
        attrs = " ".join(filter(None, (el.get("id"), el.get("class"), el.get("role"))))
        if el.tag in _DROP_TAGS or (attrs and _FURNITURE.search(attrs) and el.tag not in ("body", "html")) \
                or (el.tag in _LINK_LIST_TAGS and links[i] >= 2 and chars[i] > 0 and linked[i] >= 0.8 * chars[i]):
            drop.add(el)
    if drop:
        _drop_all(nodes, drop)


def _link_counts(nodes) -> tuple[list[int], list[int], list[float]]:
    """Per node (in document order): the characters of its text other than whitespace, its links
    to other pages, and their characters. Children come after their parent in document order, so
    one pass backwards sums each subtree before its parent is reached."""
    index = {id(el): i for i, el in enumerate(nodes)}
    n = len(nodes)
    chars, links, linked = [0] * n, [0] * n, [0] * n
    for i, el in enumerate(nodes):
        if isinstance(el.tag, str):
            chars[i] = _visible(el.text)
    for i in range(n - 1, -1, -1):
        el = nodes[i]
        if el.tag == "a" and not _DOCUMENT_LINK.search((el.get("href") or "") + el.text_content()):
            links[i] += 1
            linked[i] += chars[i]
        parent = el.getparent()
        j = index.get(id(parent)) if parent is not None else None
        if j is not None:
            chars[j] += (chars[i] if isinstance(el.tag, str) else 0) + _visible(el.tail)
            links[j] += links[i]
            linked[j] += linked[i]
    return chars, links, linked


def _visible(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _drop_all(nodes, drop: set) -> None:
    """Remove the elements to drop that are not inside another one; each one's tail goes to the
    nearest earlier sibling that stays, or to its parent's text, in document order."""
    inside: set = set()  # ids of nodes inside a dropped element
    tops = []
    for el in nodes:
        parent = el.getparent()
        if parent is not None and (parent in drop or id(parent) in inside):
            inside.add(id(el))
        elif el in drop:
            tops.append(el)
    pieces: dict = {}   # id(target) -> (target, "text" | "tail", [tails])
    target_of: dict = {}  # id(dropped element) -> its target
    for el in tops:
        prev = el.getprevious()
        if prev is not None and id(prev) in target_of:
            key = target_of[id(prev)]
        elif prev is not None:
            key = (prev, "tail")
        else:
            key = (el.getparent(), "text")
        target_of[id(el)] = key
        if el.tail:
            pieces.setdefault((id(key[0]), key[1]), (key, []))[1].append(el.tail)
    for el in tops:
        el.getparent().remove(el)
    for (target, attr), parts in pieces.values():
        setattr(target, attr, (getattr(target, attr) or "") + "".join(parts))


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


_OPEN, _CLOSE = 0, 1


def _walk(root, out: TextBuilder) -> None:
    """The text of the tree in document order: block elements on lines of their own, a table of
    data as rows of cells, inline text with its spaces collapsed (kept in `<pre>`)."""
    stack = [(_OPEN, root, False)]
    pre = 0  # open <pre> elements
    while stack:
        step, el, block = stack.pop()
        if step == _CLOSE:
            if block:
                out.newline()
            if el.tag in _PRE_TAGS:
                pre -= 1
            out.add(_inline(el.tail, pre))
            continue
        if not isinstance(el.tag, str):  # a comment or processing instruction
            out.add(_inline(el.tail, pre))
            continue
        if el.tag == "table" and not _is_layout_table(el):
            out.newline()
            start = out.length
            for cells in _table_rows(el):
                if any(cells):
                    out.add(" | ".join(cells) + " |\n")
            if out.length > start:
                out.blocks.append(TableBlock(start, out.length, "html"))
            out.add(_inline(el.tail, pre))
            continue
        layout = el.tag == "table"
        block = layout or el.tag in _BLOCK_TAGS
        if block:
            out.newline()
        if el.tag in _PRE_TAGS:
            pre += 1
            out.add(_pre_text(el.text, first=True))
        elif not layout:
            out.add(_inline(el.text, pre))
        stack.append((_CLOSE, el, block))
        stack.extend((_OPEN, child, False) for child in reversed(el))


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
    stack = [(_OPEN, child) for child in reversed(td)]
    while stack:
        step, el = stack.pop()
        if not isinstance(el.tag, str):
            parts.append(el.tail or "")
            continue
        brk = el.tag in _CELL_BREAKS
        if step == _CLOSE:
            parts.append(" " if brk else "")
            parts.append(el.tail or "")
            continue
        parts.append(" " if brk else "")
        parts.append(el.text or "")
        stack.append((_CLOSE, el))
        stack.extend((_OPEN, child) for child in reversed(el))
    return " ".join("".join(parts).split())


def _inline(s: str | None, pre: int = 0) -> str:
    if pre:
        return _pre_text(s)
    return re.sub(r"\s+", " ", s) if s and s.strip() else ""


def _pre_text(s: str | None, first: bool = False) -> str:
    """Text inside <pre> as it is, its line ends made \\n (a line break right after <pre> is not
    part of the text)."""
    if not s:
        return ""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s[1:] if first and s.startswith("\n") else s


# --- pages deeper than libxml2 goes ----------------------------------------------------------

_VOID = frozenset("area base basefont bgsound br col embed frame hr img input isindex keygen link meta param "
                  "source track wbr".split())
_HEAD_TAGS = frozenset("title meta link script style base noscript template".split())
_P_CLOSERS = frozenset("address article aside blockquote center details dialog dir div dl fieldset figcaption "
                       "figure footer header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 "
                       "pre listing xmp form hr plaintext li dd dt".split())
# A start tag closes the nearest open element of the first set, if it lies above the nearest
# open element of the second (HTML's implied end tags: a new cell ends the cell before, a new
# row the row before, a new item the item before, a link the link before, a block a paragraph).
_IMPLIED_END = {
    "td": [({"td", "th"}, {"tr", "table"})],
    "th": [({"td", "th"}, {"tr", "table"})],
    "tr": [({"tr"}, {"table"}), ({"td", "th"}, {"table"})],
    "thead": [({"thead", "tbody", "tfoot"}, {"table"}), ({"tr", "td", "th"}, {"table"})],
    "li": [({"li"}, {"ul", "ol", "menu"})],
    "dt": [({"dt", "dd"}, {"dl"})],
    "option": [({"option"}, {"select", "datalist"})],
    "a": [({"a"}, set())],
}
_IMPLIED_END["tbody"] = _IMPLIED_END["tfoot"] = _IMPLIED_END["thead"]
_IMPLIED_END["dd"] = _IMPLIED_END["dt"]
for _tag in _P_CLOSERS:
    _IMPLIED_END.setdefault(_tag, []).append(({"p"}, {"td", "th", "table", "button"}))
# An end tag does not close an element of a higher rank above its own (libxml2's end priorities:
# </font> inside a cell does not end the cell, </td> does not end the table).
_RANK = {"div": 1, "td": 2, "th": 2, "tr": 3, "thead": 4, "tbody": 4, "tfoot": 4, "table": 5}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def _deep_tree(html: str):
    """The page as a tree of any depth: tags from the standard library's tokenizer, nested as
    HTML's implied end tags say (in the spirit of libxml2's, so a page reads the same way), built
    with lxml's TreeBuilder. Every step is constant time but for the elements it closes, which
    it closes once: linear in the page."""
    from html.parser import HTMLParser

    import lxml.html
    from lxml import etree

    tb = etree.TreeBuilder(parser=lxml.html.HTMLParser())
    stack: list[str] = ["html"]         # open elements' tags; html at the bottom
    at: dict[str, list[int]] = {}       # tag -> stack positions where it is open, innermost last
    ranked: list[list[int]] = [[] for _ in range(6)]  # rank -> positions of open elements of that rank
    state = {"body": False, "head": False}

    def top(tags) -> int:
        return max((at[t][-1] for t in tags if at.get(t)), default=-1)

    def push(tag: str, attrs: dict) -> None:
        tb.start(tag, attrs)
        at.setdefault(tag, []).append(len(stack))
        ranked[_RANK.get(tag, 0)].append(len(stack))
        stack.append(tag)

    def pop_to(pos: int) -> None:
        while len(stack) > max(pos, 1):
            tag = stack.pop()
            at[tag].pop()
            ranked[_RANK.get(tag, 0)].pop()
            tb.end(tag)

    def ensure_body() -> None:
        if not state["body"]:
            if top({"head"}) > 0:
                pop_to(top({"head"}))
            state["body"] = True
            push("body", {})

    class Tokens(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tag = tag if _NAME.fullmatch(tag) else "_" + re.sub(r"[^A-Za-z0-9._-]", "_", tag)
            clean = {}
            for k, v in attrs:
                if _NAME.fullmatch(k) and k not in clean:
                    clean[k] = _NOT_XML.sub("", v or "")
            if tag == "html":
                return
            if tag == "head":
                if not state["body"] and not state["head"]:
                    state["head"] = True
                    push("head", clean)
                return
            if tag == "body":
                ensure_body()
                return
            if not state["body"] and tag in _HEAD_TAGS and (not state["head"] or top({"head"}) >= 0):
                if not state["head"]:  # a title or style before any <head>: the head is implied
                    state["head"] = True
                    push("head", {})
            else:
                ensure_body()
            for targets, bounds in _IMPLIED_END.get(tag, ()):
                pos = top(targets)
                if pos > top(bounds):
                    pop_to(pos)
            push(tag, clean)
            if tag in _VOID:
                pop_to(len(stack) - 1)

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in _VOID:
                self.handle_endtag(tag)

        def handle_endtag(self, tag):
            if tag == "br":
                self.handle_starttag("br", [])
                return
            if tag in ("html", "body") or not at.get(tag):
                return
            pos = at[tag][-1]
            rank = _RANK.get(tag, 0)
            if any(ranked[r] and ranked[r][-1] > pos for r in range(rank + 1, 6)):
                return  # an element of higher rank is open inside it: the end tag is stray
            pop_to(pos)

        def handle_data(self, data):
            if not state["body"] and not (state["head"] and top({"head"}) >= 0 and stack[-1] != "head"):
                if not data.strip():
                    return
                ensure_body()
            tb.data(_NOT_XML.sub("", data))

    tb.start("html", {})
    tokens = Tokens(convert_charrefs=True)
    tokens.feed(html)
    tokens.close()
    pop_to(1)
    tb.end("html")
    return _like_fromstring(tb.close(), html)


def _like_fromstring(doc, html: str):
    """What lxml.html.fromstring returns for the same page: the document, or for a fragment its
    one element or its body as a div/span."""
    if re.match(r"\s*<(?:html|!doctype)", html, re.I) or doc.find("head") is not None:
        return doc
    body = doc.find("body")
    if body is None:
        return doc
    if len(body) == 1 and not (body.text or "").strip() and not (body[-1].tail or "").strip():
        return body[0]
    from lxml.html.defs import block_tags

    body.tag = "div" if next(body.iter(*block_tags), None) is not None else "span"
    return body
