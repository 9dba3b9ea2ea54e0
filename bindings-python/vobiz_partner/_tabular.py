"""Models as a pandas DataFrame, for notebooks. pandas is an optional extra."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, TypeVar

from ._model import Model

__all__ = ["Rows", "frame_of"]

M = TypeVar("M", bound=Model)


def frame_of(models: Sequence[Model]) -> Any:
    """One row per model, one column per field (unknown fields as ``extra.<name>``);
    money stays ``Decimal``, timestamps ``datetime``, secrets ``<redacted>``."""
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError as missing:
        raise ImportError(
            "to_pandas() needs pandas: pip install 'vobiz-partner[pandas]'"
        ) from missing
    rows: List[Dict[str, Any]] = []
    for model in models:
        row = model.to_dict()
        extra = row.pop("extra", {}) or {}
        row.update({f"extra.{key}": value for key, value in extra.items()})
        rows.append(row)
    return pandas.DataFrame(rows)


class Rows(List[M]):
    """A report's typed rows: a plain ``list`` of models, plus :meth:`to_pandas`."""

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas)."""
        return frame_of(self)
