"""`AsyncPages`: an auto-paging list as an async iterator.

The core walks the pages (whatever the endpoint's paging style), fetches ahead a little
when the total is known, and stops at ``max_items``; this class hands the items out as
model objects. The sync twin (``Pages``) is generated from this file by
``tools/gen_sync.py``.
"""

from __future__ import annotations

from collections import deque
from typing import Any, AsyncIterator, Deque, List, Optional, Type, TypeVar

from ._model import Model
from ._native import NativePages
from ._tabular import frame_of

__all__ = ["AsyncPages"]

M = TypeVar("M", bound=Model)


class AsyncPages(AsyncIterator[M]):
    """The items of a list endpoint, fetched page by page as the loop consumes them.

    ``async for customer in partner.customers.list(): ...`` makes no request before the
    first item is asked for and none after the loop stops. A page that fails raises its
    typed error after the items before it. An ``AsyncPages`` is consumed once.
    """

    __slots__ = ("_native", "_model", "_buffer", "_done")

    def __init__(self, native: NativePages, model: Type[M]) -> None:
        self._native = native
        self._model = model
        self._buffer: Deque[Any] = deque()
        self._done = False

    def __aiter__(self) -> AsyncIterator[M]:
        return self

    async def __anext__(self) -> M:
        while not self._buffer:
            if self._done:
                raise StopAsyncIteration
            batch = await self._native.next_batch()
            if batch is None:
                self._done = True
                raise StopAsyncIteration
            self._buffer.extend(batch)
        return self._model._from_view(self._buffer.popleft())

    async def to_list(self, limit: Optional[int] = None) -> List[M]:
        """Every remaining item (at most ``limit``, and never more than the list's
        ``max_items``)."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be at least 0, got {limit}")
        items: List[M] = []
        while limit is None or len(items) < limit:
            try:
                items.append(await self.__anext__())
            except StopAsyncIteration:
                break
        return items

    async def to_pandas(self, limit: Optional[int] = None) -> Any:
        """The remaining items as a pandas DataFrame, one row per item, one column per
        field (secrets as ``<redacted>``). Needs pandas (``pip install
        'vobiz-partner[pandas]'``)."""
        return frame_of(await self.to_list(limit))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._model.__name__}>"
