"""Identities: derive what the 2019 form does not print; check what it does."""
from __future__ import annotations

from decimal import Decimal

from ogi.codebook import load
from ogi.identities import derive, run_checks
from ogi.model import Value


def v(iid, value, status="printed", qualifier="exact"):
    return Value(iid, None if value is None else Decimal(value), status if value is not None else "blank",
                 qualifier, "table_pipe_rows", 0, 1)


REASONS = ["state_secret", "prohibited_by_law", "security_stability_2019", "third_party",
           "internal_affairs", "process_info", "enforcement_files", "inquiry_matters"]


def test_derives_requests_denied_in_2019_only_when_every_reason_is_printed():
    values = {f"requests_denied_{r}": v(f"requests_denied_{r}", 1) for r in REASONS}
    got = {d.indicator_id: d for d in derive(values, load(), "format_2019")}
    assert got["requests_denied"].value == 8
    assert got["requests_denied"].method == "derived" and got["requests_denied"].char_start is None
    values["requests_denied_third_party"] = v("requests_denied_third_party", None)  # blank
    assert "requests_denied" not in {d.indicator_id for d in derive(values, load(), "format_2019")}


def test_derived_never_replaces_printed():
    values = {f"requests_denied_{r}": v(f"requests_denied_{r}", 1) for r in REASONS}
    values["requests_denied"] = v("requests_denied", 5)
    assert "requests_denied" not in {d.indicator_id for d in derive(values, load(), "format_2019")}


def test_litigation_total_derived_from_both_groups():
    values = {"litigation_direct_total": v("litigation_direct_total", 2),
              "litigation_after_reconsideration_total": v("litigation_after_reconsideration_total", 1,
                                                          qualifier="at_least")}
    got = {d.indicator_id: d for d in derive(values, load(), "format_2019")}
    assert got["litigation_total"].value == 3
    assert got["litigation_total"].qualifier == "at_least"  # approximate parts: not exact


def test_failing_identity_is_recorded_not_fixed():
    values = {"staff_total": v("staff_total", 5), "staff_full_time": v("staff_full_time", 1),
              "staff_part_time": v("staff_part_time", 2)}
    checks = {c.check_id: c for c in run_checks(values, load(), "pre2019_table")}
    c = checks["staff_eq_full_plus_part"]
    assert (c.passed, c.expected, c.observed) == (False, "3", "5")
    assert values["staff_total"].value == 5


def test_no_check_when_an_operand_is_blank_or_missing():
    values = {"staff_total": v("staff_total", 2), "staff_part_time": v("staff_part_time", 2),
              "staff_full_time": v("staff_full_time", None)}
    assert "staff_eq_full_plus_part" not in {c.check_id for c in run_checks(values, load(), "pre2019_table")}


def test_identities_follow_the_template():
    values = {"reconsideration_total": v("reconsideration_total", 3),
              **{f"reconsideration_{o}": v(f"reconsideration_{o}", 1) for o in ("upheld", "corrected", "other")},
              "reconsideration_pending": v("reconsideration_pending", 1)}
    pre = {c.check_id: c.passed for c in run_checks(values, load(), "pre2019_table")}
    new = {c.check_id: c.passed for c in run_checks(values, load(), "format_2019")}
    assert pre == {"reconsideration_eq_outcomes_pre2019": True}
    assert new == {"reconsideration_eq_outcomes_2019": False}
