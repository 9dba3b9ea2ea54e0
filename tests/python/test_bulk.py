"""Bulk onboarding through the Python clients: a row per input, failures per row, and a
re-run (or a lost answer) never creating anyone twice."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from clients_support import items, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=57) as sandbox:
        yield sandbox


def people(n: int) -> List[Dict[str, Any]]:
    return [
        {"name": f"Person {i}", "email": f"p{i}@acme.in", "password": "Str0ng!pass", "country": "IN"}
        for i in range(n)
    ]


async def test_onboard_many_is_safe_to_rerun(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    rows = people(6) + [{"name": "Bad", "email": "nope", "password": "Str0ng!pass", "country": "IN"}]
    sb.add_fault("/api/v1/partner/accounts", method="POST", reset_after=True, count=2)
    result = await r(partner.customers.onboard_many(rows, concurrency=3, requests_per_second=0))
    assert isinstance(result, vobiz.Rows) and len(result) == 7
    assert all(isinstance(row, m.BulkOnboardingRow) for row in result)
    assert [row.index for row in result] == list(range(7))
    outcomes = [row.outcome for row in result]
    assert outcomes.count("failed") == 1 and result[6].error_kind == "VALIDATION"
    assert outcomes.count("existing") == 2, "the two lost answers were found, not retried"
    for row in result:
        if row.outcome == "created":
            assert isinstance(row.auth_token, vobiz.Secret)
            assert row.auth_token.reveal() not in repr(row)

    again = await r(partner.customers.onboard_many(rows, requests_per_second=50))
    assert [row.outcome for row in again][:6] == ["existing"] * 6
    customers = await items(partner.customers.list())
    assert sorted(c.email for c in customers) == sorted(p["email"] for p in people(6))
    assert list(again.to_pandas()["outcome"])[:6] == ["existing"] * 6

    with pytest.raises(vobiz.ValidationError) as typo:
        await r(partner.customers.onboard_many([{"name": "X", "emial": "x@acme.in"}]))
    assert typo.value.field is not None and "emial" in typo.value.field
