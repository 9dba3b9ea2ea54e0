"""Shared pieces of the client suites: one test body drives the async clients and their
sync twins (a sync call inside these async tests also exercises "sync client inside a
running loop")."""

from __future__ import annotations

import inspect
from typing import Any, List, Optional, TypeVar, Union

import vobiz_partner as vobiz

T = TypeVar("T")

AnyPartner = Union[vobiz.AsyncPartner, vobiz.Partner]
AnyAccount = Union[vobiz.AsyncAccount, vobiz.Account]


async def r(value: Any) -> Any:
    """The value of a client call, awaited when the client is async."""
    if inspect.isawaitable(value):
        return await value
    return value


async def items(pages: Any, limit: Optional[int] = None) -> List[Any]:
    """Every item of an auto-paging list, async or sync."""
    if hasattr(pages, "__aiter__"):
        got: List[Any] = await pages.to_list(limit)
        return got
    listed: List[Any] = pages.to_list(limit)
    return listed


#: The sandbox commits at once unless a late_commit fault says otherwise, so the test
#: clients need not wait the production settle window after an ambiguous transfer.
SETTLE_WINDOW = 0.3


def test_config(sb: vobiz.Sandbox, **options: Any) -> vobiz.ClientConfig:
    return vobiz.ClientConfig(sb.url, settle_window=SETTLE_WINDOW, **options)


def partner_client(sb: vobiz.Sandbox, mode: str, **options: Any) -> AnyPartner:
    config = test_config(sb, **options)
    if mode == "async":
        return vobiz.AsyncPartner(sb.partner_credentials, config=config)
    return vobiz.Partner(sb.partner_credentials, config=config)


def parent_client(sb: vobiz.Sandbox, mode: str, **options: Any) -> AnyAccount:
    config = test_config(sb, **options)
    if mode == "async":
        return vobiz.AsyncAccount(sb.parent_credentials, config=config)
    return vobiz.Account(sb.parent_credentials, config=config)


async def new_customer(partner: AnyPartner, n: int = 0) -> vobiz.models.CreatedCustomer:
    created: vobiz.models.CreatedCustomer = await r(
        partner.customers.create(
            name=f"Customer {n}",
            email=f"customer{n}@acme.in",
            password="Str0ng!pass",
            country="IN",
            phone="+919876543210",
        )
    )
    return created
