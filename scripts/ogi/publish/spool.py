"""The build's spool: an SQLite database in a temporary file inside the staging folder, where the
parent keeps what it learns of every report (rows, ids given, agency names, duplicate
fingerprints) instead of in memory. Its memory is SQLite's page cache and sorter, bounded
whatever the number of reports; the rest lives on disk and goes with the staging folder. And
KeyHashes: the hashes of a table's keys, spilled to files when they are many, for the
validator's uniqueness checks.

The database is written once and read once by one process: no journal, no fsync (a build that
dies is started again; the staging folder it leaves is removed by the next build).
"""
from __future__ import annotations

import sqlite3
import tempfile
from array import array
from pathlib import Path

CACHE_MB = 64  # SQLite's page cache (sorts spill to files beyond a similar amount)


def connect(path: Path) -> sqlite3.Connection:
    """A new spool database at `path` (a file that must not exist), in one open transaction."""
    path = Path(path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE",
                   "temp_store = FILE", f"cache_size = {-CACHE_MB * 1024}"):
        db.execute(f"PRAGMA {pragma}")
    try:  # the sorter's files beside the database, not in the system's temporary folder
        db.execute(f"PRAGMA temp_store_directory = '{_quoted(path.parent)}'")
    except sqlite3.DatabaseError:  # a build of SQLite without the (deprecated) pragma
        pass
    db.execute("BEGIN")
    return db


def close(db: sqlite3.Connection) -> None:
    """Close the spool, and give SQLite's other connections in this process their temporary
    folder back (the pragma is process-wide; the spool's folder is about to be removed)."""
    try:
        db.execute("PRAGMA temp_store_directory = ''")
    except sqlite3.DatabaseError:
        pass
    db.close()


def _quoted(folder: Path) -> str:
    return str(folder.resolve()).replace("'", "''")


class KeyHashes:
    """The 64-bit hashes of a table's keys, to find those that occur twice in bounded memory
    (ogi.publish.validate): held in memory up to IN_MEMORY of them, beyond that spilled to
    BUCKETS files by their top bits, each bucket then checked on its own. Three million reports
    have about a hundred million observations: 256 buckets of 3.5 MB instead of 0.9 GB of hashes
    and several GB to find the repeated ones."""
    IN_MEMORY = 1 << 20
    BUCKETS = 256

    def __init__(self, workdir: Path | None = None):
        self._workdir = workdir
        self._parts: list = []
        self._n = 0
        self._tmp = None
        self._files: list = []

    def add(self, hashes) -> None:
        """A polars Series of UInt64 hashes."""
        self._parts.append(hashes)
        self._n += len(hashes)
        if self._n >= self.IN_MEMORY:
            self._spill()

    def duplicated(self):
        """The hashes that occur more than once (each once), as a polars Series."""
        import polars as pl

        if self._tmp is None:
            every = pl.concat(self._parts) if self._parts else pl.Series("h", [], dtype=pl.UInt64)
            return every.filter(every.is_duplicated()).unique()
        self._spill()
        for f in self._files:
            f.close()
        found = []
        try:
            for f in self._files:
                hashes = array("Q")
                with open(f.name, "rb") as g:
                    hashes.frombytes(g.read())
                bucket = pl.Series("h", hashes, dtype=pl.UInt64)
                found.append(bucket.filter(bucket.is_duplicated()).unique())
        finally:
            self.close()
        return pl.concat(found)

    def _spill(self) -> None:
        import polars as pl

        if not self._parts:
            return
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(dir=self._workdir, prefix=".ogi-keys-")
            self._files = [open(Path(self._tmp.name) / f"{b:03d}", "wb") for b in range(self.BUCKETS)]
        frame = pl.DataFrame({"h": pl.concat(self._parts)})
        frame = frame.with_columns(b=(pl.col("h") // (1 << 56)).cast(pl.UInt16))
        for (b,), part in frame.partition_by("b", as_dict=True).items():
            array("Q", part.get_column("h").to_list()).tofile(self._files[b])
        self._parts, self._n = [], 0

    def close(self) -> None:
        for f in self._files:
            f.close()
        self._files = []
        if self._tmp is not None:
            self._tmp.cleanup()
        self._parts = []
