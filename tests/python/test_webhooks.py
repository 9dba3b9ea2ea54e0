"""KYC webhooks (``vobiz_partner.verify_webhook``) on the sandbox's real deliveries: an
``http.server`` on loopback is the sessions' ``webhook_url``; the sandbox signs and posts
the events; every check runs on the raw body and headers as received."""

from __future__ import annotations

import pickle
import threading
import time
from datetime import datetime, timedelta, timezone
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, List, Literal, Tuple

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from support import assert_no_secret


class Receiver:
    """A webhook endpoint on loopback recording each delivery (headers as the standard
    library gives them, raw body) and answering 200."""

    def __init__(self) -> None:
        self.received: List[Tuple[Message, bytes]] = []
        lock = threading.Lock()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    received.append((self.headers, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/kyc-webhook"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def wait(self, n: int) -> List[Tuple[Message, bytes]]:
        deadline = time.monotonic() + 5
        while len(self.received) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.received) >= n, f"{len(self.received)} of {n} deliveries arrived"
        return list(self.received)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=77) as sandbox:
        yield sandbox


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def token(sb: vobiz.Sandbox, scope: Literal["partner", "parent"]) -> str:
    """The auth token a sandbox webhook is signed with."""
    return sb.env(scope)["VOBIZ_AUTH_TOKEN"]


def partner_delivery(sb: vobiz.Sandbox, receiver: Receiver) -> Tuple[Message, bytes, str, str]:
    """A partner KYC session completed in the sandbox: its kyc.completed delivery, the
    customer and the session."""
    partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    created = partner.customers.create(
        name="Hook Customer", email="hook@acme.in", password="Str0ng!pass", country="IN"
    )
    assert created.auth_id
    session = partner.kyc_sessions.create(
        created.auth_id,
        customer_email="hook@acme.in",
        webhook_url=receiver.url,
        metadata={"crm_id": "lead-7"},
    )
    assert session.session_id
    sb.complete_kyc_session(session.session_id, kyc_type="company")
    headers, body = receiver.wait(1)[0]
    return headers, body, created.auth_id, session.session_id


def test_a_partner_completion_is_verified_into_a_typed_event(sb: vobiz.Sandbox, receiver: Receiver) -> None:
    headers, body, customer_id, session_id = partner_delivery(sb, receiver)
    key = token(sb, "partner")

    event = vobiz.verify_webhook(body, headers, key, max_age=300)
    assert isinstance(event, m.KycEvent)
    assert event.event == "kyc.completed"
    assert event.source == "partner"
    assert (event.session_id, event.account_auth_id) == (session_id, customer_id)
    assert (event.status, event.kyc_type) == ("kyc_completed", "company")
    assert event.metadata == {"crm_id": "lead-7"}
    assert isinstance(event.verified_data, m.VerifiedData)
    assert event.verified_data.pan_type == "company"
    assert event.verified_data.completed_steps == ["pan", "gst"]
    assert isinstance(event.timestamp, datetime) and event.timestamp.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - event.timestamp).total_seconds()) < 60

    # Every header shape and key type gives the same event.
    signature = headers["X-Vobiz-Signature"]
    assert signature.startswith("sha256=")
    shapes: List[Any] = [
        dict(headers.items()),
        {"x-vobiz-signature": [signature]},
        [(b"x-vobiz-signature", signature.encode())],  # ASGI's raw pairs
        [("X-VOBIZ-SIGNATURE", "sha256=" + signature[7:].upper())],
    ]
    for shape in shapes:
        assert vobiz.verify_webhook(body, shape, vobiz.Secret(key), max_age=timedelta(minutes=5)) == event
    assert vobiz.verify_webhook(bytearray(body), headers, key) == event
    assert vobiz.verify_webhook(body.decode(), headers, key) == event


def refused(body: Any, headers: Any, key: str, expected: str, **options: Any) -> vobiz.WebhookError:
    with pytest.raises(vobiz.WebhookError) as info:
        vobiz.verify_webhook(body, headers, key, **options)
    error = info.value
    assert isinstance(error, vobiz.VobizError)
    assert error.code == "WEBHOOK" and error.reason is not None
    assert expected in error.reason and expected in str(error)
    assert error.status is None
    assert_no_secret(error, key)
    return error


def test_forgeries_stale_events_and_bad_headers_are_refused(sb: vobiz.Sandbox, receiver: Receiver) -> None:
    headers, body, _, _ = partner_delivery(sb, receiver)
    key = token(sb, "partner")
    signature = headers["X-Vobiz-Signature"]
    event = vobiz.verify_webhook(body, headers, key)

    # A tampered body.
    refused(body.replace(b"company", b"Company"), headers, key, "does not match")
    refused(body + b" ", headers, key, "does not match")
    # The wrong key: the parent's token, a near miss.
    parent = token(sb, "parent")
    for wrong in (parent, key + "x", key[:-1]):
        refused(body, headers, wrong, "does not match")
    # A stale event: judged an hour after it was sent.
    assert event.timestamp is not None
    later = event.timestamp + timedelta(hours=1)
    error = refused(body, headers, key, "too old", max_age=300, now=later)
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is vobiz.WebhookError and clone.reason == error.reason
    # Missing, empty and garbled signatures.
    refused(body, {"Content-Type": "application/json"}, key, "no X-Vobiz-Signature")
    refused(body, {"X-Vobiz-Signature": ""}, key, "empty")
    refused(body, {"X-Vobiz-Signature": signature[7:]}, key, "not a sha256")
    refused(body, {"X-Vobiz-Signature": "sha1=" + signature[7:]}, key, "not a sha256")
    refused(body, {"X-Vobiz-Signature": "sha256=" + "z" * 64}, key, "not hex")
    refused(body, {"X-Vobiz-Signature": signature[:39]}, key, "not 64")

    with pytest.raises(vobiz.ValidationError) as empty:
        vobiz.verify_webhook(body, headers, "")
    assert empty.value.field == "secret"
    with pytest.raises(vobiz.ValidationError) as negative:
        vobiz.verify_webhook(body, headers, key, max_age=-1)
    assert negative.value.field == "max_age"
    with pytest.raises(ValueError):
        vobiz.verify_webhook(body, headers, key, max_age=300, now=datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        vobiz.verify_webhook(body, headers, 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        vobiz.verify_webhook({"event": "kyc.completed"}, headers, key)  # type: ignore[arg-type]


def test_sub_account_sessions_are_signed_with_the_parent_token(sb: vobiz.Sandbox, receiver: Receiver) -> None:
    parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)
    created = parent.sub_accounts.create(name="Hooked Retail", email="sub@acme.in", kyc_mode="customer_use")
    sub_id = created.sub_account.auth_id if created.sub_account else None
    assert sub_id
    session = parent.sub_account(sub_id).kyc.create_session(
        customer_email="sub@acme.in", webhook_url=receiver.url, metadata={"tier": "gold"}
    )
    receiver.wait(1)
    sb.complete_sub_account_kyc(sub_id)
    (h1, b1), (h2, b2) = receiver.wait(2)[:2]
    key = token(sb, "parent")

    initiated = vobiz.verify_webhook(b1, h1, key, max_age=60)
    completed = vobiz.verify_webhook(b2, h2, key, max_age=60)
    assert (initiated.event, initiated.status) == ("kyc.initiated", "email_sent")
    assert (completed.event, completed.status) == ("kyc.completed", "kyc_completed")
    for event in (initiated, completed):
        assert event.source == "sub_account"
        assert event.session_id == session.session_id
        assert event.account_auth_id == sub_id
        assert event.customer_email == "sub@acme.in"
        assert event.metadata == {"tier": "gold"}
        assert event.created_at is not None and event.updated_at is not None
        assert "session_status" not in event.extra
    # The partner's token is not this webhook's key.
    refused(b2, h2, token(sb, "partner"), "does not match")


def test_an_event_sent_on_a_clock_an_hour_behind_fails_the_age_limit(
    sb: vobiz.Sandbox, receiver: Receiver
) -> None:
    sb.advance_clock(-3600)
    headers, body, _, _ = partner_delivery(sb, receiver)
    key = token(sb, "partner")
    assert vobiz.verify_webhook(body, headers, key).event == "kyc.completed"
    refused(body, headers, key, "too old", max_age=timedelta(minutes=5))
