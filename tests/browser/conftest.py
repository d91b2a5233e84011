"""Browser tests drive the real app: migrated, seeded and served by `reflex run --env prod` on a
free port with its own data dir, clicked through with Playwright in Debian's Chromium. Its mail goes to
a loopback SMTP server (aiosmtpd) whose messages the tests read; the outbox table still fills too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from allin_app.core.db import make_engine

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 300
HISTORY_DAYS = 60


class Inbox:
    """An aiosmtpd handler that keeps every message the app delivers."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def matching(self, to: str, subject_contains: str = "") -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages
                    if to.lower() in str(m["To"]).lower() and subject_contains in str(m["Subject"])]

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 20, after: int = 0) -> EmailMessage:
        """The newest message to `to` (with that subject text) once more than `after` of them arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.matching(to, subject_contains)
            if len(found) > after:
                return found[-1]
            time.sleep(0.2)
        raise AssertionError(f"no new mail to {to} ({subject_contains!r}) within {timeout}s")


@dataclass
class LiveApp:
    url: str
    data_dir: Path
    inbox: Inbox = field(default_factory=Inbox)

    def db(self) -> Session:
        """A session on the served app's own database (to read the mail outbox, say)."""
        return Session(make_engine(f"sqlite:///{self.data_dir / 'allin.db'}"), expire_on_commit=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _app_env(data_dir: Path, port: int, smtp_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DB_URL", "REDIS_URL", "SMTP_URL", "PYTEST_CURRENT_TEST")}
    env.update(
        ALLIN_DATA_DIR=str(data_dir),
        ALLIN_PORT=str(port),
        ALLIN_SECRET_KEY="browser-test-secret",
        ALLIN_BCRYPT_ROUNDS="4",
        SMTP_URL=smtp_url,
        PATH=f"{REPO / '.tools/node_modules/.bin'}:{env.get('PATH', '')}",
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_CHECK_LATEST_VERSION="0",
        REFLEX_TELEMETRY_ENABLED="false",
    )
    return env


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/auth/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not answer within {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def smtp_inbox():
    """A real SMTP server on loopback for the app's outgoing mail."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, smtp_inbox) -> LiveApp:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    data_dir = tmp_path_factory.mktemp("live-app-data")
    port = _free_port()
    inbox, smtp_url = smtp_inbox
    env = _app_env(data_dir, port, smtp_url)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "alembic"), "upgrade", "head"], cwd=REPO, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "allin_app.admin.seed"], cwd=REPO, env=env, check=True, capture_output=True)
    # Demo analytics history, as `make seed` makes it; two months keep the start-up short.
    subprocess.run([sys.executable, "-m", "allin_app.analytics.history", "--days", str(HISTORY_DAYS)], cwd=REPO,
                   env=env, check=True, capture_output=True)
    log = data_dir / "reflex.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(bin_dir / "reflex"), "run", "--env", "prod"], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield LiveApp(url=url, data_dir=data_dir, inbox=inbox)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture
def sign_in(page, live_app):
    """Sign in through the real login page; returns the page on the dashboard."""

    def _sign_in(email: str, password: str, next_path: str = ""):
        page.goto(f"{live_app.url}/auth/login{next_path}")
        page.fill("#email", email)
        page.fill("#password", password)
        page.click("#sign-in")
        return page

    return _sign_in
