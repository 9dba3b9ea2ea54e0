"""ClientConfig and credentials: defaults, environment, validation, redaction."""

from __future__ import annotations

import pickle
from typing import Any, Dict

import pytest

import vobiz_partner as vobiz
from support import CANARY, assert_no_secret


def test_defaults_are_the_cores() -> None:
    config = vobiz.ClientConfig()
    assert config.base_url == "https://api.vobiz.ai/"
    assert config.timeout == 30.0
    assert config.connect_timeout == 10.0
    assert config.max_retries == 2
    assert config.user_agent == f"vobiz-partner/{vobiz.__version__} (python)"
    assert repr(config) == (
        "ClientConfig(base_url='https://api.vobiz.ai/', timeout=30.0, connect_timeout=10.0, max_retries=2)"
    )


def test_arguments_are_kept_and_urls_normalised() -> None:
    config = vobiz.ClientConfig(
        "http://127.0.0.1:8080/api/v1/", timeout=2.5, connect_timeout=0.5, max_retries=0
    )
    assert config.base_url == "http://127.0.0.1:8080/"
    assert (config.timeout, config.connect_timeout, config.max_retries) == (2.5, 0.5, 0)
    assert config == vobiz.ClientConfig("http://127.0.0.1:8080", timeout=2.5, connect_timeout=0.5, max_retries=0)
    assert config != vobiz.ClientConfig("http://127.0.0.1:8080")


def test_from_env_reads_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOBIZ_BASE_URL", "https://gw.example.com/vobiz/")
    assert vobiz.ClientConfig.from_env().base_url == "https://gw.example.com/vobiz"
    monkeypatch.delenv("VOBIZ_BASE_URL")
    assert vobiz.ClientConfig.from_env().base_url == "https://api.vobiz.ai/"
    monkeypatch.setenv("VOBIZ_BASE_URL", "http://10.0.0.1")
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.ClientConfig.from_env()
    assert info.value.field == "base_url"


@pytest.mark.parametrize(
    "url",
    ["not a url", "api.vobiz.ai", "ftp://api.vobiz.ai", "https://api.vobiz.ai/?x=1", ""],
)
def test_bad_base_urls_name_the_field(url: str) -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.ClientConfig(url)
    assert info.value.field == "base_url"
    assert isinstance(info.value, ValueError)
    assert info.value.status is None


@pytest.mark.parametrize("url", ["http://api.vobiz.ai", "http://10.0.0.1:8080", "http://example.com"])
def test_plain_http_is_refused_except_on_loopback(url: str) -> None:
    with pytest.raises(vobiz.ValidationError, match="plain http") as info:
        vobiz.ClientConfig(url)
    assert info.value.field == "base_url"
    for loopback in ("http://127.0.0.1:1", "http://localhost:9", "http://[::1]:9"):
        vobiz.ClientConfig(loopback)


def test_a_password_in_the_url_is_refused_and_not_echoed() -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.ClientConfig(f"https://user:{CANARY}@api.vobiz.ai")
    assert info.value.field == "base_url"
    assert_no_secret(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"connect_timeout": 0.0}, "connect_timeout"),
        ({"connect_timeout": float("inf")}, "connect_timeout"),
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
    ],
)
def test_bad_limits_name_the_field(kwargs: Dict[str, Any], field: str) -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.ClientConfig("http://127.0.0.1:1", **kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(f"invalid {field}: ")


def test_credentials_keep_their_scope() -> None:
    assert vobiz.PartnerCredentials("PA_ABC12345", CANARY).auth_id == "PA_ABC12345"
    assert vobiz.AccountCredentials("MA_ABC12345", CANARY).auth_id == "MA_ABC12345"
    assert vobiz.AccountCredentials("SA_ABC12345", CANARY).auth_id == "SA_ABC12345"


@pytest.mark.parametrize(
    ("cls", "auth_id"),
    [
        (vobiz.PartnerCredentials, "MA_ABC12345"),
        (vobiz.PartnerCredentials, "SA_ABC12345"),
        (vobiz.AccountCredentials, "PA_ABC12345"),
        (vobiz.PartnerCredentials, "XX_ABC"),
        (vobiz.PartnerCredentials, "PA_"),
    ],
)
def test_credentials_of_the_wrong_scope_are_refused(cls: type, auth_id: str) -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        cls(auth_id, CANARY)
    assert info.value.field == "auth_id"
    assert info.value.reason
    assert_no_secret(info.value)


@pytest.mark.parametrize("token", ["", "tok with space", "tok\n"])
def test_bad_tokens_are_refused_without_echoing_them(token: str) -> None:
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.PartnerCredentials("PA_ABC12345", token)
    assert info.value.field == "auth_token"
    if token:
        assert token not in str(info.value)


def test_credentials_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOBIZ_AUTH_ID", "PA_ENV12345")
    monkeypatch.setenv("VOBIZ_AUTH_TOKEN", CANARY)
    assert vobiz.PartnerCredentials.from_env().auth_id == "PA_ENV12345"
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.AccountCredentials.from_env()
    assert info.value.field == "VOBIZ_AUTH_ID"
    monkeypatch.setenv("VOBIZ_AUTH_ID", "SA_ENV12345")
    assert vobiz.AccountCredentials.from_env().auth_id == "SA_ENV12345"
    monkeypatch.delenv("VOBIZ_AUTH_TOKEN")
    with pytest.raises(vobiz.ValidationError) as info:
        vobiz.AccountCredentials.from_env()
    assert info.value.field == "VOBIZ_AUTH_TOKEN"


def test_the_token_is_never_shown() -> None:
    partner = vobiz.PartnerCredentials("PA_ABC12345", CANARY)
    account = vobiz.AccountCredentials("MA_ABC12345", CANARY)
    assert repr(partner) == "PartnerCredentials(auth_id='PA_ABC12345', auth_token=<redacted>)"
    assert repr(account) == "AccountCredentials(auth_id='MA_ABC12345', auth_token=<redacted>)"
    for creds in (partner, account):
        assert CANARY not in repr(creds) and CANARY not in str(creds)
        assert CANARY not in str(dir(creds))
        # Credentials do not pickle: a pickle would carry the token in clear.
        with pytest.raises(TypeError):
            pickle.dumps(creds)


def test_transport_keeps_its_config() -> None:
    config = vobiz.ClientConfig("http://127.0.0.1:9", max_retries=1)
    transport = vobiz.Transport(config)
    assert transport.config == config
    assert vobiz.Transport().config == vobiz.ClientConfig()
    assert repr(transport) == "Transport(base_url='http://127.0.0.1:9/')"
