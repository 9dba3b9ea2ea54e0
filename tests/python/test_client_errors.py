"""Every exception class raised through the typed clients from a real sandbox answer
(genuine state rules where the sandbox has one, injected faults for the transport
failures), with its attributes, pickling, and no secret in any text."""

from __future__ import annotations

import pickle
import socket
from decimal import Decimal
from typing import Any, Iterator

import pytest

import vobiz_partner as vobiz
from clients_support import items, new_customer, parent_client, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=33) as sandbox:
        yield sandbox


def check(error: vobiz.VobizError, status: Any, secrets: Any = ()) -> None:
    """The attributes every error carries, a pickle round trip, and no secret anywhere."""
    assert error.status == status
    assert isinstance(error.api_message, str) and error.api_message
    assert error.api_code is None or isinstance(error.api_code, str)
    text = f"{error}\n{error!r}\n{error.api_message}\n{error.body}"
    for secret in secrets:
        assert secret not in text
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert copy.request_id == error.request_id


async def test_validation_before_sending(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    with pytest.raises(vobiz.ValidationError) as bad:
        await r(
            partner.customers.create(
                name="A", email="not-an-email", password="Str0ng!pass", country="IN"
            )
        )
    assert bad.value.field == "email"
    check(bad.value, None, ["Str0ng!pass"])
    with pytest.raises(vobiz.ValidationError) as wrong_type:
        await r(partner.customers.transfer_balance("MA_ABCDEFGH", "ten", currency="INR"))
    assert wrong_type.value.field == "amount"
    with pytest.raises(vobiz.ValidationError) as bad_enum:
        await items(partner.customers.cdrs("MA_ABCDEFGH", status="ringing"))
    assert bad_enum.value.field == "status"


async def test_answers_map_to_their_classes(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    created = await new_customer(partner)
    assert created.auth_id and created.auth_token
    token = created.auth_token.reveal()
    secrets = [token, sb.partner_password]

    with pytest.raises(vobiz.NotFoundError) as missing:
        await r(partner.customers.get("MA_NOSUCH00"))
    check(missing.value, 404, secrets)

    with pytest.raises(vobiz.UnprocessableError) as duplicate:
        await new_customer(partner)  # the same email again
    check(duplicate.value, 422, secrets)

    with pytest.raises(vobiz.InsufficientBalanceError) as poor:
        await r(partner.customers.transfer_balance(created.auth_id, Decimal("1000000"), currency="INR"))
    assert poor.value.requested_amount == Decimal("1000000")
    assert isinstance(poor.value.current_balance, Decimal)
    check(poor.value, poor.value.status, secrets)

    session = await r(partner.kyc_sessions.create(created.auth_id, customer_email="c@acme.in"))
    with pytest.raises(vobiz.RateLimitError) as limited:
        await r(partner.kyc_sessions.resend(session.session_id))
    assert limited.value.retry_after is not None
    check(limited.value, 429, secrets)
    await r(partner.kyc_sessions.revoke(session.session_id))
    with pytest.raises(vobiz.ConflictError) as conflict:
        await r(partner.kyc_sessions.revoke(session.session_id))
    check(conflict.value, 409, secrets)

    for n in range(1, 25):
        await new_customer(partner, n)
    with pytest.raises(vobiz.PermissionDeniedError) as full:
        await new_customer(partner, 99)
    check(full.value, 403, secrets)

    wrong = vobiz.PartnerCredentials(sb.partner_credentials.auth_id, token)
    stranger: Any = (vobiz.AsyncPartner if mode == "async" else vobiz.Partner)(wrong, base_url=sb.url)
    with pytest.raises(vobiz.AuthenticationError) as refused:
        await r(stranger.me())
    check(refused.value, 401, secrets)


async def test_faults_map_to_their_classes(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode, max_retries=0, timeout=0.5)
    created = await new_customer(partner)
    assert created.auth_id

    sb.add_fault("/api/v1/partner/me", status=400, body={"error": "bad_request", "message": "nope"})
    with pytest.raises(vobiz.BadRequestError) as bad:
        await r(partner.me())
    check(bad.value, 400)
    sb.clear_faults()

    sb.add_fault("/api/v1/partner/me", status=503, count=1)
    with pytest.raises(vobiz.ServerError) as server:
        await r(partner.me())
    check(server.value, 503)

    sb.add_fault("/api/v1/partner/me", malformed=True, count=1)
    with pytest.raises(vobiz.DecodeError) as decode:
        await r(partner.me())
    check(decode.value, 200)

    sb.add_fault("/api/v1/partner/me", delay=2.0, count=1)
    with pytest.raises(vobiz.TimeoutError) as slow:
        await r(partner.me())
    assert isinstance(slow.value, TimeoutError), "also the builtin TimeoutError"
    check(slow.value, None)

    sb.add_fault("*/transfer-balance", method="POST", reset_after=True, count=1)
    with pytest.raises(vobiz.OutcomeUnknownError) as unknown:
        await r(partner.customers.transfer_balance(created.auth_id, Decimal("5"), currency="INR"))
    assert unknown.value.outcome_unknown is True
    check(unknown.value, None)
    balance = await r(partner.customers.balance(created.auth_id))
    assert balance.cash_credits == Decimal("5"), "the change committed although the answer was lost"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    nowhere: Any = (vobiz.AsyncPartner if mode == "async" else vobiz.Partner)(
        sb.partner_credentials, base_url=f"http://127.0.0.1:{closed_port}", max_retries=0
    )
    with pytest.raises(vobiz.TransportError) as unreachable:
        await r(nowhere.me())
    check(unreachable.value, None)


async def test_cool_off_error_carries_its_end(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    sub = await r(parent.sub_accounts.create(name="Shop", kyc_mode="personal_use"))
    sub_id = sub.auth_credentials.auth_id
    stock = await items(parent.numbers.inventory(country="IN"), limit=1)
    e164 = stock[0].e164
    await r(parent.numbers.purchase(e164))
    await r(parent.numbers.assign_to_sub_account(e164, sub_id))
    sb.simulate_call(e164, duration_seconds=10)
    sb.advance_clock(60)
    with pytest.raises(vobiz.CoolOffError) as cool:
        await r(parent.numbers.unassign_from_sub_account(e164))
    assert cool.value.cool_off_until is not None and cool.value.remaining_seconds is not None
    check(cool.value, 409)

