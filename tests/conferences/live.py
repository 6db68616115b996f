"""A real Podium behind gunicorn on a throwaway database, and browsers to use it.

For what only a running server shows: many requests at the same instant,
each in its own worker thread or process, against the database the school
runs. SQLite gets a temporary file; when DATABASE_URL names PostgreSQL, a
database of its own is created on that server and dropped afterwards. The
database is migrated with `manage.py migrate` and prepared with Django code
run in a subprocess (`Database.run`), so nothing here touches the test
run's own database.

Families use `Browser`: its own cookies, the CSRF token from the page it
loaded, forms posted as a browser posts them. `at_once` sends prepared
requests from many threads at the same instant.

Nothing here imports pytest: the rush benchmark uses it too.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
SETTINGS = "tests.conferences.live_settings"
POSTGRESQL = ("postgres://", "postgresql://", "pgsql://")

# Runs `module:function(**kwargs)` with Django set up and writes its result as JSON.
RUNNER = """
import importlib, json, sys
import django
django.setup()
module, function = sys.argv[1].split(":")
result = getattr(importlib.import_module(module), function)(**json.loads(sys.argv[2]))
with open(sys.argv[3], "w") as out:
    json.dump(result, out)
"""


def names_postgresql(url: str | None) -> bool:
    return bool(url) and str(url).startswith(POSTGRESQL)


class Database:
    """A database of its own: a file for SQLite, or one on the PostgreSQL server of `like`."""

    def __init__(self, url: str, *, workdir: Path) -> None:
        self.url = url
        self.workdir = workdir

    @classmethod
    def create(cls, *, like: str | None = None, workdir: Path | None = None) -> Database:
        workdir = workdir or Path(tempfile.mkdtemp(prefix="podium-live-"))
        if names_postgresql(like):
            assert like is not None
            url = _with_database(like, f"podium_live_{os.getpid()}_{secrets.token_hex(4)}")
            with _server_connection(url) as admin:
                admin.execute(f'CREATE DATABASE "{_name_of(url)}"')
            return cls(url, workdir=workdir)
        path = workdir / f"podium-{secrets.token_hex(4)}.sqlite3"
        return cls(f"sqlite:///{path}", workdir=workdir)

    @property
    def is_postgresql(self) -> bool:
        return names_postgresql(self.url)

    @property
    def vendor(self) -> str:
        return "postgresql" if self.is_postgresql else "sqlite"

    def env(self, settings: str = SETTINGS, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": str(BASE_DIR),
            **extra,
        }

    def migrate(self) -> None:
        _check_run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            env=self.env(),
            what="migrate",
        )

    def run(self, target: str, **kwargs: Any) -> Any:
        """Call `module:function(**kwargs)` in a subprocess with Django on this database."""
        out = self.workdir / f"result-{secrets.token_hex(4)}.json"
        _check_run(
            [sys.executable, "-c", RUNNER, target, json.dumps(kwargs), str(out)],
            env=self.env(),
            what=target,
        )
        try:
            return json.loads(out.read_text())
        finally:
            out.unlink(missing_ok=True)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one SQL statement (%s placeholders) on its own connection; return its rows."""
        if self.is_postgresql:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                cursor = connection.execute(sql, params)
                return list(cursor.fetchall()) if cursor.description else []
        lite = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            return lite.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            lite.close()

    @property
    def path(self) -> Path:
        assert not self.is_postgresql
        return Path(urllib.parse.urlsplit(self.url).path)

    def copy(self) -> Database:
        """A new database with the same tables and rows (this one must be idle)."""
        if self.is_postgresql:
            import psycopg

            url = _with_database(self.url, f"podium_live_{os.getpid()}_{secrets.token_hex(4)}")
            create = f'CREATE DATABASE "{_name_of(url)}" TEMPLATE "{_name_of(self.url)}"'
            # A server just stopped may take a moment to let go of the template.
            for attempt in range(50):
                try:
                    with _server_connection(url) as admin:
                        admin.execute(create)
                    break
                except psycopg.errors.ObjectInUse:
                    if attempt == 49:
                        raise
                    time.sleep(0.1)
            return Database(url, workdir=self.workdir)
        path = self.workdir / f"podium-{secrets.token_hex(4)}.sqlite3"
        source, target = sqlite3.connect(self.path), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return Database(f"sqlite:///{path}", workdir=self.workdir)

    def drop(self) -> None:
        if self.is_postgresql:
            with _server_connection(self.url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{_name_of(self.url)}" WITH (FORCE)')
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def _name_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))


@contextmanager
def _server_connection(url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        yield connection


def _check_run(command: list[str], *, env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stderr[-4000:]}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn serving Podium on 127.0.0.1: several processes, each with several threads."""

    def __init__(
        self,
        database: Database,
        *,
        workers: int = 3,
        threads: int = 8,
        settings: str = SETTINGS,
        env: dict[str, str] | None = None,
    ) -> None:
        self.database = database
        self.workers = workers
        self.threads = threads
        self.settings = settings
        self.extra_env = env or {}
        self.port = 0
        self.log = database.workdir / f"gunicorn-{secrets.token_hex(4)}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def start(self, *, wait: float = 90) -> None:
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread",
            # Import Django once, before the workers fork: they start in a moment.
            "--preload",
            # Several servers may run at once (test workers, a benchmark): none needs it.
            "--no-control-socket",
            "--timeout",
            "120",
            # Stopped only once every answer is in: nothing to wait for.
            "--graceful-timeout",
            "1",
            "podium.wsgi:application",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.database.env(self.settings, **self.extra_env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                if Browser(self.address).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {wait} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # A quick shutdown: nothing is in flight once the caller has its answers.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def serving(template: Database, **options: Any) -> Iterator[Server]:
    """A server on a fresh copy of `template`; the copy is dropped afterwards."""
    database = template.copy()
    try:
        with Server(database, **options) as server:
            yield server
    finally:
        database.drop()


# --- browsers -------------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def input_value(body: str, name: str) -> str:
    """The value of the <input> named `name` in a page."""
    for tag in re.findall(r"<input\b[^>]*>", body):
        if f'name="{name}"' in tag:
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else ""
    raise LookupError(f"no input named {name}")


def radio_values(body: str, name: str) -> list[str]:
    """The values of the radio buttons named `name`, in page order."""
    return [
        found.group(1)
        for tag in re.findall(r"<input\b[^>]*>", body)
        if f'name="{name}"' in tag and 'type="radio"' in tag
        for found in [re.search(r'value="([^"]*)"', tag)]
        if found
    ]


@dataclass
class Page:
    status: int
    body: str
    location: str = ""
    seconds: float = 0.0
    started: float = 0.0

    def csrf_token(self) -> str:
        found = CSRF_INPUT.search(self.body)
        if found is None:
            raise LookupError(f"no CSRF token on the page (status {self.status})")
        return found.group(1)


@dataclass
class Browser:
    """One person's browser: its own cookies; each request on a fresh connection."""

    address: tuple[str, int]
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120

    def at(self, address: tuple[str, int]) -> Browser:
        """The same browser, cookies and all, talking to another server."""
        return Browser(address, dict(self.cookies), self.timeout)

    def get(self, path: str) -> Page:
        return self.prepare("GET", path)()

    def post(self, path: str, fields: dict[str, str]) -> Page:
        return self.prepare("POST", path, fields)()

    def prepare(
        self, method: str, path: str, fields: dict[str, str] | None = None
    ) -> Callable[[], Page]:
        """Connect now; the returned call sends the request and reads the answer."""
        connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        connection.connect()
        headers = {"Host": f"{self.address[0]}:{self.address[1]}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"

        def send() -> Page:
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
            finally:
                connection.close()
            seconds = time.perf_counter() - started
            for header in response.headers.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return Page(
                status=response.status,
                body=text,
                location=response.getheader("Location", ""),
                seconds=seconds,
                started=started,
            )

        return send

    def sign_in(self, token: str) -> None:
        """Follow a sign-in link as a family does: open it, press the button."""
        path = f"/accounts/link/{token}/"
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"sign-in link answered {page.status}")
        answer = self.post(path, {"csrfmiddlewaretoken": page.csrf_token()})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in answered {answer.status}")


def at_once(requests: Sequence[Callable[[], Callable[[], Page]]]) -> list[Page]:
    """Prepare every request (connected, nothing sent), then send them all at the same instant.

    Each item is called in its own thread to prepare its request; the answers
    come back in the same order. An exception in a thread is raised here.
    """
    barrier = threading.Barrier(len(requests))
    answers: list[Page | BaseException | None] = [None] * len(requests)

    def one(i: int) -> None:
        try:
            send = requests[i]()
        except BaseException as error:
            barrier.abort()
            answers[i] = error
            return
        try:
            barrier.wait(timeout=60)
            answers[i] = send()
        except BaseException as error:
            answers[i] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return [a for a in answers if isinstance(a, Page)]


def in_parallel(calls: Sequence[Callable[[], Any]], *, threads: int = 16) -> list[Any]:
    """Run the calls on a few threads (sign-ins and page loads before the real test)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda call: call(), calls))


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
