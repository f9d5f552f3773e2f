"""Sign-in latency with the chosen argon2id parameters (identity/passwords.py).

Ours: identity.sessions.sign_in, a whole sign-in on the database (the throttles' query, the
user's row, the verify, the new session). Peer in the same run: the bare argon2 verify of the
same hash, so the table shows how much of a sign-in is the hash and how much the rest. Also a
refused sign-in for an unknown name (a dummy hash verified), which should take as long.
Everything runs in one transaction that is rolled back: the database keeps nothing.
The contenders alternate over --rounds rounds (at least 3, bench/rounds.py) of --samples
sign-ins each: every figure is the median with the lowest and highest round.
Run: .venv/bin/python -m bench.sign_in [--samples 15] [--rounds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
from datetime import UTC, datetime

from bench.rounds import alternate, check_rounds, median_ms, ratio
from gis.database import connect, resolve_database_url
from gis.migrate import upgrade
from identity import passwords
from identity.actor import Actor, ActorKind, RequestOrigin
from identity.sessions import SignInRefusedError, sign_in
from identity.users import add_user

USERNAME = "bench-sign-in"
PASSWORD = "bench sign-in passphrase"  # noqa: S105 (the benchmark's own, rolled back)


def main() -> None:
    """Time a sign-in against the bare argon2 verify, and a refusal for an unknown name."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=15, help="sign-ins per round")
    parser.add_argument("--rounds", type=check_rounds, default=3, help="alternating rounds")
    args = parser.parse_args()
    url = resolve_database_url()
    with connect(url, autocommit=True) as conn:
        upgrade(conn)
    with connect(url) as conn:
        now = datetime.now(UTC)
        add_user(conn, Actor(ActorKind.CLI, "cli:bench"), USERNAME, ["viewer"], PASSWORD, now)
        row = conn.execute(
            "SELECT password_hash FROM staff_user WHERE username = %s", (USERNAME,)
        ).fetchone()
        stored = row[0] if row else ""

        origin = RequestOrigin(client="192.0.2.200")

        def ours() -> None:
            sign_in(conn, USERNAME, PASSWORD, origin, now)

        names = itertools.count()

        def unknown() -> None:  # a name of its own each time, or the throttle would refuse it
            with contextlib.suppress(SignInRefusedError):
                sign_in(conn, f"nobody-{next(names)}", PASSWORD, RequestOrigin(), now)

        def peer() -> None:
            passwords.hasher().verify(stored, PASSWORD)

        passwords.dummy_hash()  # made once per process, not timed
        figures = alternate(
            {
                "sign_in": lambda: median_ms(ours, args.samples),
                "unknown name": lambda: median_ms(unknown, args.samples),
                "argon2 verify": lambda: median_ms(peer, args.samples),
            },
            rounds=args.rounds,
        )
        conn.rollback()
    print(
        f"argon2id t={passwords.TIME_COST} m={passwords.MEMORY_COST_KIB} KiB "
        f"p={passwords.PARALLELISM}; median ms of {args.samples} per round, {args.rounds} "
        "rounds: median (lowest-highest round)"
    )
    for name, spread in figures.items():
        print(f"{name:<16}{spread.text(1, ' ms'):>28}")
    overhead = ratio(figures["sign_in"], figures["argon2 verify"])
    print(f"{'sign_in/verify':<16}{overhead.text(2):>28}")


if __name__ == "__main__":
    main()
