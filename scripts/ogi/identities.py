"""Evaluate the codebook's identities: derive unprinted totals, and check printed sums.

An identity says sum(left_ids) = sum(right_ids). `derive` fills a single-id left side that the
report does not print (identities marked derive=yes); `run_checks` records whether the printed
values satisfy each identity. A failing identity is a finding about the report, never "fixed".
"""
from __future__ import annotations

from decimal import Decimal

from .model import Check, Value
from .numbers import format_decimal


def _number(values: dict[str, Value], iid: str) -> Decimal | None:
    v = values.get(iid)
    return None if v is None else v.value


def applicable(codebook, template: str) -> list[dict]:
    """Identities of the report's template (prose-only reports follow the pre-2019 categories)."""
    key = "format_2019" if template == "format_2019" else "pre2019_table"
    return [i for i in codebook.identities if key in i["templates"].split()]


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
