"""A PostgreSQL server of a test's own, from Debian's binaries (`make system-deps`), that the
test may stop and start — never the machine's shared server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

POSTGRES_LIBS = Path("/usr/lib/postgresql")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binaries() -> Path:
    found = sorted(POSTGRES_LIBS.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.fail(
            "no PostgreSQL server binaries: `make system-deps` installs Debian's postgresql"
        )
    return found[-1].parent


def _as_owner(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; as root they run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PrivateCluster:
    binaries: Path
    directory: Path
    port: int

    @classmethod
    def create(cls) -> PrivateCluster:
        directory = Path(tempfile.mkdtemp(prefix="duban-pg-"))
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        cluster = cls(_binaries(), directory, free_port())
        cluster._run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        return cluster

    @classmethod
    def standby_of(cls, primary: PrivateCluster) -> PrivateCluster:
        """A streaming replica of a running `primary` (pg_basebackup -R: it connects back
        and replays the primary's WAL), not yet started."""
        directory = Path(tempfile.mkdtemp(prefix="duban-pg-standby-"))
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        standby = cls(primary.binaries, directory, free_port())
        standby._run(
            "pg_basebackup",
            *("-D", str(standby.data), "-h", "127.0.0.1", "-p", str(primary.port)),
            *("-U", "postgres", "-R", "-X", "stream", "--no-sync"),
        )
        return standby

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = _as_owner([str(self.binaries / tool), *args])
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{tool}: {done.stdout}{done.stderr}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        """A fast shutdown: open sessions are cut off, as when the server goes away."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        subprocess.run(
            _as_owner(
                [str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.directory, ignore_errors=True)
