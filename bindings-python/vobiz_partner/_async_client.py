"""The async clients: `AsyncPartner`, `AsyncAccount` and `AsyncSubAccount`.

Every method that makes a call is generated from the Rust core's declaration of its
operation (``_async_ops.py``, by ``tools/gen_python_surface.py``: ``make surface``); this
file composes those bases with what is Python-only: the constructors, the group attributes,
the onboarding drivers. Validation, retries, paging, path encoding and error mapping are the
core's. The sync twins (``Partner``, ``Account``, ``SubAccount``) are generated from this
file by ``tools/gen_sync.py``: edit this file, then run ``make sync-clients``.

Credentials decide the client: partner credentials (``PA_…``) for ``AsyncPartner``; an
account's own (``MA_…``/``SA_…``) for ``AsyncAccount``; a main account's
``AsyncAccount.sub_account(id)`` for admin and KYC of one sub-account.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Type, TypeVar, Union

from . import models as m
from ._async_ops import (
    _AsyncAccountCallsOps,
    _AsyncAccountCdrsOps,
    _AsyncAccountIpAclOps,
    _AsyncAccountNumbersOps,
    _AsyncAccountOps,
    _AsyncAccountOriginationUrisOps,
    _AsyncAccountRecordingsOps,
    _AsyncAccountSubAccountsOps,
    _AsyncAccountTrunkCredentialsOps,
    _AsyncAccountTrunksOps,
    _AsyncPartnerCustomersOps,
    _AsyncPartnerKycSessionsOps,
    _AsyncPartnerOps,
    _AsyncPartnerReportsOps,
    _AsyncSubAccountKycOps,
    _AsyncSubAccountKycTestOps,
    _AsyncSubAccountOps,
)
from ._async_pages import AsyncPages
from ._model import Model
from ._tabular import Rows
from .onboarding import (
    OnboardingResult,
    StateStore,
    run_onboarding,
)
from ._native import (
    AccountCredentials,
    ClientConfig,
    NativeClient,
    PartnerCredentials,
)

__all__ = ["AsyncPartner", "AsyncAccount", "AsyncSubAccount"]

M = TypeVar("M", bound=Model)


def _config(
    config: Optional[ClientConfig],
    base_url: Optional[str],
    timeout: Optional[float],
    connect_timeout: Optional[float],
    max_retries: Optional[int],
) -> Optional[ClientConfig]:
    if config is not None:
        if any(v is not None for v in (base_url, timeout, connect_timeout, max_retries)):
            raise TypeError("pass either config= or base_url/timeout/connect_timeout/max_retries")
        return config
    if all(v is None for v in (base_url, timeout, connect_timeout, max_retries)):
        return None
    return ClientConfig(
        base_url, timeout=timeout, connect_timeout=connect_timeout, max_retries=max_retries
    )


def _given(credentials: Optional[Mapping[str, Any]]) -> Optional[Dict[str, str]]:
    """``{"auth_id", "auth_token"}`` for a step (the token as text: a ``Secret`` is revealed
    only to be handed to the core)."""
    if credentials is None:
        return None
    token = credentials["auth_token"]
    return {
        "auth_id": str(credentials["auth_id"]),
        "auth_token": token.reveal() if hasattr(token, "reveal") else str(token),
    }


class _AsyncGroup:
    """A group of related operations on one client."""

    __slots__ = ("_native",)

    def __init__(self, native: NativeClient) -> None:
        self._native = native

    async def _one(self, op: str, args: Dict[str, Any], model: Type[M]) -> M:
        return model._from_view(await self._native.call(op, args))

    async def _many(self, op: str, args: Dict[str, Any], model: Type[M]) -> List[M]:
        return [model._from_view(item) for item in await self._native.call(op, args)]

    async def _rows(self, op: str, args: Dict[str, Any], model: Type[M]) -> Rows[M]:
        return Rows(model._from_view(item) for item in await self._native.call(op, args))

    async def _nothing(self, op: str, args: Dict[str, Any]) -> None:
        await self._native.call(op, args)

    async def _onboard(
        self,
        op: str,
        plan: Mapping[str, Any],
        store: Union[StateStore, str, "os.PathLike[str]"],
        on_credentials: Callable[[m.OnceShownCredentials], Any],
        progress: Optional[Callable[[m.StepReport], Any]],
        max_wait: float,
        credentials_key: str,
        credentials: Optional[Mapping[str, Any]],
    ) -> OnboardingResult:
        """Runs steps until the onboarding finishes or waits, with the core's driver (see
        ``vobiz_partner.onboarding``)."""
        return await run_onboarding(
            self._native, op, plan, store, on_credentials, progress, max_wait,
            credentials_key, credentials,
        )

    def _pages(
        self,
        op: str,
        args: Dict[str, Any],
        model: Type[M],
        page_size: int,
        max_items: Optional[int],
    ) -> AsyncPages[M]:
        native = self._native.list(op, args, page_size=page_size, max_items=max_items)
        return AsyncPages(native, model)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._native.auth_id}>"



# ----------------------------------------------------------------------------------------
# Partner
# ----------------------------------------------------------------------------------------


class AsyncCustomers(_AsyncGroup, _AsyncPartnerCustomersOps):
    """A partner's customers: create, read, fund, and their ledgers, CDRs, numbers and
    capacity (``/api/v1/partner/accounts…``)."""

    __slots__ = ()

    async def onboard(
        self,
        plan: Mapping[str, Any],
        *,
        store: Union[StateStore, str, "os.PathLike[str]"],
        on_credentials: Callable[[m.OnceShownCredentials], Any],
        progress: Optional[Callable[[m.StepReport], Any]] = None,
        max_wait: float = 0.0,
        customer_credentials: Optional[Mapping[str, Any]] = None,
    ) -> OnboardingResult:
        """Runs the partner customer onboarding (create → fund with a safe
        transfer → KYC session → wait for KYC → trunk → CDR read) from where ``store`` says
        it stopped. The customer's once-shown credentials go to ``on_credentials`` (store
        them) before anything is saved; pass them back as ``customer_credentials`` for the
        steps that need them (the trunk). Stops at a KYC still pending (``waiting_for``):
        run again later. Progress goes to ``progress``, or to a tqdm bar when tqdm is
        installed."""
        return await self._onboard(
            "customer_onboarding_step", plan, store, on_credentials, progress, max_wait,
            "customer_credentials", customer_credentials,
        )


class AsyncKycSessions(_AsyncGroup, _AsyncPartnerKycSessionsOps):
    """Hosted KYC sessions for a partner's customers (``/api/v1/partner/kyc-sessions``)."""

    __slots__ = ()


class AsyncReports(_AsyncGroup, _AsyncPartnerReportsOps):
    """The weekly ops checks over every customer's numbers, and per-customer invoices. Rows
    are typed; ``Rows.to_pandas()`` makes a DataFrame."""

    __slots__ = ()


class AsyncPartner(_AsyncGroup, _AsyncPartnerOps):
    """The partner client (partner credentials, ``PA_…``): customers, balances and
    transfers, ledgers, CDRs, numbers, capacity and KYC sessions.

    >>> partner = AsyncPartner(sandbox.partner_credentials, base_url=sandbox.url)
    >>> me = await partner.me()
    """

    __slots__ = ("customers", "kyc_sessions", "reports")

    def __init__(
        self,
        credentials: PartnerCredentials,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        config: Optional[ClientConfig] = None,
    ) -> None:
        cfg = _config(config, base_url, timeout, connect_timeout, max_retries)
        self._init(NativeClient.partner(credentials, cfg))

    def _init(self, native: NativeClient) -> None:
        super().__init__(native)
        self.customers = AsyncCustomers(native)
        self.kyc_sessions = AsyncKycSessions(native)
        self.reports = AsyncReports(native)

    @classmethod
    def from_env(cls) -> AsyncPartner:
        """From ``VOBIZ_AUTH_ID`` (a ``PA_…`` id), ``VOBIZ_AUTH_TOKEN`` and, when set,
        ``VOBIZ_BASE_URL``."""
        client = cls.__new__(cls)
        client._init(NativeClient.partner_from_env())
        return client

    @property
    def auth_id(self) -> str:
        """The partner's auth id."""
        return self._native.auth_id

    def customer(self, credentials: AccountCredentials) -> AsyncAccount:
        """An account client for one of this partner's customers, from the customer's own
        credentials (its runtime routes refuse partner credentials); shares the pool."""
        return AsyncAccount._wrap(self._native.customer_client(credentials))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth_id={self._native.auth_id!r}, base_url={self._native.base_url!r})"


# ----------------------------------------------------------------------------------------
# Account
# ----------------------------------------------------------------------------------------


class AsyncNumbers(_AsyncGroup, _AsyncAccountNumbersOps):
    """An account's numbers: owned list, inventory, purchase, release, sub-account and
    trunk assignment, health."""

    __slots__ = ()


class AsyncAccountCdrs(_AsyncGroup, _AsyncAccountCdrsOps):
    """An account's call records."""

    __slots__ = ()


class AsyncRecordings(_AsyncGroup, _AsyncAccountRecordingsOps):
    """An account's call recordings."""

    __slots__ = ()


class AsyncCalls(_AsyncGroup, _AsyncAccountCallsOps):
    """Outbound calls with the account's own credentials."""

    __slots__ = ()


class AsyncSubAccounts(_AsyncGroup, _AsyncAccountSubAccountsOps):
    """A main account's sub-accounts."""

    __slots__ = ()

    async def onboard(
        self,
        plan: Mapping[str, Any],
        *,
        store: Union[StateStore, str, "os.PathLike[str]"],
        on_credentials: Callable[[m.OnceShownCredentials], Any],
        progress: Optional[Callable[[m.StepReport], Any]] = None,
        max_wait: float = 0.0,
        sub_account_credentials: Optional[Mapping[str, Any]] = None,
    ) -> OnboardingResult:
        """Runs the ``customer_use`` sub-account onboarding (create → KYC by
        entity type → wait for KYC → choose, buy and assign a number → check routing →
        optional first call) from where ``store`` says it stopped. The sub-account's
        once-shown credentials go to ``on_credentials`` before anything is saved; pass them
        back as ``sub_account_credentials`` for the first call. Stops at a KYC still pending
        (``waiting_for``): run again later. Safe to re-run after any crash: every step looks
        its resource up first."""
        return await self._onboard(
            "sub_account_onboarding_step", plan, store, on_credentials, progress, max_wait,
            "sub_account_credentials", sub_account_credentials,
        )

    def handle(self, sub_account_id: str) -> AsyncSubAccount:
        """The handle for admin and KYC of one sub-account (no request is made)."""
        return AsyncSubAccount._wrap(self._native.sub_account(sub_account_id))


class AsyncTrunks(_AsyncGroup, _AsyncAccountTrunksOps):
    """SIP trunks."""

    __slots__ = ()


class AsyncTrunkCredentials(_AsyncGroup, _AsyncAccountTrunkCredentialsOps):
    """SIP digest credentials for trunks."""

    __slots__ = ()


class AsyncIpAcl(_AsyncGroup, _AsyncAccountIpAclOps):
    """IP access-control entries for trunks."""

    __slots__ = ()


class AsyncOriginationUris(_AsyncGroup, _AsyncAccountOriginationUrisOps):
    """Origination URIs (where inbound calls are sent) for trunks."""

    __slots__ = ()


class AsyncAccount(_AsyncGroup, _AsyncAccountOps):
    """The account client (an account's own credentials, ``MA_…`` or ``SA_…``): numbers,
    calls, CDRs, recordings, trunks and, for a main account, sub-accounts."""

    __slots__ = (
        "numbers",
        "cdrs",
        "recordings",
        "calls",
        "sub_accounts",
        "trunks",
        "trunk_credentials",
        "ip_acl",
        "origination_uris",
    )

    def __init__(
        self,
        credentials: AccountCredentials,
        *,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        config: Optional[ClientConfig] = None,
    ) -> None:
        cfg = _config(config, base_url, timeout, connect_timeout, max_retries)
        self._init(NativeClient.account(credentials, cfg))

    def _init(self, native: NativeClient) -> None:
        super().__init__(native)
        self.numbers = AsyncNumbers(native)
        self.cdrs = AsyncAccountCdrs(native)
        self.recordings = AsyncRecordings(native)
        self.calls = AsyncCalls(native)
        self.sub_accounts = AsyncSubAccounts(native)
        self.trunks = AsyncTrunks(native)
        self.trunk_credentials = AsyncTrunkCredentials(native)
        self.ip_acl = AsyncIpAcl(native)
        self.origination_uris = AsyncOriginationUris(native)

    @classmethod
    def _wrap(cls, native: NativeClient) -> AsyncAccount:
        client = cls.__new__(cls)
        client._init(native)
        return client

    @classmethod
    def from_env(cls) -> AsyncAccount:
        """From ``VOBIZ_AUTH_ID`` (``MA_…``/``SA_…``), ``VOBIZ_AUTH_TOKEN`` and, when set,
        ``VOBIZ_BASE_URL``."""
        return cls._wrap(NativeClient.account_from_env())

    @property
    def auth_id(self) -> str:
        """The account's auth id."""
        return self._native.auth_id

    def sub_account(self, sub_account_id: str) -> AsyncSubAccount:
        """This main account's handle on one of its sub-accounts (no request is made)."""
        return AsyncSubAccount._wrap(self._native.sub_account(sub_account_id))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth_id={self._native.auth_id!r}, base_url={self._native.base_url!r})"


# ----------------------------------------------------------------------------------------
# Sub-account handle
# ----------------------------------------------------------------------------------------


class AsyncSubAccountKyc(_AsyncGroup, _AsyncSubAccountKycOps):
    """A sub-account's KYC on the real routes: status, document checks, DigiLocker and
    hosted sessions."""

    __slots__ = ()


class AsyncKycTest(_AsyncGroup, _AsyncSubAccountKycTestOps):
    """The test-mode KYC routes: same steps, magic inputs (``TESTSUCCESS0001``,
    ``TESTFAIL0001``, ``TESTPENDING001``…), real status changes, no provider."""

    __slots__ = ()


class AsyncSubAccount(_AsyncGroup, _AsyncSubAccountOps):
    """A main account acting on one of its sub-accounts (the parent's credentials; the
    path names the sub-account): admin and KYC. Get one from
    ``AsyncAccount.sub_account(id)``."""

    __slots__ = ("kyc", "kyc_test")

    def _init(self, native: NativeClient) -> None:
        _AsyncGroup.__init__(self, native)
        self.kyc = AsyncSubAccountKyc(native)
        self.kyc_test = AsyncKycTest(native)

    @classmethod
    def _wrap(cls, native: NativeClient) -> AsyncSubAccount:
        handle = cls.__new__(cls)
        handle._init(native)
        return handle

    @property
    def id(self) -> str:
        """The sub-account's id, ``SA_…``."""
        return self._native.auth_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self._native.auth_id!r})"
