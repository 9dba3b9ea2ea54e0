"""Transport.request against a real loopback server: what is sent, what comes back."""

from __future__ import annotations

import asyncio
import json
import threading
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import vobiz_partner as vobiz
from support import ACCOUNT_ID, CANARY, PARTNER_ID, LoopbackServer, Reply


async def test_get_sends_credentials_user_agent_and_an_encoded_e164_path(
    server: LoopbackServer, transport: vobiz.Transport, account: vobiz.AccountCredentials
) -> None:
    server.reply(Reply(200, {"number": "+918012345678", "monthly_fee": 100}, {"X-Request-Id": "req_get_1"}))
    response = await transport.request(
        account, "GET", f"/api/v1/Account/{ACCOUNT_ID}/Number/+918012345678/", query={"limit": 20}
    )
    assert response.status == 200
    assert response.request_id == "req_get_1"
    assert response.headers["x-request-id"] == "req_get_1"
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"number": "+918012345678", "monthly_fee": 100}
    assert json.loads(response.text) == response.json()
    assert response.content == response.text.encode()
    assert repr(response) == f"<Response 200 GET /api/v1/Account/{ACCOUNT_ID}/Number/%2B918012345678/>"

    [received] = server.received
    assert received.method == "GET"
    assert received.path == f"/api/v1/Account/{ACCOUNT_ID}/Number/%2B918012345678/?limit=20"
    assert received.headers["x-auth-id"] == ACCOUNT_ID
    assert received.headers["x-auth-token"] == CANARY
    assert received.headers["user-agent"] == f"vobiz-partner/{vobiz.__version__} (python)"
    assert received.headers["accept"] == "application/json"
    assert received.body == b""


async def test_an_already_encoded_number_is_not_encoded_twice(
    server: LoopbackServer, transport: vobiz.Transport, account: vobiz.AccountCredentials
) -> None:
    await transport.request(account, "DELETE", f"/api/v1/Account/{ACCOUNT_ID}/Number/%2B918012345678")
    assert server.received[0].path == f"/api/v1/Account/{ACCOUNT_ID}/Number/%2B918012345678"
    assert server.received[0].method == "DELETE"


async def test_post_sends_the_json_body_with_exact_decimals(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(201, {"id": "txn_1", "amount": "500.10"}))
    body = {
        "amount": Decimal("500.10"),
        "fee": Decimal("0.1"),
        "currency": "INR",
        "count": 3,
        "big": 2**63,
        "ratio": 0.25,
        "flags": [True, False, None],
        "nested": {"tuple": (1, "two")},
    }
    response = await transport.request(partner, "POST", "/api/v1/partner/transfer", json=body)
    assert response.status == 201
    assert response.json() == {"id": "txn_1", "amount": "500.10"}

    [received] = server.received
    assert received.method == "POST"
    assert received.headers["content-type"] == "application/json"
    assert received.headers["x-auth-id"] == PARTNER_ID
    sent = json.loads(received.body, parse_float=Decimal)
    assert sent == {
        "amount": Decimal("500.1"),
        "fee": Decimal("0.1"),
        "currency": "INR",
        "count": 3,
        "big": 2**63,
        "ratio": Decimal("0.25"),
        "flags": [True, False, None],
        "nested": {"tuple": [1, "two"]},
    }
    assert b'"amount":500.1' in received.body


async def test_query_values_are_converted_and_encoded(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    await transport.request(
        partner,
        "GET",
        "/api/v1/partner/accounts?page=2",
        query={"status": "answered", "to": "+9180", "ok": True, "skip": None, "id": [1, 2], "min": Decimal("1.50")},
    )
    path = server.received[0].path
    assert path == "/api/v1/partner/accounts?page=2&status=answered&to=%2B9180&ok=true&id=1&id=2&min=1.50"


async def test_empty_bodies_decode_as_none(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(204))
    response = await transport.request(partner, "DELETE", "/api/v1/partner/x")
    assert response.status == 204
    assert response.json() is None
    assert response.text == ""
    assert response.request_id is None


async def test_a_body_that_is_not_json_raises_decode_error_on_json(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(200, b"<html>oops</html>", {"X-Request-Id": "req_html"}))
    response = await transport.request(partner, "GET", "/api/v1/partner/me")
    assert response.text == "<html>oops</html>"
    with pytest.raises(vobiz.DecodeError) as info:
        response.json()
    assert info.value.status == 200
    assert info.value.request_id == "req_html"
    assert info.value.body == "<html>oops</html>"
    assert info.value.method == "GET" and info.value.path == "/api/v1/partner/me"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"method": "TRACE"}, "method"),
        ({"path": "/other/x"}, "path"),
        ({"path": "/api/v1/a/%2F..%2Fb"}, "path"),
        ({"json": {"x": float("nan")}}, "json"),
        ({"json": {"when": object()}}, "json"),
        ({"json": {1: "int key"}}, "json"),
        ({"json": [2**64]}, "json"),
        ({"json": {"amount": Decimal("1234567890123456.789")}}, "json"),
        ({"json": {"amount": Decimal("NaN")}}, "json"),
        ({"query": {"x": object()}}, "query"),
        ({"query": ["not", "a", "mapping"]}, "query"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -2.0}, "timeout"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
async def test_bad_input_is_refused_before_anything_is_sent(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials, kwargs: Any, field: str
) -> None:
    args: Dict[str, Any] = {"method": "POST", "path": "/api/v1/partner/x"}
    args.update(kwargs)
    method, path = args.pop("method"), args.pop("path")
    with pytest.raises(vobiz.ValidationError) as info:
        await transport.request(partner, method, path, **args)
    assert info.value.field == field
    assert server.received == []


async def test_refused_json_names_where_the_bad_value_sits(
    transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    with pytest.raises(vobiz.ValidationError, match=r"json\['items'\]\[1\]\['price'\]"):
        await transport.request(
            partner, "POST", "/api/v1/x", json={"items": [{}, {"price": float("inf")}]}
        )
    deep: List[Any] = []
    deep.append(deep)
    with pytest.raises(vobiz.ValidationError, match="levels deep"):
        await transport.request(partner, "POST", "/api/v1/x", json=deep)


async def test_credentials_must_be_a_credentials_object(transport: vobiz.Transport) -> None:
    with pytest.raises(TypeError, match="PartnerCredentials or AccountCredentials"):
        await transport.request(("PA_X", CANARY), "GET", "/api/v1/x")  # type: ignore[arg-type]


def test_request_needs_a_running_event_loop(transport: vobiz.Transport, partner: vobiz.PartnerCredentials) -> None:
    with pytest.raises(RuntimeError, match="no running event loop"):
        pending = transport.request(partner, "GET", "/api/v1/x")
        pending.close()


async def test_many_concurrent_requests_on_one_loop(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    responses = await asyncio.gather(
        *(transport.request(partner, "GET", f"/api/v1/item/{i}") for i in range(60))
    )
    assert [r.status for r in responses] == [200] * 60
    assert sorted(r.path for r in server.received) == sorted(f"/api/v1/item/{i}" for i in range(60))


async def test_cancelling_a_request_leaves_the_client_usable(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    server.reply(Reply(200, {"slow": True}, delay=2.0), Reply(200, {"fast": True}))
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(transport.request(partner, "GET", "/api/v1/slow"), 0.2)
    response = await transport.request(partner, "GET", "/api/v1/fast")
    assert response.json() == {"fast": True}


def test_requests_from_several_threads_each_with_its_own_loop(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    results: List[int] = []
    lock = threading.Lock()

    def worker() -> None:
        async def run() -> None:
            for _ in range(5):
                r = await transport.request(partner, "GET", "/api/v1/ping")
                with lock:
                    results.append(r.status)

        asyncio.run(run())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [200] * 20


class NoReaderLoop(asyncio.SelectorEventLoop):
    """A loop that cannot watch file descriptors, like Windows' proactor loop."""

    def add_reader(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        raise NotImplementedError


def test_loops_without_add_reader_still_get_their_results(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    loop = NoReaderLoop()
    try:
        server.reply(Reply(200, {"ok": 1}), Reply(404, {"error": "not_found"}))

        async def one(path: str) -> vobiz.Response:
            return await transport.request(partner, "GET", path)

        assert loop.run_until_complete(one("/api/v1/a")).json() == {"ok": 1}
        with pytest.raises(vobiz.NotFoundError):
            loop.run_until_complete(one("/api/v1/b"))

        async def many() -> List[int]:
            rs = await asyncio.gather(*(transport.request(partner, "GET", "/api/v1/c") for _ in range(20)), return_exceptions=True)
            return [getattr(r, "status", 404) for r in rs]

        assert loop.run_until_complete(many()) == [404] * 20
    finally:
        loop.close()
