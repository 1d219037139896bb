"""Read a report file into a Document: bytes -> decoded text -> normalised text.

Minimal version (plain text); other formats are added by the robustness work.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from .model import Document
from .normalise import normalise


def read_file(path: Path, raw_root: Path) -> Document:
    data = Path(path).read_bytes()
    rel = Path(path).relative_to(raw_root).as_posix()
    sha = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data)
    return Document(path=rel, sha256=sha, bytes=len(data), format="txt", text=text,
                    norm=normalise(text), encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best), best.encoding
