"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a unix socket only.

initdb refuses to run as root (CI runs as root), so as root the cluster belongs to the `postgres`
user that Debian's package creates and every server command runs through `runuser`. The server
listens on no TCP address: only a socket in the cluster's own folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


def server_bin_dir() -> Path | None:
    """Debian keeps the server programs off PATH, under /usr/lib/postgresql/<major>/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    bin_dir: Path
    base: Path
    port: int
    as_root: bool

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "sock"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        who = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{who}@/{database}?host={self.socket_dir}&port={self.port}"

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        options = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c max_connections=200 -c synchronous_commit=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.base, ignore_errors=True)

    def stop_server_only(self) -> None:
        """For tests of a server that goes away: the folder stays so `start_again` can follow."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def start_again(self) -> None:
        options = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-o", options, "-w", "start"
        )

    def create_database(self, template: str | None = None) -> str:
        """A fresh database (optionally copied from `template`); returns its name."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{suffix}")  # type: ignore[arg-type]  # test-made name
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


def start_cluster() -> Cluster | None:
    """None when no PostgreSQL server programs are installed (`./dev test` installs them)."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        return None
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="prpg"))  # short: a socket path has ~100 characters at most
    os.chmod(base, 0o755)
    (base / "sock").mkdir()
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(base / "sock", "postgres")
    cluster = Cluster(bin_dir, base, _free_port(), as_root)
    cluster.start()
    return cluster
