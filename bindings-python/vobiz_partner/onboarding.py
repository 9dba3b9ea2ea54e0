"""Where a resumable onboarding keeps its state between steps.

The onboarding state machines live in the Rust core (``workflows::onboarding``); the
clients' ``sub_accounts.onboard(...)`` and ``customers.onboard(...)`` drive them one step at
a time and save the state after every step through a store: any object with ``load()`` (the
saved state, or ``None`` to start) and ``save(state)``. :class:`FileStateStore` (the default
when a path is given) writes a JSON file atomically through the core. The state holds ids
and references only, never a secret.
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Protocol, Union

from . import models as m
from ._native import load_state_file, save_state_file

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
]

State = Dict[str, Any]


class StateStore(Protocol):
    """Keeps one onboarding's state: a database row, a cache key, a file."""

    def load(self) -> Optional[State]:
        """The saved state, or ``None`` when the onboarding has not started."""

    def save(self, state: State) -> None:
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
