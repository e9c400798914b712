"""Browser tests: one headless Chromium for all of them, a fresh context and page per test.

Pages are served by pytest-django's live server (host ``localhost``, where Chromium keeps the Secure
session cookie over plain http) from the transactional test database, which is emptied after each test.
``demo_world`` builds the built-in standards, frameworks and demo people with the real services.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .axe import assert_accessible

__all__ = ["assert_accessible", "authenticator_code", "code_for_secret", "sign_in", "sign_out"]

CHROMIUM = Path(os.environ.get("KSBTRACKER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Long enough for a slow CI machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """Debian's Chromium driven by Playwright. Missing Chromium fails the tests: CI must install it.

    One browser for all the browser tests (pytest-django runs them together, with the other live-server
    tests); package scope stops it after the last of them.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium` "
            "(or set KSBTRACKER_CHROMIUM to its path). Browser tests cannot run without it.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import Error, sync_playwright

    # Playwright's sync API leaves an asyncio loop running in this thread until it stops. Django then
    # refuses database calls unless told they are safe here, and keeps its connections in a separate
    # store for async code, so the tests would open new ones: on SQLite in memory, not the one the
    # live server shares. The tests go on using the connections they had instead.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sync_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    try:
        for alias, connection in sync_connections.items():
            connections[alias] = connection
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} would not start: {error}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class PageProblems:
    """What went wrong behind the page: script errors, sub-resources (CSS, JS, images) that failed, and
    anything the Content-Security-Policy blocked."""

    items: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.items.append(f"script error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.items.append(f"blocked by the Content-Security-Policy: {message.text}")

    def _response(self, response) -> None:
        # The page itself may be an expected 404 or 403; what it loads must not be.
        if response.status >= 400 and response.request.resource_type != "document":
            self.items.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def _request_failed(self, request) -> None:
        if request.resource_type != "document":
            self.items.append(f"{request.failure} for {request.resource_type} {request.url}")


@pytest.fixture
def page(browser, live_server):
    """A new browser context (no cookies) and page on the live server; relative URLs work in goto()."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    browser_page = context.new_page()
    problems = PageProblems()
    problems.watch(browser_page)
    yield browser_page
    context.close()
    if problems.items:
        raise AssertionError("The page had problems loading:\n" + "\n".join(problems.items))


@dataclass(frozen=True)
class DemoWorld:
    """The demo logins and the enrolments they are linked to."""

    password: str
    enrolment_ids: dict[str, int]  # learner email -> their enrolment's id


DATA_MIGRATIONS = (
    "ksbtracker.funding.migrations.0002_builtin_rule_sets",
    "ksbtracker.funding.migrations.0005_four_rule_sets_by_start_date",
    "ksbtracker.scans.migrations.0002_default_rating_scale",
)


def _restore_migrated_data() -> None:
    """Put back the rows data migrations load (funding rules, the default rating scale), which a
    transactional test's flush removes.

    (Django's serialized rollback would restore every migrated row, but it breaks as soon as another
    live-server test without it has run first: their flush recreates content types under new ids.)
    """
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        importlib.import_module(name).load(apps, None)


@pytest.fixture
def demo_world(live_server, settings) -> DemoWorld:
    """Built-in standards and frameworks and the demo people, made with the real services."""
    from ksbtracker.people.demo import DEMO_PASSWORD, load_demo_data
    from ksbtracker.people.models import Enrolment
    from ksbtracker.standards.builtin import load_builtin_standards
    from ksbtracker.standards.frameworks import load_builtin_frameworks

    # A deliberately slow password hash costs a third of a second per demo person and per sign-in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _restore_migrated_data()
    failed = [outcome for outcome in load_builtin_standards() if outcome.status == "failed"]
    assert not failed, f"Built-in standards failed to load: {[o.messages for o in failed]}"
    load_builtin_frameworks()
    load_demo_data()
    enrolment_ids = dict(Enrolment.objects.values_list("learner__email", "id"))
    return DemoWorld(password=DEMO_PASSWORD, enrolment_ids=enrolment_ids)


def sign_in(page, email: str, password: str | None = None) -> None:
    """Sign in through the real sign-in form (the demo password unless another is given)."""
    if password is None:
        from ksbtracker.people.demo import DEMO_PASSWORD

        password = DEMO_PASSWORD
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if page.url.split("?")[0].endswith("/sign-in/code/"):
        page.get_by_label("Code", exact=True).fill(authenticator_code(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    elif page.url.split("?")[0].endswith("/sign-in/set-up-code/"):
        # A role that needs a second step, signing in for the first time: set up the app as a person would,
        # from the secret shown on the page.
        page.get_by_label("Code from the app").fill(code_for_secret(page.locator("#secret").inner_text()))
        with page.expect_navigation():
            page.get_by_role("button", name="Turn on the code").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Continue").click()


def code_for_secret(secret: str) -> str:
    """The code an authenticator app shows now for a secret typed from the set-up page."""
    from base64 import b32decode

    from django_otp.oath import totp

    secret = "".join(secret.split())
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def authenticator_code(email: str) -> str:
    """What the person's authenticator app shows: the next code not used yet (each code works once)."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        if device.last_t + 1 - totp.t() > device.tolerance:
            time.sleep(device.step - (time.time() - device.t0) % device.step + 0.5)
        totp.time = time.time() + device.step * max(0, device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def sign_out(page) -> None:
    """Press the Sign out button in the account bar (a POST form)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
