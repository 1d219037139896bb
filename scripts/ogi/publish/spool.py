"""The build's spool: an SQLite database in a temporary file inside the staging folder, where the
parent keeps what it learns of every report (rows, ids given, agency names, duplicate
fingerprints) instead of in memory. Its memory is SQLite's page cache and sorter, bounded
whatever the number of reports; the rest lives on disk and goes with the staging folder.

Written once and read once by one process: no journal, no fsync (a build that dies is started
again; the staging folder it leaves is removed by the next build).
"""
from __future__ import annotations

import sqlite3
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
