"""Passwords: argon2id with the stated parameters, verified (and rehashed when the parameters
changed), at least 12 characters, generated ones long and random."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from identity import passwords
from identity.passwords import (
    MIN_LENGTH,
    PasswordRejectedError,
    check_password,
    generate_password,
    hash_password,
    verify,
)


def test_a_hash_is_argon2id_with_the_stated_parameters() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$")
    assert (
        f"m={passwords.MEMORY_COST_KIB},t={passwords.TIME_COST},p={passwords.PARALLELISM}" in stored
    )
    assert hash_password("correct horse battery") != stored  # salted


def test_verify_tells_the_right_password_from_a_wrong_one() -> None:
    stored = hash_password("correct horse battery")
    assert verify(stored, "correct horse battery") == (True, False)
    assert verify(stored, "correct horse batterY") == (False, False)
    assert verify("not a hash", "correct horse battery") == (False, False)


def test_a_hash_with_older_parameters_verifies_and_asks_to_be_made_again() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse battery")
    assert verify(old, "correct horse battery") == (True, True)


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_LENGTH - 1)])
def test_a_password_under_twelve_characters_is_refused(password: str) -> None:
    with pytest.raises(PasswordRejectedError, match="at least 12 characters") as refused:
        hash_password(password)
    assert refused.value.field == "password" and refused.value.status == 422


def test_twelve_characters_are_enough_and_nul_is_refused() -> None:
    assert check_password("x" * MIN_LENGTH) == "x" * MIN_LENGTH
    with pytest.raises(PasswordRejectedError, match="NUL"):
        check_password("twelve chars\x00")


def test_generated_passwords_are_long_and_differ() -> None:
    generated = {generate_password() for _ in range(20)}
    assert len(generated) == 20
    assert all(len(p) >= 20 and check_password(p) for p in generated)
