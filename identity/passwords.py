"""Staff passwords: argon2id hashes (argon2-cffi), a minimum length, generated passwords.

The parameters are stated here, not taken from the library's defaults, so that a change of
argon2-cffi does not change them unnoticed; a hash made with other parameters still verifies,
and `verify` says when it should be made again with these (rehash on the next sign-in).
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.low_level import Type

from gis.errors import RejectedInputError

# argon2id, 19 MiB and 3 passes on one lane (OWASP's password storage cheat sheet lists
# m=19 MiB, t=2, p=1 as its minimum; one pass more brings the cost to the issue's ~50 ms).
# Measured on the 2-core development machine: 47-52 ms the fastest verify of 25 (close to an
# idle machine), 60-66 ms the median while other work shared it; t=2 gave 30 ms, t=4 70 ms.
# bench/sign_in.py reports the figure on the machine it runs on.
TIME_COST = 3
MEMORY_COST_KIB = 19 * 1024
PARALLELISM = 1
HASH_LENGTH = 32
SALT_LENGTH = 16

MIN_LENGTH = 12
MAX_LENGTH = 1000  # what the sign-in body accepts; longer is no stronger, only slower
GENERATED_BYTES = 15  # secrets.token_urlsafe(15): 20 characters, 120 bits


class PasswordRejectedError(RejectedInputError):
    """A password that cannot be used: too short or too long (answered 422 on password)."""

    kind = "invalid-password"
    field = "password"


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The one PasswordHasher with the parameters above."""
    return PasswordHasher(
        time_cost=TIME_COST,
        memory_cost=MEMORY_COST_KIB,
        parallelism=PARALLELISM,
        hash_len=HASH_LENGTH,
        salt_len=SALT_LENGTH,
        type=Type.ID,
    )


def check_password(password: str) -> str:
    """The password if it may be used; PasswordRejectedError saying why not."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejectedError(
            f"a password needs at least {MIN_LENGTH} characters (this one has {len(password)})",
            reason="password_too_short",
            min=MIN_LENGTH,
        )
    if len(password) > MAX_LENGTH:
        raise PasswordRejectedError(
            f"a password has at most {MAX_LENGTH} characters", reason="password_too_long"
        )
    if "\x00" in password:
        raise PasswordRejectedError("a password must not contain a NUL character")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of a password that passes check_password."""
    return hasher().hash(check_password(password))


def verify(password_hash: str, password: str) -> tuple[bool, bool]:
    """(whether the password matches, whether the hash should be made again with today's
    parameters). A malformed stored hash matches nothing."""
    try:
        hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of a random password with today's parameters: verified for an unknown user, so
    that the answer takes as long as for a known one."""
    return hasher().hash(secrets.token_urlsafe(GENERATED_BYTES))


def generate_password() -> str:
    """A random password for `gridops user add` without --password-stdin (shown once)."""
    return secrets.token_urlsafe(GENERATED_BYTES)
