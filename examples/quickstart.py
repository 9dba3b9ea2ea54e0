"""vobiz_partner quickstart: runs without a Vobiz account or network.

    python examples/quickstart.py

Starts the embedded sandbox, then as a partner: creates a customer, funds it exactly,
walks its ledger; as the parent account: buys a number, creates a sub-account, passes
its KYC in test mode, assigns the number, and meets the 15-day unassign cool-off as a
typed error. The async clients first, then the same calls through the sync twins.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import vobiz_partner as vobiz


async def partner_flow(sb: vobiz.Sandbox) -> str:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    me = await partner.me()
    print(f"partner {me.auth_id}: balance {me.balance!r}")

    created = await partner.customers.create(
        name="Asha Rao",
        email="asha@acme.in",
        password="Str0ng!pass",
        phone="+919876543210",
        country="IN",
    )
    print(created)  # the once-shown auth_token prints as <redacted>
    assert created.auth_id is not None

    for amount in (Decimal("100.10"), Decimal("0.20")):
        await partner.customers.transfer_balance(created.auth_id, amount, currency="INR")
    balance = await partner.customers.balance(created.auth_id)
    print(f"customer wallet: {balance.cash_credits!r}")  # Decimal('100.30000'), exact

    async for row in partner.customers.transactions(created.auth_id):
        print(f"  ledger: {row.type} {row.amount} {row.description!r}")

    try:
        await partner.customers.get("MA_NOSUCH00")
    except vobiz.NotFoundError as e:
        print(f"typed error: {type(e).__name__} status={e.status}")
    return created.auth_id


async def parent_flow(sb: vobiz.Sandbox) -> None:
    parent = vobiz.AsyncAccount(sb.parent_credentials, base_url=sb.url)
    stock = await parent.numbers.inventory(country="IN", max_items=3).to_list()
    e164 = stock[0].e164
    assert e164 is not None
    bought = await parent.numbers.purchase(e164)
    print(f"bought {e164}: {bought.message}")

    created = await parent.sub_accounts.create(
        name="Acme Retail",
        email="ops@acme-retail.in",
        kyc_mode="customer_use",
        business_type="private_limited",
    )
    assert created.auth_credentials is not None and created.auth_credentials.auth_id
    sub = parent.sub_account(created.auth_credentials.auth_id)
    await sub.kyc_test.verify_pan("TESTSUCCESS0001")
    await sub.kyc_test.verify_gst("TESTSUCCESS0001")
    status = await sub.kyc.status()
    print(f"sub-account {sub.id}: kyc {status.overall_status}, calls blocked: {status.kyc_calls_blocked}")

    await parent.numbers.assign_to_sub_account(e164, sub.id)
    sb.simulate_call(e164, duration_seconds=30)
    sb.advance_clock(timedelta(minutes=5))
    try:
        await parent.numbers.unassign_from_sub_account(e164)
    except vobiz.CoolOffError as e:
        print(f"cool-off until {e.cool_off_until} ({e.remaining_seconds} s left)")
    sb.advance_clock(timedelta(days=15))
    await parent.numbers.unassign_from_sub_account(e164)
    print("unassigned after the cool-off")


def sync_flow(sb: vobiz.Sandbox, customer_auth_id: str) -> None:
    partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    customer = partner.customers.get(customer_auth_id)
    print(f"sync client: {customer.name} has {customer.cash_credits}")
    print(f"sync client: {len(partner.customers.list().to_list())} customer(s)")


def main() -> None:
    with vobiz.Sandbox.start(seed=1) as sb:
        print(f"sandbox at {sb.url}")
        customer = asyncio.run(partner_flow(sb))
        asyncio.run(parent_flow(sb))
        sync_flow(sb, customer)


if __name__ == "__main__":
    main()
