"""The generated response models (vobiz_partner.models) and their hand-written base.

The models are built here from dicts shaped as the native layer hands them over: keys are the
API's field names, money is Decimal, timestamps datetime, secrets Secret, unknown fields under
"extra".
"""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict

import pytest

from vobiz_partner import models
from vobiz_partner._model import Model
from vobiz_partner._secret import REDACTED, Secret
from vobiz_partner.models import (
    CdrPage,
    CdrSummary,
    Customer,
    KycStatus,
    Period,
    PricingTier,
    SubAccountCreated,
    SubAccountObject,
    Transaction,
)

CANARY = "CANARY_models_7f3a9"
IST = timezone(timedelta(hours=5, minutes=30))


def customer_view(**overrides: Any) -> Dict[str, Any]:
    view: Dict[str, Any] = {
        "auth_id": "MA_ASHA0001",
        "auth_token": Secret(CANARY),
        "name": "Asha <Rao> & Co",
        "cash_credits": Decimal("23906.83000"),
        "created_at": datetime(2026, 7, 21, 14, 48, 26, tzinfo=IST),
        "updated_at": datetime(2026, 7, 21, 9, 0, 0),
        "pricing_tier": {
            "id": "tier-1",
            "rate_per_minute": Decimal("0.45"),
            "is_default": True,
            "extra": {"legacy_code": "T1"},
        },
        "is_active": True,
        "cps_limit": 10,
        "auto_recharge_config": {"threshold": 100},
        "extra": {"kyc_mode": "customer_use", "id_token": "<redacted>"},
    }
    view.update(overrides)
    return view


def test_fields_are_attributes_and_missing_ones_are_none() -> None:
    c = Customer._from_view(customer_view())
    assert c.auth_id == "MA_ASHA0001"
    assert c.cash_credits == Decimal("23906.83000")
    assert str(c.cash_credits) == "23906.83000", "the scale is kept exactly"
    assert c.created_at is not None and c.created_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert c.updated_at is not None and c.updated_at.tzinfo is None
    assert c.cps_limit == 10
    assert c.auto_recharge_config == {"threshold": 100}
    assert c.email is None, "a field the answer did not carry is None"
    assert c.last_login is None
    with pytest.raises(AttributeError):
        getattr(c, "no_such_field")


def test_nested_models_and_lists_of_models_become_their_classes() -> None:
    c = Customer._from_view(customer_view())
    assert isinstance(c.pricing_tier, PricingTier)
    assert c.pricing_tier.rate_per_minute == Decimal("0.45")
    assert c.pricing_tier.extra == {"legacy_code": "T1"}

    page = CdrPage._from_view(
        {
            "success": True,
            "data": [{"uuid": "c1", "billsec": 0}, {"uuid": "c2", "total_cost": Decimal("1.20")}],
            "pagination": {"page": 1, "total": 2},
            "summary": {"answerRate": 50.0, "totalCalls": 2, "total_cost": Decimal("1.20")},
            "filters": None,
            "extra": {},
        }
    )
    assert page.data is not None and [type(cdr) for cdr in page.data] == [models.Cdr] * 2
    assert page.data[1].total_cost == Decimal("1.20")
    assert page.pagination is not None and page.pagination.total == 2
    assert isinstance(page.summary, CdrSummary)
    assert page.summary.answer_rate == 50.0, "camelCase wire names read as snake_case attributes"
    assert page.summary.total_calls == 2

    already = PricingTier._from_view({"id": "t"})
    assert Customer(pricing_tier=already).pricing_tier is already


def test_renamed_and_keyword_fields() -> None:
    t = Transaction._from_view({"type": "credit", "amount": Decimal("500.00")})
    assert t.type == "credit"
    p = Period._from_view({"from": datetime(2026, 1, 1), "to": datetime(2026, 1, 31)})
    assert p.from_ == datetime(2026, 1, 1)
    assert p.to_dict()["from"] == datetime(2026, 1, 1), "to_dict keeps the API's names"
    assert Period(from_=datetime(2026, 1, 1)).from_ == datetime(2026, 1, 1)


def test_extra_defaults_to_empty_and_is_kept() -> None:
    assert PricingTier._from_view({"id": "t"}).extra == {}
    c = Customer._from_view(customer_view())
    assert c.extra == {"kyc_mode": "customer_use", "id_token": "<redacted>"}
    assert c.to_dict()["extra"] == c.extra


def test_enums_are_lenient_strings() -> None:
    status = KycStatus._from_view(
        {"kyc_mode": "customer_use", "overall_status": "brand_new_state", "verifications": {"pan": "verified"}}
    )
    assert status.kyc_mode == "customer_use"
    assert status.overall_status == "brand_new_state"
    assert status.verifications == {"pan": "verified"}


def test_to_dict_is_plain_with_decimals_and_datetimes_kept_and_secrets_redacted() -> None:
    c = Customer._from_view(customer_view())
    d = c.to_dict()
    assert d["auth_token"] == REDACTED
    assert d["cash_credits"] == Decimal("23906.83000") and str(d["cash_credits"]) == "23906.83000"
    assert d["created_at"] == datetime(2026, 7, 21, 14, 48, 26, tzinfo=IST)
    assert type(d["pricing_tier"]) is dict
    assert d["pricing_tier"]["rate_per_minute"] == Decimal("0.45")
    assert d["pricing_tier"]["extra"] == {"legacy_code": "T1"}
    assert d["email"] is None
    assert CANARY not in repr(d)

    page = CdrPage._from_view({"data": [{"uuid": "c1"}]})
    assert type(page.to_dict()["data"][0]) is dict

    again = Customer._from_view(d)
    assert again.cash_credits == c.cash_credits
    assert isinstance(again.pricing_tier, PricingTier)


def test_equality_by_class_and_data_and_unhashable() -> None:
    a = Customer._from_view(customer_view())
    b = Customer._from_view(customer_view())
    assert a == b
    assert a != Customer._from_view(customer_view(name="Other"))
    assert a != Customer._from_view(customer_view(auth_token=Secret("another")))
    assert a != Customer._from_view(customer_view(extra={}))
    assert PricingTier._from_view({"id": "x"}) != models.CinMatch._from_view({})
    with pytest.raises(TypeError):
        hash(a)


def test_repr_shows_set_fields_and_never_a_secret() -> None:
    c = Customer._from_view(customer_view())
    text = repr(c)
    assert text.startswith("Customer(auth_id='MA_ASHA0001', auth_token=<redacted>, ")
    assert "cash_credits=Decimal('23906.83000')" in text
    assert "pricing_tier=PricingTier(id='tier-1'" in text
    assert "email=" not in text, "None fields are left out"
    assert "extra={'kyc_mode': 'customer_use'" in text
    assert CANARY not in text and CANARY not in str(c) and CANARY not in f"{c}"


def test_repr_html_is_escaped_and_never_shows_a_secret() -> None:
    created = SubAccountCreated._from_view(
        {
            "message": "Sub-account created",
            "sub_account": {"auth_id": "SA_1", "name": "<b>Acme</b>", "auth_token": Secret(CANARY)},
            "auth_credentials": {"auth_id": "SA_1", "auth_token": Secret(CANARY)},
            "tokens": {"access_token": Secret(CANARY), "token_type": "bearer"},
        }
    )
    page = created._repr_html_()
    assert CANARY not in page
    assert "<b>Acme</b>" not in page and "&lt;b&gt;Acme&lt;/b&gt;" in page
    assert "&lt;redacted&gt;" in page
    assert page.startswith("<table>")
    assert CANARY not in Customer._from_view(customer_view())._repr_html_()


def test_pickle_drops_secrets_to_the_placeholder() -> None:
    created = SubAccountCreated._from_view(
        {
            "sub_account": {"auth_id": "SA_1", "auth_token": Secret(CANARY)},
            "auth_credentials": {"auth_id": "SA_1", "auth_token": Secret(CANARY)},
            "extra": {"note": "x"},
        }
    )
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        blob = pickle.dumps(created, protocol=protocol)
        assert CANARY.encode() not in blob
        back = pickle.loads(blob)
        assert isinstance(back, SubAccountCreated)
        assert isinstance(back.sub_account, SubAccountObject)
        assert back.sub_account.auth_token == Secret(REDACTED)
        assert back.sub_account.auth_token is not None
        assert back.sub_account.auth_token.is_redacted_by_api()
        assert back.extra == {"note": "x"}
    plain = Customer._from_view(customer_view(auth_token=None))
    assert pickle.loads(pickle.dumps(plain)) == plain, "a model without secrets round-trips"


def test_copies_keep_secrets() -> None:
    c = Customer._from_view(customer_view())
    for dup in (copy.copy(c), copy.deepcopy(c)):
        assert dup == c
        assert dup.auth_token is not None and dup.auth_token.reveal() == CANARY


def test_keyword_constructor() -> None:
    c = Customer(auth_id="MA_1", cash_credits=Decimal("1.10"), pricing_tier={"id": "t"}, extra={"x": 1})
    assert c.auth_id == "MA_1" and isinstance(c.pricing_tier, PricingTier) and c.extra == {"x": 1}
    with pytest.raises(TypeError):
        Customer(no_such_field=1)
    with pytest.raises(TypeError):
        CdrPage._from_view({"data": "not a list"})


def test_models_are_read_only() -> None:
    c = Customer._from_view(customer_view())
    with pytest.raises(AttributeError):
        setattr(c, "auth_id", "MA_other")


def test_every_model_is_registered_and_exported() -> None:
    assert set(models.MODELS) == set(models.__all__) - {"MODELS"}
    for name, cls in models.MODELS.items():
        assert cls.__name__ == name and issubclass(cls, Model)
        empty = cls._from_view({})
        assert all(getattr(empty, cls._attr(key)) is None for key in cls._fields)
        assert cls.__doc__


def test_secret_never_shows_its_value() -> None:
    s = Secret(CANARY)
    assert s.reveal() == CANARY
    assert repr(s) == str(s) == f"{s}" == f"{s:>40}" == REDACTED
    assert CANARY not in repr([s, {"k": s}])
    assert s == Secret(CANARY) and s != Secret("other") and s != CANARY
    assert hash(s) == hash(Secret(CANARY))
    assert not s.is_redacted_by_api() and Secret(REDACTED).is_redacted_by_api()
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(TypeError):
        pickle.dumps({"token": s})
    assert pickle.loads(pickle.dumps(Secret(REDACTED))) == Secret(REDACTED)
    assert copy.deepcopy(s) is s
    with pytest.raises(AttributeError):
        setattr(s, "_value", "x")
    with pytest.raises(TypeError):
        Secret(123)  # type: ignore[arg-type]
