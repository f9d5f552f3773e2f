"""The embedded default: a private PostgreSQL + PostGIS cluster under the data folder.

With no GRIDOPS_DATABASE_URL, gridops starts (or reuses) its own cluster with the system's
initdb and pg_ctl, listening on a unix socket inside the folder and on a local port. As root,
the server runs as an unprivileged user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from gis.errors import DatabaseUnavailableError

POSTGRES_PACKAGE = "postgresql"
POSTGIS_PACKAGE_TEMPLATE = "postgresql-{major}-postgis-3"
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "shared_buffers": "'256MB'",
    "work_mem": "'32MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'4GB'",
    # wal_level=minimal lets COPY into a table truncated in the same transaction skip the WAL;
    # a deployment with streaming replicas points GRIDOPS_DATABASE_URL at its own server.
    "wal_level": "'minimal'",
    "max_wal_senders": "0",
    "logging_collector": "off",
}


@dataclass(frozen=True)
class PostgresBinaries:
    """The server binaries of the newest PostgreSQL installed."""

    bindir: Path
    major: int
    sharedir: Path

    @property
    def initdb(self) -> str:
        """The initdb binary's path."""
        return str(self.bindir / "initdb")

    @property
    def pg_ctl(self) -> str:
        """The pg_ctl binary's path."""
        return str(self.bindir / "pg_ctl")


def find_binaries() -> PostgresBinaries:
    """Find initdb/pg_ctl, preferring Debian's versioned folders; name the package if absent."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        bindir = candidates[-1].parent
    elif found := shutil.which("initdb"):
        bindir = Path(found).parent
    else:
        raise DatabaseUnavailableError(
            "PostgreSQL server binaries (initdb, pg_ctl) not found: "
            f"install the Debian package '{POSTGRES_PACKAGE}' (apt-get install {POSTGRES_PACKAGE})"
        )
    version = subprocess.run(
        [str(bindir / "initdb"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)", version)
    major = int(match.group(1)) if match else 0
    sharedir = Path(f"/usr/share/postgresql/{major}")
    return PostgresBinaries(bindir=bindir, major=major, sharedir=sharedir)


def check_postgis(binaries: PostgresBinaries) -> None:
    """Refuse, naming the Debian package to install, when PostGIS is missing for this server."""
    if not (binaries.sharedir / "extension" / "postgis.control").exists():
        package = POSTGIS_PACKAGE_TEMPLATE.format(major=binaries.major)
        raise DatabaseUnavailableError(
            f"PostGIS is not installed for PostgreSQL {binaries.major}: "
            f"install the Debian package '{package}' (apt-get install {package})"
        )


def _reachable_by(path: Path, user: pwd.struct_passwd) -> bool:
    """Whether every ancestor of path can be traversed by user (others' or owner's x bit)."""
    for ancestor in [path, *path.parents]:
        if not ancestor.exists():
            continue
        info = ancestor.stat()
        if info.st_uid == user.pw_uid:
            if not info.st_mode & stat.S_IXUSR:
                return False
        elif not info.st_mode & stat.S_IXOTH:
            return False
    return True


@dataclass(frozen=True)
class EmbeddedCluster:
    """A cluster in <root>/data with its socket in <root>/run and its log in <root>/log."""

    root: Path
    port: int
    database: str
    os_user: str | None  # None: run as the current (unprivileged) user

    @classmethod
    def from_settings(cls, data_dir: Path, port: int, database: str, user: str) -> EmbeddedCluster:
        """The cluster under data_dir; as root, run by user, in /var/tmp if user cannot reach it."""
        root = (data_dir / "pg").resolve()
        os_user: str | None = None
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(user)
            except KeyError as exc:
                raise DatabaseUnavailableError(
                    f"running as root, the embedded cluster needs the unprivileged user '{user}' "
                    f"(the Debian package '{POSTGRES_PACKAGE}' creates 'postgres'; "
                    "or set GRIDOPS_EMBEDDED_USER)"
                ) from exc
            os_user = user
            if not _reachable_by(root.parent, account):
                # The checkout lies under a folder the server's user cannot enter (e.g. /root):
                # keep the cluster in a folder of its own, one per checkout.
                digest = hashlib.sha1(str(root).encode(), usedforsecurity=False).hexdigest()[:10]
                root = Path("/var/tmp") / f"gridops-{digest}" / "pg"  # noqa: S108 (one per checkout)
                print(
                    f"gridops: embedded cluster kept in {root} ({user} cannot reach the checkout)",
                    file=sys.stderr,
                )
        return cls(root=root, port=port, database=database, os_user=os_user)

    @property
    def data(self) -> Path:
        """The cluster's data directory (PGDATA)."""
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        """The folder holding the cluster's unix socket."""
        return self.root / "run"

    @property
    def logfile(self) -> Path:
        """The server log that pg_ctl writes."""
        return self.root / "log" / "postgresql.log"

    @property
    def url(self) -> str:
        """The URL of gridops' database over the cluster's socket."""
        return f"postgresql://postgres@/{self.database}?host={self.socket_dir}&port={self.port}"

    @property
    def maintenance_url(self) -> str:
        """The URL of the postgres maintenance database, for creating gridops' own."""
        return f"postgresql://postgres@/postgres?host={self.socket_dir}&port={self.port}"

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        extra: dict[str, object] = {}
        if self.os_user is not None:
            account = pwd.getpwnam(self.os_user)
            extra = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run(  # type: ignore[call-overload]
            args, capture_output=True, text=True, check=check, env=env, cwd="/", **extra
        )

    def _prepare_folders(self) -> None:
        for folder in (self.root, self.data, self.socket_dir, self.logfile.parent):
            folder.mkdir(parents=True, exist_ok=True)
        self.data.chmod(0o700)
        if self.os_user is not None:
            account = pwd.getpwnam(self.os_user)
            for folder in (self.root, self.data, self.socket_dir, self.logfile.parent):
                os.chown(folder, account.pw_uid, account.pw_gid)

    def is_initialised(self) -> bool:
        """Whether initdb has already made the data directory."""
        return (self.data / "PG_VERSION").exists()

    def is_running(self) -> bool:
        """Whether the cluster's server is up (pg_ctl status)."""
        if not self.is_initialised():
            return False
        binaries = find_binaries()
        return (
            self._run([binaries.pg_ctl, "-D", str(self.data), "status"], check=False).returncode
            == 0
        )

    def initialise(self, binaries: PostgresBinaries) -> None:
        """Run initdb (UTF-8, trust auth) and append gridops' server settings to postgresql.conf."""
        self._prepare_folders()
        result = self._run(
            [
                binaries.initdb,
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            check=False,
        )
        if result.returncode != 0:
            raise DatabaseUnavailableError(f"initdb failed: {result.stderr.strip()[-500:]}")
        lines = [f"{key} = {value}" for key, value in SERVER_SETTINGS.items()]
        lines += [f"port = {self.port}", f"unix_socket_directories = '{self.socket_dir}'"]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# gridops embedded cluster\n" + "\n".join(lines) + "\n")

    def start(self) -> str:
        """Initialise when new, start when stopped; a running cluster is reused. What was done:
        "created" (initdb and started), "started" or "running"."""
        binaries = find_binaries()
        check_postgis(binaries)
        created = not self.is_initialised()
        if created:
            self.initialise(binaries)
        if self.is_running():
            return "running"
        self._prepare_folders()
        result = self._run(
            [
                binaries.pg_ctl,
                "-D",
                str(self.data),
                "-l",
                str(self.logfile),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=False,
        )
        if result.returncode != 0:
            tail = self.logfile.read_text()[-800:] if self.logfile.exists() else result.stderr
            raise DatabaseUnavailableError(
                f"the embedded PostgreSQL did not start (port {self.port} busy?): {tail.strip()}"
            )
        return "created" if created else "started"

    def stop(self) -> bool:
        """Stop the cluster; False when it was not running."""
        if not self.is_running():
            return False
        binaries = find_binaries()
        self._run([binaries.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"])
        return True
