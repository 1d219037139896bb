"""The build's spool: an SQLite database in a temporary file inside the staging folder, where the
parent keeps what it learns of every report (rows, ids given, agency names, duplicate
fingerprints) instead of in memory. Its memory is SQLite's page cache and sorter, bounded
whatever the number of reports; the rest lives on disk and goes with the staging folder. And
KeyHashes: the hashes of a table's keys, spilled to files when they are many, for the
validator's uniqueness checks; and SpooledList, a list on disk (the build's inputs).

The database is written once and read once by one process: no journal, no fsync (a build that
dies is started again; the staging folder it leaves is removed by the next build).
"""
from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
from array import array
from collections.abc import MutableMapping, Sequence
from functools import partial
from pathlib import Path

CACHE_MB = 64  # SQLite's page cache (sorts spill to files beyond a similar amount)


_before: dict[int, str] = {}  # connection -> SQLite's temporary folder when it opened


def connect(path: Path, cache_mb: int = CACHE_MB) -> sqlite3.Connection:
    """A new spool database at `path` (a file that must not exist), in one open transaction.
    SQLite's temporary files (its sorter's, beyond the page cache) go beside it, not into the
    system's temporary folder, until it is closed."""
    path = Path(path)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE",
                   "temp_store = FILE", f"cache_size = {-cache_mb * 1024}"):
        db.execute(f"PRAGMA {pragma}")
    try:
        row = db.execute("PRAGMA temp_store_directory").fetchone()
        db.execute(f"PRAGMA temp_store_directory = '{_quoted(path.parent)}'")
        _before[id(db)] = row[0] if row else ""
    except sqlite3.DatabaseError:  # a build of SQLite without the (deprecated) pragma
        pass
    db.execute("BEGIN")
    return db


def close(db: sqlite3.Connection) -> None:
    """Close the spool. The temporary folder is process-wide (the pragma sets a global of
    SQLite's): if it is still this spool's, whose folder is about to be removed, it goes back to
    what it was when the spool opened (another spool's folder, or the system's)."""
    before = _before.pop(id(db), None)
    if before is not None:
        try:
            row = db.execute("PRAGMA temp_store_directory").fetchone()
            path = db.execute("PRAGMA database_list").fetchone()[2]
            if row and path and row[0] == str(Path(path).parent.resolve()):
                db.execute(f"PRAGMA temp_store_directory = '{before.replace(chr(39), chr(39) * 2)}'")
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

    def count_missing(self, known: "KeyHashes") -> int:
        """How many of these hashes are not among `known`'s (a foreign key's values that are not in
        the column it references), bucket by bucket when either is spilled. `known` can be asked
        again; this one is used up. A dangling value whose 64-bit hash equals a known one's would
        go unseen: about one chance in 10^6 for three million reports' ids."""
        import polars as pl

        try:
            if self._tmp is None and known._tmp is None:
                mine = pl.concat(self._parts) if self._parts else pl.Series("h", [], dtype=pl.UInt64)
                theirs = pl.concat(known._parts) if known._parts else pl.Series("h", [], dtype=pl.UInt64)
                return int((~mine.is_in(theirs.implode())).sum())
            missing = 0
            for mine, theirs in zip(self._buckets(), known._buckets()):
                missing += int((~mine.is_in(theirs.implode())).sum())
            return missing
        finally:
            self.close()

    def _buckets(self):
        """Each bucket's hashes, after spilling what is still in memory (files kept for another pass)."""
        import polars as pl

        self._spill(always=True)
        for f in self._files:
            f.flush()
        for b in range(self.BUCKETS):
            hashes = array("Q")
            with open(Path(self._tmp.name) / f"{b:03d}", "rb") as g:
                hashes.frombytes(g.read())
            yield pl.Series("h", hashes, dtype=pl.UInt64)

    def _spill(self, always: bool = False) -> None:
        import polars as pl

        if not self._parts and not (always and self._tmp is None):
            return
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(dir=self._workdir, prefix=".ogi-keys-")
            self._files = [open(Path(self._tmp.name) / f"{b:03d}", "wb") for b in range(self.BUCKETS)]
        if not self._parts:
            return
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


class SpooledList(Sequence):
    """A list on disk: picklable items in an SQLite file in `folder`, read back by position (an
    index, a slice, or in order). The build's inputs: a million of them would otherwise be a
    million objects held for the whole build. `key`: the items in the order of key(item) (text
    compared by code point, as Python's sorted; equal keys keep the order given), else as given."""

    def __init__(self, folder: Path, items=(), key=None):
        fd, name = tempfile.mkstemp(dir=folder, prefix=".ogi-list-", suffix=".sqlite")
        os.close(fd)
        self._path = Path(name)
        self._path.unlink()  # connect() makes it anew
        self._db = connect(self._path, cache_mb=8)  # read in order, mostly: little to cache
        self._db.execute("CREATE TABLE items (pos INTEGER PRIMARY KEY, item BLOB NOT NULL)")
        dump = partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL)
        if key is None:
            self._db.executemany("INSERT INTO items (item) VALUES (?)", ((dump(x),) for x in items))
        else:
            self._db.execute("CREATE TABLE given (key TEXT NOT NULL, item BLOB NOT NULL)")
            self._db.executemany("INSERT INTO given VALUES (?, ?)", ((key(x), dump(x)) for x in items))
            self._db.execute("INSERT INTO items (item) SELECT item FROM given ORDER BY key, rowid")
            self._db.execute("DROP TABLE given")
        self._n = self._db.execute("SELECT count(*) FROM items").fetchone()[0]

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k):
        if isinstance(k, slice):
            start, stop, step = k.indices(self._n)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            rows = self._db.execute("SELECT item FROM items WHERE pos > ? AND pos <= ? ORDER BY pos", (start, stop))
            return [pickle.loads(r[0]) for r in rows]
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        return pickle.loads(self._db.execute("SELECT item FROM items WHERE pos = ?", (k + 1,)).fetchone()[0])

    def __iter__(self):
        for (blob,) in self._db.execute("SELECT item FROM items ORDER BY pos"):
            yield pickle.loads(blob)

    def close(self) -> None:
        if self._db is not None:
            close(self._db)
            self._db = None
        self._path.unlink(missing_ok=True)


class SpooledMapping(MutableMapping):
    """A dict on disk: text keys to picklable values in an SQLite file in `folder`. The build's
    manifest: a scraper's sources.csv of three million rows (a dict of about 1 KB a row) would
    otherwise be held for the whole build. Keys iterate in the order they were first set."""

    def __init__(self, folder: Path):
        fd, name = tempfile.mkstemp(dir=folder, prefix=".ogi-map-", suffix=".sqlite")
        os.close(fd)
        self._path = Path(name)
        self._path.unlink()  # connect() makes it anew
        self._db = connect(self._path, cache_mb=8)  # looked up by key, once each: little to cache
        self._db.execute("CREATE TABLE items (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value BLOB NOT NULL)")
        self._n = 0

    def __getitem__(self, key):
        if not isinstance(key, str):
            raise KeyError(key)
        row = self._db.execute("SELECT value FROM items WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return pickle.loads(row[0])

    def __setitem__(self, key: str, value) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self._db.execute("UPDATE items SET value = ? WHERE key = ?", (blob, key)).rowcount == 0:
            self._db.execute("INSERT INTO items (key, value) VALUES (?, ?)", (key, blob))
            self._n += 1

    def __delitem__(self, key: str) -> None:
        if self._db.execute("DELETE FROM items WHERE key = ?", (key,)).rowcount == 0:
            raise KeyError(key)
        self._n -= 1

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self._db.execute(
            "SELECT 1 FROM items WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        return self._n

    def __iter__(self):
        last = 0
        while True:  # in pages, so a lookup while iterating never meets an open cursor
            rows = self._db.execute("SELECT pos, key FROM items WHERE pos > ? ORDER BY pos LIMIT 10000",
                                    (last,)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from (k for _, k in rows)

    def close(self) -> None:
        if self._db is not None:
            close(self._db)
            self._db = None
        self._path.unlink(missing_ok=True)
