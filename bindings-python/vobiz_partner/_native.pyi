"""Type stubs of the compiled module ``vobiz_partner._native`` (checked with mypy stubtest)."""

from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union, final

from typing_extensions import TypeAlias

__all__ = [
    "AccountCredentials",
    "ClientConfig",
    "PartnerCredentials",
    "Response",
    "Transport",
    "__version__",
    "_shutdown",
]
__version__: str

_QueryScalar: TypeAlias = Union[str, int, float, bool, Decimal, None]
_QueryValue: TypeAlias = Union[_QueryScalar, Sequence[_QueryScalar]]

def _shutdown() -> None:
    """The atexit hook (registered at import): stops all in-flight work before the
    interpreter finalises. Not for direct use."""

@final
class ClientConfig:
    """Where requests go and how long they may take; credentials are separate.

    An argument left as None takes the core default: ``https://api.vobiz.ai``, 30 s per
    attempt, 10 s to connect, 2 retries of safe requests. Plain ``http://`` is refused except
    for loopback hosts. Raises ``ValidationError`` (``.field`` names the argument).
    """

    def __new__(
        cls,
        base_url: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
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
