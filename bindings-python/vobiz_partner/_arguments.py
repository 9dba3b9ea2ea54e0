"""What the client methods hand to the core: the argument types and their conversion.

The methods themselves are generated (``_async_ops.py``); they pass their arguments through
:func:`args`, which gives the native call what it reads: plain ``dict`` and ``list`` values,
absent options left out, a :class:`~vobiz_partner.Secret` as its value (revealed only to be
handed to the core).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Dict, Iterable, Mapping, Union

from ._secret import Secret

__all__ = ["Amount", "Day", "DEFAULT_PAGE_SIZE", "args"]

#: Money arguments: a ``Decimal`` (exact), an ``int``, or a decimal string (``"500.00"``).
#: A ``float`` is accepted when it converts exactly.
Amount = Union[Decimal, int, str, float]
#: A date argument: a ``date`` or ``"YYYY-MM-DD"``.
Day = Union[date, str]

#: Items fetched per request by the auto-paging lists.
DEFAULT_PAGE_SIZE = 100


def args(values: Mapping[str, Any]) -> Dict[str, Any]:
    """An operation's arguments as the core reads them: ``None`` values left out (absent),
    every mapping a ``dict`` and every other collection a ``list`` (recursively), secrets revealed."""
    return {key: _plain(value) for key, value in values.items() if value is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, Secret):
        return value.reveal()
    if isinstance(value, (str, bytes, bytearray)):
        return value
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, Iterable):
        return [_plain(item) for item in value]
    return value
