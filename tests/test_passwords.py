"""Password policy and storage (product guide rules; security bar §1.1 and §1.3)."""

from __future__ import annotations

import bcrypt
import pytest

from allin_app.auth import passwords
from allin_app.auth.passwords import (
    burn_equal_time,
    check_password_policy,
    contains_email_name,
    hash_password,
    is_common_password,
    verify_password,
)
from allin_app.core.config import settings
from allin_app.core.errors import ValidationFailed

KANJI_64 = "漢字仮名交文書東" * 8  # 64 kanji, 192 bytes in UTF-8
DEMO_ACCOUNTS = [
    ("Admin123!@#", "admin@allin.demo"),
    ("Agency123!@#", "agency@allin.demo"),
    ("Manager123!@#", "manager@allin.demo"),
    ("Creator123!@#", "creator@allin.demo"),
    ("Client123!@#", "client@allin.demo"),
    ("Team123!@#", "team@allin.demo"),
]


@pytest.fixture(autouse=True)
def fast_bcrypt_and_test_secret(monkeypatch):
    """Cost 4 for speed, and a fixed app secret so no key file is written to the data dir."""
    monkeypatch.setattr(settings, "bcrypt_rounds", 4)
    monkeypatch.setitem(settings.__dict__, "effective_secret_key", "test-secret-key-for-password-tests")


def refusal(password: str, email: str = "") -> str:
    with pytest.raises(ValidationFailed) as caught:
        check_password_policy(password, email)
    assert caught.value.field == "password"
    return caught.value.message


# --- length -----------------------------------------------------------------------------------


def test_password_shorter_than_8_characters_is_refused():
    assert refusal("Abcde1x") == "Use at least 8 characters."


def test_length_counts_code_points_not_bytes():
    assert refusal("Aa1漢字仮名") == "Use at least 8 characters."  # 7 code points, 15 bytes
    check_password_policy("Aa1漢字仮名交")  # 8 code points


def test_password_over_1024_bytes_is_refused():
    check_password_policy("Aa1" + "x" * 1021)  # exactly 1024 bytes
    assert "too long" in refusal("Aa1" + "x" * 1022)
    assert "too long" in refusal("Aa1" + "漢" * 341)  # 345 characters but 1026 bytes


def test_hash_and_verify_refuse_input_over_1024_bytes():
    long_password = "Aa1" + "x" * 1022
    with pytest.raises(ValidationFailed):
        hash_password(long_password)
    assert verify_password(long_password, hash_password("Aa1" + "x" * 1021)) is False


# --- composition ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("lowercase1only", "Add at least one upper-case letter."),
        ("UPPERCASE1ONLY", "Add at least one lower-case letter."),
        ("NoDigitsAtAll", "Add at least one digit."),
    ],
)
def test_missing_upper_lower_or_digit_is_refused_with_its_message(password, message):
    assert refusal(password) == message


def test_non_ascii_letters_and_digits_count_for_composition():
    check_password_policy("Ünïcödé٣ok")  # Arabic-Indic digit three
    assert refusal("ünïcödé٣ok") == "Add at least one upper-case letter."


# --- email name -------------------------------------------------------------------------------


def test_password_containing_email_local_part_is_refused():
    assert (
        refusal("xxJohnSmith9Q", "johnsmith@example.com") == "Your password must not contain your email name."
    )
    assert (
        refusal("xxjohnsmith9Q", "JohnSmith@Example.com") == "Your password must not contain your email name."
    )


def test_email_local_part_shorter_than_3_characters_is_ignored():
    check_password_policy("Jo12345abcX", "jo@example.com")
    assert contains_email_name("Jo12345abcX", "jo@example.com") is False


def test_email_rule_applies_only_when_an_email_is_given():
    check_password_policy("xxJohnSmith9Q")
    assert contains_email_name("xxJohnSmith9Q", "") is False


# --- common passwords -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Password1", "PASSword1234", "Qwerty123", "TrustNo1", "Passw0rd", "1qaz2WSX"]
)
def test_common_password_that_meets_composition_is_refused(password):
    expected = "This password is too common; it appears in lists of breached passwords. Pick another."
    assert refusal(password) == expected


def test_password1_is_refused_as_common_not_for_composition():
    assert "password1" in passwords._common_passwords()
    assert refusal("Password1") == (
        "This password is too common; it appears in lists of breached passwords. Pick another."
    )


def test_common_list_is_shipped_and_holds_the_top_passwords():
    common = passwords._common_passwords()
    assert len(common) >= 10_000
    for word in ["password", "123456", "qwerty", "password1", "iloveyou", "password1234"]:
        assert word in common
        assert is_common_password(word.upper())
    assert all(entry == entry.lower() and not entry.startswith("#") for entry in common)


def test_common_list_is_read_once():
    passwords._common_passwords.cache_clear()
    is_common_password("password")
    is_common_password("qwerty")
    assert passwords._common_passwords.cache_info().misses == 1


def test_order_is_length_then_composition_then_email_then_common():
    assert refusal("pass1") == "Use at least 8 characters."
    assert refusal("password") == "Add at least one upper-case letter."  # common, but composition first
    assert refusal("Password1", "password@example.com") == "Your password must not contain your email name."


# --- long and non-ASCII passwords -------------------------------------------------------------


def test_64_character_password_is_accepted_and_verifies():
    password = "Correct-Horse-Battery-Staple-1" + "q" * 34
    assert len(password) == 64
    check_password_policy(password, "someone@example.com")
    stored = hash_password(password)
    assert verify_password(password, stored)


def test_64_kanji_password_is_accepted_and_verifies():
    password = KANJI_64 + "Aa1"
    assert len(KANJI_64) == 64
    assert len(password.encode()) > 72
    check_password_policy(password, "someone@example.com")
    stored = hash_password(password)
    assert verify_password(password, stored)
    assert not verify_password(KANJI_64 + "Aa2", stored)


def test_passwords_sharing_the_first_72_bytes_do_not_cross_verify():
    first = "A" * 72 + "bc1"
    second = "A" * 72 + "bc2"
    first_hash, second_hash = hash_password(first), hash_password(second)
    assert verify_password(first, first_hash)
    assert verify_password(second, second_hash)
    assert not verify_password(second, first_hash)
    assert not verify_password(first, second_hash)
    assert not verify_password("A" * 72, first_hash)


def test_emoji_passwords_work():
    emoji = "🔐🐍🚀🌈🎉🍕🦄🌍🔥💡🎸🐙"  # 12 emoji
    stored = hash_password(emoji)
    assert verify_password(emoji, stored)
    assert not verify_password(emoji[:-1], stored)
    # Alone they fail the product's composition rule; with it they pass.
    assert refusal(emoji) == "Add at least one upper-case letter."
    check_password_policy(emoji + "Aa1")


def test_unencodable_password_is_refused_not_crashed():
    assert refusal("Abcdefg1\ud800") == (
        "This password contains characters that cannot be used. Pick another."
    )
    assert verify_password("Abcdefg1\ud800", hash_password("Abcdefg1")) is False


# --- storage ----------------------------------------------------------------------------------


def test_stored_hash_records_the_configured_cost(monkeypatch):
    monkeypatch.setattr(settings, "bcrypt_rounds", 12)
    stored = hash_password("Stored-Cost-Check-7")
    assert stored.startswith("$2b$12$")
    assert verify_password("Stored-Cost-Check-7", stored)


def test_hash_is_salted_and_peppered():
    first, second = hash_password("Same-Password-9"), hash_password("Same-Password-9")
    assert first != second
    assert verify_password("Same-Password-9", first) and verify_password("Same-Password-9", second)
    assert not bcrypt.checkpw(b"Same-Password-9", first.encode())  # not plain bcrypt of the password


def test_changing_the_app_secret_invalidates_stored_hashes(monkeypatch):
    stored = hash_password("Pepper-Check-42")
    monkeypatch.setitem(settings.__dict__, "effective_secret_key", "another-secret")
    assert not verify_password("Pepper-Check-42", stored)


@pytest.mark.parametrize(
    "bad_hash",
    ["", "garbage", "$2b$12$tooshort", "$2b$99$" + "a" * 53, "$argon2id$v=19$m=1,t=1,p=1$x$y", "ünïcode"],
)
def test_verify_returns_false_on_garbage_hash(bad_hash):
    assert verify_password("Whatever-123", bad_hash) is False


def test_verify_never_raises_on_wrong_types():
    assert verify_password(None, "$2b$04$" + "a" * 53) is False  # type: ignore[arg-type]
    assert verify_password("Whatever-123", None) is False  # type: ignore[arg-type]


def test_burn_equal_time_runs_one_verify_at_the_configured_cost(monkeypatch):
    passwords._dummy_hash.cache_clear()
    checked: list[bytes] = []
    real_checkpw = bcrypt.checkpw

    def spy(password: bytes, hashed: bytes) -> bool:
        checked.append(hashed)
        return real_checkpw(password, hashed)

    monkeypatch.setattr(passwords.bcrypt, "checkpw", spy)
    burn_equal_time()
    burn_equal_time()
    assert len(checked) == 2
    assert checked[0] == checked[1]  # the dummy hash is made once
    assert checked[0].startswith(b"$2b$04$")
    assert passwords._dummy_hash.cache_info().misses == 1


# --- demo accounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "email"), DEMO_ACCOUNTS)
def test_demo_passwords_contain_their_email_name_but_pass_every_other_rule(password, email):
    assert contains_email_name(password, email)
    assert refusal(password, email) == "Your password must not contain your email name."
    check_password_policy(password, email="")
    assert not is_common_password(password)
    assert verify_password(password, hash_password(password))
