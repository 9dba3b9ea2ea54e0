"""Resumable onboarding through the Python clients, async and sync: credentials handed over
before the state that follows them is saved, a run interrupted by a lost answer resumed
without a second account or number, and a customer run stopping at pending KYC. Then the
core's one driver with the caller's code failing: a raising credentials callback (plain or
async) → the state with the new id saved without the secret, the exception itself raised,
a re-run creating nothing twice; async stores and callbacks awaited; a raising save or
progress propagating as itself; the sync clients refusing async functions."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from clients_support import items, parent_client, partner_client, r

SUB_PLAN: Dict[str, Any] = {
    "name": "Acme Support",
    "email": "support@acme.in",
    "business_type": "private_limited",
    "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
    "test_mode": True,
    "number": {"country": "IN", "region": "Mumbai", "max_monthly_fee": "250"},
    "first_call": {"to": "+919876543210", "answer_url": "https://acme.example/answer"},
}

CUSTOMER_PLAN: Dict[str, Any] = {
    "customer": {
        "name": "Asha Rao", "email": "asha@acme.in", "password": "Str0ng!pass",
        "phone": "+919876543210", "country": "IN",
    },
    "funding": "500.00",
    "currency": "INR",
    "kyc": {"flow": "email", "webhook_url": "https://acme.example/kyc"},
    "trunk": {"name": "asha-main"},
}


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=61) as sandbox:
        yield sandbox


class Vault:
    """Where the caller keeps once-shown credentials; records what the state file held
    when they arrived."""

    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file
        self.credentials: List[Dict[str, str]] = []
        self.file_at_handover: List[str] = []

    def __call__(self, creds: m.OnceShownCredentials) -> None:
        assert creds.auth_id and creds.auth_token
        self.file_at_handover.append(self.state_file.read_text() if self.state_file.exists() else "")
        self.credentials.append({"auth_id": creds.auth_id, "auth_token": creds.auth_token.reveal()})


async def test_sub_account_onboarding_resumes_after_a_lost_answer(
    sb: vobiz.Sandbox, mode: str, tmp_path: Path
) -> None:
    parent = parent_client(sb, mode)
    state_file = tmp_path / "onboarding.json"
    vault = Vault(state_file)
    steps: List[str] = []

    sb.add_fault("*/numbers/purchase-from-inventory", method="POST", reset_after=True, count=1)
    with pytest.raises(vobiz.OutcomeUnknownError):
        await r(parent.sub_accounts.onboard(
            SUB_PLAN, store=state_file, on_credentials=vault, progress=lambda rep: steps.append(rep.step or "")
        ))
    assert len(vault.credentials) == 1
    sub_id = vault.credentials[0]["auth_id"]
    assert sub_id not in vault.file_at_handover[0], "credentials are handed before any state names the account"
    saved = json.loads(state_file.read_text())
    assert saved["sub_account_id"] == sub_id
    assert vault.credentials[0]["auth_token"] not in state_file.read_text(), "no secret in the state"

    result = await r(parent.sub_accounts.onboard(
        SUB_PLAN,
        store=vobiz.FileStateStore(state_file),
        on_credentials=vault,
        progress=lambda rep: steps.append(rep.step or ""),
        sub_account_credentials=vault.credentials[0],
    ))
    assert isinstance(result, vobiz.OnboardingResult)
    assert result.finished and result.waiting_for is None
    assert len(vault.credentials) == 1, "the sub-account was created once"
    assert "create_sub_account" in steps and steps.count("create_sub_account") == 1
    subs = await items(parent.sub_accounts.list())
    assert [s.auth_id for s in subs] == [sub_id]
    owned = await items(parent.numbers.list(include_subaccounts=True))
    assert len(owned) == 1, "one number bought although the purchase answer was lost"
    assert owned[0].e164 == result.state["e164"]


async def test_customer_onboarding_waits_for_kyc_then_finishes(
    sb: vobiz.Sandbox, mode: str, tmp_path: Path
) -> None:
    partner = partner_client(sb, mode)
    handed: List[m.OnceShownCredentials] = []
    store = vobiz.FileStateStore(tmp_path / "customer.json")
    first = await r(partner.customers.onboard(CUSTOMER_PLAN, store=store, on_credentials=handed.append))
    assert not first.finished and first.waiting_for == "kyc"
    assert [rep.step for rep in first.reports][:2] == ["create_customer", "fund"]
    assert len(handed) == 1 and handed[0].auth_token

    sb.complete_kyc_session(first.state["kyc_session_id"])
    creds = {"auth_id": handed[0].auth_id, "auth_token": handed[0].auth_token}
    done = await r(partner.customers.onboard(
        CUSTOMER_PLAN, store=store, on_credentials=handed.append, customer_credentials=creds
    ))
    assert done.finished
    assert len(handed) == 1
    customers = await items(partner.customers.list())
    assert len(customers) == 1
    balance = await r(partner.customers.balance(first.state["customer_auth_id"]))
    assert str(balance.cash_credits) == "500.00000", "funded exactly once"


def test_sync_clients_refuse_an_async_credentials_callback(sb: vobiz.Sandbox, tmp_path: Path) -> None:
    parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)

    async def keep(creds: m.OnceShownCredentials) -> None:
        pass

    with pytest.raises(TypeError, match="plain function"):
        parent.sub_accounts.onboard(SUB_PLAN, store=tmp_path / "s.json", on_credentials=keep)
    assert not (tmp_path / "s.json").exists(), "refused before any step ran"
    assert parent.sub_accounts.list().to_list() == []


def test_progress_shows_a_tqdm_bar_when_tqdm_is_installed(
    sb: vobiz.Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")  # tqdm is in requirements-dev; users may not have it
    parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)
    parent.sub_accounts.onboard(
        {**SUB_PLAN, "first_call": None}, store=tmp_path / "bar.json", on_credentials=lambda c: None
    )
    err = capsys.readouterr().err
    assert "onboarding" in err and "step" in err


# ---------------------------------------------------------------------------------------
# The core's driver with the caller's code failing: decided once, in the core
# ---------------------------------------------------------------------------------------


class VaultDown(Exception):
    """The caller's own exception class: it must come back as itself."""


class MemoryStore:
    """A store in memory whose methods are plain or ``async def``, recording every save."""

    def __init__(self, asynchronous: bool = False, fail_save_from: int = 0) -> None:
        self.state: Optional[Dict[str, Any]] = None
        self.saves: List[Dict[str, Any]] = []
        self.fail_save_from = fail_save_from
        self.asynchronous = asynchronous

    def _save(self, state: Dict[str, Any]) -> None:
        if self.fail_save_from and len(self.saves) + 1 >= self.fail_save_from:
            raise StoreBroken("the database is read-only")
        self.saves.append(json.loads(json.dumps(state)))
        self.state = state

    def load(self) -> Any:
        if self.asynchronous:
            async def later() -> Optional[Dict[str, Any]]:
                await asyncio.sleep(0)
                return self.state
            return later()
        return self.state

    def save(self, state: Dict[str, Any]) -> Any:
        if self.asynchronous:
            async def later() -> None:
                await asyncio.sleep(0)
                self._save(state)
            return later()
        self._save(state)
        return None


class StoreBroken(Exception):
    pass


def failing_vault(asynchronous: bool, boom: BaseException, seen: List[m.OnceShownCredentials]) -> Any:
    if asynchronous:
        async def vault(creds: m.OnceShownCredentials) -> None:
            await asyncio.sleep(0)
            seen.append(creds)
            raise boom
        return vault

    def plain_vault(creds: m.OnceShownCredentials) -> None:
        seen.append(creds)
        raise boom
    return plain_vault


@pytest.mark.parametrize("callback", ["plain", "async"])
async def test_a_raising_credentials_callback_saves_the_id_then_raises_its_exception(
    sb: vobiz.Sandbox, mode: str, callback: str, tmp_path: Path
) -> None:
    if mode == "sync" and callback == "async":
        pytest.skip("the sync clients refuse an async callback (test above)")
    parent = parent_client(sb, mode)
    state_file = tmp_path / "vault.json"
    boom = VaultDown("the vault is down")
    seen: List[m.OnceShownCredentials] = []
    with pytest.raises(VaultDown) as raised:
        await r(parent.sub_accounts.onboard(
            SUB_PLAN, store=state_file, on_credentials=failing_vault(callback == "async", boom, seen)
        ))
    assert raised.value is boom, "the caller's own exception object, unchanged"

    assert len(seen) == 1 and seen[0].auth_token is not None
    sub_id = seen[0].auth_id
    token = seen[0].auth_token.reveal()
    saved = json.loads(state_file.read_text())
    assert saved["sub_account_id"] == sub_id, "the state with the new id is saved"
    assert saved["completed"] == ["create_sub_account"]
    assert token not in state_file.read_text(), "never the secret"

    # A re-run resumes after the create step: the account is not created twice.
    vault = Vault(state_file)
    steps: List[str] = []
    result = await r(parent.sub_accounts.onboard(
        SUB_PLAN, store=state_file, on_credentials=vault, progress=lambda rep: steps.append(rep.step or ""),
        sub_account_credentials={"auth_id": sub_id, "auth_token": seen[0].auth_token},
    ))
    assert result.finished
    assert vault.credentials == [], "no second account, so no second hand-over"
    assert steps[0] == "kyc" and "create_sub_account" not in steps
    assert [rep.step for rep in result.reports] == steps
    subs = await items(parent.sub_accounts.list())
    assert [s.auth_id for s in subs] == [sub_id]


async def test_async_store_and_callbacks_are_awaited(sb: vobiz.Sandbox, tmp_path: Path) -> None:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    store = MemoryStore(asynchronous=True)
    events: List[str] = []

    async def vault(creds: m.OnceShownCredentials) -> None:
        await asyncio.sleep(0)
        assert store.state is None, "credentials handed over before the first save"
        events.append("credentials")

    async def progress(report: m.StepReport) -> None:
        await asyncio.sleep(0)
        events.append(report.step or "")

    first = await partner.customers.onboard(CUSTOMER_PLAN, store=store, on_credentials=vault, progress=progress)
    assert first.waiting_for == "kyc"
    assert events == ["credentials", "create_customer", "fund", "kyc_session", "wait_kyc"]
    assert len(store.saves) == 4 and store.saves[-1] == first.state
    assert first.state["customer_auth_id"] and "auth_token" not in json.dumps(store.saves)


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_raising_save_or_progress_propagates_as_itself(
    sb: vobiz.Sandbox, asynchronous: bool
) -> None:
    parent = vobiz.AsyncAccount(sb.parent_credentials, base_url=sb.url)
    store = MemoryStore(asynchronous=asynchronous, fail_save_from=2)
    with pytest.raises(StoreBroken):
        await parent.sub_accounts.onboard(SUB_PLAN, store=store, on_credentials=lambda c: None)
    assert [s["completed"] for s in store.saves] == [["create_sub_account"]]

    stop = KeyError("enough")

    def progress(report: m.StepReport) -> None:
        if report.step == "kyc":
            raise stop

    resumed = MemoryStore(asynchronous=asynchronous)
    resumed.state = store.state
    with pytest.raises(KeyError) as raised:
        await parent.sub_accounts.onboard(SUB_PLAN, store=resumed, on_credentials=lambda c: None, progress=progress)
    assert raised.value is stop
    assert resumed.state is not None and resumed.state["completed"] == ["create_sub_account", "kyc"], (
        "the reported step was saved before progress saw it"
    )


def test_sync_clients_refuse_async_store_methods_and_progress(sb: vobiz.Sandbox) -> None:
    parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)

    async def progress(report: m.StepReport) -> None:
        pass

    with pytest.raises(TypeError, match="progress is an async function"):
        parent.sub_accounts.onboard(SUB_PLAN, store=MemoryStore(), on_credentials=lambda c: None, progress=progress)

    class AsyncStore:
        async def load(self) -> None:
            return None

        async def save(self, state: Dict[str, Any]) -> None:
            pass

    with pytest.raises(TypeError, match="store.load is an async function"):
        parent.sub_accounts.onboard(SUB_PLAN, store=AsyncStore(), on_credentials=lambda c: None)
    # A plain function that returns an awaitable anyway is refused when it is called.
    store = MemoryStore(asynchronous=True)
    with pytest.raises(TypeError, match="store.load returned an awaitable"):
        parent.sub_accounts.onboard(SUB_PLAN, store=store, on_credentials=lambda c: None)
    assert parent.sub_accounts.list().to_list() == [], "refused before any step ran"
    with pytest.raises(TypeError, match="load"):
        parent.sub_accounts.onboard(SUB_PLAN, store=object(), on_credentials=lambda c: None)  # type: ignore[arg-type]
