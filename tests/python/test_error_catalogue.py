"""The exception classes generated from the core's error catalogue: one name per concept
(the same as Node's, in snake_case), every class exported, and the native layer's entry."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal

import vobiz_partner as vobiz
from vobiz_partner import _errors, errors


def test_every_generated_class_is_exported_by_errors_and_the_package() -> None:
    assert errors.__all__ == _errors.__all__
    for name in errors.__all__:
        assert name in vobiz.__all__, name
        assert getattr(vobiz, name) is getattr(errors, name) is getattr(_errors, name)
    for code, cls in _errors._BY_CODE.items():
        assert cls.code == code and cls.__doc__


def test_code_is_the_sdk_kind_and_api_code_the_apis() -> None:
    exc = vobiz.RateLimitError("slow down", status=429, api_code="rate_limited", retry_after=2.0)
    assert exc.code == vobiz.RateLimitError.code == "RATE_LIMITED"
    assert (exc.api_code, exc.api_message, exc.retry_after) == ("rate_limited", "slow down", 2.0)
    for gone in ("kind", "message", "retry_after_secs", "retry_after_seconds", "remaining"):
        assert not hasattr(exc, gone), gone
    assert vobiz.VobizError("x").code == "UNKNOWN"

    class Mine(vobiz.NotFoundError):
        pass

    assert Mine("x").code == "NOT_FOUND"


def test_cool_off_fields_match_node() -> None:
    until = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    exc = vobiz.CoolOffError(
        "cooling", cool_off_until=until, cool_off_until_text="2026-01-01T00:00:00Z", remaining_seconds=60
    )
    assert (exc.cool_off_until, exc.cool_off_until_text, exc.remaining_seconds) == (
        until, "2026-01-01T00:00:00Z", 60,
    )
    assert isinstance(exc, vobiz.ConflictError) and exc.code == "COOL_OFF"


def test_outcome_unknown_is_fixed_where_the_catalogue_says() -> None:
    assert vobiz.OutcomeUnknownError("x").outcome_unknown is True
    assert vobiz.RedirectError("x").outcome_unknown is True
    assert vobiz.InternalError("x").outcome_unknown is True
    assert vobiz.ServerError("x").outcome_unknown is False
    assert "outcome_unknown" not in vobiz.RedirectError._fields


def test_from_report_takes_the_fields_of_the_class() -> None:
    exc = _errors._from_report(
        "INSUFFICIENT_BALANCE",
        "insufficient balance: 402",
        {"status": 402, "current_balance": Decimal("1.00"), "currency": "INR", "location": "ignored"},
    )
    assert type(exc) is vobiz.InsufficientBalanceError
    assert (exc.status, exc.current_balance, exc.currency) == (402, Decimal("1.00"), "INR")
    assert exc.api_message == "insufficient balance: 402" and not hasattr(exc, "location")
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is type(exc) and vars(clone) == vars(exc)
    unknown = _errors._from_report("FROM_THE_FUTURE", "new", {"status": 599})
    assert type(unknown) is vobiz.VobizError and unknown.code == "UNKNOWN" and unknown.status == 599
