"""The ops reports through the Python clients, async and sync, on a world with known
answers (numbers' renewal dates, routing and Aadhaar flags set through the sandbox)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Iterator

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from clients_support import items, new_customer, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=55) as sandbox:
        yield sandbox


async def test_reports_find_the_numbers_they_should(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    created = await new_customer(partner)
    assert created.auth_id and created.auth_token
    own = partner.customer(vobiz.AccountCredentials(created.auth_id, created.auth_token.reveal()))
    stock = await items(own.numbers.inventory(country="IN"), limit=2)
    first, second = stock[0], stock[1]
    assert first.e164 and second.e164 and first.monthly_fee and second.monthly_fee
    assert first.setup_fee is not None and second.setup_fee is not None
    cost = first.setup_fee + first.monthly_fee + second.setup_fee + second.monthly_fee
    await r(partner.customers.transfer_balance(created.auth_id, cost + first.monthly_fee, currency="INR"))
    await r(own.numbers.purchase(first.e164))
    await r(own.numbers.purchase(second.e164))

    now = sb.now()
    sb.set_number(first.e164, next_billing_date=now + timedelta(days=2), application_id="app-1")
    sb.set_number(
        second.e164,
        next_billing_date=now + timedelta(days=6),
        aadhaar_verification_required=True,
    )

    risks = await r(partner.reports.renewals_at_risk(within_days=14, as_of=now))
    assert isinstance(risks, vobiz.Rows)
    assert [row.e164 for row in risks] == [second.e164]
    risk = risks[0]
    assert isinstance(risk, m.RenewalRisk)
    assert risk.shortfall == second.monthly_fee and isinstance(risk.shortfall, Decimal)
    assert await r(partner.reports.renewals_at_risk(within_days=1, as_of=now)) == []

    unrouted = await r(partner.reports.unrouted_numbers())
    assert [n.e164 for n in unrouted] == [second.e164]
    restricted = await r(partner.reports.aadhaar_restricted_numbers())
    assert [n.e164 for n in restricted] == [second.e164]

    today = now.date()
    invoice = await r(
        partner.reports.invoice(
            created.auth_id, from_date=today - timedelta(days=1), to_date=today + timedelta(days=1)
        )
    )
    assert isinstance(invoice, m.Invoice)
    assert invoice.setup_total == first.setup_fee + second.setup_fee
    assert invoice.monthly_total == first.monthly_fee + second.monthly_fee
    assert invoice.total == cost
    assert invoice.lines and all(isinstance(line, m.InvoiceLine) for line in invoice.lines)

    frame = risks.to_pandas()
    assert list(frame["e164"]) == [second.e164]
    with pytest.raises(vobiz.ValidationError) as naive:
        await r(partner.reports.renewals_at_risk(as_of=now.replace(tzinfo=None)))
    assert naive.value.field == "as_of"
