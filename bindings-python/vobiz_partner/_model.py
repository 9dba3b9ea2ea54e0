"""`Model`: the base of the response models in :mod:`vobiz_partner.models`.

The model classes are generated from the Rust core's schemas (``tools/gen_models.py``); this
base gives them their behaviour. A model is built from the value the native layer hands over
(:meth:`Model._from_view`): a ``dict`` keyed by the API's field names, with money as
``Decimal``, timestamps as ``datetime`` (or ``None``, see below), secrets as
:class:`~vobiz_partner.Secret`, the fields the SDK does not model under ``"extra"``, and
the texts of timestamps that did not parse under ``"$unparsed_timestamps"``.

- Every field is an attribute; a field the answer did not carry is ``None``. A field whose
  name is a Python keyword gets a trailing underscore (``Period.from_``).
- A timestamp field is always a ``datetime`` or ``None``, whatever the server sent: aware
  when the API gave an offset, naive when it gave none, midnight for a bare date. A text in
  no form the SDK reads (or a year ``datetime`` cannot hold) gives ``None``; the server's
  text stays available in ``unparsed_timestamps`` (keyed by the API's field name) and
  through ``raw_timestamp(name)``, and shows in ``repr``. ``to_dict()`` has ``None`` there
  too, so its columns keep one type.
- ``extra`` holds the unknown fields as the server sent them (secret-named ones redacted).
- ``to_dict()`` gives plain dicts and lists (``Decimal`` and ``datetime`` kept, secrets as
  ``"<redacted>"``), keyed by the API's field names, unknown fields under ``"extra"``.
- Equal when of the same class with the same data; not hashable (``__hash__ = None``).
- ``repr`` and ``_repr_html_`` (Jupyter) show the fields that are set, never a secret's value.
- Pickling keeps everything but secrets, which come back as the ``<redacted>`` placeholder
  (``Secret.is_redacted_by_api()`` is then true): a pickle, a cache entry or a message to a
  worker process never carries a token in clear. ``copy.copy``/``copy.deepcopy`` keep them.
"""

from __future__ import annotations

import html
from datetime import datetime
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
)

from ._secret import REDACTED, Secret

__all__ = ["Model", "NestedTable"]

M = TypeVar("M", bound="Model")

#: How a field holding models is converted: a model class, or ``[ModelClass]`` for a list.
NestedTable = Dict[str, Union[Type["Model"], List[Type["Model"]]]]

#: The key of the unknown fields in a view and in ``to_dict()``.
EXTRA = "extra"
#: The key of the unparsed timestamp texts in a view (field name -> the server's text); the
#: native layer's ``UNPARSED_KEY`` (bindings-python/src/view.rs). Never a field name.
UNPARSED = "$unparsed_timestamps"


class Model:
    """A response model: attribute access to its fields, ``extra``, ``to_dict()``, equality
    by value, a safe ``repr``. Build one with :meth:`_from_view` (or by keyword, using the
    attribute names: ``Customer(auth_id="MA_1", name="Asha")``).

    Timestamp fields are ``Optional[datetime]`` and stay so at run time: a text the SDK
    cannot read gives ``None``, and the server's text is in :attr:`unparsed_timestamps` /
    :meth:`raw_timestamp` (never a ``str`` in the field)."""

    __slots__ = ("_data", "extra", "_unparsed")

    #: The fields, by the API's names, in declaration order.
    _fields: ClassVar[Tuple[str, ...]] = ()
    #: Attribute name -> the API's name, where they differ (``from_`` -> ``from``).
    _keys: ClassVar[Dict[str, str]] = {}
    #: The fields that hold models or lists of models, by the API's names.
    _nested: ClassVar[NestedTable] = {}

    _data: Dict[str, Any]
    #: The fields this SDK does not model, as the server sent them (secret-named values
    #: redacted by the core).
    extra: Dict[str, Any]
    _unparsed: Dict[str, str]

    def __init__(self, **fields: Any) -> None:
        cls = type(self)
        extra = fields.pop(EXTRA, None)
        data: Dict[str, Any] = {}
        for name, value in fields.items():
            key = cls._keys.get(name, name)
            if key not in cls._fields:
                raise TypeError(f"{cls.__name__} has no field {name!r}")
            data[key] = value
        self._init(data, extra)

    @classmethod
    def _from_view(cls: Type[M], data: Mapping[str, Any]) -> M:
        """A model from the native layer's value: a mapping keyed by the API's field names,
        unknown fields under ``"extra"``. Nested models (dicts) become their classes."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{cls.__name__} is built from a mapping, not {type(data).__name__}")
        model = cls.__new__(cls)
        fields = {key: value for key, value in data.items() if key not in (EXTRA, UNPARSED)}
        model._init(fields, data.get(EXTRA), data.get(UNPARSED))
        return model

    def _init(
        self,
        data: Mapping[str, Any],
        extra: Optional[Mapping[str, Any]],
        unparsed: Optional[Mapping[str, str]] = None,
    ) -> None:
        cls = type(self)
        values: Dict[str, Any] = dict.fromkeys(cls._fields)
        for key, value in data.items():
            spec = cls._nested.get(key)
            values[key] = value if spec is None else _convert(spec, value, key)
        if extra is not None and not isinstance(extra, Mapping):
            raise TypeError(f"{cls.__name__}.extra must be a mapping, not {type(extra).__name__}")
        object.__setattr__(self, "_data", values)
        object.__setattr__(self, EXTRA, dict(extra) if extra else {})
        object.__setattr__(self, "_unparsed", dict(unparsed) if unparsed else {})

    if not TYPE_CHECKING:
        # At run time only: to the type checker, a model has exactly its annotated fields.
        def __getattr__(self, name: str) -> Any:
            if name.startswith("__") or name in ("_data", EXTRA, "_unparsed"):
                raise AttributeError(name)
            cls = type(self)
            try:
                data = object.__getattribute__(self, "_data")
            except AttributeError:
                raise AttributeError(name) from None
            key = cls._keys.get(name, name)
            if key in data:
                return data[key]
            raise AttributeError(f"{cls.__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    @property
    def unparsed_timestamps(self) -> Dict[str, str]:
        """The server's text of each timestamp field that did not parse (that field is
        ``None``), keyed by the API's field name; empty when every timestamp parsed. A copy."""
        return dict(self._unparsed)

    def raw_timestamp(self, name: str) -> Optional[str]:
        """The server's text of timestamp field ``name`` (the attribute or the API's name)
        when it did not parse and the attribute is therefore ``None``; ``None`` when it
        parsed or the answer did not carry it."""
        cls = type(self)
        key = cls._keys.get(name, name)
        if key not in cls._fields:
            raise AttributeError(f"{cls.__name__!r} has no field {name!r}")
        return self._unparsed.get(key)

    def to_dict(self) -> Dict[str, Any]:
        """The model as plain dicts and lists, keyed by the API's field names (``Decimal``
        and ``datetime`` kept, secrets as ``"<redacted>"``, unknown fields under
        ``"extra"``)."""
        out: Dict[str, Any] = {key: _plain(value) for key, value in self._data.items()}
        out[EXTRA] = _plain(self.extra)
        return out

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return (
            self._data == other._data
            and self.extra == other.extra
            and self._unparsed == other._unparsed
        )

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def _attr(cls, key: str) -> str:
        for name, wire in cls._keys.items():
            if wire == key:
                return name
        return key

    def _set_fields(self) -> List[Tuple[str, Any]]:
        return [(self._attr(key), value) for key, value in self._data.items() if value is not None]

    def __repr__(self) -> str:
        parts = [f"{name}={value!r}" for name, value in self._set_fields()]
        if self.extra:
            parts.append(f"extra={self.extra!r}")
        if self._unparsed:
            parts.append(f"unparsed_timestamps={self._unparsed!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_html_(self) -> str:
        rows = [
            f"<tr><th style=\"text-align:left\">{html.escape(name)}</th><td>{_html(value)}</td></tr>"
            for name, value in self._set_fields()
        ]
        if self.extra:
            rows.append(
                f"<tr><th style=\"text-align:left\">extra</th><td>{_html(self.extra)}</td></tr>"
            )
        if self._unparsed:
            rows.append(
                "<tr><th style=\"text-align:left\">unparsed_timestamps</th>"
                f"<td>{_html(self._unparsed)}</td></tr>"
            )
        return (
            f"<table><caption style=\"text-align:left\"><b>{html.escape(type(self).__name__)}</b>"
            f"</caption><tbody>{''.join(rows)}</tbody></table>"
        )

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # Secrets never travel in clear: they are pickled as the `<redacted>` placeholder.
        return (
            _restore,
            (type(self), _redact(self._data), _redact(self.extra), dict(self._unparsed)),
        )

    def __copy__(self: M) -> M:
        return _restore(type(self), dict(self._data), dict(self.extra), dict(self._unparsed))

    def __deepcopy__(self: M, memo: Dict[int, Any]) -> M:
        import copy

        return _restore(
            type(self),
            copy.deepcopy(self._data, memo),
            copy.deepcopy(self.extra, memo),
            dict(self._unparsed),
        )


def _restore(
    cls: Type[M],
    data: Dict[str, Any],
    extra: Dict[str, Any],
    unparsed: Optional[Dict[str, str]] = None,
) -> M:
    """Unpickles a model (its data is already converted). ``unparsed`` is absent from
    pickles made before timestamps kept their unparsed texts."""
    model = cls.__new__(cls)
    object.__setattr__(model, "_data", data)
    object.__setattr__(model, EXTRA, extra)
    object.__setattr__(model, "_unparsed", unparsed or {})
    return model


def _convert(spec: Union[Type[Model], List[Type[Model]]], value: Any, key: str) -> Any:
    if value is None:
        return None
    if isinstance(spec, list):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"field {key!r} must be a list, not {type(value).__name__}")
        return [_convert(spec[0], item, key) for item in value]
    if isinstance(value, spec):
        return value
    if isinstance(value, Mapping):
        return spec._from_view(value)
    raise TypeError(f"field {key!r} must be a {spec.__name__} or a mapping, not {type(value).__name__}")


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Secret):
        return REDACTED
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _redact(value: Any) -> Any:
    if isinstance(value, Secret):
        return Secret(REDACTED)
    if isinstance(value, list):
        return [_redact(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_redact(item) for item in value)
    if isinstance(value, dict):
        return {key: _redact(item) for key, item in value.items()}
    return value


def _html(value: Any) -> str:
    if isinstance(value, Model):
        return value._repr_html_()
    if isinstance(value, list) and value and all(isinstance(v, Model) for v in value):
        return "<ol>" + "".join(f"<li>{_html(v)}</li>" for v in value) + "</ol>"
    if isinstance(value, Secret):
        return html.escape(REDACTED)
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, Decimal):
        return html.escape(str(value))
    if isinstance(value, datetime):
        return html.escape(value.isoformat())
    return html.escape(repr(value))
