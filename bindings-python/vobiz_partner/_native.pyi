"""Type stubs of the compiled module ``vobiz_partner._native`` (checked with mypy stubtest)."""

import os
from datetime import datetime, timedelta
from decimal import Decimal
from types import TracebackType
from typing import Any, Callable, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Type, Union, final

from typing_extensions import Self, TypeAlias

__all__ = [
    "AccountCredentials",
    "ClientConfig",
    "NativeClient",
    "NativePages",
    "PartnerCredentials",
    "Response",
    "Sandbox",
    "Transport",
    "__version__",
    "_shutdown",
    "load_state_file",
    "save_state_file",
    "verify_webhook",
]
__version__: str
#: Whether this build has the deliberate panics of the ``test-hooks`` cargo feature (the
#: core's ``__panic`` operation and ``_panic_in_binding``); never in a release build.
_test_hooks: bool

_QueryScalar: TypeAlias = Union[str, int, float, bool, Decimal, None]
_QueryValue: TypeAlias = Union[_QueryScalar, Sequence[_QueryScalar]]

def verify_webhook(
    body: bytes,
    headers: List[Tuple[str, str]],
    secret: str,
    *,
    max_age: Optional[float] = None,
    now: Optional[datetime] = None,
) -> Dict[str, Any]:
    """Verifies a KYC webhook delivery (raw body, header pairs, signing key) and returns the
    event keyed by the API's field names; raises ``WebhookError``. Use
    ``vobiz_partner.verify_webhook``, which takes any framework's headers."""

def _shutdown() -> None:
    """The atexit hook (registered at import): stops all in-flight work before the
    interpreter finalises. Not for direct use."""

@final
class ClientConfig:
    """Where requests go and how long they may take; credentials are separate.

    An argument left as None takes the core default: ``https://api.vobiz.ai``, 30 s per
    attempt, 10 s to connect, 2 retries of safe requests, answers of up to 64 MiB
    (``max_response_bytes``; more raises ``ResponseTooLargeError``), and a 120 s
    ``settle_window``: how long after an ambiguous transfer the server may still commit it,
    during which ``transfer_balance_safely`` reads the ledger and never re-sends. Plain
    ``http://`` is refused except for loopback hosts. Raises ``ValidationError``
    (``.field`` names the argument).
    """

    def __new__(
        cls,
        base_url: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        max_response_bytes: Optional[int] = None,
        settle_window: Optional[float] = None,
    ) -> ClientConfig: ...
    @staticmethod
    def from_env() -> ClientConfig:
        """The defaults, with the base URL from ``VOBIZ_BASE_URL`` when it is set."""
    @property
    def base_url(self) -> str: ...
    @property
    def timeout(self) -> float:
        """Seconds one attempt may take."""
    @property
    def connect_timeout(self) -> float:
        """Seconds connecting may take."""
    @property
    def max_retries(self) -> int:
        """Retries of safe requests after the first attempt."""
    @property
    def max_response_bytes(self) -> int:
        """The largest answer read, in bytes."""
    @property
    def settle_window(self) -> float:
        """Seconds after an ambiguous transfer during which the server may still commit it."""
    @property
    def user_agent(self) -> str:
        """``vobiz-partner/<version> (python)``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...

@final
class PartnerCredentials:
    """Partner credentials (``PA_…``), for ``/api/v1/partner/*`` routes.

    An id of another kind raises ``ValidationError`` with ``.field == "auth_id"``. The token
    is never shown: ``repr()`` prints ``auth_token=<redacted>``. Not picklable, on purpose.
    """

    def __new__(cls, auth_id: str, auth_token: str) -> PartnerCredentials: ...
    @staticmethod
    def from_env() -> PartnerCredentials:
        """Reads ``VOBIZ_AUTH_ID`` (must be ``PA_…``) and ``VOBIZ_AUTH_TOKEN``."""
    @property
    def auth_id(self) -> str: ...

@final
class AccountCredentials:
    """An account's own credentials (``MA_…`` or ``SA_…``), for its runtime routes."""

    def __new__(cls, auth_id: str, auth_token: str) -> AccountCredentials: ...
    @staticmethod
    def from_env() -> AccountCredentials:
        """Reads ``VOBIZ_AUTH_ID`` (must be ``MA_…`` or ``SA_…``) and ``VOBIZ_AUTH_TOKEN``."""
    @property
    def auth_id(self) -> str: ...

@final
class Response:
    """A successful (2xx) answer."""

    @property
    def status(self) -> int: ...
    @property
    def request_id(self) -> Optional[str]: ...
    @property
    def headers(self) -> Dict[str, str]:
        """Lower-case names; repeated headers joined with ``", "``."""
    @property
    def text(self) -> str: ...
    @property
    def content(self) -> bytes: ...
    def json(self) -> Any:
        """The decoded body (``None`` when empty); raises ``DecodeError`` if not JSON."""

@final
class Transport:
    """The low-level async client: any route, with the core's retries and typed errors."""

    def __new__(cls, config: Optional[ClientConfig] = None) -> Transport: ...
    @property
    def config(self) -> ClientConfig: ...
    async def request(
        self,
        credentials: Union[PartnerCredentials, AccountCredentials],
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, _QueryValue]] = None,
        json: Any = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
    ) -> Response:
        """Sends ``method path`` (``/api/v1/…``; segments are re-encoded, ``+`` → ``%2B``).

        ``json`` is sent as the body (``Decimal`` as an exact number); ``query`` values may be
        scalars or lists (repeated). GET, PUT and DELETE are retried on transient failures;
        POST and PATCH are not once they may have left (``OutcomeUnknownError``).
        """

_KycStep: TypeAlias = Literal["open", "submit", "complete", "fail"]
_KycType: TypeAlias = Literal["individual", "company"]
_Seconds: TypeAlias = Union[float, timedelta]

@final
class Sandbox:
    """The embedded sandbox: a local, stateful emulator of the Vobiz API on ``127.0.0.1``,
    running in this process (crate ``vobiz-sandbox``).

    >>> with Sandbox.start(seed=1) as sb:
    ...     transport = Transport(ClientConfig(sb.url))
    ...     # await transport.request(sb.partner_credentials, "GET", "/api/v1/partner/me")

    Control methods raise ``ValueError`` when the world cannot do what is asked (an unknown
    session, a terminal one, a number nobody owns), and ``RuntimeError`` once stopped.
    ``repr()`` shows the URL and seed only, never a token or password.
    """

    @classmethod
    def start(
        cls,
        *,
        port: int = 0,
        seed: Optional[int] = None,
        state_file: Union[str, os.PathLike[str], None] = None,
    ) -> Sandbox:
        """Starts a sandbox on ``127.0.0.1:port`` (0: a free port) and returns once it
        listens. Ids and tokens derive from ``seed`` (default 0). ``state_file``: load the world from it
        when it exists, save it there after every change and at ``stop()``. Blocks with the
        interpreter released; works inside a running asyncio loop too. ``OSError`` when the
        port is taken."""
    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``: the base URL to give a client."""
    @property
    def seed(self) -> int:
        """The seed of the current world."""
    @property
    def running(self) -> bool:
        """Whether it still serves (``stop()`` not called yet)."""
    @property
    def partner_credentials(self) -> PartnerCredentials:
        """The seeded partner's credentials (``PA_…``)."""
    @property
    def parent_credentials(self) -> AccountCredentials:
        """The seeded parent main account's own credentials (``MA_…``)."""
    @property
    def partner_email(self) -> str:
        """The seeded partner's console email, for ``POST /api/v1/partner/login``."""
    @property
    def partner_password(self) -> str:
        """The seeded partner's console password, for ``POST /api/v1/partner/login``."""
    @property
    def seeded(self) -> Dict[str, Any]:
        """What was seeded, without secrets: ``seed``, ``partner_auth_id``,
        ``partner_email``, ``partner_balance`` (Decimal), ``max_accounts``,
        ``parent_auth_id``, ``parent_balance`` (Decimal), ``currency``,
        ``inventory_numbers``, ``regions``."""
    def env(self, scope: Literal["partner", "parent"] = "partner") -> Dict[str, str]:
        """The environment ``from_env()`` reads, for the seeded partner or parent:
        ``VOBIZ_BASE_URL``, ``VOBIZ_AUTH_ID`` and ``VOBIZ_AUTH_TOKEN``. The token is in clear:
        hand it to a process or ``monkeypatch``, never print it. ``ValueError`` for another
        scope."""
    def now(self) -> datetime:
        """The sandbox's current time (aware, UTC)."""
    def advance_clock(self, seconds: _Seconds) -> datetime:
        """Moves the clock by ``seconds`` (negative moves it back); returns the new time.
        Cool-offs, KYC expiry, resend cooldowns and call ends follow it."""
    def set_clock(self, at: datetime) -> datetime:
        """Sets the clock to ``at`` (timezone-aware); returns the new time."""
    def kyc_session_step(
        self,
        session_id: str,
        step: _KycStep,
        *,
        kyc_type: Optional[_KycType] = None,
        reason: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Moves a hosted KYC session one step as its customer would (sends the webhooks);
        returns the session."""
    def open_kyc_session(self, session_id: str) -> Dict[str, Any]:
        """The customer opened the widget (``opened``)."""
    def submit_kyc_session(self, session_id: str, *, kyc_type: Optional[_KycType] = None) -> Dict[str, Any]:
        """The customer submitted the PAN (``in_progress``)."""
    def complete_kyc_session(self, session_id: str, *, kyc_type: Optional[_KycType] = None) -> Dict[str, Any]:
        """Every document verified (``kyc_completed``; webhook ``kyc.completed``)."""
    def fail_kyc_session(self, session_id: str, reason: Optional[str] = None) -> Dict[str, Any]:
        """A document failed (``kyc_failed``; webhook ``kyc.failed``)."""
    def complete_sub_account_kyc(self, sub_auth_id: str) -> Dict[str, Any]:
        """Verifies the documents the sub-account's business type needs; returns its KYC
        status (``overall_status``, ``kyc_calls_blocked``, ``verifications``)."""
    def fail_sub_account_kyc(self, sub_auth_id: str) -> Dict[str, Any]:
        """Fails the documents the sub-account's business type needs; returns its KYC
        status."""
    def simulate_call(
        self,
        e164: str,
        *,
        direction: Optional[Literal["inbound", "outbound"]] = None,
        answered: Optional[bool] = None,
        duration_seconds: Optional[int] = None,
        peer: Optional[str] = None,
    ) -> Dict[str, Any]:
        """A call on an owned DID (defaults: inbound, answered, 60 s); its CDR, charge and the
        DID's last call time appear once the clock passes its end. Returns ``call_uuid``,
        ``account_id`` and ``ends_at``."""
    def set_number(
        self,
        e164: str,
        *,
        application_id: Optional[str] = None,
        unroute: bool = False,
        aadhaar_verification_required: Optional[bool] = None,
        aadhaar_verified: Optional[bool] = None,
        last_billing_date: Optional[datetime] = None,
        next_billing_date: Optional[datetime] = None,
    ) -> Dict[str, Any]:
        """Sets what the API manages outside this emulator's routes on number ``e164``: its
        application routing (``application_id``, or ``unroute=True``), the Aadhaar flags and
        the billing dates (aware datetimes). For building a world with known answers; returns
        the number as the API renders it."""
    def add_fault(
        self,
        path: str,
        *,
        method: Optional[str] = None,
        status: Optional[int] = None,
        body: Any = None,
        retry_after: Optional[int] = None,
        delay: Optional[_Seconds] = None,
        reset_before: bool = False,
        reset_after: bool = False,
        late_commit: Optional[_Seconds] = None,
        malformed: bool = False,
        truncated: bool = False,
        count: Optional[int] = None,
        probability: Optional[float] = None,
    ) -> int:
        """Injects a fault into requests matching ``path`` (``*`` spans any characters) and
        ``method`` (any when None); returns its id. Exactly one kind: ``status`` (answer it,
        with ``body`` and ``retry_after`` seconds, without running the handler), ``delay``
        (seconds, then handle normally), ``reset_before`` (drop the connection, nothing
        changes), ``reset_after`` (the change commits, then the connection drops),
        ``late_commit`` (seconds: the connection drops at once and the change commits that
        much later, as a server still at work after the client gave up), ``malformed`` (a body that is not JSON), ``truncated`` (half the body). ``count``:
        fire that many times, then retire; ``probability``: fire with that chance (0–1)."""
    def clear_faults(self) -> None:
        """Removes every injected fault."""
    def reset(self, seed: Optional[int] = None) -> None:
        """A freshly seeded world (``seed``, or the current one); clears the faults."""
    def stop(self) -> None:
        """Stops serving, waits for requests in flight, saves the state file. Idempotent."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

@final
class NativeClient:
    """A core client of one scope (partner, account or sub-account handle) running the
    core's named operations. The package's ``Partner``/``AsyncPartner``… wrap it; use those.
    In a process forked after first use, it moves to a new connection pool by itself."""

    @staticmethod
    def partner(
        credentials: PartnerCredentials, config: Optional[ClientConfig] = None
    ) -> NativeClient: ...
    @staticmethod
    def account(
        credentials: AccountCredentials, config: Optional[ClientConfig] = None
    ) -> NativeClient: ...
    @staticmethod
    def partner_from_env() -> NativeClient:
        """A partner client from ``VOBIZ_AUTH_ID``, ``VOBIZ_AUTH_TOKEN`` and ``VOBIZ_BASE_URL``."""
    @staticmethod
    def account_from_env() -> NativeClient:
        """An account client from ``VOBIZ_AUTH_ID``, ``VOBIZ_AUTH_TOKEN`` and ``VOBIZ_BASE_URL``."""
    @property
    def scope(self) -> Literal["partner", "account", "sub_account"]:
        """``partner``, ``account`` or ``sub_account``."""
    @property
    def auth_id(self) -> str:
        """The auth id the client acts as (for a sub-account handle, the sub-account's)."""
    @property
    def base_url(self) -> str: ...
    def customer_client(self, credentials: AccountCredentials) -> NativeClient:
        """An account client for one of a partner's customers, sharing the pool."""
    def sub_account(self, sub_account_id: str) -> NativeClient:
        """A main account's handle on one of its sub-accounts."""
    async def call(self, op: str, args: Optional[Dict[str, Any]] = None) -> Any:
        """Runs operation ``op``; returns an awaitable of its result."""
    def call_blocking(self, op: str, args: Optional[Dict[str, Any]] = None) -> Any:
        """Runs operation ``op`` and waits for it, the interpreter released."""
    async def onboard(
        self,
        op: str,
        args: Optional[Dict[str, Any]],
        store: Any,
        on_credentials: Callable[[Dict[str, Any]], Any],
        progress: Optional[Callable[[Dict[str, Any]], Any]] = None,
    ) -> Dict[str, Any]:
        """Runs a whole onboarding with the core's driver (``op``: the flow's step operation;
        ``args``: its arguments less ``state``); ``store.load()``/``store.save(state)``,
        ``on_credentials(view)`` and ``progress(view)`` (plain or ``async def``) run on this
        loop. Returns ``{state, finished, waiting_for, reports}``; an exception raised by the
        caller's code propagates as itself."""
    def onboard_blocking(
        self,
        op: str,
        args: Optional[Dict[str, Any]],
        store: Any,
        on_credentials: Callable[[Dict[str, Any]], Any],
        progress: Optional[Callable[[Dict[str, Any]], Any]] = None,
    ) -> Dict[str, Any]:
        """``onboard`` for the sync clients: waits with the interpreter released, running the
        caller's functions (plain ones only) on this thread."""
    def list(
        self,
        op: str,
        args: Optional[Dict[str, Any]] = None,
        *,
        page_size: int = 100,
        max_items: Optional[int] = None,
        prefetch: int = 4,
    ) -> NativePages:
        """Opens the auto-paging list ``op``. Nothing is fetched until a batch is asked for."""

@final
class NativePages:
    """The batches of one auto-paging list."""

    async def next_batch(self) -> Optional[List[Any]]:
        """An awaitable of the next items (a non-empty list), or ``None`` at the end."""
    def next_batch_blocking(self) -> Optional[List[Any]]:
        """The next items, waiting with the interpreter released; ``None`` at the end."""

def load_state_file(path: Union[str, os.PathLike[str]]) -> Optional[Dict[str, Any]]:
    """The JSON state in ``path``, or ``None`` when the file does not exist."""

def save_state_file(path: Union[str, os.PathLike[str]], state: Mapping[str, Any]) -> None:
    """Writes ``state`` to ``path`` atomically: a temporary file beside it, ``fsync``, then a
    rename."""
