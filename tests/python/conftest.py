"""Fixtures: a fresh loopback server per test, a transport pointed at it, credentials."""

from __future__ import annotations

from typing import Iterator

import pytest

import vobiz_partner as vobiz
from support import ACCOUNT_ID, CANARY, PARTNER_ID, LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    yield srv
    srv.close()


@pytest.fixture
def transport(server: LoopbackServer) -> vobiz.Transport:
    return vobiz.Transport(vobiz.ClientConfig(server.url, max_retries=0))


@pytest.fixture
def partner() -> vobiz.PartnerCredentials:
    return vobiz.PartnerCredentials(PARTNER_ID, CANARY)


@pytest.fixture
def account() -> vobiz.AccountCredentials:
    return vobiz.AccountCredentials(ACCOUNT_ID, CANARY)


@pytest.fixture(params=["async", "sync"])
def mode(request: pytest.FixtureRequest) -> str:
    """Which client family a client-suite test drives: the async clients or the sync twins."""
    value: str = request.param
    return value
