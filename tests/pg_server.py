"""A throwaway PostgreSQL cluster for the tests: initdb in a temp folder, on 127.0.0.1 and a free port.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(runuser). Set SIGMA_TEST_PG_URL to use an existing server instead (a database is created per test).
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian/Ubuntu keep the server programs out of PATH, one folder per major version: take the newest.
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major_version)
    if not candidates:
        raise RuntimeError(f"PostgreSQL server program «{name}» not found: install postgresql")
    return candidates[-1]


def _major_version(path: str) -> tuple[int, ...]:
    version = Path(path).parent.parent.name  # /usr/lib/postgresql/15/bin/initdb -> "15"
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def _runuser() -> str:
    # root's PATH has no sbin in some environments (cron, CI runners)
    return shutil.which("runuser") or next(
        (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.path.exists(p)), "runuser")


def _postgres_can_enter(folder: str) -> bool:
    """Whether the postgres user can reach a folder (every parent must be traversable)."""
    return subprocess.run([_runuser(), "-u", "postgres", "--", "test", "-x", folder],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def _temp_parent(as_root: bool) -> str | None:
    """The folder for the cluster: the usual temp folder, unless the postgres user cannot reach it
    (TMPDIR under /root, say); then the first shared temp folder it can."""
    default = tempfile.gettempdir()
    if not as_root or _postgres_can_enter(default):
        return None
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(folder) and _postgres_can_enter(folder):
            return folder
    raise RuntimeError(f"no temp folder that the postgres user can enter (tried {default}, /tmp, /var/tmp)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self) -> None:
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0  # no geteuid on Windows
        self.dir = Path(tempfile.mkdtemp(prefix="sigma-pg-", dir=_temp_parent(self.as_root)))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            cmd = [_runuser(), "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode:
            log = self.dir / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}{tail}")

    def start(self) -> "PgCluster":
        try:
            return self._start()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _start(self) -> "PgCluster":
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        self._run(_bin("initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C")
        conf = self.data / "postgresql.conf"
        with conf.open("a") as fh:
            sockets = "" if os.name == "nt" else str(self.dir)  # TCP only on Windows
            fh.write(f"\nlisten_addresses='127.0.0.1'\nport={self.port}\nunix_socket_directories='{sockets}'\n"
                     "fsync=off\nsynchronous_commit=off\nfull_page_writes=off\nmax_connections=200\n")
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "60", "start")
        deadline = time.time() + 30
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.1)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            _remove_tree(self.dir)


def _remove_tree(path: Path) -> None:
    """A cluster with hundreds of per-test databases holds ~100,000 files: Python's rmtree takes
    minutes on them, `rm -rf` seconds."""
    rm = shutil.which("rm")
    if rm and os.name != "nt":
        subprocess.run([rm, "-rf", str(path)], check=False)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    except OSError:  # no `locale` program (Windows): the plain C locale with UTF8 encoding
        return False
    return "c.utf8" in out or "c.utf-8" in out
