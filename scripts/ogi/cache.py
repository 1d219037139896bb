"""The parse cache: what a file contributes, kept between builds, so that a rebuild parses only
the files it has not seen (`ogi build --cache DIR`, on by default; `--no-cache`).

An entry is keyed by everything the result depends on: the file's bytes (sha256), its path as
published and its `sources.csv` row, and the extractor's version, a hash over ogi's source files,
its codebook and schema, the versions of the libraries that read and decode (OpenCC, pypdf,
python-docx, python-calamine, lxml, cpca's and jionlp's tables, ...) and Python's. Any change to
any of them is another key: a cache never serves a result that the code or codebook of this build
would not make. Only results the parse itself made are kept (not the rows of files set aside for
taking too long, for a dying worker or an internal error: a clean build tries those again).

Each entry is one file, `DIR/<version>/<2 hex>/<key>`: a magic line, the sha256 of the payload,
and the payload (the ParsedReport, rows already rendered, pickled and zlib-compressed), written to
a temporary name and renamed into place, so a killed build leaves no half entry under a key. An
entry that does not check (cut short, altered, unreadable) is removed and the file parsed again.
Entries are pickles: keep the cache folder yours (it is read as trusted code would be). The
folders of all but the most recently used versions are removed at the start of a build.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
MAGIC = b"ogi-parse-cache 1\n"
KEEP_VERSIONS = 3
# the libraries whose version can change what a file is read as
LIBRARIES = ("opencc", "pypdf", "cryptography", "python-docx", "python-calamine", "lxml", "cpca", "jionlp",
             "charset-normalizer", "cn2an", "pypinyin", "PyYAML", "pyahocorasick")


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ogi"


def source_fingerprint(package: Path | None = None) -> str:
    """A hash over the package's source files (*.py) and its codebook and schema folders."""
    package = package or PACKAGE
    h = hashlib.sha256()
    files = sorted(p for p in package.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts
                   and (p.suffix == ".py" or p.relative_to(package).parts[0] in ("codebook", "schema")))
    for p in files:
        h.update(p.relative_to(package).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def extractor_version(package: Path | None = None) -> str:
    """What a file's result depends on besides the file: ogi's code, codebook and schema, the
    reading libraries and Python. Two installations with the same version parse every file alike."""
    h = hashlib.sha256()
    h.update(source_fingerprint(package).encode())
    h.update(json.dumps(library_versions(), sort_keys=True).encode())
    h.update(sys.version.encode())
    return h.hexdigest()


class ParseCache:
    def __init__(self, folder: Path, version: str | None = None):
        self.version = version or extractor_version()
        self.root = Path(folder)
        self.folder = self.root / self.version[:24]
        self.hits = self.misses = self.stored = self.corrupt = 0

    def open(self) -> "ParseCache":
        self.folder.mkdir(parents=True, exist_ok=True)
        os.utime(self.folder)   # most recently used
        self._prune()
        return self

    def _prune(self) -> None:
        """Keep the folders of the few most recently used versions (a cache per checkout and
        version would otherwise grow with every change of the code)."""
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir() and p != self.folder and len(p.name) == 24]
        except OSError:
            return
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in folders[KEEP_VERSIONS - 1:]:
            shutil.rmtree(old, ignore_errors=True)

    def key(self, item, manifest_row) -> str | None:
        """The key of an input, or None when it has no bytes to key (not read, unreadable)."""
        if item.path is None:
            return None
        try:
            with open(item.path, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            return None
        text = json.dumps([self.version, item.rel, item.name_note, digest, manifest_row],
                          sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def has(self, key: str | None) -> bool:
        return key is not None and self._path(key).is_file()

    def get(self, key: str):
        """The stored result, or None (absent, or an entry that does not check: removed)."""
        from .model import ParsedReport

        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if not data.startswith(MAGIC):
                raise ValueError("no magic")
            digest, payload = data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
            if hashlib.sha256(payload).digest() != digest:
                raise ValueError("checksum")
            result = pickle.loads(zlib.decompress(payload))
            if not isinstance(result, ParsedReport):
                raise ValueError("not a result")
        except Exception:
            self.corrupt += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        from dataclasses import replace

        payload = zlib.compress(pickle.dumps(replace(result, timings={}), protocol=pickle.HIGHEST_PROTOCOL), 6)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
            self.stored += 1
        except OSError:   # a full or read-only disk costs the cache, never the build
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass


def cacheable(result) -> bool:
    """A result the parse made (parse_file times its read stage), not the row of a file set aside
    for taking too long, a dying worker or an internal error, which a clean build tries again."""
    return "read" in result.timings
