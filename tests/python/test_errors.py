"""Every exception class, raised from a real server answer; pickling; no secret in any text."""

from __future__ import annotations

import builtins
import datetime
import pickle
import time
from decimal import Decimal
from typing import Any, Dict, List, Type

import pytest

import vobiz_partner as vobiz
from support import CANARY, LoopbackServer, Reply, assert_no_secret, refused_port

PATH = "/api/v1/partner/accounts"


async def fails(
    transport: vobiz.Transport,
    credentials: vobiz.PartnerCredentials,
    cls: Type[vobiz.VobizError],
    method: str = "GET",
    **kwargs: Any,
) -> Any:
    """Sends one request, asserts it raised exactly `cls`, checks redaction, returns it."""
    with pytest.raises(vobiz.VobizError) as info:
        await transport.request(credentials, method, PATH, **kwargs)
    exc = info.value
    assert type(exc) is cls, f"{type(exc).__name__}: {exc}"
    assert_no_secret(exc)
    assert str(exc) and exc.api_message
    return exc


@pytest.mark.parametrize(
    ("status", "body", "cls", "code", "message"),
    [
        (400, {"error": "invalid_amount", "message": "amount must be positive"}, vobiz.BadRequestError, "invalid_amount", "amount must be positive"),
        (418, {"detail": "teapot"}, vobiz.BadRequestError, None, "teapot"),
        (401, {"error": {"code": 401, "message": "Invalid token"}}, vobiz.AuthenticationError, "401", "Invalid token"),
        (403, {"error": "forbidden", "message": "partner scope required"}, vobiz.PermissionDeniedError, "forbidden", "partner scope required"),
        (404, {"error": "not_found", "message": "number not found in inventory"}, vobiz.NotFoundError, "not_found", "number not found in inventory"),
        (409, {"error": "HTTPError", "message": "Cannot resend: session is 'revoked'"}, vobiz.ConflictError, "HTTPError", "Cannot resend: session is 'revoked'"),
        (422, {"error": "ValidationError", "message": "Request validation failed", "details": [{"loc": ["body", "email"], "msg": "Field required"}]}, vobiz.UnprocessableError, "ValidationError", "Request validation failed: body.email: Field required"),
    ],
)
async def test_statuses_map_to_their_classes(
    server: LoopbackServer,
    transport: vobiz.Transport,
    partner: vobiz.PartnerCredentials,
    status: int,
    body: Dict[str, Any],
    cls: Type[vobiz.VobizError],
    code: str,
    message: str,
) -> None:
    server.reply(Reply(status, body, {"X-Request-Id": f"req_{status}"}))
    exc = await fails(transport, partner, cls)
    assert exc.status == status
    assert exc.api_code == code
    assert exc.api_message == message
    assert exc.request_id == f"req_{status}"
    assert exc.method == "GET" and exc.path == PATH
    assert exc.body is not None and exc.body.startswith("{")
    assert exc.outcome_unknown is False
    assert exc.code == cls.code
    assert f"{status}" in str(exc) and PATH in str(exc)
    assert len(server.received) == 1


async def test_plain_409_is_a_conflict_not_a_cool_off(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(409, {"error": "conflict", "message": "KYC session already terminal"}))
    exc = await fails(transport, partner, vobiz.ConflictError, "POST")
    assert not isinstance(exc, vobiz.CoolOffError)


async def test_cool_off_carries_when_and_how_long(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(
        Reply(409, {"error": "did_cool_off_in_effect", "cool_off_until": "2025-06-09T14:23:00.250Z", "cool_off_remaining_seconds": 1123200})
    )
    exc = await fails(transport, partner, vobiz.CoolOffError, "DELETE")
    assert issubclass(type(exc), vobiz.ConflictError)
    assert exc.api_code == "did_cool_off_in_effect"
    assert exc.cool_off_until == datetime.datetime(2025, 6, 9, 14, 23, 0, 250000, tzinfo=datetime.timezone.utc)
    assert exc.remaining_seconds == 1123200
    assert "2025-06-09T14:23:00.250Z" in str(exc)


async def test_cool_off_with_an_offset_is_converted_to_utc(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(409, {"error": "did_cool_off_in_effect", "cool_off_until": "2025-06-09 19:53:00+05:30"}))
    exc = await fails(transport, partner, vobiz.CoolOffError, "DELETE")
    assert exc.cool_off_until == datetime.datetime(2025, 6, 9, 14, 23, tzinfo=datetime.timezone.utc)
    assert exc.remaining_seconds is None


async def test_rate_limit_carries_retry_after(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(429, {"error": "too_many_requests"}, {"Retry-After": "7"}))
    exc = await fails(transport, partner, vobiz.RateLimitError)
    assert exc.retry_after == 7.0
    assert exc.status == 429


async def test_a_retry_after_beyond_the_limit_is_returned_at_once(
    server: LoopbackServer, partner: vobiz.PartnerCredentials
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=3))
    server.reply(Reply(429, {"error": "too_many_requests"}, {"Retry-After": "120"}))
    exc = await fails(transport, partner, vobiz.RateLimitError)
    assert exc.retry_after == 120.0
    assert len(server.received) == 1, "longer than the 60 s the client waits out: returned at once"


async def test_retry_after_read_from_the_message(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(429, {"error": "HTTPError", "message": "Please wait 1799 seconds before resending"}))
    exc = await fails(transport, partner, vobiz.RateLimitError, "POST")
    assert exc.retry_after == 1799.0


async def test_a_short_retry_after_is_waited_out_on_get(
    server: LoopbackServer, partner: vobiz.PartnerCredentials
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    server.reply(Reply(429, {}, {"Retry-After": "0"}), Reply(200, {"ok": True}))
    response = await transport.request(partner, "GET", PATH)
    assert response.json() == {"ok": True}
    assert len(server.received) == 2


@pytest.mark.parametrize(
    ("status", "body", "current", "requested"),
    [
        (402, {"status": "error", "error": {"code": "INSUFFICIENT_BALANCE", "message": "no funds"}}, None, None),
        (400, {"error": "insufficient_balance", "message": "Insufficient partner balance", "current_balance": "200.50", "requested_amount": 500.00, "currency": "INR"}, Decimal("200.50"), Decimal("500")),
    ],
)
async def test_insufficient_balance_carries_exact_amounts(
    server: LoopbackServer,
    transport: vobiz.Transport,
    partner: vobiz.PartnerCredentials,
    status: int,
    body: Dict[str, Any],
    current: Any,
    requested: Any,
) -> None:
    server.reply(Reply(status, body))
    exc = await fails(transport, partner, vobiz.InsufficientBalanceError, "POST", json={"amount": Decimal("500.00")})
    assert exc.status == status
    assert exc.current_balance == current
    assert exc.requested_amount == requested
    if current is not None:
        assert isinstance(exc.current_balance, Decimal) and str(exc.current_balance) == "200.50"
        assert exc.currency == "INR"


@pytest.mark.parametrize("status", [500, 503])
async def test_5xx_is_retried_on_get(
    server: LoopbackServer, partner: vobiz.PartnerCredentials, status: int
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    headers = {"Retry-After": "0"} if status == 503 else {}
    server.reply(Reply(status, {"error": "boom"}, headers))
    exc = await fails(transport, partner, vobiz.ServerError)
    assert exc.status == status
    assert exc.outcome_unknown is False
    assert len(server.received) == 3, "first attempt + 2 retries"


async def test_get_succeeds_after_a_transient_5xx(
    server: LoopbackServer, partner: vobiz.PartnerCredentials
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    server.reply(Reply(502, "Bad Gateway", {"Retry-After": "0"}), Reply(200, {"ok": True}))
    assert (await transport.request(partner, "GET", PATH)).status == 200
    assert len(server.received) == 2


@pytest.mark.parametrize("status", [500, 503])
async def test_5xx_is_not_retried_on_post(
    server: LoopbackServer, partner: vobiz.PartnerCredentials, status: int
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    server.reply(Reply(status, {"error": "boom"}, {"Retry-After": "0"}))
    exc = await fails(transport, partner, vobiz.ServerError, "POST", json={"amount": 1})
    assert exc.outcome_unknown is True
    assert len(server.received) == 1, "a POST is never sent twice"


async def test_a_dropped_post_is_outcome_unknown_and_not_retried(
    server: LoopbackServer, partner: vobiz.PartnerCredentials
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    server.reply(Reply(drop=True))
    exc = await fails(transport, partner, vobiz.OutcomeUnknownError, "POST", json={"amount": 1})
    assert exc.attempts == 1
    assert exc.outcome_unknown is True
    assert exc.method == "POST" and exc.path == PATH
    assert exc.status is None
    assert len(server.received) == 1


async def test_a_dropped_get_is_retried(
    server: LoopbackServer, partner: vobiz.PartnerCredentials
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=2))
    server.reply(Reply(drop=True), Reply(200, {"ok": True}))
    assert (await transport.request(partner, "GET", PATH)).json() == {"ok": True}
    assert len(server.received) == 2


async def test_a_slow_answer_is_a_timeout(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(200, {"late": True}, delay=1.5))
    started = time.monotonic()
    exc = await fails(transport, partner, vobiz.TimeoutError, timeout=0.2)
    assert time.monotonic() - started < 1.2
    assert issubclass(type(exc), builtins.TimeoutError)
    assert exc.attempts == 1
    assert exc.method == "GET" and exc.path == PATH


async def test_a_slow_post_is_outcome_unknown(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(200, {"late": True}, delay=1.5))
    exc = await fails(transport, partner, vobiz.OutcomeUnknownError, "POST", json={}, timeout=0.2)
    assert exc.attempts == 1


async def test_connection_refused_is_a_transport_error_after_retries(partner: vobiz.PartnerCredentials) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(f"http://127.0.0.1:{refused_port()}", max_retries=1))
    exc = await fails(transport, partner, vobiz.TransportError, "POST", json={})
    assert exc.attempts == 2, "never sent, so even a POST is retried"
    assert exc.outcome_unknown is False
    assert exc.status is None


async def test_the_callers_token_echoed_by_the_server_is_redacted(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(
        Reply(
            400,
            {"error": "bad", "message": f"token {CANARY} is wrong", "sub_account": {"auth_token": "sk_live_zzz"}},
        )
    )
    exc = await fails(transport, partner, vobiz.BadRequestError)
    assert "<redacted>" in exc.api_message and "<redacted>" in (exc.body or "")
    assert "sk_live_zzz" not in (exc.body or "")
    assert CANARY.encode() not in pickle.dumps(exc)
    server.reply(Reply(502, f"<html>upstream said {CANARY}</html>"))
    exc = await fails(transport, partner, vobiz.ServerError)
    assert CANARY.encode() not in pickle.dumps(exc)


SCENARIOS = [
    (Reply(404, {"error": "not_found"}), "GET", vobiz.NotFoundError),
    (Reply(409, {"error": "did_cool_off_in_effect", "cool_off_until": "2025-06-09T14:23:00Z", "cool_off_remaining_seconds": 60}), "DELETE", vobiz.CoolOffError),
    (Reply(429, {}, {"Retry-After": "5"}), "GET", vobiz.RateLimitError),
    (Reply(400, {"error": "insufficient_balance", "current_balance": "1.10", "requested_amount": "5", "currency": "INR"}), "POST", vobiz.InsufficientBalanceError),
    (Reply(500, "oops"), "POST", vobiz.ServerError),
    (Reply(drop=True), "POST", vobiz.OutcomeUnknownError),
    (Reply(200, {}, delay=1.0), "GET", vobiz.TimeoutError),
    (Reply(422, {"error": "ValidationError", "message": "weak password"}), "POST", vobiz.UnprocessableError),
]


@pytest.mark.parametrize(("reply", "method", "cls"), SCENARIOS, ids=[c.__name__ for _, _, c in SCENARIOS])
async def test_exceptions_pickle_with_class_and_attributes(
    server: LoopbackServer,
    transport: vobiz.Transport,
    partner: vobiz.PartnerCredentials,
    reply: Reply,
    method: str,
    cls: Type[vobiz.VobizError],
) -> None:
    server.reply(reply)
    exc = await fails(transport, partner, cls, method, timeout=0.2)
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is cls
    assert str(clone) == str(exc)
    assert vars(clone) == vars(exc)
    assert clone.args == exc.args


def test_validation_errors_pickle_too() -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.ClientConfig("http://example.com")
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is vobiz.ValidationError
    assert (clone.field, clone.reason, str(clone)) == (info.value.field, info.value.reason, str(info.value))


def test_the_hierarchy_mirrors_the_core() -> None:
    classes: List[Type[vobiz.VobizError]] = [
        vobiz.ValidationError, vobiz.BadRequestError, vobiz.AuthenticationError, vobiz.PermissionDeniedError,
        vobiz.NotFoundError, vobiz.ConflictError, vobiz.CoolOffError, vobiz.UnprocessableError,
        vobiz.RateLimitError, vobiz.InsufficientBalanceError, vobiz.ServerError, vobiz.OutcomeUnknownError,
        vobiz.TimeoutError, vobiz.TransportError, vobiz.DecodeError,
    ]
    assert all(issubclass(c, vobiz.VobizError) for c in classes)
    assert len({c.code for c in classes}) == 15
    assert issubclass(vobiz.CoolOffError, vobiz.ConflictError)
    assert issubclass(vobiz.TimeoutError, builtins.TimeoutError)
    assert issubclass(vobiz.ValidationError, ValueError)
    # Constructible by hand (for tests of user code), with every attribute defaulted.
    exc = vobiz.RateLimitError("slow down", status=429, retry_after=1.5)
    assert (str(exc), exc.api_message, exc.status, exc.retry_after, exc.api_code) == ("slow down", "slow down", 429, 1.5, None)
