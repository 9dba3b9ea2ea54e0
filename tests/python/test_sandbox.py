"""The embedded sandbox (`vobiz_partner.Sandbox`): lifecycle, credentials, clock travel,
faults, KYC, calls, reset, and what its repr shows. Requests go through the package's own
`Transport`, as a user's would."""

from __future__ import annotations

import asyncio
import re
import socket
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import vobiz_partner as vobiz

Json = Dict[str, Any]


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=7) as sandbox:
        yield sandbox


def transport_for(sb: vobiz.Sandbox, max_retries: int = 0) -> vobiz.Transport:
    return vobiz.Transport(vobiz.ClientConfig(sb.url, timeout=5.0, max_retries=max_retries))


async def get(sb: vobiz.Sandbox, credentials: Any, path: str) -> Json:
    response = await transport_for(sb).request(credentials, "GET", path)
    body: Json = response.json()
    return body


async def post(sb: vobiz.Sandbox, credentials: Any, path: str, body: Json) -> Json:
    response = await transport_for(sb).request(credentials, "POST", path, json=body)
    answer: Json = response.json()
    return answer


async def create_customer(sb: vobiz.Sandbox, email: str = "asha@acme.in") -> str:
    created = await post(
        sb,
        sb.partner_credentials,
        "/api/v1/partner/accounts",
        {"name": "Asha Rao", "email": email, "phone": "+919876543210", "password": "Str0ng!pass", "country": "IN"},
    )
    auth_id: str = created["auth_id"]
    return auth_id


async def customer_ids(sb: vobiz.Sandbox) -> list[str]:
    listed = await get(sb, sb.partner_credentials, "/api/v1/partner/accounts")
    return [a["auth_id"] for a in listed["accounts"]]


# --- lifecycle -----------------------------------------------------------------------------


def test_start_serves_on_a_loopback_port_until_stopped() -> None:
    sb = vobiz.Sandbox.start()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sb.url)
        assert sb.running
        host, port = sb.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=2):
            pass
    finally:
        sb.stop()
    assert not sb.running
    sb.stop()  # idempotent
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, int(port)), timeout=2)
    with pytest.raises(RuntimeError, match="stopped"):
        sb.now()
    with pytest.raises(RuntimeError, match="stopped"):
        sb.add_fault("/api/*", status=500)
    # What was seeded stays readable.
    assert sb.partner_credentials.auth_id.startswith("PA_")


def test_context_manager_stops_on_exit_even_after_an_error() -> None:
    with vobiz.Sandbox.start(seed=3) as sb:
        assert sb.running and sb.seed == 3
    assert not sb.running

    with pytest.raises(KeyError):
        with vobiz.Sandbox.start() as failing:
            raise KeyError("boom")
    assert not failing.running


async def test_start_works_inside_a_running_event_loop() -> None:
    asyncio.get_running_loop()
    with vobiz.Sandbox.start(seed=2) as sb:
        me = await get(sb, sb.partner_credentials, "/api/v1/partner/me")
        assert me["auth_id"] == sb.partner_credentials.auth_id


def test_a_port_in_use_raises_oserror(sb: vobiz.Sandbox) -> None:
    port = int(sb.url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        vobiz.Sandbox.start(port=port)


def test_arguments_are_keyword_only_and_typed() -> None:
    with pytest.raises(TypeError):
        vobiz.Sandbox.start(0)  # type: ignore[call-arg]
    with pytest.raises(OverflowError):
        vobiz.Sandbox.start(port=70000)
    with pytest.raises(OverflowError):
        vobiz.Sandbox.start(seed=-1)


async def test_two_sandboxes_at_once_are_independent() -> None:
    with vobiz.Sandbox.start(seed=5) as a, vobiz.Sandbox.start(seed=5) as b, vobiz.Sandbox.start(seed=6) as c:
        assert len({a.url, b.url, c.url}) == 3
        # The same seed gives the same ids and tokens; another seed other ones.
        assert a.partner_credentials.auth_id == b.partner_credentials.auth_id
        assert a.partner_password == b.partner_password
        assert a.partner_credentials.auth_id != c.partner_credentials.auth_id
        created = await create_customer(a)
        assert created in await customer_ids(a)
        assert await customer_ids(b) == []
        b.advance_clock(timedelta(days=3))
        assert b.now() - a.now() > timedelta(days=2, hours=23)


def test_state_file_keeps_the_world_across_restarts(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    with vobiz.Sandbox.start(seed=4, state_file=state) as first:
        customer = asyncio.run(create_customer(first))
    assert state.exists()
    with vobiz.Sandbox.start(state_file=str(state)) as second:
        assert second.seed == 4
        assert customer in asyncio.run(customer_ids(second))


# --- credentials ---------------------------------------------------------------------------


async def test_seeded_credentials_work_against_the_sandbox(sb: vobiz.Sandbox) -> None:
    partner = sb.partner_credentials
    parent = sb.parent_credentials
    assert isinstance(partner, vobiz.PartnerCredentials)
    assert isinstance(parent, vobiz.AccountCredentials)
    assert parent.auth_id.startswith("MA_")

    me = await get(sb, partner, "/api/v1/partner/me")
    assert me["auth_id"] == partner.auth_id
    account = await get(sb, parent, f"/api/v1/Account/{parent.auth_id}/")
    assert account["auth_id"] == parent.auth_id

    login = await transport_for(sb).request(
        partner, "POST", "/api/v1/partner/login", json={"email": sb.partner_email, "password": sb.partner_password}
    )
    assert login.json()["tokens"]["token_type"] == "Bearer"

    with pytest.raises(vobiz.AuthenticationError):
        await get(sb, vobiz.PartnerCredentials(partner.auth_id, "wrong"), "/api/v1/partner/me")


def test_env_is_what_from_env_reads(sb: vobiz.Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    env = sb.env()
    assert env == sb.env("partner")
    assert set(env) == {"VOBIZ_BASE_URL", "VOBIZ_AUTH_ID", "VOBIZ_AUTH_TOKEN"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert vobiz.PartnerCredentials.from_env().auth_id == sb.partner_credentials.auth_id
    assert vobiz.ClientConfig.from_env().base_url.rstrip("/") == sb.url
    for key, value in sb.env("parent").items():
        monkeypatch.setenv(key, value)
    assert vobiz.AccountCredentials.from_env().auth_id == sb.parent_credentials.auth_id
    with pytest.raises(ValueError, match="scope"):
        sb.env("sub")  # type: ignore[arg-type]


def test_seeded_describes_the_world_without_secrets(sb: vobiz.Sandbox) -> None:
    seeded = sb.seeded
    assert seeded["seed"] == 7
    assert seeded["partner_auth_id"] == sb.partner_credentials.auth_id
    assert seeded["parent_auth_id"] == sb.parent_credentials.auth_id
    assert seeded["partner_email"] == sb.partner_email
    assert seeded["partner_balance"] == Decimal("50000")
    assert seeded["parent_balance"] == Decimal("10000")
    assert (seeded["currency"], seeded["max_accounts"], seeded["inventory_numbers"]) == ("INR", 25, 48)
    assert len(seeded["regions"]) == 6
    assert sb.partner_password not in repr(seeded)


def test_repr_shows_the_url_and_seed_only(sb: vobiz.Sandbox) -> None:
    assert repr(sb) == f"Sandbox(url='{sb.url}', seed=7)"
    assert str(sb) == repr(sb)
    assert sb.partner_password not in repr(sb)
    assert "<redacted>" in repr(sb.partner_credentials)
    assert "<redacted>" in repr(sb.parent_credentials)


# --- clock ---------------------------------------------------------------------------------


def test_clock_travel(sb: vobiz.Sandbox) -> None:
    now = sb.now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(timezone.utc)) < timedelta(seconds=5)

    later = sb.advance_clock(3600)
    assert timedelta(minutes=59) < later - now < timedelta(minutes=61)
    later = sb.advance_clock(timedelta(days=1, microseconds=500))
    assert timedelta(days=1, minutes=59) < later - now < timedelta(days=1, minutes=61)
    earlier = sb.advance_clock(-1.5)
    assert later - earlier > timedelta(seconds=1.4)

    target = datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert abs(sb.set_clock(target) - target) < timedelta(seconds=1)
    # Other zones are converted; the answer is in UTC.
    ist = timezone(timedelta(hours=5, minutes=30))
    moved = sb.set_clock(datetime(2031, 1, 2, 8, 34, 5, tzinfo=ist))
    assert moved.utcoffset() == timedelta(0)
    assert abs(moved - target) < timedelta(seconds=1)
    assert sb.now() >= moved

    with pytest.raises(ValueError, match="timezone-aware"):
        sb.set_clock(datetime(2031, 1, 1))
    with pytest.raises(TypeError):
        sb.set_clock("2031-01-01T00:00:00Z")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        sb.advance_clock(float("nan"))
    with pytest.raises(TypeError):
        sb.advance_clock("60")  # type: ignore[arg-type]


async def test_requests_see_the_clock(sb: vobiz.Sandbox) -> None:
    customer = await create_customer(sb)
    created = await post(
        sb, sb.partner_credentials, "/api/v1/partner/kyc-sessions", {"account_auth_id": customer, "expires_in_days": 1}
    )
    path = f"/api/v1/partner/kyc-sessions/{created['session_id']}"
    assert (await get(sb, sb.partner_credentials, path))["status"] == "email_sent"
    sb.advance_clock(timedelta(days=2))
    assert (await get(sb, sb.partner_credentials, path))["status"] == "expired"


# --- faults --------------------------------------------------------------------------------


async def test_an_injected_status_fault_is_seen_by_the_next_request(sb: vobiz.Sandbox) -> None:
    fault = sb.add_fault("/api/v1/partner/*", method="GET", status=503, body={"error": "maintenance"}, count=1)
    assert isinstance(fault, int)
    with pytest.raises(vobiz.ServerError) as info:
        await get(sb, sb.partner_credentials, "/api/v1/partner/me")
    assert info.value.status == 503
    assert "maintenance" in (info.value.body or "")
    # Used up after one request.
    assert (await get(sb, sb.partner_credentials, "/api/v1/partner/me"))["auth_id"]


async def test_a_transient_fault_is_retried_by_safe_requests(sb: vobiz.Sandbox) -> None:
    sb.add_fault("/api/v1/partner/me", status=503, retry_after=0, count=2)
    response = await transport_for(sb, max_retries=2).request(sb.partner_credentials, "GET", "/api/v1/partner/me")
    assert response.status == 200


async def test_reset_after_commit_is_an_unknown_outcome_that_did_happen(sb: vobiz.Sandbox) -> None:
    sb.add_fault("/api/v1/partner/accounts", method="POST", reset_after=True, count=1)
    with pytest.raises(vobiz.OutcomeUnknownError):
        await create_customer(sb, "lost@acme.in")
    listed = await get(sb, sb.partner_credentials, "/api/v1/partner/accounts")
    assert [a["email"] for a in listed["accounts"]] == ["lost@acme.in"]


async def test_faults_match_their_method_and_can_be_cleared(sb: vobiz.Sandbox) -> None:
    sb.add_fault("/api/v1/partner/me", method="POST", status=500)
    assert (await get(sb, sb.partner_credentials, "/api/v1/partner/me"))["auth_id"]
    sb.add_fault("/api/v1/partner/me", status=500)
    with pytest.raises(vobiz.ServerError):
        await get(sb, sb.partner_credentials, "/api/v1/partner/me")
    sb.clear_faults()
    assert (await get(sb, sb.partner_credentials, "/api/v1/partner/me"))["auth_id"]


async def test_other_fault_kinds(sb: vobiz.Sandbox) -> None:
    sb.add_fault("/api/v1/partner/me", malformed=True, count=1)
    with pytest.raises(vobiz.DecodeError):
        (await transport_for(sb).request(sb.partner_credentials, "GET", "/api/v1/partner/me")).json()
    sb.add_fault("/api/v1/partner/me", delay=timedelta(milliseconds=300), count=1)
    with pytest.raises(vobiz.TimeoutError):
        await transport_for(sb).request(sb.partner_credentials, "GET", "/api/v1/partner/me", timeout=0.05)
    sb.add_fault("/api/v1/partner/me", reset_before=True, count=1)
    with pytest.raises(vobiz.TransportError):
        await get(sb, sb.partner_credentials, "/api/v1/partner/me")


def test_a_fault_needs_exactly_one_valid_kind(sb: vobiz.Sandbox) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        sb.add_fault("/api/*")
    with pytest.raises(ValueError, match="exactly one"):
        sb.add_fault("/api/*", status=500, malformed=True)
    with pytest.raises(ValueError, match="go with status"):
        sb.add_fault("/api/*", truncated=True, retry_after=3)
    with pytest.raises(ValueError, match="probability"):
        sb.add_fault("/api/*", status=500, probability=2.0)
    with pytest.raises(ValueError, match="HTTP status"):
        sb.add_fault("/api/*", status=42)
    with pytest.raises(ValueError, match="negative"):
        sb.add_fault("/api/*", delay=-1)


# --- KYC -----------------------------------------------------------------------------------


async def test_completing_a_partner_kyc_session_shows_on_get(sb: vobiz.Sandbox) -> None:
    customer = await create_customer(sb)
    created = await post(sb, sb.partner_credentials, "/api/v1/partner/kyc-sessions", {"account_auth_id": customer})
    session_id = created["session_id"]
    path = f"/api/v1/partner/kyc-sessions/{session_id}"

    assert sb.open_kyc_session(session_id)["status"] == "opened"
    assert sb.submit_kyc_session(session_id, kyc_type="company")["status"] == "in_progress"
    assert (await get(sb, sb.partner_credentials, path))["status"] == "in_progress"
    completed = sb.complete_kyc_session(session_id)
    assert completed["status"] == "kyc_completed"
    got = await get(sb, sb.partner_credentials, path)
    assert (got["status"], got["kyc_type"]) == ("kyc_completed", "company")

    with pytest.raises(ValueError, match="already 'kyc_completed'"):
        sb.fail_kyc_session(session_id, "too late")
    with pytest.raises(ValueError, match="not found"):
        sb.complete_kyc_session("no-such-session")


async def test_failing_a_session_and_the_generic_step(sb: vobiz.Sandbox) -> None:
    customer = await create_customer(sb)
    created = await post(sb, sb.partner_credentials, "/api/v1/partner/kyc-sessions", {"account_auth_id": customer})
    session_id = created["session_id"]
    assert sb.kyc_session_step(session_id, "open")["status"] == "opened"
    with pytest.raises(ValueError, match="unknown step"):
        sb.kyc_session_step(session_id, "approve")  # type: ignore[arg-type]
    failed = sb.fail_kyc_session(session_id, "name mismatch")
    assert failed["status"] == "kyc_failed"
    got = await get(sb, sb.partner_credentials, f"/api/v1/partner/kyc-sessions/{session_id}")
    assert got["status"] == "kyc_failed"


async def test_sub_account_kyc_unblocks_calls(sb: vobiz.Sandbox) -> None:
    parent = sb.parent_credentials
    base = f"/api/v1/accounts/{parent.auth_id}/sub-accounts/"
    subs = []
    for email in ("one@acme.in", "two@acme.in"):
        created = await post(sb, parent, base, {"name": "Acme Support", "email": email, "kyc_mode": "customer_use"})
        subs.append(created["sub_account"]["auth_id"])
    ok_sub, failed_sub = subs

    status = await get(sb, parent, f"/api/v1/sub-accounts/{ok_sub}/kyc/status")
    assert (status["overall_status"], status["kyc_calls_blocked"]) == ("not_started", True)

    answer = sb.complete_sub_account_kyc(ok_sub)
    assert answer["sub_account_id"] == ok_sub
    status = await get(sb, parent, f"/api/v1/sub-accounts/{ok_sub}/kyc/status")
    assert (status["overall_status"], status["kyc_calls_blocked"]) == ("verified", False)

    assert sb.fail_sub_account_kyc(failed_sub)["kyc_calls_blocked"] is True
    status = await get(sb, parent, f"/api/v1/sub-accounts/{failed_sub}/kyc/status")
    assert status["kyc_calls_blocked"] is True
    with pytest.raises(ValueError, match="not found"):
        sb.complete_sub_account_kyc("SA_NOPE0000")


# --- calls ---------------------------------------------------------------------------------


async def test_a_simulated_call_ends_on_the_sandbox_clock(sb: vobiz.Sandbox) -> None:
    parent = sb.parent_credentials
    inventory = await get(sb, parent, f"/api/v1/Account/{parent.auth_id}/inventory/numbers")
    e164 = inventory["items"][0]["e164"]
    with pytest.raises(ValueError, match="inventory"):
        sb.simulate_call(e164)
    await post(sb, parent, f"/api/v1/Account/{parent.auth_id}/numbers/purchase-from-inventory", {"e164": e164})

    call = sb.simulate_call(e164, duration_seconds=90, direction="outbound")
    assert call["account_id"] == parent.auth_id
    cdrs = await get(sb, parent, f"/api/v1/Account/{parent.auth_id}/cdr")
    assert call["call_uuid"] not in repr(cdrs)
    sb.advance_clock(120)
    cdrs = await get(sb, parent, f"/api/v1/Account/{parent.auth_id}/cdr")
    assert call["call_uuid"] in repr(cdrs)

    with pytest.raises(ValueError, match="not found"):
        sb.simulate_call("+910000000000")
    with pytest.raises(ValueError, match="direction"):
        sb.simulate_call(e164, direction="sideways")  # type: ignore[arg-type]


# --- reset ---------------------------------------------------------------------------------


async def test_reset_gives_a_fresh_world(sb: vobiz.Sandbox) -> None:
    old_partner = sb.partner_credentials
    await create_customer(sb)
    sb.add_fault("/api/v1/partner/me", status=500)
    sb.advance_clock(timedelta(days=30))

    sb.reset()
    assert sb.seed == 7
    assert sb.partner_credentials.auth_id == old_partner.auth_id
    assert await customer_ids(sb) == []  # and the fault is gone

    sb.reset(seed=9)
    assert sb.seed == 9 and sb.seeded["seed"] == 9
    assert repr(sb).endswith("seed=9)")
    assert sb.partner_credentials.auth_id != old_partner.auth_id
    assert (await get(sb, sb.partner_credentials, "/api/v1/partner/me"))["auth_id"] == sb.partner_credentials.auth_id
    with pytest.raises(vobiz.AuthenticationError):
        await get(sb, old_partner, "/api/v1/partner/me")
