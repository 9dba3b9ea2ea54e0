"""vobiz_partner: a typed, safe async client for the Vobiz partner and sub-account API.

Every behaviour (validation, retries that never send money twice, redirects that never leak
credentials, error mapping, redaction) lives in the Rust core; this package is its Python
face.

>>> import vobiz_partner as vobiz
>>> config = vobiz.ClientConfig("http://127.0.0.1:8080", timeout=5.0)
>>> creds = vobiz.PartnerCredentials("PA_ABC12345", "token")
>>> creds
PartnerCredentials(auth_id='PA_ABC12345', auth_token=<redacted>)
"""

import logging as _logging
import sys as _sys

# The import guard: a wrong Python or a missing or unloadable native module is one clear
# ImportError naming what is needed and this platform, never a loader traceback.
if _sys.version_info < (3, 9):
    raise ImportError(
        "vobiz_partner needs CPython >= 3.9; this is Python %s" % _sys.version.split()[0]
    )

try:
    from ._native import (
        AccountCredentials,
        ClientConfig,
        PartnerCredentials,
        Response,
        Sandbox,
        Transport,
        __version__,
    )
except ImportError as _error:
    import platform as _platform

    _libc = " ".join(_platform.libc_ver()).strip() or "libc unknown"
    raise ImportError(
        "vobiz_partner: the native module vobiz_partner._native is missing or cannot load on "
        f"this platform ({_platform.system()} {_platform.machine()}, {_libc}, "
        f"{_platform.python_implementation()} {_platform.python_version()}). The published "
        "wheel is for CPython >= 3.9 on Linux x86_64 with glibc >= 2.17 (manylinux2014); "
        "elsewhere install from the source distribution, which needs a Rust toolchain. "
        f"Cause: {_error}"
    ) from None
from . import models, requests
from ._async_client import AsyncAccount, AsyncPartner, AsyncSubAccount
from ._async_pages import AsyncPages
from ._model import Model
from ._secret import Secret
from ._tabular import Rows
from .onboarding import FileStateStore, OnboardingResult, StateStore
from ._sync_client import Account, Partner, SubAccount
from ._sync_pages import Pages
from .errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CoolOffError,
    DecodeError,
    InsufficientBalanceError,
    InternalError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseTooLargeError,
    ServerError,
    TimeoutError,
    TransportError,
    UnprocessableError,
    ValidationError,
    VobizError,
    VobizErrorCode,
    WebhookError,
)
from .webhooks import verify_webhook

__all__ = [
    "AsyncPartner",
    "AsyncAccount",
    "AsyncSubAccount",
    "Partner",
    "Account",
    "SubAccount",
    "AsyncPages",
    "Pages",
    "Model",
    "Secret",
    "Rows",
    "FileStateStore",
    "OnboardingResult",
    "StateStore",
    "models",
    "__version__",
    "ClientConfig",
    "PartnerCredentials",
    "AccountCredentials",
    "Transport",
    "Response",
    "Sandbox",
    "VobizError",
    "VobizErrorCode",
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
    "verify_webhook",
]

# The core's events go to the "vobiz_partner" logger; like every library, stay silent until
# the application configures logging.
_logging.getLogger("vobiz_partner").addHandler(_logging.NullHandler())
