"""A hostile world: servers that redirect POSTs, announce huge bodies or send timestamps
nobody can read, and bugs (panics) in the Rust core or the binding. Each must reach Python
as a typed, documented result, never hang an `await`, never leak a secret, and leave the
client usable."""

from __future__ import annotations

import asyncio
import datetime
import pickle
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import vobiz_partner as vobiz
from vobiz_partner import _native
from vobiz_partner._errors import _BY_CODE
from clients_support import new_customer, partner_client
from support import CANARY, PARTNER_ID, LoopbackServer, Reply, assert_no_secret

# --- new error kinds ---------------------------------------------------------------------


async def test_a_post_answered_with_a_redirect_is_a_redirect_error(
    server: LoopbackServer, transport: vobiz.Transport, partner: vobiz.PartnerCredentials
) -> None:
    """A 302 to a POST is not followed (it would become a GET): RedirectError, outcome
    unknown, with the status and the target minus its query string."""
    server.reply(
        Reply(302, None, {"Location": f"http://127.0.0.1:9/moved?session={CANARY}#frag"})
    )
    with pytest.raises(vobiz.RedirectError) as info:
        await transport.request(partner, "POST", "/api/v1/partner/accounts", json={"name": "A"})
    exc = info.value
    assert isinstance(exc, vobiz.OutcomeUnknownError) and isinstance(exc, vobiz.VobizError)
    assert exc.code == "REDIRECT"
    assert exc.status == 302
    assert exc.location == "http://127.0.0.1:9/moved"
    assert exc.outcome_unknown is True
    assert exc.attempts == 1
    assert (exc.method, exc.path) == ("POST", "/api/v1/partner/accounts")
    assert_no_secret(exc)
    assert len(server.received) == 1, "the POST was sent once and not re-sent anywhere"
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is vobiz.RedirectError and vars(clone) == vars(exc)


@pytest.mark.parametrize("status", [401, 500])
async def test_a_token_echoed_in_any_encoding_reaches_no_exception_text(
    server: LoopbackServer, status: int
) -> None:
    """The server repeats the caller's token JSON-escaped, with escaped slashes and
    percent-encoded, in the body and in the request id: none of it reaches Python."""
    escaped = "".join(f"\\u{ord(c):04x}" for c in CANARY)
    percent = "".join(f"%{b:02X}" for b in CANARY.encode())
    body = f'{{"message":"token {escaped} at https:\\/\\/x.test\\/?t={percent}","echo":"{CANARY}"}}'
    server.reply(Reply(status, body.encode(), {"X-Request-Id": f"req-{CANARY}", "Content-Type": "application/json"}))
    client = vobiz.AsyncPartner(
        vobiz.PartnerCredentials(PARTNER_ID, CANARY), config=vobiz.ClientConfig(server.url, max_retries=0)
    )
    with pytest.raises(vobiz.VobizError) as info:
        await client.me()
    texts = [str(info.value), repr(info.value)] + [str(v) for v in vars(info.value).values()]
    for text in texts:
        for form in (CANARY, escaped, percent, percent.lower()):
            assert form not in text, text


class _HugeAnswerServer:
    """Answers every request with a declared body far beyond the client's limit (and
    then closes): the client must refuse it before reading it."""

    def __init__(self, status: int = 200) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._status = status
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    conn.sendall(
                        f"HTTP/1.1 {self._status} OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 999999999999\r\nConnection: close\r\n\r\n{".encode()
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self._sock.close()


@pytest.fixture
def huge() -> Iterator[_HugeAnswerServer]:
    srv = _HugeAnswerServer()
    yield srv
    srv.close()


@pytest.mark.parametrize(("method", "unknown"), [("GET", False), ("POST", True)])
async def test_an_oversized_answer_is_response_too_large(
    huge: _HugeAnswerServer, partner: vobiz.PartnerCredentials, method: str, unknown: bool
) -> None:
    transport = vobiz.Transport(vobiz.ClientConfig(huge.url, max_retries=0))
    with pytest.raises(vobiz.ResponseTooLargeError) as info:
        await asyncio.wait_for(
            transport.request(partner, method, "/api/v1/partner/me"), timeout=10
        )
    exc = info.value
    assert exc.code == "RESPONSE_TOO_LARGE"
    assert exc.status == 200
    assert isinstance(exc.limit_bytes, int) and 0 < exc.limit_bytes < 999999999999
    assert exc.outcome_unknown is unknown, "a 2xx to a POST may have made the change"
    assert_no_secret(exc)
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is vobiz.ResponseTooLargeError and vars(clone) == vars(exc)


def test_the_new_classes_are_exported_mapped_and_constructible() -> None:
    for name, kind in [
        ("RedirectError", "REDIRECT"),
        ("ResponseTooLargeError", "RESPONSE_TOO_LARGE"),
        ("InternalError", "INTERNAL"),
    ]:
        cls = getattr(vobiz, name)
        assert name in vobiz.__all__ and name in vobiz.errors.__all__
        assert cls.code == kind and _BY_CODE[kind] is cls
        assert issubclass(cls, vobiz.VobizError) and cls.__doc__
    assert issubclass(vobiz.RedirectError, vobiz.OutcomeUnknownError)
    # By hand, for tests of user code; InternalError is outcome-unknown by nature.
    internal = vobiz.InternalError("boom")
    assert internal.outcome_unknown is True and internal.api_message == "boom"
    redirect = vobiz.RedirectError("moved", status=303, location="https://x.example/")
    assert (redirect.status, redirect.location, redirect.attempts) == (303, "https://x.example/", None)
    too_large = vobiz.ResponseTooLargeError("big", limit_bytes=10)
    for exc in (internal, redirect, too_large):
        clone = pickle.loads(pickle.dumps(exc))
        assert type(clone) is type(exc) and vars(clone) == vars(exc) and str(clone) == str(exc)


# --- panics never cross into Python ------------------------------------------------------

needs_hooks = pytest.mark.skipif(
    not _native._test_hooks,
    reason="the native module was built without the `test-hooks` cargo feature "
    "(`make python-build` enables it)",
)

#: What the binding's deliberate panics say (bindings-python/src/guard.rs); the core's say
#: "deliberate panic".
PANIC_TEXTS = ("tok_PANIC_PAYLOAD_7c1d", "deliberate panic", "binding panic payload")


def panic_in_binding() -> Callable[[str], Any]:
    hook: Optional[Callable[[str], Any]] = getattr(_native, "_panic_in_binding", None)
    assert hook is not None, "_test_hooks is set but _panic_in_binding is missing"
    return hook


def assert_internal(exc: BaseException) -> None:
    assert type(exc) is vobiz.InternalError, f"{type(exc).__name__}: {exc}"
    assert exc.code == "INTERNAL" and exc.outcome_unknown is True
    assert str(exc).startswith("internal error in vobiz-partner")
    texts = [str(exc), repr(exc)] + [str(v) for v in vars(exc).values()]
    for text in texts:
        for payload in PANIC_TEXTS:
            assert payload not in text, text
    assert_no_secret(exc)
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is vobiz.InternalError and vars(clone) == vars(exc)


@pytest.fixture
def sb() -> Iterator[vobiz.Sandbox]:
    with vobiz.Sandbox.start(seed=71) as sandbox:
        yield sandbox


@needs_hooks
async def test_a_core_panic_in_an_async_call_is_an_internal_error(
    sb: vobiz.Sandbox, capfd: pytest.CaptureFixture[str]
) -> None:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    with pytest.raises(vobiz.VobizError) as info:
        # The real native call path of every async method (`_AsyncGroup._one`).
        await asyncio.wait_for(partner._native.call("__panic", {}), timeout=10)
    assert_internal(info.value)
    assert "__panic" in str(info.value)
    with pytest.raises(vobiz.VobizError) as listed:
        partner._native.list("__panic")
    assert_internal(listed.value)
    # The same client carries on.
    me = await asyncio.wait_for(partner.me(), timeout=10)
    assert me.auth_id == sb.partner_credentials.auth_id
    # The hook logged where, never what.
    err = capfd.readouterr().err
    assert "payload withheld" in err
    assert not any(p in err for p in PANIC_TEXTS), err


@needs_hooks
def test_a_core_panic_in_a_sync_call_is_an_internal_error(sb: vobiz.Sandbox) -> None:
    partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    with pytest.raises(vobiz.VobizError) as info:
        partner._native.call_blocking("__panic", {})
    assert_internal(info.value)
    with pytest.raises(vobiz.VobizError) as listed:
        partner._native.list("__panic")
    assert_internal(listed.value)
    assert partner.me().auth_id == sb.partner_credentials.auth_id
    assert len(partner.customers.list(max_items=2).to_list()) >= 0


@needs_hooks
@pytest.mark.parametrize("place", ["task", "convert", "prepare", "lost"])
async def test_a_binding_panic_in_an_awaitable_completes_it_with_internal_error(
    sb: vobiz.Sandbox, place: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """`task`: the spawned tokio task panics; `convert`: the result conversion on the loop
    thread panics; `prepare`: the entry point panics before spawning; `lost`: the task is
    aborted before it answers. In every case the await finishes (bounded by wait_for)."""
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    with pytest.raises(vobiz.VobizError) as info:
        await asyncio.wait_for(panic_in_binding()(place), timeout=5)
    assert_internal(info.value)
    assert f"_panic_in_binding({place})" in str(info.value)
    assert (await partner.me()).auth_id == sb.partner_credentials.auth_id
    assert not any(p in capfd.readouterr().err for p in PANIC_TEXTS)


@needs_hooks
async def test_panicking_awaitables_do_not_disturb_their_neighbours(sb: vobiz.Sandbox) -> None:
    partner = vobiz.AsyncPartner(sb.partner_credentials, base_url=sb.url)
    hook = panic_in_binding()
    awaitables: List[Any] = []
    for _ in range(5):
        awaitables += [hook("task"), partner.me(), hook("convert"), partner._native.call("__panic", {})]
    results = await asyncio.wait_for(asyncio.gather(*awaitables, return_exceptions=True), timeout=20)
    for i, result in enumerate(results):
        if i % 4 == 1:
            assert isinstance(result, vobiz.models.PartnerProfile), result
        else:
            assert isinstance(result, BaseException)
            assert_internal(result)


@needs_hooks
@pytest.mark.parametrize("place", ["blocking", "sync"])
def test_a_binding_panic_in_a_sync_entry_point_is_an_internal_error(
    sb: vobiz.Sandbox, place: str
) -> None:
    """Not pyo3's PanicException (a BaseException quoting the payload)."""
    with pytest.raises(vobiz.VobizError) as info:
        panic_in_binding()(place)
    assert_internal(info.value)
    partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
    assert partner.me().auth_id == sb.partner_credentials.auth_id


def no_reader_loop() -> asyncio.AbstractEventLoop:
    """A loop that cannot watch file descriptors (like Windows' proactor loop): results take
    the `call_soon_threadsafe` path."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise NotImplementedError

    loop = asyncio.SelectorEventLoop()
    setattr(loop, "add_reader", refuse)
    return loop


@needs_hooks
@pytest.mark.parametrize("place", ["task", "convert", "lost"])
def test_a_binding_panic_on_the_fallback_path_completes_the_await(place: str) -> None:
    loop = no_reader_loop()
    try:

        async def run() -> BaseException:
            try:
                await asyncio.wait_for(panic_in_binding()(place), timeout=5)
            except vobiz.VobizError as exc:
                return exc
            raise AssertionError("no error")

        assert_internal(loop.run_until_complete(run()))
    finally:
        loop.close()


EXIT_SCRIPT = """
import asyncio, sys
import vobiz_partner as vobiz
from vobiz_partner import _native

async def main() -> None:
    for place in ("task", "convert", "lost"):
        try:
            await _native._panic_in_binding(place)
        except vobiz.InternalError:
            pass
    # Left in flight at exit: the exit hook aborts it and the process still ends cleanly.
    pending = _native._panic_in_binding("task")
    await asyncio.sleep(0)

asyncio.run(main())
"""


@needs_hooks
def test_a_script_exits_cleanly_right_after_panicking_awaits() -> None:
    def once(_: int) -> "subprocess.CompletedProcess[str]":
        return subprocess.run(
            [sys.executable, "-c", EXIT_SCRIPT], capture_output=True, text=True, timeout=60
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(once, range(12)))
    for proc in runs:
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "payload withheld" in proc.stderr
        assert not any(p in proc.stderr for p in PANIC_TEXTS), proc.stderr
        assert "PanicException" not in proc.stderr


def test_the_test_hooks_flag_is_a_bool() -> None:
    assert isinstance(_native._test_hooks, bool)
    assert hasattr(_native, "_panic_in_binding") is _native._test_hooks


# --- timestamps that do not parse --------------------------------------------------------

PROFILE = {
    "id": "3f1c",
    "auth_id": PARTNER_ID,
    "name": "Hostile",
    "balance": "10.00000",
    "created_at": "the day before yesterday",
    "updated_at": "2026-05-07T09:45:35Z",
    "surprise": "kept",
}


@pytest.fixture(params=["async", "sync"])
def client_mode(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


def creds() -> vobiz.PartnerCredentials:
    return vobiz.PartnerCredentials(PARTNER_ID, CANARY)


async def fetch_me(server: LoopbackServer, mode: str) -> vobiz.models.PartnerProfile:
    if mode == "async":
        return await vobiz.AsyncPartner(creds(), base_url=server.url, max_retries=0).me()
    return vobiz.Partner(creds(), base_url=server.url, max_retries=0).me()


async def test_an_unparseable_timestamp_is_none_with_the_text_kept(
    server: LoopbackServer, client_mode: str
) -> None:
    server.reply(Reply(200, PROFILE))
    me = await fetch_me(server, client_mode)
    assert [r.path for r in server.received] == ["/api/v1/partner/me"]
    # The declared type holds at run time: Optional[datetime], never str.
    assert me.created_at is None
    assert me.updated_at == datetime.datetime(2026, 5, 7, 9, 45, 35, tzinfo=datetime.timezone.utc)
    # The server's text is kept, out of the fields.
    assert me.raw_timestamp("created_at") == "the day before yesterday"
    assert me.raw_timestamp("updated_at") is None
    assert me.unparsed_timestamps == {"created_at": "the day before yesterday"}
    with pytest.raises(AttributeError):
        me.raw_timestamp("no_such_field")
    assert me.extra == {"surprise": "kept"}
    plain = me.to_dict()
    assert plain["created_at"] is None and "$unparsed_timestamps" not in plain
    assert "$unparsed_timestamps" not in plain["extra"]
    assert "unparsed_timestamps={'created_at': 'the day before yesterday'}" in repr(me)
    assert "unparsed_timestamps" in me._repr_html_()
    # Survives pickling and copies; part of equality.
    clone = pickle.loads(pickle.dumps(me))
    assert clone == me and clone.raw_timestamp("created_at") == "the day before yesterday"
    other = vobiz.models.PartnerProfile._from_view({**me.to_dict(), "created_at": None})
    assert other != me and other.unparsed_timestamps == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0000-01-01T00:00:00Z", None),  # parses, but no Python datetime holds year 0
        ("2026-03-25", datetime.datetime(2026, 3, 25)),  # a bare date: midnight, naive
        ("2026-05-07 09:45:35", datetime.datetime(2026, 5, 7, 9, 45, 35)),  # no offset: naive
        ("", None),
        ("2026-13-45T99:99:99Z", None),
    ],
)
async def test_every_timestamp_is_a_datetime_or_none(
    server: LoopbackServer, text: str, expected: Optional[datetime.datetime]
) -> None:
    server.reply(Reply(200, {**PROFILE, "created_at": text}))
    me = await fetch_me(server, "async")
    assert me.created_at == expected
    assert me.created_at is None or isinstance(me.created_at, datetime.datetime)
    assert me.raw_timestamp("created_at") == (text if expected is None else None)


async def test_unparseable_timestamps_in_list_items(server: LoopbackServer, client_mode: str) -> None:
    rows = [
        {"id": "t1", "amount": "1.00000", "created_at": "soon", "updated_at": "2026-01-02T03:04:05+05:30"},
        {"id": "t2", "amount": "2.00000", "created_at": "2026-01-02T03:04:05Z", "processed_at": "never"},
    ]
    server.reply(Reply(200, {"transactions": rows, "page": 1, "per_page": 100, "total": 2}))
    if client_mode == "async":
        got = await vobiz.AsyncPartner(creds(), base_url=server.url).transactions().to_list()
    else:
        got = vobiz.Partner(creds(), base_url=server.url).transactions().to_list()
    assert [t.id for t in got] == ["t1", "t2"]
    first, second = got
    assert first.created_at is None and first.unparsed_timestamps == {"created_at": "soon"}
    assert isinstance(first.updated_at, datetime.datetime) and first.updated_at.utcoffset() == datetime.timedelta(hours=5, minutes=30)
    assert isinstance(second.created_at, datetime.datetime)
    assert second.processed_at is None and second.raw_timestamp("processed_at") == "never"


def test_nested_models_keep_their_own_unparsed_texts() -> None:
    """What the native layer hands over for a nested model (bindings-python/src/view.rs)."""
    view: Dict[str, Any] = {
        "outcome": "sent",
        "timestamp": None,
        "ledger_row": {"id": "t1", "created_at": None, "$unparsed_timestamps": {"created_at": "earlier"}},
        "$unparsed_timestamps": {"timestamp": "later"},
    }
    safe = vobiz.models.SafeTransfer._from_view(view)
    assert safe.timestamp is None and safe.raw_timestamp("timestamp") == "later"
    assert safe.ledger_row is not None and safe.ledger_row.raw_timestamp("created_at") == "earlier"
    assert "$unparsed_timestamps" not in safe.to_dict()["ledger_row"]


# --- Money under a server that commits late, and the limits a client sets ------------------


async def test_a_late_commit_is_settled_not_sent_twice_and_a_too_late_one_is_reported() -> None:
    with vobiz.Sandbox.start(seed=91) as sb:
        customer = (await new_customer(partner_client(sb, "async"), 1)).auth_id
        assert customer is not None
        # The server is still at work when the client gives up; the settle window covers it.
        sb.add_fault("*/transfer-balance", method="POST", late_commit=1.0, count=1)
        patient = vobiz.AsyncPartner(sb.partner_credentials, config=vobiz.ClientConfig(sb.url, settle_window=5))
        done = await patient.customers.transfer_balance_safely(customer, Decimal("3"), currency="INR", reference="late-py")
        assert done.outcome == "reconciled" and done.attempts == 1
        # A server slower than the window: the retry is a second transfer, reported by the
        # next call with the reference, which sends nothing.
        sb.add_fault("*/transfer-balance", method="POST", late_commit=1.0, count=1)
        hasty = vobiz.AsyncPartner(sb.partner_credentials, config=vobiz.ClientConfig(sb.url, settle_window=0.2))
        first = await hasty.customers.transfer_balance_safely(customer, Decimal("4"), currency="INR", reference="slow-py")
        assert first.outcome == "retried"
        await asyncio.sleep(1.5)
        again = await hasty.customers.transfer_balance_safely(customer, Decimal("4"), currency="INR", reference="slow-py")
        assert again.outcome == "duplicated" and again.attempts == 0
        assert len(again.duplicate_rows or []) == 1


async def test_an_unreadable_answer_to_a_transfer_is_outcome_unknown() -> None:
    with vobiz.Sandbox.start(seed=92) as sb:
        partner = vobiz.AsyncPartner(sb.partner_credentials, config=vobiz.ClientConfig(sb.url))
        customer = (await new_customer(partner, 1)).auth_id
        assert customer is not None
        sb.add_fault("*/transfer-balance", method="POST", truncated=True, count=1)
        with pytest.raises(vobiz.VobizError) as caught:
            await partner.customers.transfer_balance(customer, Decimal("1"), currency="INR")
        assert caught.value.outcome_unknown


async def test_the_response_limit_is_a_client_setting() -> None:
    with vobiz.Sandbox.start(seed=93) as sb:
        config = vobiz.ClientConfig(sb.url, max_response_bytes=64)
        assert config.max_response_bytes == 64 and config.settle_window == 120
        partner = vobiz.AsyncPartner(sb.partner_credentials, config=config)
        with pytest.raises(vobiz.ResponseTooLargeError) as caught:
            await partner.me()
        assert caught.value.limit_bytes == 64 and not caught.value.outcome_unknown
        for bad in ({"max_response_bytes": 0}, {"settle_window": -1.0}):
            with pytest.raises(vobiz.ValidationError):
                vobiz.ClientConfig(sb.url, **bad)


def test_the_sandbox_clock_refuses_times_it_cannot_hold_and_goes_back_exactly() -> None:
    with vobiz.Sandbox.start(seed=94) as sb:
        at = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
        assert sb.set_clock(at) - at < datetime.timedelta(seconds=5)
        for bad in (datetime.datetime(1000, 1, 1, tzinfo=datetime.timezone.utc), datetime.datetime(1969, 12, 31, tzinfo=datetime.timezone.utc)):
            with pytest.raises(ValueError):
                sb.set_clock(bad)
        with pytest.raises(ValueError):
            sb.advance_clock(1e15)
        assert sb.now().year == 2020
