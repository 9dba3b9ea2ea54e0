"""The exceptions of vobiz_partner.

Every failure is a :class:`VobizError`; the subclass says what went wrong and mirrors the
core's error kinds. The native layer builds them from the core's error report, so the text is
the core's and already redacted: no token or password ever appears in ``str()``, ``repr()``,
``message`` or ``body``.

All exceptions pickle (class and attributes survive a round trip), so they cross process
boundaries (multiprocessing, celery) intact.
"""

from __future__ import annotations

import builtins
import datetime
import decimal
from typing import Any, ClassVar, Dict, Optional, Tuple, Type

__all__ = [
    "VobizError",
    "ValidationError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "CoolOffError",
    "UnprocessableError",
    "RateLimitError",
    "InsufficientBalanceError",
    "ServerError",
    "OutcomeUnknownError",
    "TimeoutError",
    "TransportError",
    "DecodeError",
    "WebhookError",
    "RedirectError",
    "ResponseTooLargeError",
    "InternalError",
]


class VobizError(Exception):
    """Base class of every error raised by vobiz_partner.

    ``str(error)`` is the full description (status, API message and code, route, request
    id). The attributes are ``None`` when they do not apply (no HTTP answer, no request id).
    """

    #: The core's error kind (``"NOT_FOUND"``, ``"COOL_OFF"``…); one per class.
    kind: ClassVar[str] = ""
    _fields: ClassVar[Tuple[str, ...]] = (
        "status",
        "code",
        "message",
        "request_id",
        "body",
        "method",
        "path",
        "outcome_unknown",
    )

    status: Optional[int]
    """The HTTP status of the answer."""
    code: Optional[str]
    """The API's error code (``not_found``, ``did_cool_off_in_effect``…)."""
    message: str
    """The API's message, or the description when the API gave none."""
    request_id: Optional[str]
    """The request id, from a response header or the body."""
    body: Optional[str]
    """The response body, redacted and truncated."""
    method: Optional[str]
    """The request method."""
    path: Optional[str]
    """The request path (encoded, without the query)."""
    outcome_unknown: bool
    """Whether the request may have taken effect although it failed: always for
    :class:`OutcomeUnknownError` (and its :class:`RedirectError`) and :class:`InternalError`;
    for a 5xx answer to a POST; for a 2xx answer to a POST that could not be read
    (:class:`DecodeError`, :class:`ResponseTooLargeError`). Reconcile before retrying."""

    def __init__(
        self,
        description: str = "",
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        message: Optional[str] = None,
        request_id: Optional[str] = None,
        body: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.code = code
        self.message = description if message is None else message
        self.request_id = request_id
        self.body = body
        self.method = method
        self.path = path
        self.outcome_unknown = bool(outcome_unknown)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(VobizError, ValueError):
    """Input refused before anything was sent; ``field`` names it."""

    kind = "VALIDATION"
    _fields = VobizError._fields + ("field", "reason")

    field: Optional[str]
    """The refused input (``base_url``, ``auth_id``, ``VOBIZ_AUTH_ID``, ``json``…)."""
    reason: Optional[str]
    """What is wrong with it."""

    def __init__(
        self,
        description: str = "",
        *,
        field: Optional[str] = None,
        reason: Optional[str] = None,
        **attrs: Any,
    ) -> None:
        super().__init__(description, **attrs)
        self.field = field
        self.reason = reason


class BadRequestError(VobizError):
    """400, or another 4xx without a documented meaning."""

    kind = "BAD_REQUEST"


class AuthenticationError(VobizError):
    """401: the credentials were refused."""

    kind = "AUTHENTICATION"


class PermissionDeniedError(VobizError):
    """403: these credentials may not do this (wrong scope, a capability, a limit)."""

    kind = "PERMISSION_DENIED"


class NotFoundError(VobizError):
    """404: not found, or not yours."""

    kind = "NOT_FOUND"


class ConflictError(VobizError):
    """409: the resource's state forbids this."""

    kind = "CONFLICT"


class CoolOffError(ConflictError):
    """409 ``did_cool_off_in_effect``: the number had a call in the last 15 days and cannot
    be unassigned before ``cool_off_until``."""

    kind = "COOL_OFF"
    _fields = VobizError._fields + ("cool_off_until", "remaining")

    cool_off_until: Optional[datetime.datetime]
    """When the cool-off ends (aware, UTC)."""
    remaining: Optional[datetime.timedelta]
    """How long is left, as the server counted it."""

    def __init__(
        self,
        description: str = "",
        *,
        cool_off_until: Optional[datetime.datetime] = None,
        remaining: Optional[datetime.timedelta] = None,
        **attrs: Any,
    ) -> None:
        super().__init__(description, **attrs)
        self.cool_off_until = cool_off_until
        self.remaining = remaining


class UnprocessableError(VobizError):
    """422: a field failed the server's validation (weak password, duplicate email…)."""

    kind = "UNPROCESSABLE"


class RateLimitError(VobizError):
    """429: too many requests, or a cooldown; ``retry_after`` says how long to wait."""

    kind = "RATE_LIMITED"
    _fields = VobizError._fields + ("retry_after",)

    retry_after: Optional[float]
    """Seconds to wait before trying again."""

    def __init__(
        self, description: str = "", *, retry_after: Optional[float] = None, **attrs: Any
    ) -> None:
        super().__init__(description, **attrs)
        self.retry_after = retry_after


class InsufficientBalanceError(VobizError):
    """402, or 400 with balance details: the paying balance cannot cover the amount."""

    kind = "INSUFFICIENT_BALANCE"
    _fields = VobizError._fields + ("current_balance", "requested_amount", "currency")

    current_balance: Optional[decimal.Decimal]
    """The balance the server saw, exactly."""
    requested_amount: Optional[decimal.Decimal]
    """The amount asked for, exactly."""
    currency: Optional[str]
    """The currency of both."""

    def __init__(
        self,
        description: str = "",
        *,
        current_balance: Optional[decimal.Decimal] = None,
        requested_amount: Optional[decimal.Decimal] = None,
        currency: Optional[str] = None,
        **attrs: Any,
    ) -> None:
        super().__init__(description, **attrs)
        self.current_balance = current_balance
        self.requested_amount = requested_amount
        self.currency = currency


class ServerError(VobizError):
    """5xx. After a POST the change may or may not have been made: check before retrying."""

    kind = "SERVER"


class _AttemptsError(VobizError):
    """A failure without an HTTP answer, after ``attempts`` tries."""

    _fields = VobizError._fields + ("attempts",)

    attempts: Optional[int]
    """How many times the request was tried."""

    def __init__(self, description: str = "", *, attempts: Optional[int] = None, **attrs: Any) -> None:
        super().__init__(description, **attrs)
        self.attempts = attempts


class OutcomeUnknownError(_AttemptsError):
    """An unsafe request (POST) was sent but no answer came back: it may have taken effect.
    It was not retried; reconcile (e.g. look the transfer up in the ledger) first."""

    kind = "OUTCOME_UNKNOWN"


class TimeoutError(_AttemptsError, builtins.TimeoutError):
    """A safe request got no answer in time on every attempt. Also a
    :class:`builtins.TimeoutError`."""

    kind = "TIMEOUT"

    def __reduce__(self) -> Any:
        # OSError's own reduce would rebuild from errno-style args; keep ours.
        return (type(self), self.args, self.__dict__)


class TransportError(_AttemptsError):
    """The request could not be delivered (connection refused, TLS failure, too many
    redirects of a GET). For a POST this is only raised when it provably never left."""

    kind = "TRANSPORT"


class DecodeError(VobizError):
    """The API answered, but the body could not be read as expected. After a 2xx answer to
    a POST the change was made (``outcome_unknown``)."""

    kind = "DECODE"


class RedirectError(OutcomeUnknownError):
    """An unsafe request (POST) was answered with a redirect the SDK will not follow: a
    301/302/303 (following it would turn the POST into a GET that says nothing about the
    POST), a 307/308 to another origin (the body and credentials would go there), or a
    second redirect. The server may have acted on the request: reconcile before trying
    again. ``status`` is the redirect status; ``location`` where it pointed."""

    kind = "REDIRECT"
    _fields = _AttemptsError._fields + ("location",)

    location: Optional[str]
    """Where the server pointed, without query string or fragment (a link can carry a
    session)."""

    def __init__(self, description: str = "", *, location: Optional[str] = None, **attrs: Any) -> None:
        super().__init__(description, **attrs)
        self.location = location


class ResponseTooLargeError(VobizError):
    """The answer was larger than the client accepts; reading stopped at ``limit_bytes``. A
    hostile or broken server cannot make the SDK hold an unbounded body in memory. After a
    2xx or 5xx answer to a POST the change may have been made (``outcome_unknown``)."""

    kind = "RESPONSE_TOO_LARGE"
    _fields = VobizError._fields + ("limit_bytes",)

    limit_bytes: Optional[int]
    """The limit the answer exceeded, in bytes."""

    def __init__(self, description: str = "", *, limit_bytes: Optional[int] = None, **attrs: Any) -> None:
        super().__init__(description, **attrs)
        self.limit_bytes = limit_bytes


class InternalError(VobizError):
    """A bug in vobiz_partner: a panic in the Rust core or the binding was caught before it
    could reach Python. The message names the operation, never an argument value or the
    panic's text (which could quote a token). The client stays usable; the operation may
    or may not have taken effect (``outcome_unknown`` is always true), so reconcile before
    retrying a POST. Please report it."""

    kind = "INTERNAL"

    def __init__(self, description: str = "", **attrs: Any) -> None:
        attrs.setdefault("outcome_unknown", True)
        super().__init__(description, **attrs)


class WebhookError(VobizError):
    """A webhook delivery was refused by :func:`vobiz_partner.verify_webhook`: no or a
    malformed ``X-Vobiz-Signature``, a signature that does not match the body and key, an
    event older than ``max_age``, or a body that is not a KYC event. Answer such a request
    with 400 (or 401) and do not act on it. ``reason`` never holds the key."""

    kind = "WEBHOOK"
    _fields = VobizError._fields + ("reason",)

    reason: Optional[str]
    """Why the delivery was refused."""

    def __init__(self, description: str = "", *, reason: Optional[str] = None, **attrs: Any) -> None:
        super().__init__(description, **attrs)
        self.reason = reason


_BY_KIND: Dict[str, Type[VobizError]] = {
    cls.kind: cls
    for cls in (
        ValidationError,
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        CoolOffError,
        UnprocessableError,
        RateLimitError,
        InsufficientBalanceError,
        ServerError,
        OutcomeUnknownError,
        TimeoutError,
        TransportError,
        DecodeError,
        WebhookError,
        RedirectError,
        ResponseTooLargeError,
        InternalError,
    )
}


def _from_report(kind: str, description: str, attrs: Dict[str, Any]) -> VobizError:
    """Called by the native layer: the exception for one core error report."""
    cls = _BY_KIND.get(kind, VobizError)
    known: Dict[str, Any] = {name: attrs.get(name) for name in cls._fields}
    return cls(description, **known)
