"""The interest subsidy: the expected amount (50 % of the loan's rate × principal × days / 365, to
the fen, in Decimal), who may apply (listed enterprises only), the loan's date and term, and the
fund request an approved application makes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import ValidationError
from models.funds import FundRequest
from models.services.key_supply import delist, list_enterprise
from models.services.subsidies import apply_subsidy, approve_subsidy
from models.services.subsidy_rules import expected_subsidy, one_year_after, term_problem
from models.subsidies import SubsidyApplication
from tests.unit.fund_world import WAN


def test_the_expected_subsidy_is_half_the_interest_for_the_loans_days() -> None:
    # 1000万元 at 4.35 % for 366 days from 2020-02-01: 10^7 × 0.0435 × 0.5 × 366/365 = 218,095.89 yuan
    fen = expected_subsidy(principal=1000 * WAN, rate_bp=435, start=date(2020, 2, 1), end=date(2021, 2, 1))
    assert fen == 21_809_589
    assert expected_subsidy(principal=100, rate_bp=1, start=date(2020, 1, 1), end=date(2020, 1, 2)) == 0


@given(principal=st.integers(1, 10**12), rate=st.integers(1, 9999), days=st.integers(1, 366))
def test_the_subsidy_is_the_exact_figure_rounded_to_the_fen(principal, rate, days) -> None:
    start = date(2020, 3, 1)
    end = date.fromordinal(start.toordinal() + days)
    fen = expected_subsidy(principal=principal, rate_bp=rate, start=start, end=end)
    # within half a fen of the exact figure principal × rate × 50 % × days / 365
    assert abs(fen * 7_300_000 - principal * rate * days) <= 3_650_000


def test_only_loans_from_2020_of_at_most_a_year_qualify() -> None:
    assert term_problem(date(2019, 12, 31), date(2020, 6, 1)) == "Only loans signed on or after 2020-01-01 qualify"
    assert term_problem(date(2020, 2, 1), date(2021, 2, 1)) is None
    assert term_problem(date(2020, 2, 1), date(2021, 2, 2)) == "Only loans of at most a year qualify"
    assert term_problem(date(2020, 2, 1), date(2020, 2, 1)) == "The loan must end after it starts"
    assert one_year_after(date(2020, 2, 29)) == date(2021, 2, 28)


def apply(session, actor, enterprise_id: int, **changes) -> int:
    values = {"lender": "重庆农商行", "principal": 1000 * WAN, "rate_bp": 435, "start": date(2020, 2, 1),
              "end": date(2021, 1, 31), **changes}
    return apply_subsidy(session, actor=actor, enterprise_id=enterprise_id, **values)


def test_only_listed_enterprises_may_apply_and_approval_makes_the_fund_request(session, coordinator, enterprise,
                                                                                frozen_clock) -> None:
    with pytest.raises(ValidationError, match="key-supply list"):
        apply(session, coordinator, enterprise.id)
    listed = list_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, level="local",
                             category="医用口罩")
    with pytest.raises(ValidationError, match="2020-01-01"):
        apply(session, coordinator, enterprise.id, start=date(2019, 12, 1))
    with pytest.raises(ValidationError, match="at most a year"):
        apply(session, coordinator, enterprise.id, end=date(2021, 3, 1))
    application_id = apply(session, coordinator, enterprise.id)
    application = session.get(SubsidyApplication, application_id)
    assert application.number == "TX-20200203-001"
    assert application.expected == expected_subsidy(principal=1000 * WAN, rate_bp=435, start=date(2020, 2, 1),
                                                     end=date(2021, 1, 31))
    request_id = approve_subsidy(session, actor=coordinator, application_id=application_id,
                                 version=application.version)
    request = session.get(FundRequest, request_id)
    assert (request.purpose, request.requested, request.enterprise_id) == ("interest_subsidy", application.expected,
                                                                           enterprise.id)
    from models.subsidies import KeySupplyEnterprise

    delist(session, actor=coordinator, row_id_=listed, version=session.get(KeySupplyEnterprise, listed).version)
    with pytest.raises(ValidationError, match="key-supply list"):
        apply(session, coordinator, enterprise.id)
