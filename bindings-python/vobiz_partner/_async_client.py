"""The async clients: `AsyncPartner`, `AsyncAccount` and `AsyncSubAccount`.

Each method converts its arguments, makes one call into the Rust core (a named operation,
see ``vobiz_partner::ops``) and wraps the answer in its model class. Validation, retries,
paging, path encoding and error mapping are the core's. The sync twins (``Partner``,
``Account``, ``SubAccount``) are generated from this file by ``tools/gen_sync.py``: edit
this file, then run ``make sync-clients``.

Credentials decide the client (DESIGN principle 2): partner credentials (``PA_…``) for
``AsyncPartner``; an account's own (``MA_…``/``SA_…``) for ``AsyncAccount``; a main
account's ``AsyncAccount.sub_account(id)`` for admin and KYC of one sub-account.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Type, TypeVar, Union

from . import models as m
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

#: Money arguments: a ``Decimal`` (exact), an ``int``, or a decimal string (``"500.00"``).
#: A ``float`` is accepted when it converts exactly.
Amount = Union[Decimal, int, str, float]
#: A date argument: a ``date`` or ``"YYYY-MM-DD"``.
Day = Union[date, str]

DEFAULT_PAGE_SIZE = 100


def _args(values: Mapping[str, Any], **renamed: str) -> Dict[str, Any]:
    """The keyword arguments of a method as core arguments: ``self`` dropped, ``None``
    values dropped (absent), Python-only names renamed (``from_`` → ``from``)."""
    out: Dict[str, Any] = {}
    for key, value in values.items():
        if key == "self" or value is None:
            continue
        out[renamed.get(key, key)] = value
    return out


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


class AsyncCustomers(_AsyncGroup):
    """A partner's customers: create, read, fund, and their ledgers, CDRs, numbers and
    capacity (``/api/v1/partner/accounts…``)."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        email: str,
        password: str,
        country: str,
        phone: Optional[str] = None,
        company: Optional[str] = None,
        description: Optional[str] = None,
        address: Optional[str] = None,
        city: Optional[str] = None,
        state: Optional[str] = None,
        zip_code: Optional[str] = None,
        timezone: Optional[str] = None,
        gstin: Optional[str] = None,
        gst_status: Optional[str] = None,
        account_type: Optional[str] = None,
    ) -> m.CreatedCustomer:
        """Creates a customer. The answer's ``auth_token`` is shown only once: store it now
        (``created.credentials()`` gives an ``AccountCredentials``). Checked before sending:
        email, password rule, E.164 phone, ISO country, GSTIN."""
        return await self._one("create_customer", _args(locals()), m.CreatedCustomer)

    def list(
        self,
        *,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Customer]:
        """Every customer (matching ``search``), lazily, page by page."""
        return self._pages(
            "list_customers", _args({"search": search}), m.Customer, page_size, max_items
        )

    async def onboard_many(
        self,
        customers: Sequence[Mapping[str, Any]],
        *,
        concurrency: int = 4,
        requests_per_second: int = 5,
    ) -> Rows[m.BulkOnboardingRow]:
        """Creates every customer of ``customers`` (dicts with the arguments of
        :meth:`create`) that does not exist yet, ``concurrency`` at a time and at most
        ``requests_per_second`` requests (0: no limit). One row per input, in order:
        ``created`` (with the once-shown ``auth_token``), ``existing`` (found by email: a
        re-run, or an answer lost in transit) or ``failed`` (``error_kind``,
        ``error_message``). Running the same list again creates nothing twice."""
        args = {
            "customers": [dict(c) for c in customers],
            "concurrency": concurrency,
            "requests_per_second": requests_per_second,
        }
        return await self._rows("onboard_customers", args, m.BulkOnboardingRow)

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
        """Runs the partner customer onboarding of seed 002 (create → fund with a safe
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

    async def get(self, customer_auth_id: str) -> m.Customer:
        """One customer by its ``MA_…`` id."""
        return await self._one("get_customer", _args(locals()), m.Customer)

    async def balance(self, customer_auth_id: str) -> m.CustomerBalance:
        """The customer's wallet (``cash_credits``, exact)."""
        return await self._one("customer_balance", _args(locals()), m.CustomerBalance)

    async def transfer_balance(
        self,
        customer_auth_id: str,
        amount: Amount,
        *,
        currency: str,
        description: Optional[str] = None,
    ) -> m.TransferResult:
        """Moves ``amount`` from the partner's wallet to the customer's. Never retried
        blindly: an ambiguous failure raises ``OutcomeUnknownError`` (check the ledger
        before trying again)."""
        return await self._one("transfer_balance", _args(locals()), m.TransferResult)

    async def transfer_balance_safely(
        self,
        customer_auth_id: str,
        amount: Amount,
        *,
        currency: str,
        description: Optional[str] = None,
        reference: Optional[str] = None,
    ) -> m.SafeTransfer:
        """Moves ``amount`` to the customer's wallet, never twice. The transfer carries
        ``reference`` (yours, e.g. an order id, or a generated ``vbz-…``) in its description
        as ``"<description> [ref:<reference>]"``. An ambiguous failure is settled from the
        customer's ledger: found, it is returned (``reconciled``); provably not made, it is
        sent once more. With your own reference a re-run is safe: a transfer already made
        with it is returned (``outcome == "already_done"``), not made again.
        ``OutcomeUnknownError`` (naming the reference) only when both attempts were
        ambiguous and the ledger does not show it: call again with the same reference."""
        return await self._one("transfer_balance_safely", _args(locals()), m.SafeTransfer)

    def transactions(
        self,
        customer_auth_id: str,
        *,
        from_date: Optional[Day] = None,
        to_date: Optional[Day] = None,
        transaction_type: Optional[str] = None,
        account: Optional[str] = None,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Transaction]:
        """The customer's ledger rows, lazily (``transaction_type``: recharge, debit,
        refund, transfer)."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("customer_transactions", args, m.Transaction, page_size, max_items)

    async def transactions_page(
        self,
        customer_auth_id: str,
        *,
        page: int = 1,
        per_page: int = 20,
        from_date: Optional[Day] = None,
        to_date: Optional[Day] = None,
        transaction_type: Optional[str] = None,
        account: Optional[str] = None,
        search: Optional[str] = None,
    ) -> m.TransactionPage:
        """One page of the customer's ledger with its ``summary`` totals."""
        return await self._one("customer_transactions_page", _args(locals()), m.TransactionPage)

    def cdrs(
        self,
        customer_auth_id: str,
        *,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        min_duration: Optional[int] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Cdr]:
        """The customer's call records, lazily (``status``: answered, failed, busy,
        no_answer)."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("customer_cdrs", args, m.Cdr, page_size, max_items)

    async def cdrs_page(
        self,
        customer_auth_id: str,
        *,
        page: int = 1,
        per_page: int = 20,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        min_duration: Optional[int] = None,
    ) -> m.CdrPage:
        """One page of the customer's CDRs with the page's summary."""
        return await self._one("customer_cdrs_page", _args(locals()), m.CdrPage)

    async def cdr(self, customer_auth_id: str, call_uuid: str) -> m.Cdr:
        """One of the customer's CDRs."""
        return await self._one("customer_cdr", _args(locals()), m.Cdr)

    def numbers(
        self,
        customer_auth_id: str,
        *,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.PhoneNumber]:
        """The customer's numbers, lazily."""
        args = _args({"customer_auth_id": customer_auth_id, "search": search})
        return self._pages("customer_numbers", args, m.PhoneNumber, page_size, max_items)

    async def capacity(self, customer_auth_id: str) -> m.CustomerCapacity:
        """The customer's concurrent-call and CPS allocation."""
        return await self._one("customer_capacity", _args(locals()), m.CustomerCapacity)

    async def transfer_capacity(
        self,
        customer_auth_id: str,
        *,
        resource: str,
        slots: int,
        description: Optional[str] = None,
    ) -> m.CapacityTransferResult:
        """Moves ``slots`` of ``resource`` (``concurrent_calls`` or ``cps``) from the
        partner's pool to the customer."""
        return await self._one("transfer_capacity", _args(locals()), m.CapacityTransferResult)

    async def reclaim_capacity(
        self,
        customer_auth_id: str,
        *,
        resource: str,
        slots: int,
        description: Optional[str] = None,
    ) -> m.CapacityTransferResult:
        """Takes ``slots`` of ``resource`` back from the customer."""
        return await self._one("reclaim_capacity", _args(locals()), m.CapacityTransferResult)


class AsyncKycSessions(_AsyncGroup):
    """Hosted KYC sessions for a partner's customers (``/api/v1/partner/kyc-sessions``)."""

    __slots__ = ()

    async def create(
        self,
        account_auth_id: str,
        *,
        flow: str = "email",
        customer_email: Optional[str] = None,
        redirect_url: Optional[str] = None,
        webhook_url: Optional[str] = None,
        expires_in_days: Optional[int] = None,
        reminder_schedule: Optional[Sequence[Mapping[str, Any]]] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> m.KycSessionCreated:
        """Opens a session (``flow``: ``email`` or ``redirect``); a new one revokes the
        customer's active session."""
        args = _args(locals())
        if reminder_schedule is not None:
            args["reminder_schedule"] = [dict(r) for r in reminder_schedule]
        if metadata is not None:
            args["metadata"] = dict(metadata)
        return await self._one("create_kyc_session", args, m.KycSessionCreated)

    def list(
        self,
        *,
        status: Optional[str] = None,
        account_auth_id: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.KycSession]:
        """Sessions, lazily, optionally by status or customer."""
        args = _args({"status": status, "account_auth_id": account_auth_id})
        return self._pages("list_kyc_sessions", args, m.KycSession, page_size, max_items)

    async def get(self, session_id: str) -> m.KycSession:
        """One session."""
        return await self._one("get_kyc_session", _args(locals()), m.KycSession)

    async def resend(self, session_id: str) -> m.KycResend:
        """Sends the link again (at most every 30 minutes: ``RateLimitError`` otherwise)."""
        return await self._one("resend_kyc_session", _args(locals()), m.KycResend)

    async def revoke(self, session_id: str, *, reason: Optional[str] = None) -> m.KycRevocation:
        """Revokes a session that is not finished."""
        return await self._one("revoke_kyc_session", _args(locals()), m.KycRevocation)


class AsyncReports(_AsyncGroup):
    """The weekly ops checks over every customer's numbers, and per-customer invoices. Rows
    are typed; ``Rows.to_pandas()`` makes a DataFrame."""

    __slots__ = ()

    async def renewals_at_risk(
        self, *, within_days: int = 14, as_of: Optional[datetime] = None
    ) -> Rows[m.RenewalRisk]:
        """Numbers renewing within ``within_days`` of ``as_of`` (an aware datetime; now by
        default) whose owner's wallet cannot cover the rental, each owner's renewals counted
        in date order."""
        return await self._rows("renewals_at_risk", _args(locals()), m.RenewalRisk)

    async def unrouted_numbers(self) -> Rows[m.PhoneNumber]:
        """Owned numbers with no application routing (callers are hung up at once)."""
        return await self._rows("unrouted_numbers", {}, m.PhoneNumber)

    async def aadhaar_restricted_numbers(self) -> Rows[m.PhoneNumber]:
        """Numbers that require Aadhaar verification and lack it (India)."""
        return await self._rows("aadhaar_restricted_numbers", {}, m.PhoneNumber)

    async def invoice(self, customer_auth_id: str, *, from_date: Day, to_date: Day) -> m.Invoice:
        """What the customer owes for ``from_date..=to_date``: setup fees of numbers bought
        in it, the monthly rentals due in it, and its call usage."""
        args = _args({"customer_auth_id": customer_auth_id, "from": from_date, "to": to_date})
        return await self._one("invoice", args, m.Invoice)


class AsyncPartner(_AsyncGroup):
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

    async def me(self) -> m.PartnerProfile:
        """The partner's profile and wallet."""
        return await self._one("me", {}, m.PartnerProfile)

    async def dashboard(self) -> m.Dashboard:
        """Customer counts, wallet and traffic totals."""
        return await self._one("dashboard", {}, m.Dashboard)

    async def analytics(
        self, *, from_date: Optional[Day] = None, to_date: Optional[Day] = None
    ) -> m.Dashboard:
        """The dashboard over a period."""
        return await self._one("analytics", _args({"from": from_date, "to": to_date}), m.Dashboard)

    def transactions(
        self,
        *,
        from_date: Optional[Day] = None,
        to_date: Optional[Day] = None,
        transaction_type: Optional[str] = None,
        account: Optional[str] = None,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Transaction]:
        """The partner-wide ledger, lazily."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("transactions", args, m.Transaction, page_size, max_items)

    async def transactions_page(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        from_date: Optional[Day] = None,
        to_date: Optional[Day] = None,
        transaction_type: Optional[str] = None,
        account: Optional[str] = None,
        search: Optional[str] = None,
    ) -> m.TransactionPage:
        """One page of the partner-wide ledger."""
        return await self._one("transactions_page", _args(locals()), m.TransactionPage)

    def cdrs(
        self,
        *,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        min_duration: Optional[int] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Cdr]:
        """Every customer's call records, lazily."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("cdrs", args, m.Cdr, page_size, max_items)

    async def cdrs_page(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        min_duration: Optional[int] = None,
    ) -> m.CdrPage:
        """One page of every customer's CDRs."""
        return await self._one("cdrs_page", _args(locals()), m.CdrPage)

    def numbers(
        self,
        *,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.PhoneNumber]:
        """Every customer's numbers, lazily."""
        return self._pages("numbers", _args({"search": search}), m.PhoneNumber, page_size, max_items)

    def capacity_transfers(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, max_items: Optional[int] = None
    ) -> AsyncPages[m.CapacityTransfer]:
        """The capacity allocation history, lazily."""
        return self._pages("list_capacity_transfers", {}, m.CapacityTransfer, page_size, max_items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth_id={self._native.auth_id!r}, base_url={self._native.base_url!r})"


# ----------------------------------------------------------------------------------------
# Account
# ----------------------------------------------------------------------------------------


class AsyncNumbers(_AsyncGroup):
    """An account's numbers: owned list, inventory, purchase, release, sub-account and
    trunk assignment, health."""

    __slots__ = ()

    def list(
        self,
        *,
        search: Optional[str] = None,
        include_subaccounts: Optional[bool] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.PhoneNumber]:
        """The numbers this account owns, lazily."""
        args = _args({"search": search, "include_subaccounts": include_subaccounts})
        return self._pages("list_numbers", args, m.PhoneNumber, page_size, max_items)

    def inventory(
        self,
        *,
        country: Optional[str] = None,
        search: Optional[str] = None,
        exclude: Optional[Sequence[str]] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.PhoneNumber]:
        """Numbers for sale, lazily."""
        args = _args({"country": country, "search": search})
        if exclude is not None:
            args["exclude"] = list(exclude)
        return self._pages("list_inventory", args, m.PhoneNumber, page_size, max_items)

    async def purchase(self, e164: str, *, currency: Optional[str] = None) -> m.PurchaseResult:
        """Buys a number from the inventory (setup and first monthly fee are debited; a
        sub-account's purchase bills its parent). Never retried blindly."""
        return await self._one("purchase_from_inventory", _args(locals()), m.PurchaseResult)

    async def release(self, e164: str, *, immediate: bool = False) -> m.ReleaseResult:
        """Releases a number (cancellable for 24 hours unless ``immediate``)."""
        return await self._one("release_number", _args(locals()), m.ReleaseResult)

    async def cancel_release(self, e164: str) -> m.CancelReleaseResult:
        """Takes back a release inside its 24-hour window."""
        return await self._one("cancel_release", _args(locals()), m.CancelReleaseResult)

    async def assign_to_sub_account(self, e164: str, sub_account_id: str) -> None:
        """Gives a number to one of this main account's sub-accounts."""
        await self._nothing("assign_to_sub_account", _args(locals()))

    async def unassign_from_sub_account(self, e164: str) -> None:
        """Takes a number back from its sub-account. ``CoolOffError`` (with
        ``cool_off_until``) within 15 days of the number's last call."""
        await self._nothing("unassign_from_sub_account", _args(locals()))

    async def unassign_or_cool_off(self, e164: str) -> m.UnassignOutcome:
        """Takes a number back from its sub-account, or reports its cool-off without
        raising: ``status`` is ``"unassigned"`` or ``"cooling_off"`` (with
        ``cool_off_until`` and ``remaining_seconds`` as the server said)."""
        return await self._one("unassign_or_cool_off", _args(locals()), m.UnassignOutcome)

    async def unassign_when_free(self, e164: str, *, max_wait: float = 0) -> m.UnassignOutcome:
        """``unassign_or_cool_off``, waiting (up to ``max_wait`` seconds) for a cool-off that
        ends within it, then trying again at its end. A longer cool-off is returned at once
        as ``"cooling_off"``; ``max_wait=0`` never waits."""
        args = _args(locals(), max_wait="max_wait_seconds")
        return await self._one("unassign_when_free", args, m.UnassignOutcome)

    async def release_plan(self, dids: Sequence[str]) -> m.ReleasePlan:
        """What releasing each DID takes (an unassign first for a sub-account's) and whether
        it can happen now or when its cool-off ends. Changes nothing."""
        return await self._one("release_plan", {"dids": list(dids)}, m.ReleasePlan)

    async def execute_release_plan(
        self, dids: Sequence[str], *, unassign_only: bool = False, immediate: bool = False
    ) -> m.ReleaseExecution:
        """Plans, then does what can be done now: unassigns the free sub-account DIDs and
        releases them (cancellable for 24 h unless ``immediate``; nothing is released with
        ``unassign_only``). DIDs still cooling off are left and reported; one DID failing
        does not stop the others; a re-run skips what is already releasing."""
        args = {"dids": list(dids), "unassign_only": unassign_only, "immediate": immediate}
        return await self._one("execute_release_plan", args, m.ReleaseExecution)

    async def assign_to_trunk(self, e164: str, trunk_id: str) -> None:
        """Routes a number's calls to a SIP trunk."""
        await self._nothing("assign_number_to_trunk", _args(locals()))

    async def unassign_from_trunk(self, e164: str) -> None:
        """Stops routing a number to its trunk."""
        await self._nothing("unassign_number_from_trunk", _args(locals()))

    async def health(
        self, e164: str, *, granularity: Optional[str] = None, days: Optional[int] = None
    ) -> m.NumberHealth:
        """Answer rates and call counts for a number (``granularity``: day or hour;
        ``days`` 1–90)."""
        return await self._one("number_health", _args(locals()), m.NumberHealth)


class AsyncAccountCdrs(_AsyncGroup):
    """An account's call records."""

    __slots__ = ()

    def list(
        self,
        *,
        from_number: Optional[str] = None,
        to_number: Optional[str] = None,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        min_duration: Optional[int] = None,
        sip_call_id: Optional[str] = None,
        bridge_uuid: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        hangup_disposition: Optional[str] = None,
        context: Optional[str] = None,
        campaign_id: Optional[str] = None,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Cdr]:
        """The CDRs, lazily, filtered."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("list_cdrs", args, m.Cdr, page_size, max_items)

    def search(
        self,
        *,
        from_number: Optional[str] = None,
        to_number: Optional[str] = None,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        min_duration: Optional[int] = None,
        sip_call_id: Optional[str] = None,
        bridge_uuid: Optional[str] = None,
        hangup_cause: Optional[str] = None,
        hangup_disposition: Optional[str] = None,
        context: Optional[str] = None,
        campaign_id: Optional[str] = None,
        search: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Cdr]:
        """The CDR search route, lazily."""
        args = _args(locals())
        args.pop("page_size")
        args.pop("max_items", None)
        return self._pages("search_cdrs", args, m.Cdr, page_size, max_items)

    async def page(
        self,
        *,
        page: int = 1,
        per_page: int = 20,
        from_number: Optional[str] = None,
        to_number: Optional[str] = None,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        search: Optional[str] = None,
    ) -> m.CdrPage:
        """One page of CDRs with its pagination block."""
        return await self._one("cdr_page", _args(locals()), m.CdrPage)

    async def recent(self, *, limit: Optional[int] = None) -> List[m.Cdr]:
        """The latest CDRs."""
        return await self._many("recent_cdrs", _args(locals()), m.Cdr)

    async def get(self, call_uuid: str) -> m.Cdr:
        """One CDR."""
        return await self._one("get_cdr", _args(locals()), m.Cdr)

    async def export(
        self,
        *,
        from_number: Optional[str] = None,
        to_number: Optional[str] = None,
        start_date: Optional[Day] = None,
        end_date: Optional[Day] = None,
        call_direction: Optional[str] = None,
        status: Optional[str] = None,
        search: Optional[str] = None,
    ) -> str:
        """The matching CDRs as CSV text."""
        text: str = await self._native.call("export_cdrs", _args(locals()))
        return text


class AsyncRecordings(_AsyncGroup):
    """An account's call recordings."""

    __slots__ = ()

    def list(
        self,
        *,
        call_uuid: Optional[str] = None,
        recording_type: Optional[str] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.Recording]:
        """Recordings, lazily (``recording_type``: call, conference, trunk)."""
        args = _args({"call_uuid": call_uuid, "recording_type": recording_type})
        return self._pages("list_recordings", args, m.Recording, page_size, max_items)

    async def get(self, recording_id: str) -> m.Recording:
        """One recording."""
        return await self._one("get_recording", _args(locals()), m.Recording)

    async def delete(self, recording_id: str) -> None:
        """Deletes a recording."""
        await self._nothing("delete_recording", _args(locals()))


class AsyncCalls(_AsyncGroup):
    """Outbound calls with the account's own credentials."""

    __slots__ = ()

    async def make(
        self,
        *,
        from_: str,
        to: Union[str, Sequence[str]],
        answer_url: str,
        answer_method: Optional[str] = None,
        ring_url: Optional[str] = None,
        ring_method: Optional[str] = None,
        hangup_url: Optional[str] = None,
        hangup_method: Optional[str] = None,
        fallback_url: Optional[str] = None,
        fallback_method: Optional[str] = None,
        caller_name: Optional[str] = None,
        send_digits: Optional[str] = None,
        send_on_preanswer: Optional[bool] = None,
        time_limit: Optional[int] = None,
        hangup_on_ring: Optional[int] = None,
        ring_timeout: Optional[int] = None,
        machine_detection: Optional[str] = None,
        machine_detection_time: Optional[int] = None,
        machine_detection_url: Optional[str] = None,
        machine_detection_method: Optional[str] = None,
        machine_detection_maximum_speech_length: Optional[int] = None,
        machine_detection_initial_silence: Optional[int] = None,
        machine_detection_maximum_words: Optional[int] = None,
        machine_detection_initial_greeting: Optional[int] = None,
    ) -> m.CallFired:
        """Places a call from ``from_`` to ``to`` (one or several destinations that ring at
        once), driven by the VobizXML at ``answer_url``. Refused while the account's KYC
        blocks calls. Never retried blindly."""
        args = _args(locals(), from_="from")
        args["to"] = [to] if isinstance(to, str) else list(to)
        return await self._one("make_call", args, m.CallFired)


class AsyncSubAccounts(_AsyncGroup):
    """A main account's sub-accounts."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        email: Optional[str] = None,
        password: Optional[str] = None,
        kyc_mode: Optional[str] = None,
        business_type: Optional[str] = None,
        enabled: Optional[bool] = None,
        rate_limit: Optional[int] = None,
        permissions: Optional[Mapping[str, Any]] = None,
        phone: Optional[str] = None,
        description: Optional[str] = None,
    ) -> m.SubAccountCreated:
        """Creates a sub-account (``kyc_mode``: personal_use or customer_use). Its
        credentials are in the answer only: store them now. Never retried blindly."""
        args = _args(locals())
        if permissions is not None:
            args["permissions"] = dict(permissions)
        return await self._one("create_sub_account", args, m.SubAccountCreated)

    def list(
        self,
        *,
        active_only: Optional[bool] = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_items: Optional[int] = None,
    ) -> AsyncPages[m.SubAccountObject]:
        """The sub-accounts, lazily."""
        return self._pages(
            "list_sub_accounts", _args({"active_only": active_only}), m.SubAccountObject,
            page_size, max_items,
        )

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
        """Runs the ``customer_use`` sub-account onboarding of seed 000 (create → KYC by
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


class AsyncTrunks(_AsyncGroup):
    """SIP trunks."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        trunk_direction: Optional[str] = None,
        trunk_status: Optional[str] = None,
        secure: Optional[bool] = None,
        trunk_domain: Optional[str] = None,
        transport: Optional[str] = None,
        inbound_destination: Optional[str] = None,
        description: Optional[str] = None,
        concurrent_calls_limit: Optional[int] = None,
        cps_limit: Optional[int] = None,
        credential_uuid: Optional[str] = None,
        ipacl_uuid: Optional[str] = None,
        primary_uri_uuid: Optional[str] = None,
        fallback_uri_uuid: Optional[str] = None,
        recording: Optional[bool] = None,
        enable_transcription: Optional[bool] = None,
        pii_redaction: Optional[bool] = None,
        pii_entity_types: Optional[str] = None,
        webhook_url: Optional[str] = None,
        webhook_method: Optional[str] = None,
        recording_webhook_enabled: Optional[bool] = None,
    ) -> m.Trunk:
        """Creates a trunk (``trunk_direction``: inbound, outbound or both)."""
        return await self._one("create_trunk", _args(locals()), m.Trunk)

    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, max_items: Optional[int] = None
    ) -> AsyncPages[m.Trunk]:
        """The trunks, lazily."""
        return self._pages("list_trunks", {}, m.Trunk, page_size, max_items)

    async def get(self, trunk_id: str) -> m.Trunk:
        """One trunk."""
        return await self._one("get_trunk", _args(locals()), m.Trunk)

    async def update(
        self,
        trunk_id: str,
        *,
        name: Optional[str] = None,
        trunk_direction: Optional[str] = None,
        trunk_status: Optional[str] = None,
        secure: Optional[bool] = None,
        trunk_domain: Optional[str] = None,
        transport: Optional[str] = None,
        inbound_destination: Optional[str] = None,
        description: Optional[str] = None,
        concurrent_calls_limit: Optional[int] = None,
        cps_limit: Optional[int] = None,
        credential_uuid: Optional[str] = None,
        ipacl_uuid: Optional[str] = None,
        primary_uri_uuid: Optional[str] = None,
        fallback_uri_uuid: Optional[str] = None,
        recording: Optional[bool] = None,
        enable_transcription: Optional[bool] = None,
        pii_redaction: Optional[bool] = None,
        pii_entity_types: Optional[str] = None,
        webhook_url: Optional[str] = None,
        webhook_method: Optional[str] = None,
        recording_webhook_enabled: Optional[bool] = None,
    ) -> m.Trunk:
        """Changes the fields given (a patch)."""
        return await self._one("update_trunk", _args(locals()), m.Trunk)

    async def delete(self, trunk_id: str) -> None:
        """Deletes a trunk (its credentials, ACLs and URIs go with it)."""
        await self._nothing("delete_trunk", _args(locals()))


class AsyncTrunkCredentials(_AsyncGroup):
    """SIP digest credentials for trunks."""

    __slots__ = ()

    async def create(self, *, username: str, password: str) -> m.TrunkCredential:
        """Creates a credential (the password is never printed)."""
        return await self._one("create_trunk_credential", _args(locals()), m.TrunkCredential)

    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, max_items: Optional[int] = None
    ) -> AsyncPages[m.TrunkCredential]:
        """The credentials, lazily."""
        return self._pages("list_trunk_credentials", {}, m.TrunkCredential, page_size, max_items)

    async def update(
        self,
        credential_uuid: str,
        *,
        username: Optional[str] = None,
        password: Optional[str] = None,
    ) -> m.TrunkCredential:
        """Changes the fields given."""
        return await self._one("update_trunk_credential", _args(locals()), m.TrunkCredential)

    async def delete(self, credential_uuid: str) -> None:
        """Deletes a credential."""
        await self._nothing("delete_trunk_credential", _args(locals()))


class AsyncIpAcl(_AsyncGroup):
    """IP access-control entries for trunks."""

    __slots__ = ()

    async def create(self, *, name: str, ip_address: str) -> m.IpAclEntry:
        """Allows an IP address."""
        return await self._one("create_ip_acl", _args(locals()), m.IpAclEntry)

    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, max_items: Optional[int] = None
    ) -> AsyncPages[m.IpAclEntry]:
        """The entries, lazily."""
        return self._pages("list_ip_acl", {}, m.IpAclEntry, page_size, max_items)

    async def update(
        self, ip_acl_uuid: str, *, name: Optional[str] = None, ip_address: Optional[str] = None
    ) -> m.IpAclEntry:
        """Changes the fields given."""
        return await self._one("update_ip_acl", _args(locals()), m.IpAclEntry)

    async def delete(self, ip_acl_uuid: str) -> None:
        """Deletes an entry."""
        await self._nothing("delete_ip_acl", _args(locals()))


class AsyncOriginationUris(_AsyncGroup):
    """Origination URIs (where inbound calls are sent) for trunks."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        sip_uri: str,
        priority: Optional[int] = None,
        weight: Optional[int] = None,
    ) -> m.OriginationUri:
        """Adds a URI."""
        return await self._one("create_origination_uri", _args(locals()), m.OriginationUri)

    def list(
        self, *, page_size: int = DEFAULT_PAGE_SIZE, max_items: Optional[int] = None
    ) -> AsyncPages[m.OriginationUri]:
        """The URIs, lazily."""
        return self._pages("list_origination_uris", {}, m.OriginationUri, page_size, max_items)

    async def update(
        self,
        origination_uri_uuid: str,
        *,
        name: Optional[str] = None,
        sip_uri: Optional[str] = None,
        priority: Optional[int] = None,
        weight: Optional[int] = None,
    ) -> m.OriginationUri:
        """Changes the fields given."""
        return await self._one("update_origination_uri", _args(locals()), m.OriginationUri)

    async def delete(self, origination_uri_uuid: str) -> None:
        """Deletes a URI."""
        await self._nothing("delete_origination_uri", _args(locals()))


class AsyncAccount(_AsyncGroup):
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

    async def details(self) -> m.AccountDetails:
        """The account object."""
        return await self._one("details", {}, m.AccountDetails)

    async def balance(self) -> m.AccountBalance:
        """The wallet (``cash_credits``, exact)."""
        return await self._one("balance", {}, m.AccountBalance)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth_id={self._native.auth_id!r}, base_url={self._native.base_url!r})"


# ----------------------------------------------------------------------------------------
# Sub-account handle
# ----------------------------------------------------------------------------------------


class AsyncKyc(_AsyncGroup):
    """A sub-account's KYC: status, document checks, DigiLocker and hosted sessions."""

    __slots__ = ("_prefix",)

    def __init__(self, native: NativeClient, test_mode: bool = False) -> None:
        super().__init__(native)
        self._prefix = "test_" if test_mode else ""

    async def verify_pan(self, pan: str) -> m.KycVerificationResult:
        """Checks a PAN (the first step for everyone)."""
        return await self._one(self._prefix + "verify_pan", _args(locals()), m.KycVerificationResult)

    async def verify_gst(self, gstin: str) -> m.KycVerificationResult:
        """Checks a GSTIN (companies, LLPs, partnerships)."""
        return await self._one(self._prefix + "verify_gst", _args(locals()), m.KycVerificationResult)

    async def cin_search(self, company_name: str) -> List[m.CinMatch]:
        """Companies registered under a name, to pick the CIN from."""
        return await self._many(self._prefix + "cin_search", _args(locals()), m.CinMatch)

    async def cin_confirm(self, company_name: str, selected_cin: str) -> m.KycVerificationResult:
        """Confirms the company's CIN."""
        return await self._one(self._prefix + "cin_confirm", _args(locals()), m.KycVerificationResult)

    async def digilocker_initiate(
        self, redirect_url: str, *, oauth_state: Optional[str] = None
    ) -> m.DigilockerInitiation:
        """Starts Aadhaar through DigiLocker; send the person to ``auth_url``."""
        return await self._one(
            self._prefix + "digilocker_initiate", _args(locals()), m.DigilockerInitiation
        )

    async def digilocker_verify(
        self, access_request_id: str, *, linked_number: Optional[str] = None
    ) -> m.KycVerificationResult:
        """Completes DigiLocker after the person came back."""
        return await self._one(
            self._prefix + "digilocker_verify", _args(locals()), m.KycVerificationResult
        )


class AsyncKycTest(AsyncKyc):
    """The test-mode KYC routes: same steps, magic inputs (``TESTSUCCESS0001``,
    ``TESTFAIL0001``, ``TESTPENDING001``…), real status changes, no provider."""

    __slots__ = ()

    def __init__(self, native: NativeClient) -> None:
        super().__init__(native, test_mode=True)

    async def finalize_pending(
        self, verification_type: str, outcome: str
    ) -> m.KycVerificationResult:
        """Settles the latest pending mock (``outcome``: verified or failed)."""
        return await self._one("test_finalize_pending", _args(locals()), m.KycVerificationResult)


class AsyncSubAccountKyc(AsyncKyc):
    """A sub-account's KYC on the real routes."""

    __slots__ = ()

    async def status(self) -> m.KycStatus:
        """Where the KYC stands, and whether calls are still blocked."""
        return await self._one("kyc_status", {}, m.KycStatus)

    async def create_session(
        self,
        *,
        customer_email: Optional[str] = None,
        redirect_url: Optional[str] = None,
        webhook_url: Optional[str] = None,
        expires_in_days: Optional[int] = None,
        reminder_days: Optional[Sequence[int]] = None,
        metadata: Optional[Mapping[str, Any]] = None,
    ) -> m.SubAccountKycSessionCreated:
        """A hosted KYC session: ``customer_email`` (email flow) or ``redirect_url``
        (redirect flow). Reminders as days before expiry."""
        args = _args(locals())
        if reminder_days is not None:
            args["reminder_days"] = list(reminder_days)
        if metadata is not None:
            args["metadata"] = dict(metadata)
        return await self._one("create_kyc_session", args, m.SubAccountKycSessionCreated)


class AsyncSubAccount(_AsyncGroup):
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

    async def get(self) -> m.SubAccountObject:
        """The sub-account."""
        return await self._one("get", {}, m.SubAccountObject)

    async def update(
        self,
        *,
        name: Optional[str] = None,
        email: Optional[str] = None,
        phone: Optional[str] = None,
        description: Optional[str] = None,
        rate_limit: Optional[int] = None,
        permissions: Optional[Mapping[str, Any]] = None,
        enabled: Optional[bool] = None,
        kyc_mode: Optional[str] = None,
        business_type: Optional[str] = None,
    ) -> m.SubAccountObject:
        """Changes the fields given."""
        args = _args(locals())
        if permissions is not None:
            args["permissions"] = dict(permissions)
        return await self._one("update", args, m.SubAccountObject)

    async def delete(self) -> None:
        """Deletes the sub-account."""
        await self._nothing("delete", {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self._native.auth_id!r})"
