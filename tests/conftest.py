"""Shared fixtures: the seed reports as Documents, the codebook."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

# Short names for the five vendored seed reports (data/raw/sources.csv lists their provenance).
SEEDS = {
    "000": "2016_yunnan_kunming_guandu_government-services-bureau.txt",
    "001": "2019_sichuan_nanchong_gaoping_district-government-office.txt",
    "002": "2016_heilongjiang_jiamusi_tangyuan_government-service-centre.txt",
    "003": "2017_yunnan_yuxi_city-government.txt",
    "004": "2018_guizhou_bijie_qixingguan_district-government.txt",
}


@pytest.fixture(scope="session")
def seed_doc():
    """seed_doc("000") -> Document of that seed, read through the real reader."""
    from ogi.read import read_file

    cache = {}

    def load(key: str):
        if key not in cache:
            cache[key] = read_file(RAW / SEEDS[key], RAW)
        return cache[key]

    return load


def line_of(doc, pos: int) -> int:
    """1-based line number of a character offset (for messages)."""
    return doc.text.count("\n", 0, pos) + 1


def line_text(doc, lineno: int) -> str:
    return doc.text.split("\n")[lineno - 1]


DEVSET = ROOT.parent / "shared" / "devset" / "reports"


def sample_docs(devset_limit: int | None = 60) -> list:
    """The bundled reports and the development set's pages (the first `devset_limit`, or all),
    read as the pipeline reads them: the texts the fast-path equivalence tests run on."""
    from ogi.read import read_file

    paths = sorted(p for p in RAW.iterdir() if p.suffix == ".txt")
    if DEVSET.is_dir():
        paths += sorted(p for p in DEVSET.iterdir() if p.is_file())[:devset_limit]
    return [doc for doc in (read_file(p, p.parent) for p in paths) if doc.view]
