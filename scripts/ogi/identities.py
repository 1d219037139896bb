"""Evaluate the codebook's identities: derive unprinted totals, and check printed sums.

An identity says sum(left_ids) = sum(right_ids). `derive` fills a single-id left side that the
report does not print (identities marked derive=yes); `run_checks` records whether the printed
values satisfy each identity. A failing identity is a finding about the report, never "fixed".
`check_rows` turns a report's checks into the published rows: every identity of its template
gets one, passed, failed or not_evaluable, the last naming the parts that have no number.
"""
from __future__ import annotations

from decimal import Decimal

from .model import CHECK_KINDS, CHECK_RESULTS, Check, Value
from .numbers import format_decimal


def _number(values: dict[str, Value], iid: str) -> Decimal | None:
    v = values.get(iid)
    return None if v is None else v.value


def applicable(codebook, template: str) -> tuple[dict, ...]:
    """Identities of the report's template (prose-only reports follow the pre-2019 categories)."""
    key = "format_2019" if template == "format_2019" else "pre2019_table"
    cached = _APPLICABLE.get((id(codebook), key))
    if cached is None or cached[0] is not codebook:  # asked several times a report
        cached = _APPLICABLE[(id(codebook), key)] = (
            codebook, tuple(i for i in codebook.identities if key in i["templates"].split()))
    return cached[1]


_APPLICABLE: dict[tuple[int, str], tuple[object, tuple[dict, ...]]] = {}  # (the codebook kept: its id stays its own)


def derive(values: dict[str, Value], codebook, template: str) -> list[Value]:
    """Totals the form does not print, from parts that are all printed. Repeats until stable,
    so a derived subtotal can feed a derived total."""
    known = dict(values)
    out: list[Value] = []
    changed = True
    while changed:
        changed = False
        for ident in applicable(codebook, template):
            left = ident["left_ids"].split()
            if ident["derive"] != "yes" or len(left) != 1 or left[0] in known:
                continue
            parts = ident["right_ids"].split()
            nums = [_number(known, p) for p in parts]
            if any(n is None for n in nums):
                continue  # a blank or missing part: nothing can be derived
            exact = all(known[p].qualifier == "exact" for p in parts)
            v = Value(indicator_id=left[0], value=sum(nums, Decimal(0)), value_status="derived",
                      qualifier="exact" if exact else "at_least", method="derived",
                      char_start=None, char_end=None,
                      note=f"{left[0]} = " + " + ".join(parts))
            known[left[0]] = v
            out.append(v)
            changed = True
    return out


def run_checks(values: dict[str, Value], codebook, template: str) -> list[Check]:
    """Every identity whose operands all carry a number (blank or missing operands: no check)."""
    checks = []
    for ident in applicable(codebook, template):
        left, right = ident["left_ids"].split(), ident["right_ids"].split()
        nums_l = [_number(values, i) for i in left]
        nums_r = [_number(values, i) for i in right]
        if any(n is None for n in nums_l + nums_r):
            continue
        observed, expected = sum(nums_l, Decimal(0)), sum(nums_r, Decimal(0))
        checks.append(Check(check_id=ident["identity_id"], description=ident["description"],
                            expected=format_decimal(expected), observed=format_decimal(observed),
                            passed=observed == expected))
    return checks


NARRATIVE_PREFIX = "narrative_vs_table:"


def check_rows(checks: list[dict], observations: list[dict], template: str | None, codebook) -> list[dict]:
    """The published check rows of one report, sorted by check_id.

    `checks` are the rows assemble made (identities whose parts all carry a number, and the
    narrative-versus-table comparisons); every other identity of the report's template is added
    as not_evaluable, with the parts that carry no number read off the report's observations:
    `blank` (the template cell is printed empty), `derived` (the form prints no such cell; its
    value is computed from the very parts the identity sums) or `missing` (the report states no
    value). A comparison with a blank table cell names that cell the same way."""
    state: dict[str, str] = {}
    for o in observations:
        if o.get("method") == "derived":
            state[o["indicator_id"]] = "derived"
        elif o.get("value") is None and o.get("change") is None:
            state[o["indicator_id"]] = "blank"
        else:
            state[o["indicator_id"]] = "number"
    out: dict[str, dict] = {}
    for c in checks:
        row = dict(c)
        narrative = row["check_id"].startswith(NARRATIVE_PREFIX)
        parts = None
        if narrative and row.get("expected") == "blank":  # the table's cell is printed empty
            row["expected"] = None
            parts = row["check_id"][len(NARRATIVE_PREFIX):] + ":blank"
        passed = row.get("passed")
        row.update(kind=CHECK_KINDS[1] if narrative else CHECK_KINDS[0],
                   result=CHECK_RESULTS[2] if passed is None else CHECK_RESULTS[0] if passed else CHECK_RESULTS[1],
                   parts_without_value=parts)
        out[row["check_id"]] = row
    if template is not None:
        for ident in applicable(codebook, template):
            if ident["identity_id"] in out:
                continue
            operands = dict.fromkeys(ident["left_ids"].split() + ident["right_ids"].split())
            parts = [f"{i}:{state.get(i, 'missing')}" for i in operands if state.get(i) != "number"]
            out[ident["identity_id"]] = {
                "check_id": ident["identity_id"], "description": ident["description"],
                "expected": None, "observed": None, "passed": None,
                "result": CHECK_RESULTS[2], "kind": CHECK_KINDS[0],
                "parts_without_value": " ".join(parts) or None,
            }
    return [out[k] for k in sorted(out)]
