"""Every resource group through the typed clients, async and sync, against the embedded
sandbox: results are model objects with exact money and real datetimes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Iterator

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from clients_support import items, new_customer, parent_client, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=21) as sandbox:
        yield sandbox


async def test_partner_profile_dashboard_and_analytics(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    me = await r(partner.me())
    assert isinstance(me, m.PartnerProfile)
    assert me.auth_id == sb.partner_credentials.auth_id
    assert isinstance(me.balance, Decimal)
    dashboard = await r(partner.dashboard())
    assert isinstance(dashboard, m.Dashboard)
    period = await r(partner.analytics(from_date=date(2026, 1, 1), to_date="2026-12-31"))
    assert isinstance(period, m.Dashboard)
    assert partner.auth_id == sb.partner_credentials.auth_id


async def test_customers_create_read_fund_and_ledger(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    created = await new_customer(partner)
    assert isinstance(created, m.CreatedCustomer)
    assert created.auth_id and created.auth_id.startswith("MA_")
    assert isinstance(created.auth_token, vobiz.Secret)
    assert isinstance(created.created_at, datetime)
    token = created.auth_token.reveal()
    assert token not in repr(created) and token not in str(created.to_dict())

    customer = await r(partner.customers.get(created.auth_id))
    assert isinstance(customer, m.Customer) and customer.email == "customer0@acme.in"
    assert customer.cash_credits == Decimal("0")

    for _ in range(3):
        moved = await r(
            partner.customers.transfer_balance(
                created.auth_id, Decimal("0.10"), currency="INR", description="top-up"
            )
        )
        assert isinstance(moved, m.TransferResult)
    balance = await r(partner.customers.balance(created.auth_id))
    assert balance.cash_credits == Decimal("0.30"), "exact, not 0.30000000000000004"
    assert str(balance.cash_credits) == "0.30000", "the API's scale is kept"

    rows = await items(partner.customers.transactions(created.auth_id))
    assert len(rows) == 3 and all(isinstance(t, m.Transaction) for t in rows)
    assert sum((t.amount for t in rows), Decimal(0)) == Decimal("0.30")
    page = await r(partner.customers.transactions_page(created.auth_id, per_page=2))
    assert isinstance(page, m.TransactionPage)
    ledger = await items(partner.transactions(transaction_type="transfer"))
    assert len(ledger) >= 3

    capacity = await r(
        partner.customers.transfer_capacity(created.auth_id, resource="concurrent_calls", slots=2)
    )
    assert isinstance(capacity, m.CapacityTransferResult)
    await r(partner.customers.reclaim_capacity(created.auth_id, resource="concurrent_calls", slots=1))
    allocation = await r(partner.customers.capacity(created.auth_id))
    assert isinstance(allocation, m.CustomerCapacity)
    history = await items(partner.capacity_transfers())
    assert len(history) == 2

    own = vobiz.AccountCredentials(created.auth_id, token)
    account = partner.customer(own)
    details = await r(account.details())
    assert isinstance(details, m.AccountDetails)
    wallet = await r(account.balance())
    assert wallet.cash_credits == Decimal("0.3")


async def test_lists_page_lazily_across_many_pages(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    for n in range(25):  # the seeded partner's max_accounts
        await new_customer(partner, n)
    everyone = await items(partner.customers.list(page_size=3))
    assert len(everyone) == 25
    assert len({c.auth_id for c in everyone}) == 25, "no customer twice, none missing"
    capped = await items(partner.customers.list(page_size=4, max_items=9))
    assert len(capped) == 9
    limited = await items(partner.customers.list(page_size=4), limit=5)
    assert len(limited) == 5
    found = await items(partner.customers.list(search="customer17@"))
    assert [c.email for c in found] == ["customer17@acme.in"]


async def test_iteration_forms(sb: vobiz.Sandbox) -> None:
    partner_async = partner_client(sb, "async")
    assert isinstance(partner_async, vobiz.AsyncPartner)
    for n in range(5):
        await new_customer(partner_async, n)
    seen = [c.auth_id async for c in partner_async.customers.list(page_size=2)]
    assert len(seen) == 5
    partner_sync = partner_client(sb, "sync")
    assert isinstance(partner_sync, vobiz.Partner)
    assert len([c.auth_id for c in partner_sync.customers.list(page_size=2)]) == 5


async def test_kyc_sessions(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    created = await new_customer(partner)
    assert created.auth_id
    session = await r(
        partner.kyc_sessions.create(
            created.auth_id,
            customer_email="customer0@acme.in",
            webhook_url="https://hooks.acme.in/kyc",
            expires_in_days=7,
            metadata={"crm_id": "A-17"},
        )
    )
    assert isinstance(session, m.KycSessionCreated)
    assert session.session_id
    fetched = await r(partner.kyc_sessions.get(session.session_id))
    assert isinstance(fetched, m.KycSession)
    listed = await items(partner.kyc_sessions.list(account_auth_id=created.auth_id))
    assert [s.id for s in listed] == [session.session_id]
    with pytest.raises(vobiz.RateLimitError) as too_soon:
        await r(partner.kyc_sessions.resend(session.session_id))
    assert too_soon.value.retry_after is not None
    sb.advance_clock(timedelta(minutes=31))
    resent = await r(partner.kyc_sessions.resend(session.session_id))
    assert isinstance(resent, m.KycResend)
    sb.complete_kyc_session(session.session_id)
    done = await r(partner.kyc_sessions.get(session.session_id))
    assert done.status == "kyc_completed"
    with pytest.raises(vobiz.ConflictError):
        await r(partner.kyc_sessions.revoke(session.session_id, reason="too late"))


async def test_numbers_buy_release_and_health(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    stock = await items(parent.numbers.inventory(country="IN"))
    assert len(stock) >= 10 and all(isinstance(n, m.PhoneNumber) for n in stock)
    e164 = stock[0].e164
    assert e164
    bought = await r(parent.numbers.purchase(e164))
    assert isinstance(bought, m.PurchaseResult)
    owned = await items(parent.numbers.list())
    assert e164 in [n.e164 for n in owned]
    remaining = await items(parent.numbers.inventory(country="IN", exclude=[e164]))
    assert e164 not in [n.e164 for n in remaining]
    health = await r(parent.numbers.health(e164, days=7))
    assert isinstance(health, m.NumberHealth)
    released = await r(parent.numbers.release(e164))
    assert isinstance(released, m.ReleaseResult)
    restored = await r(parent.numbers.cancel_release(e164))
    assert isinstance(restored, m.CancelReleaseResult)
    partner = partner_client(sb, mode)
    assert isinstance(await items(partner.numbers()), list)


async def test_sub_accounts_kyc_assignment_and_cool_off(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    created = await r(
        parent.sub_accounts.create(
            name="Acme Retail", email="ops@acme-retail.in", kyc_mode="customer_use",
            business_type="private_limited",
        )
    )
    assert isinstance(created, m.SubAccountCreated)
    assert created.auth_credentials and created.auth_credentials.auth_id
    sub_id = created.auth_credentials.auth_id
    assert isinstance(created.auth_credentials.auth_token, vobiz.Secret)
    listed = await items(parent.sub_accounts.list())
    assert sub_id in [s.auth_id for s in listed]

    sub = parent.sub_account(sub_id)
    assert sub.id == sub_id
    assert (await r(sub.get())).kyc_calls_blocked is True
    renamed = await r(sub.update(description="retail stores"))
    assert isinstance(renamed, m.SubAccountObject)

    pan = await r(sub.kyc_test.verify_pan("TESTSUCCESS0001"))
    assert isinstance(pan, m.KycVerificationResult) and pan.status == "verified"
    matches = await r(sub.kyc_test.cin_search("Acme Retail"))
    assert matches and isinstance(matches[0], m.CinMatch)
    assert matches[0].cin
    await r(sub.kyc_test.cin_confirm("Acme Retail", matches[0].cin))
    status = await r(sub.kyc.status())
    assert isinstance(status, m.KycStatus)
    assert status.kyc_calls_blocked is False
    hosted = await r(sub.kyc.create_session(customer_email="ops@acme-retail.in", reminder_days=[3, 1]))
    assert isinstance(hosted, m.SubAccountKycSessionCreated)

    stock = await items(parent.numbers.inventory(country="IN"), limit=1)
    e164 = stock[0].e164
    assert e164
    await r(parent.numbers.purchase(e164))
    await r(parent.numbers.assign_to_sub_account(e164, sub_id))
    call = sb.simulate_call(e164, duration_seconds=30)
    sb.advance_clock(120)
    with pytest.raises(vobiz.CoolOffError) as cool:
        await r(parent.numbers.unassign_from_sub_account(e164))
    assert isinstance(cool.value.cool_off_until, datetime)
    assert cool.value.remaining_seconds is not None and cool.value.remaining_seconds > 14 * 86400
    assert isinstance(cool.value, vobiz.ConflictError)
    sb.advance_clock(timedelta(days=15, minutes=5))
    await r(parent.numbers.unassign_from_sub_account(e164))
    assert call["call_uuid"]

    await r(sub.delete())
    with pytest.raises(vobiz.NotFoundError):
        await r(sub.get())


async def test_trunks_and_their_parts(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    credential = await r(parent.trunk_credentials.create(username="pbx-1", password="S1p!secret99"))
    assert isinstance(credential, m.TrunkCredential)
    assert "S1p!secret99" not in repr(credential)
    assert credential.uuid
    await r(parent.trunk_credentials.update(credential.uuid, username="pbx-2"))
    assert len(await items(parent.trunk_credentials.list())) == 1
    acl = await r(parent.ip_acl.create(name="office", ip_address="49.36.10.7"))
    assert isinstance(acl, m.IpAclEntry) and acl.uuid
    await r(parent.ip_acl.update(acl.uuid, name="hq"))
    uri = await r(parent.origination_uris.create(name="pbx", sip_uri="sip:pbx.acme.in", priority=1))
    assert isinstance(uri, m.OriginationUri) and uri.uuid
    await r(parent.origination_uris.update(uri.uuid, weight=10))

    trunk = await r(
        parent.trunks.create(
            name="main", trunk_direction="both", credential_uuid=credential.uuid,
            ipacl_uuid=acl.uuid, primary_uri_uuid=uri.uuid,
        )
    )
    assert isinstance(trunk, m.Trunk) and trunk.trunk_id
    assert (await r(parent.trunks.get(trunk.trunk_id))).name == "main"
    updated = await r(parent.trunks.update(trunk.trunk_id, description="primary", cps_limit=5))
    assert updated.description == "primary"
    assert [t.trunk_id for t in await items(parent.trunks.list())] == [trunk.trunk_id]

    stock = await items(parent.numbers.inventory(country="IN"), limit=1)
    e164 = stock[0].e164
    assert e164
    await r(parent.numbers.purchase(e164))
    await r(parent.numbers.assign_to_trunk(e164, trunk.trunk_id))
    await r(parent.numbers.unassign_from_trunk(e164))

    await r(parent.origination_uris.delete(uri.uuid))
    await r(parent.ip_acl.delete(acl.uuid))
    await r(parent.trunk_credentials.delete(credential.uuid))
    await r(parent.trunks.delete(trunk.trunk_id))
    assert await items(parent.trunks.list()) == []
    assert await items(parent.origination_uris.list()) == []
    assert await items(parent.ip_acl.list()) == []


async def test_calls_cdrs_and_recordings(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    stock = await items(parent.numbers.inventory(country="IN"), limit=1)
    e164 = stock[0].e164
    assert e164
    await r(parent.numbers.purchase(e164))
    fired = await r(
        parent.calls.make(from_=e164, to="+919812345678", answer_url="https://acme.in/answer.xml")
    )
    assert isinstance(fired, m.CallFired)
    sb.simulate_call(e164, duration_seconds=45)
    sb.advance_clock(timedelta(hours=5))

    cdrs = await items(parent.cdrs.list())
    assert cdrs and all(isinstance(c, m.Cdr) for c in cdrs)
    found = await items(parent.cdrs.search(call_direction="inbound"))
    assert found
    assert found[0].uuid
    one = await r(parent.cdrs.get(found[0].uuid))
    assert one.uuid == found[0].uuid
    page = await r(parent.cdrs.page(per_page=1))
    assert isinstance(page, m.CdrPage)
    recent = await r(parent.cdrs.recent(limit=5))
    assert isinstance(recent, list) and recent and isinstance(recent[0], m.Cdr)
    csv = await r(parent.cdrs.export())
    assert isinstance(csv, str) and found[0].uuid in csv
    assert await items(parent.recordings.list()) == []

    partner = partner_client(sb, mode)
    assert isinstance(await items(partner.cdrs()), list)
    page_all = await r(partner.cdrs_page(per_page=5))
    assert isinstance(page_all, m.CdrPage)


async def test_results_are_comparable_printable_and_tabular(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    created = await new_customer(partner)
    assert created.auth_id
    a = await r(partner.customers.get(created.auth_id))
    b = await r(partner.customers.get(created.auth_id))
    assert a == b and a is not b
    assert "Customer(" in repr(a) and "<table" in a._repr_html_()
    as_dict: Any = a.to_dict()
    assert as_dict["auth_id"] == created.auth_id and "extra" in as_dict
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install"):
            await r(partner.customers.list().to_pandas())
    else:
        frame = await r(partner.customers.list().to_pandas())
        assert list(frame["auth_id"]) == [created.auth_id]
