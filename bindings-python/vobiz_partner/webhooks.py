"""KYC webhooks: verify a delivery's signature and read it as a typed event.

Vobiz posts a JSON event to a KYC session's ``webhook_url`` (``kyc.completed``,
``kyc.failed``, ``kyc.session_revoked``; sub-account sessions also ``kyc.initiated``,
``kyc.submitted``, ``kyc.session_expired``), signed with ``X-Vobiz-Signature:
sha256=<hex>``: an HMAC-SHA256 of the raw body keyed by the parent account's auth token
(sub-account sessions) or the partner's (partner sessions).

:func:`verify_webhook` takes the raw body and the request headers as any web framework gives
them, checks the signature in constant time (in the Rust core), optionally refuses old
events, and returns a :class:`vobiz_partner.models.KycEvent`::

    @app.post("/vobiz/kyc")                       # Flask
    def kyc_webhook():
        try:
            event = vobiz.verify_webhook(request.get_data(), request.headers, PARENT_TOKEN,
                                         max_age=300)
        except vobiz.WebhookError:
            return "", 400
        handle(event)                              # idempotent: deliveries can repeat
        return "", 204
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable, List, Mapping, Optional, Protocol, Tuple, Union

from . import models
from ._native import verify_webhook as _verify
from ._secret import Secret

__all__ = ["verify_webhook", "SIGNATURE_HEADER", "Headers"]

#: The header carrying the signature.
SIGNATURE_HEADER = "X-Vobiz-Signature"


class _HasItems(Protocol):
    def items(self) -> Iterable[Tuple[str, Any]]: ...


#: Request headers in any common shape: a mapping (``dict``, Flask/Werkzeug, Django,
#: Starlette, aiohttp), anything with ``.items()`` (``http.server``'s ``email.message.Message``)
#: or ``(name, value)`` pairs (WSGI, ASGI's byte pairs). A value may be a list of values.
Headers = Union[Mapping[str, Any], _HasItems, Iterable[Tuple[Any, Any]]]


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def _pairs(headers: Headers) -> List[Tuple[str, str]]:
    items: Iterable[Any] = headers.items() if hasattr(headers, "items") else headers
    pairs: List[Tuple[str, str]] = []
    for item in items:
        try:
            name, value = item
        except (TypeError, ValueError):
            raise TypeError("headers must be a mapping or (name, value) pairs") from None
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else (value,)
        pairs.extend((_text(name), _text(v)) for v in values if v is not None)
    return pairs


def _body(body: Union[bytes, bytearray, memoryview, str]) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        # A framework that decoded the body: its UTF-8 form is what was signed.
        return body.encode("utf-8")
    raise TypeError(f"body must be the raw request body (bytes), not {type(body).__name__}")


def _seconds(max_age: Union[float, int, datetime.timedelta, None]) -> Optional[float]:
    if max_age is None:
        return None
    if isinstance(max_age, datetime.timedelta):
        return max_age.total_seconds()
    if isinstance(max_age, bool) or not isinstance(max_age, (int, float)):
        raise TypeError("max_age must be a number of seconds or a datetime.timedelta")
    return float(max_age)


def verify_webhook(
    body: Union[bytes, bytearray, memoryview, str],
    headers: Headers,
    secret: Union[str, Secret],
    *,
    max_age: Union[float, int, datetime.timedelta, None] = None,
    now: Optional[datetime.datetime] = None,
) -> models.KycEvent:
    """Verifies a KYC webhook delivery and returns its event.

    :param body: the raw request body, byte for byte as received (``request.get_data()`` in
        Flask, ``await request.body()`` in Starlette/FastAPI, ``request.body`` in Django);
        never a re-serialised JSON object.
    :param headers: the request headers, in any common shape (see :data:`Headers`); the
        signature header's name is matched case-insensitively.
    :param secret: the auth token the sender signed with: the parent account's for
        sub-account sessions, the partner's for partner sessions (a ``str`` or a
        :class:`~vobiz_partner.Secret`).
    :param max_age: refuse events older than this (seconds or a ``timedelta``), judged by
        the event's own ``timestamp`` (else ``updated_at``); events without a time, or dated
        more than 5 minutes ahead, are then refused too. Replayed old deliveries fail.
    :param now: the time to judge the age against (an aware ``datetime``); the system clock
        when omitted. For tests.
    :raises WebhookError: a missing or malformed signature, a signature that does not match
        (tampered body, wrong key), a stale event, or a body that is not a KYC event. The
        message never contains the key.
    :raises ValidationError: an empty ``secret`` or a negative ``max_age``.
    """
    key = secret.reveal() if isinstance(secret, Secret) else secret
    if not isinstance(key, str):
        raise TypeError("secret must be a str or a vobiz_partner.Secret")
    if now is not None:
        if not isinstance(now, datetime.datetime):
            raise TypeError("now must be a datetime.datetime")
        if now.utcoffset() is None:
            raise ValueError("now must be timezone-aware (e.g. tzinfo=datetime.timezone.utc)")
    view = _verify(_body(body), _pairs(headers), key, max_age=_seconds(max_age), now=now)
    return models.KycEvent._from_view(view)
