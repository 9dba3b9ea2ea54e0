"""How the clients live in a real process: inside a running event loop, after a fork,
after a cancelled await, with logging on, built from the environment, and never showing a
secret."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from decimal import Decimal
from typing import Iterator

import pytest

import vobiz_partner as vobiz
from clients_support import new_customer

CANARY = "CANARY-tok-5f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=44) as sandbox:
        yield sandbox


async def test_sync_client_inside_a_running_loop(sb: vobiz.Sandbox) -> None:
    """A Jupyter cell runs inside a loop: the sync client must still work there, and other
    tasks of the loop resume afterwards."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    task = asyncio.ensure_future(ticker())
    await asyncio.sleep(0.01)
    partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    assert partner.me().auth_id == sb.partner_credentials.auth_id
    assert len(partner.customers.list().to_list()) == 0
    before = ticks
    await asyncio.sleep(0.02)
    assert ticks > before, "the loop keeps running after the blocking call"
    task.cancel()


def _child_requests(sb: vobiz.Sandbox, sync_client: vobiz.Partner, async_client: vobiz.AsyncPartner) -> int:
    """Runs in the forked child: the parent's clients must work here."""
    try:
        assert sync_client.me().auth_id == sb.partner_credentials.auth_id
        created = sync_client.customers.create(
            name="Forked", email="forked@acme.in", password="Str0ng!pass", country="IN"
        )

        async def use_async() -> str:
            customer = await async_client.customers.get(created.auth_id or "")
            return customer.email or ""

        assert asyncio.run(use_async()) == "forked@acme.in"
        return 0
    except BaseException as exc:  # reported through the exit status
        print(f"child failed: {exc!r}", flush=True)
        return 1


def test_a_forked_child_makes_requests(sb: vobiz.Sandbox) -> None:
    """gunicorn/celery fork workers after the parent used the package."""
    sync_client = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    async_client = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    assert sync_client.me().auth_id  # the runtime and the pool exist before the fork
    assert asyncio.run(async_client.me()).auth_id
    pid = os.fork()
    if pid == 0:
        os._exit(_child_requests(sb, sync_client, async_client))
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            pytest.fail("the forked child hung")
        time.sleep(0.05)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sync_client.me().auth_id, "the parent's clients still work"
    assert sync_client.customers.list().to_list()[0].email == "forked@acme.in"


async def test_cancelling_an_await_leaves_the_client_usable(sb: vobiz.Sandbox) -> None:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    sb.add_fault("/api/v1/partner/me", delay=5.0, count=1)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(partner.me(), timeout=0.2)
    started = time.monotonic()
    me = await partner.me()
    assert me.auth_id == sb.partner_credentials.auth_id
    assert time.monotonic() - started < 4, "not queued behind the cancelled request"
    pages = partner.customers.list()
    await new_customer(partner)
    assert len(await pages.to_list()) == 1


async def test_decimal_money_is_exact_both_ways(sb: vobiz.Sandbox) -> None:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    created = await new_customer(partner)
    assert created.auth_id
    before = (await partner.me()).balance
    assert isinstance(before, Decimal)
    for amount in (Decimal("0.10"), Decimal("0.20"), "0.03", 1):
        await partner.customers.transfer_balance(created.auth_id, amount, currency="INR")
    balance = await partner.customers.balance(created.auth_id)
    assert balance.cash_credits == Decimal("1.33")
    after = (await partner.me()).balance
    assert after is not None and before - after == Decimal("1.33")
    with pytest.raises(vobiz.ValidationError):
        await partner.customers.transfer_balance(created.auth_id, Decimal("0.001"), currency="INR")


async def test_secrets_never_show(sb: vobiz.Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="vobiz_partner")
    time.sleep(1.1)  # the bridge re-reads the logger's level at most once a second
    bad = vobiz.AsyncPartner(
        vobiz.PartnerCredentials(sb.partner_credentials.auth_id, CANARY), base_url=sb.url
    )
    with pytest.raises(vobiz.AuthenticationError) as refused:
        await bad.me()
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    created = await new_customer(partner)
    assert created.auth_token
    token = created.auth_token.reveal()
    sub = await vobiz.AsyncAccount(sb.parent_credentials, base_url=sb.url).sub_accounts.create(
        name="Secretive", password="Sub!passw0rd"
    )
    shown = "\n".join(
        [
            repr(bad), repr(partner), str(refused.value), repr(refused.value),
            repr(created), str(created.to_dict()), created._repr_html_(),
            repr(sub), str(sub.to_dict()), sub._repr_html_(),
            repr(created.auth_token), str(created.auth_token), f"{created.auth_token}",
        ]
        + [record.getMessage() for record in caplog.records]
    )
    for secret in (CANARY, token, "Sub!passw0rd"):
        assert secret not in shown
    assert any("vobiz request" in record.getMessage() for record in caplog.records), (
        "requests are logged to the 'vobiz_partner' logger"
    )


def test_from_env(sb: vobiz.Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in sb.env("partner").items():
        monkeypatch.setenv(key, value)
    assert vobiz.Partner.from_env().me().auth_id == sb.partner_credentials.auth_id
    assert asyncio.run(vobiz.AsyncPartner.from_env().me()).auth_id == sb.partner_credentials.auth_id
    with pytest.raises(vobiz.ValidationError):
        vobiz.Account.from_env()  # a PA_ id is not an account's
    for key, value in sb.env("parent").items():
        monkeypatch.setenv(key, value)
    assert vobiz.Account.from_env().details().auth_id == sb.parent_credentials.auth_id
    assert asyncio.run(vobiz.AsyncAccount.from_env().balance()).cash_credits is not None
