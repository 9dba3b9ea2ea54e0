"""Money and number workflows through the Python clients (async and sync): safe balance
transfers under injected faults land in the ledger exactly once, and the DID cool-off is an
outcome with its end, crossed by clock travel, with a release plan that changes nothing
until executed."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from clients_support import AnyPartner, items, new_customer, parent_client, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=71) as sandbox:
        yield sandbox


TAG = re.compile(r"\[ref:([A-Za-z0-9._-]+)\]")


async def ledger_tags(partner: AnyPartner, customer: str) -> Counter[str]:
    rows = await items(partner.customers.transactions(customer, transaction_type="transfer"))
    return Counter(t.group(1) for t in (TAG.search(row.description or "") for row in rows) if t)


async def settle(partner: AnyPartner, customer: str, amount: Decimal, reference: str) -> m.SafeTransfer:
    """A safe transfer, run again with its reference while it is unsettled (as a caller
    would after an ``OutcomeUnknownError``)."""
    for _ in range(5):
        try:
            done: m.SafeTransfer = await r(
                partner.customers.transfer_balance_safely(
                    customer, amount, currency="INR", description="load", reference=reference
                )
            )
            return done
        except vobiz.OutcomeUnknownError as e:
            assert reference in str(e)
    raise AssertionError(f"{reference} never settled")


async def run_bounded(mode: str, jobs: List[Tuple[str, Decimal, str]], partner: AnyPartner) -> List[m.SafeTransfer]:
    if mode == "async":
        gate = asyncio.Semaphore(16)

        async def one(job: Tuple[str, Decimal, str]) -> m.SafeTransfer:
            async with gate:
                return await settle(partner, *job)

        return list(await asyncio.gather(*(one(job) for job in jobs)))

    def blocking(job: Tuple[str, Decimal, str]) -> m.SafeTransfer:
        return asyncio.run(settle(partner, *job))

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(blocking, jobs))


async def test_safe_transfer_reconciles_retries_and_never_repeats(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    customer = (await new_customer(partner, 1)).auth_id
    assert customer is not None

    sb.add_fault("*/transfer-balance", method="POST", reset_after=True, count=1)
    done = await r(partner.customers.transfer_balance_safely(customer, Decimal("125.50"), currency="INR", description="April"))
    assert isinstance(done, m.SafeTransfer)
    assert done.outcome == "reconciled" and done.reconciled and done.attempts == 1
    assert done.reference is not None and done.reference.startswith("vbz-")
    assert done.description == f"April [ref:{done.reference}]"
    assert isinstance(done.ledger_row, m.Transaction) and done.ledger_row.amount == Decimal("125.50")
    assert done.amount == Decimal("125.50")

    sb.add_fault("*/transfer-balance", method="POST", reset_before=True, count=1)
    retried = await r(partner.customers.transfer_balance_safely(customer, "40", currency="INR", reference="order-7"))
    assert (retried.outcome, retried.attempts, retried.reconciled) == ("retried", 2, False)
    assert retried.transaction_id is not None and retried.transaction_id.startswith("txn_")

    again = await r(partner.customers.transfer_balance_safely(customer, "40", currency="INR", reference="order-7"))
    assert (again.outcome, again.attempts) == ("already_done", 0)
    with pytest.raises(vobiz.ValidationError) as reused:
        await r(partner.customers.transfer_balance_safely(customer, "41", currency="INR", reference="order-7"))
    assert reused.value.field == "reference"

    sb.add_fault("*/transfer-balance", method="POST", reset_before=True, count=2)
    with pytest.raises(vobiz.OutcomeUnknownError) as lost:
        await r(partner.customers.transfer_balance_safely(customer, "3", currency="INR", reference="lost-1"))
    assert "lost-1" in str(lost.value)

    tags = await ledger_tags(partner, customer)
    assert tags == Counter({done.reference: 1, "order-7": 1})
    balance = await r(partner.customers.balance(customer))
    assert balance.cash_credits == Decimal("165.50")


async def test_two_hundred_safe_transfers_under_faults_land_once(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    before = (await r(partner.me())).balance
    assert before is not None
    customers: List[str] = []
    for n in range(4):
        created = (await new_customer(partner, n)).auth_id
        assert created is not None
        customers.append(created)
        # The first matching fault applies, so the mix is per customer.
        kind: Dict[str, Any] = {"reset_before": True} if n % 2 == 0 else {"reset_after": True}
        sb.add_fault(f"*/accounts/{created}/transfer-balance", method="POST", probability=0.05, **kind)

    jobs = [(customers[i % 4], Decimal(100 + i % 7) / 100, f"py-{mode}-{i:03d}") for i in range(200)]
    results = await run_bounded(mode, jobs, partner)
    assert [res.reference for res in results] == [job[2] for job in jobs]
    outcomes = Counter(res.outcome for res in results)
    assert outcomes["sent"] < 200, outcomes

    for customer in customers:
        tags = await ledger_tags(partner, customer)
        wanted = [job for job in jobs if job[0] == customer]
        assert tags == Counter({job[2]: 1 for job in wanted})
        balance = await r(partner.customers.balance(customer))
        assert balance.cash_credits == sum((job[1] for job in wanted), Decimal(0))
    after = (await r(partner.me())).balance
    assert after is not None
    assert before - after == sum((job[1] for job in jobs), Decimal(0))


async def buy_and_assign(sb: vobiz.Sandbox, mode: str, n: int) -> Tuple[Any, List[str], str]:
    parent = parent_client(sb, mode)
    dids = [x.e164 for x in await items(parent.numbers.inventory(max_items=n))]
    for did in dids:
        await r(parent.numbers.purchase(did))
    created = await r(parent.sub_accounts.create(name="Acme Support", email=f"sub-{mode}@acme.in", kyc_mode="personal_use"))
    sub_id = created.auth_credentials.auth_id
    return parent, dids, sub_id


async def test_cool_off_is_an_outcome_and_clock_travel_crosses_it(sb: vobiz.Sandbox, mode: str) -> None:
    parent, (did, fresh), sub_id = await buy_and_assign(sb, mode, 2)
    for number in (did, fresh):
        await r(parent.numbers.assign_to_sub_account(number, sub_id))

    moved = await r(parent.numbers.unassign_or_cool_off(fresh))
    assert isinstance(moved, m.UnassignOutcome) and moved.status == "unassigned"

    call = sb.simulate_call(did, duration_seconds=60)
    ended = datetime.fromisoformat(call["ends_at"].replace("Z", "+00:00"))
    sb.advance_clock(120)
    cooling = await r(parent.numbers.unassign_or_cool_off(did))
    assert cooling.status == "cooling_off"
    assert isinstance(cooling.cool_off_until, datetime) and cooling.remaining_seconds is not None
    assert abs(cooling.cool_off_until - (ended + timedelta(days=15))) <= timedelta(seconds=1)
    assert 15 * 86_400 - 121 <= cooling.remaining_seconds < 15 * 86_400

    waited = await r(parent.numbers.unassign_when_free(did, max_wait=0))
    assert (waited.status, waited.attempts, waited.waited_seconds) == ("cooling_off", 1, 0)

    plan = await r(parent.numbers.release_plan([did, fresh, "+910000000001"]))
    assert isinstance(plan, m.ReleasePlan)
    states = {item.e164: item.state for item in plan.items or []}
    assert states == {did: "cooling_off", fresh: "ready", "+910000000001": "not_owned"}
    assert plan.items is not None
    cooling_item = plan.items[0]
    assert cooling_item.estimated and cooling_item.steps == ["unassign", "release"]
    assert cooling_item.cool_off_until is not None
    assert cooling_item.cool_off_until >= ended + timedelta(days=15)
    assert plan.next_ready_at == cooling_item.cool_off_until

    run = await r(parent.numbers.execute_release_plan([did, fresh], unassign_only=True))
    assert isinstance(run, m.ReleaseExecution)
    assert [(i.e164, i.status) for i in run.items or []] == [(did, "cooling_off"), (fresh, "skipped")]

    sb.advance_clock(timedelta(days=15, hours=2))
    free = await r(parent.numbers.unassign_when_free(did, max_wait=0))
    assert free.status == "unassigned"

    released = await r(parent.numbers.execute_release_plan([did, fresh]))
    assert (released.released, released.failed) == (2, 0)
    assert all(isinstance(i.release, m.ReleaseResult) for i in released.items or [])
    rerun = await r(parent.numbers.execute_release_plan([did]))
    assert [i.status for i in rerun.items] == ["skipped"]

    with pytest.raises(vobiz.ValidationError) as bad:
        await r(parent.numbers.release_plan(["not a number"]))
    assert bad.value.field == "dids[0]"
