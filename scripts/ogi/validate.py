"""Validate the written package against its own descriptor (frictionless)."""
from __future__ import annotations

from pathlib import Path


def validate_package(descriptor: Path) -> list[str]:
    """Frictionless validation of every resource, keys and foreign keys included.

    Returns the errors as lines; an empty list means the package is valid.
    """
    from frictionless import validate

    report = validate(str(descriptor))
    if report.valid:
        return []
    return [" | ".join(str(x) for x in row)
            for row in report.flatten(["taskPath", "rowNumber", "fieldName", "type", "note"])]
