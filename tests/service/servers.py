"""Real KSB Tracker processes for tests: a database of their own, ``ksbtracker serve`` and ``ksbtracker worker``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
from django.conf import settings

KSBTRACKER = str(Path(sys.executable).with_name("ksbtracker"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedDatabase:
    """An empty database beside the test database, on the same engine, for processes the test starts."""

    def __init__(self, folder: Path):
        self.folder = folder
        test_db = settings.DATABASES["default"]
        self.postgres = test_db["ENGINE"].endswith("postgresql")
        if self.postgres:
            self.name = f"ksb_served_{uuid.uuid4().hex[:12]}"
            self._admin = {
                "host": test_db["HOST"] or "127.0.0.1",
                "port": test_db["PORT"] or 5432,
                "user": test_db["USER"],
                "password": test_db["PASSWORD"],
                "dbname": "postgres",
            }
            with psycopg.connect(**self._admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            auth = test_db["USER"] + (f":{test_db['PASSWORD']}" if test_db["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{self._admin['host']}:{self._admin['port']}/{self.name}"
        else:
            self.url = f"sqlite:///{folder / 'served.sqlite3'}"

    def drop(self) -> None:
        if self.postgres:
            with psycopg.connect(**self._admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def environment(database: ServedDatabase, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=database.url,
        SECRET_KEY="test-secret-key-" + "x" * 40,
        MEDIA_ROOT=str(database.folder / "files"),
        SECURE_COOKIES="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def ksbtracker(database: ServedDatabase, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [KSBTRACKER, *args],
        env=environment(database, **env),
        cwd=database.folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


class Process:
    """A long-running ksbtracker command whose output goes to a file the test can read."""

    def __init__(self, database: ServedDatabase, *args: str, name: str, **env: str):
        self.log_path = database.folder / f"{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.popen = subprocess.Popen(
            [KSBTRACKER, *args],
            env=environment(database, **env),
            cwd=database.folder,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def output(self) -> str:
        return self.log_path.read_text()

    def stop(self, timeout: float = 30) -> int:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log.close()
        return self.popen.returncode


class Server(Process):
    def __init__(self, database: ServedDatabase, **env: str):
        self.port = free_port()
        env.setdefault("WEB_CONCURRENCY", "2")
        env.setdefault("THREADS", "2")
        super().__init__(database, "serve", name=f"server-{self.port}", PORT=str(self.port), **env)
        self.url = f"http://127.0.0.1:{self.port}"
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{self.output}")
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2).close()  # noqa: S310 (loopback)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not start:\n{self.output}")


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET without following redirects; (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
