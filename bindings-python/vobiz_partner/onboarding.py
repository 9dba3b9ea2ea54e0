"""Where a resumable onboarding keeps its state between steps, and the call into the core's
driver.

The onboarding state machines and their driver live in the Rust core
(``workflows::onboarding::run_onboarding``); the clients' ``sub_accounts.onboard(...)`` and
``customers.onboard(...)`` call :func:`run_onboarding` (async clients) or
:func:`run_onboarding_sync` (sync clients), which check the arguments and hand the caller's
store and callbacks to the native driver. It saves the state after every step through a
store: any object with ``load()`` (the saved state, or ``None`` to start) and
``save(state)``. :class:`FileStateStore` (the default when a path is given) writes a JSON
file atomically through the core. The state holds ids and references only, never a secret.

What happens when something fails is the core's, the same in every language:

- the credentials callback raises: the state (with the new account's id, never its secret)
  **is saved**, then the callback's own exception propagates unchanged; a re-run resumes
  without creating the account again;
- a step fails: the state is saved, then the step's error propagates;
- ``store.save`` raises: the run stops with that exception (a save made while recording
  one of the failures above that raises too does not replace that failure);
- ``progress`` raises: the run stops with that exception; the step it reported is done and
  saved, so a re-run continues with the next one.

In the async clients ``store.load``, ``store.save``, ``on_credentials`` and ``progress`` may
be plain functions or ``async def`` ones; the sync clients take plain functions only (an
``async def`` one is refused before any step runs).
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Protocol, Tuple, Union

from . import models as m
from ._native import NativeClient, load_state_file, save_state_file

__all__ = [
    "StateStore",
    "FileStateStore",
    "OnboardingResult",
    "store_of",
    "hand_over",
    "hand_over_sync",
    "check_callback",
    "check_callback_sync",
    "progress_bar",
    "run_onboarding",
    "run_onboarding_sync",
]

State = Dict[str, Any]


class StateStore(Protocol):
    """Keeps one onboarding's state: a database row, a cache key, a file. With the async
    clients ``load`` and ``save`` may be ``async def`` (they are awaited); the sync clients
    need plain methods."""

    def load(self) -> Union[Optional[State], Awaitable[Optional[State]]]:
        """The saved state, or ``None`` when the onboarding has not started."""

    def save(self, state: State) -> Union[None, Awaitable[None]]:
        """Replaces the saved state (called after every step)."""


class FileStateStore:
    """The state as a JSON file, replaced atomically (temporary file, ``fsync``, rename) so
    a crash never leaves half a state behind."""

    __slots__ = ("path",)

    def __init__(self, path: Union[str, "os.PathLike[str]"]) -> None:
        self.path = os.fspath(path)

    def load(self) -> Optional[State]:
        return load_state_file(self.path)

    def save(self, state: State) -> None:
        save_state_file(self.path, state)

    def __repr__(self) -> str:
        return f"FileStateStore({self.path!r})"


def store_of(store: Union[StateStore, str, "os.PathLike[str]"]) -> StateStore:
    """A path becomes a :class:`FileStateStore`; a store is used as it is."""
    if isinstance(store, (str, os.PathLike)):
        return FileStateStore(store)
    return store


@dataclass
class OnboardingResult:
    """Where an onboarding run stopped."""

    #: The state as saved last (run again with the same store to continue).
    state: State
    #: Whether every step is done.
    finished: bool
    #: What a stopped run waits for (``"kyc"``), or ``None``.
    waiting_for: Optional[str]
    #: The steps this run made, in order.
    reports: List[m.StepReport] = field(default_factory=list)


def progress_bar() -> Any:
    """A tqdm bar when tqdm is installed (never required), else ``None``."""
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None
    return tqdm(unit="step", desc="onboarding")


async def hand_over(
    on_credentials: Callable[[m.OnceShownCredentials], Any], credentials: m.OnceShownCredentials
) -> None:
    """Gives the once-shown credentials to the caller (awaiting an async callback)."""
    handed = on_credentials(credentials)
    if inspect.isawaitable(handed):
        await handed


def hand_over_sync(
    on_credentials: Callable[[m.OnceShownCredentials], Any], credentials: m.OnceShownCredentials
) -> None:
    """The sync clients' :func:`hand_over`: an async callback cannot run here, and skipping
    it would lose the credentials, so it is refused."""
    handed = on_credentials(credentials)
    if inspect.isawaitable(handed):
        close = getattr(handed, "close", None)
        if close is not None:
            close()
        raise TypeError("on_credentials returned an awaitable: the sync clients need a plain function")


def check_callback(on_credentials: Callable[[m.OnceShownCredentials], Any]) -> None:
    """The async clients await whatever the callback returns: any callable will do."""
    if not callable(on_credentials):
        raise TypeError("on_credentials must be callable")


def check_callback_sync(on_credentials: Callable[[m.OnceShownCredentials], Any]) -> None:
    """The sync clients refuse an ``async def`` callback before any step runs (it could not
    be awaited, and the once-shown credentials would be lost)."""
    check_callback(on_credentials)
    if inspect.iscoroutinefunction(on_credentials):
        raise TypeError("on_credentials is an async function: the sync clients need a plain function")


# ----------------------------------------------------------------------------------------
# The call into the core's driver
# ----------------------------------------------------------------------------------------

#: The argument each flow takes the account's own credentials under.
CREDENTIALS_KEYS = ("sub_account_credentials", "customer_credentials")

Store = Union[StateStore, str, "os.PathLike[str]"]


def given_credentials(credentials: Optional[Mapping[str, Any]]) -> Optional[Dict[str, str]]:
    """``{"auth_id", "auth_token"}`` for the driver (the token as text: a ``Secret`` is
    revealed only to be handed to the core)."""
    if credentials is None:
        return None
    if not isinstance(credentials, Mapping):
        raise TypeError("the account's credentials must be a mapping with auth_id and auth_token")
    token = credentials["auth_token"]
    return {
        "auth_id": str(credentials["auth_id"]),
        "auth_token": token.reveal() if hasattr(token, "reveal") else str(token),
    }


class _Progress:
    """The driver's progress callback: the caller's (given a ``StepReport``), or a tqdm bar
    when none was given and tqdm is installed."""

    __slots__ = ("progress", "bar")

    def __init__(self, progress: Optional[Callable[[m.StepReport], Any]]) -> None:
        if progress is not None and not callable(progress):
            raise TypeError("progress must be callable")
        self.progress = progress
        self.bar = progress_bar() if progress is None else None

    def __call__(self, view: Dict[str, Any]) -> Any:
        report = m.StepReport._from_view(view)
        if self.progress is not None:
            return self.progress(report)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{report.step}: {report.outcome}")
            self.bar.update(1)
        return None

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _hand_over_to(
    on_credentials: Callable[[m.OnceShownCredentials], Any],
) -> Callable[[Dict[str, Any]], Any]:
    """The driver's credentials callback: the caller's, given an ``OnceShownCredentials``
    (what it returns, an awaitable included, goes back to the driver as is)."""

    def hand_over(view: Dict[str, Any]) -> Any:
        return on_credentials(m.OnceShownCredentials._from_view(view))

    return hand_over


def _arguments(
    op: str,
    plan: Mapping[str, Any],
    store: Store,
    max_wait: float,
    credentials_key: str,
    credentials: Optional[Mapping[str, Any]],
) -> Tuple[Dict[str, Any], StateStore]:
    if not isinstance(op, str):
        raise TypeError("op must be the onboarding's step operation name")
    if not isinstance(plan, Mapping):
        raise TypeError("plan must be a mapping")
    if credentials_key not in CREDENTIALS_KEYS:
        raise ValueError(f"credentials_key must be one of {', '.join(CREDENTIALS_KEYS)}")
    if isinstance(max_wait, bool) or not isinstance(max_wait, (int, float)):
        raise TypeError("max_wait must be a number of seconds")
    saved = store_of(store)
    if not (callable(getattr(saved, "load", None)) and callable(getattr(saved, "save", None))):
        raise TypeError("store must be a path or an object with load() and save(state)")
    args: Dict[str, Any] = {"plan": dict(plan), "max_wait_seconds": max_wait}
    given = given_credentials(credentials)
    if given is not None:
        args[credentials_key] = given
    return args, saved


def _result(answer: Dict[str, Any]) -> OnboardingResult:
    return OnboardingResult(
        state=answer["state"],
        finished=bool(answer["finished"]),
        waiting_for=answer["waiting_for"],
        reports=[m.StepReport._from_view(report) for report in answer["reports"]],
    )


async def run_onboarding(
    native: NativeClient,
    op: str,
    plan: Mapping[str, Any],
    store: Store,
    on_credentials: Callable[[m.OnceShownCredentials], Any],
    progress: Optional[Callable[[m.StepReport], Any]],
    max_wait: float,
    credentials_key: str,
    credentials: Optional[Mapping[str, Any]],
) -> OnboardingResult:
    """Runs a whole onboarding with the core's driver (the async clients' ``onboard``).

    ``op`` is the flow's step operation (``sub_account_onboarding_step`` on a main
    account's client, ``customer_onboarding_step`` on the partner's); ``store`` a path (a
    :class:`FileStateStore`) or any object with ``load()``/``save(state)``;
    ``on_credentials`` gets the once-shown ``OnceShownCredentials`` before the state naming
    the account is saved; ``progress`` each ``StepReport`` (a tqdm bar when ``None`` and tqdm
    is installed); ``credentials`` (under ``credentials_key``) the account's own key for the
    steps that need it. Each of the caller's functions may be an ``async def``. See the module
    docs for what happens when one of them raises."""
    check_callback(on_credentials)
    args, saved = _arguments(op, plan, store, max_wait, credentials_key, credentials)
    reporter = _Progress(progress)
    try:
        answer = await native.onboard(op, args, saved, _hand_over_to(on_credentials), reporter)
    finally:
        reporter.close()
    return _result(answer)


def run_onboarding_sync(
    native: NativeClient,
    op: str,
    plan: Mapping[str, Any],
    store: Store,
    on_credentials: Callable[[m.OnceShownCredentials], Any],
    progress: Optional[Callable[[m.StepReport], Any]],
    max_wait: float,
    credentials_key: str,
    credentials: Optional[Mapping[str, Any]],
) -> OnboardingResult:
    """:func:`run_onboarding` for the sync clients: waits (the interpreter released between
    the caller's functions, which run on this thread). An ``async def`` store method or
    callback is refused before any step runs: nothing could await it."""
    check_callback_sync(on_credentials)
    args, saved = _arguments(op, plan, store, max_wait, credentials_key, credentials)
    for name, function in (
        ("progress", progress),
        ("store.load", getattr(saved, "load", None)),
        ("store.save", getattr(saved, "save", None)),
    ):
        if inspect.iscoroutinefunction(function):
            raise TypeError(f"{name} is an async function: the sync clients need a plain function")
    reporter = _Progress(progress)
    try:
        answer = native.onboard_blocking(op, args, saved, _hand_over_to(on_credentials), reporter)
    finally:
        reporter.close()
    return _result(answer)
