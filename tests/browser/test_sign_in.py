"""Signing in and out through the real forms: lockout after repeated wrong passwords, sign out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .conftest import assert_accessible, code_for_secret, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_empty_sign_in_form_says_what_is_missing(page, demo_world):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["Enter your email address", "Enter your password"])
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_repeated_wrong_passwords_lock_the_account(page, demo_world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, "learner@example.org", "not-the-password")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )

    sign_in(page, "learner@example.org", "not-the-password")

    expect(page).to_have_title("Account locked – KSB Tracker")
    expect(page.get_by_role("heading", name="Your account is locked for now", level=1)).to_be_visible()
    expect(
        page.get_by_text("There were too many failed attempts to sign in to this account.")
    ).to_be_visible()
    assert_accessible(page)

    # While locked, even the right password does not get in.
    sign_in(page, "learner@example.org")
    expect(page.get_by_role("heading", name="Your account is locked for now")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)

    # Another person is not locked out by it.
    sign_in(page, "learner2@example.org")
    expect(page.get_by_role("heading", name="Hello, Ben", level=1)).to_be_visible()


def test_sign_out_ends_the_session(page, demo_world):
    sign_in(page, "assessor@example.org")
    expect(page.locator(".ksb-account-bar")).to_contain_text("Signed in as Priya Shah")

    sign_out(page)

    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("heading", name="Sign in to KSB Tracker", level=1)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert not [cookie for cookie in page.context.cookies() if cookie["name"] == "sessionid"]
    page.goto("/apprentices/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/apprentices/$"))


def test_sign_in_returns_to_the_page_asked_for(page, demo_world):
    page.goto("/standards/ST0648/v1.0/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/standards/ST0648/v1\.0/$"))

    page.get_by_label("Email address").fill("learner@example.org")
    page.get_by_label("Password", exact=True).fill(demo_world.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/standards/ST0648/v1\.0/$"))
    expect(page.get_by_role("heading", name="Probation officer", level=1)).to_be_visible()
    session = [cookie for cookie in page.context.cookies() if cookie["name"] == "sessionid"]
    assert len(session) == 1 and session[0]["secure"] and session[0]["httpOnly"]


def test_a_new_quality_reviewer_sets_up_an_authenticator_app(page, demo_world):
    from ksbtracker.people.models import Organisation, Role
    from ksbtracker.people.services import add_membership, create_user

    reviewer = create_user(email="kim@example.org", full_name="Kim Lee", password=demo_world.password)
    add_membership(user=reviewer, organisation=Organisation.objects.get(name__startswith="Northern"),
                   role=Role.QUALITY_REVIEWER)  # fmt: skip
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("kim@example.org")
    page.get_by_label("Password", exact=True).fill(demo_world.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up an authenticator app", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator("#secret").inner_text()
    assert len(secret.replace(" ", "")) == 32
    assert_accessible(page)
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on the code").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    page.wait_for_timeout(1100)  # a wrong code holds the next one back for a second
    page.get_by_label("Code from the app").fill(code_for_secret(secret))
    page.get_by_role("button", name="Turn on the code").click()

    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.locator(".ksb-account-bar")).to_contain_text("Signed in as Kim Lee")
