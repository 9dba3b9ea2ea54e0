"""`Secret`: a token or password from a response, which never prints.

The API hands out secrets in a few answers (a new customer's or sub-account's `auth_token`,
console JWTs, a KYC widget link). The models hold them as `Secret`: `repr`, `str`, f-strings
and HTML show `<redacted>`; `reveal()` returns the value, so every use stands out in review.
A secret cannot be pickled in clear (pickling raises `TypeError`); the API's own `<redacted>`
placeholder can.
"""

from __future__ import annotations

import hmac
from typing import Any, Dict, NoReturn, Tuple

__all__ = ["Secret", "REDACTED"]

#: What a secret prints as, and the placeholder the API sends for a secret it shows only once.
REDACTED = "<redacted>"


class Secret:
    """A secret string: shown as ``<redacted>`` everywhere, read with :meth:`reveal`.

    Two secrets are equal when their values are (compared in constant time). A secret is
    immutable, so copies are the same object.
    """

    __slots__ = ("_value",)

    _value: str

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"a Secret holds a str, not {type(value).__name__}")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The secret itself. Store it deliberately (a vault, an env var), never in a log."""
        return self._value

    def is_redacted_by_api(self) -> bool:
        """Whether the API sent its ``<redacted>`` placeholder instead of the value (tokens
        are shown once, at creation)."""
        return self._value == REDACTED

    def __repr__(self) -> str:
        return REDACTED

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, format_spec: str) -> str:
        return REDACTED

    def _repr_html_(self) -> str:
        return "&lt;redacted&gt;"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("a Secret is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a Secret is immutable")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: Dict[int, Any]) -> Secret:
        return self

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        if self._value == REDACTED:
            return (Secret, (REDACTED,))
        raise TypeError(
            "a vobiz_partner.Secret cannot be pickled in clear; "
            "call .reveal() and store the value deliberately"
        )
