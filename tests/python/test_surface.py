"""The generated client surface: every public method documented, arguments handed to the core
as it reads them, the request TypedDicts usable as annotations, and the one-step onboarding
operations the drivers run, callable on their own."""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any, Iterator, List, Tuple

import pytest

import vobiz_partner as vobiz
from vobiz_partner import models as m
from vobiz_partner import requests as rq
from vobiz_partner._arguments import args
from vobiz_partner._async_client import AsyncKycSessions, AsyncReports, AsyncTrunks
from vobiz_partner._sync_client import Calls, Customers
from clients_support import parent_client, partner_client, r


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=71) as sandbox:
        yield sandbox


def groups(client: Any) -> List[Tuple[str, Any]]:
    out = [("client", client)]
    for name in getattr(type(client), "__slots__", ()):
        out.append((name, getattr(client, name)))
    return out


def test_every_public_method_is_documented(sb: vobiz.Sandbox) -> None:
    parent = vobiz.AsyncAccount(sb.parent_credentials, base_url=sb.url)
    clients = [
        vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url),
        vobiz.Partner(sb.partner_credentials, base_url=sb.url),
        parent,
        vobiz.Account(sb.parent_credentials, base_url=sb.url),
        parent.sub_account("SA_ABCDEFGH"),
    ]
    for client in clients:
        for group, obj in groups(client):
            for name, method in inspect.getmembers(type(obj), inspect.isfunction):
                if name.startswith("_"):
                    continue
                doc = inspect.getdoc(method) or ""
                where = f"{type(client).__name__}.{group}.{name}"
                assert doc, f"{where} has no docstring"
                params = [p for p in inspect.signature(method).parameters if p != "self"]
                if params:
                    assert "Args:" in doc or name in ("onboard", "handle", "customer", "sub_account"), where
                for word in ("seed 0", "spec §", "DESIGN principle"):
                    assert word not in doc or name == "onboard", f"{where}: {word}"


def test_signatures_keep_their_shape() -> None:
    create = inspect.signature(AsyncKycSessions.create)
    kinds = {name: p.kind for name, p in create.parameters.items()}
    assert kinds["account_auth_id"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert create.parameters["flow"].default == "email"
    make = inspect.signature(Calls.make)
    assert "from_" in make.parameters and "from" not in make.parameters
    assert make.parameters["from_"].kind is inspect.Parameter.KEYWORD_ONLY
    invoice = inspect.signature(AsyncReports.invoice)
    assert list(invoice.parameters) == ["self", "customer_auth_id", "from_date", "to_date"]
    listed = inspect.signature(Customers.list)
    assert listed.parameters["page_size"].default == 100
    assert listed.parameters["max_items"].default is None
    trunk = inspect.signature(AsyncTrunks.create)
    assert trunk.parameters["name"].default is inspect.Parameter.empty, "required on create"
    update = inspect.signature(AsyncTrunks.update)
    assert update.parameters["name"].default is None, "a patch"


def test_arguments_reach_the_core_as_plain_values() -> None:
    token = vobiz.Secret("tok_live_1")
    got = args({
        "a": None,
        "b": ("x", "y"),
        "c": {"auth_token": token, "nested": [{"k": (1, 2)}]},
        "d": Decimal("1.50"),
        "e": "text",
        "f": {1, 1},
    })
    assert got == {
        "b": ["x", "y"],
        "c": {"auth_token": "tok_live_1", "nested": [{"k": [1, 2]}]},
        "d": Decimal("1.50"),
        "e": "text",
        "f": [1],
    }


async def test_one_onboarding_step_through_the_generated_method(sb: vobiz.Sandbox, mode: str) -> None:
    partner = partner_client(sb, mode)
    plan: rq.CustomerPlan = {
        "customer": {
            "name": "Asha Rao", "email": "asha@acme.in", "password": "Str0ng!pass", "country": "IN",
        },
        "kyc": {"flow": "email"},
    }
    step = await r(partner.customers.onboarding_step(plan))
    assert isinstance(step, m.OnboardingStep)
    assert step.report is not None and step.report.step == "create_customer"
    credentials = step.report.credentials
    assert credentials is not None, "the once-shown credentials come with the step"
    assert credentials.auth_token is not None
    assert credentials.auth_token.reveal() not in repr(step)
    assert step.state is not None and step.state.customer_auth_id == credentials.auth_id

    given: rq.GivenCredentials = {"auth_id": credentials.auth_id or "", "auth_token": credentials.auth_token}
    again = await r(partner.customers.onboarding_step(
        plan, step.state.to_dict(), customer_credentials=given
    ))
    assert again.report is not None and again.report.step == "fund"
    assert again.state is not None and again.state.completed == ["create_customer", "fund"]


async def test_structured_values_accept_typed_dicts_and_mappings(sb: vobiz.Sandbox, mode: str) -> None:
    parent = parent_client(sb, mode)
    permissions: rq.SubAccountPermissions = {"calls": True, "cdr": False}
    sub = await r(parent.sub_accounts.create(name="Typed", kyc_mode="personal_use", permissions=permissions))
    assert sub.sub_account is not None and sub.sub_account.auth_id
    acl = await r(parent.ip_acl.create(name="office", ip_address="49.36.10.7"))
    assert acl.name == "office"
    with pytest.raises(vobiz.ValidationError) as missing:
        await r(parent.ip_acl.create(name="office", ip_address=None))  # type: ignore[arg-type]
    assert missing.value.field == "ip_address"
