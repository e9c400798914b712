"""A learner's record moves to another provider in the browser: export, a refused altered file, import."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

LEARNER = "learner2@example.org"


def test_record_moves_between_providers(page, demo_world, tmp_path, settings):
    from ksbtracker.people.models import Organisation, OrganisationKind, Role
    from ksbtracker.people.services import add_membership, create_user
    from ksbtracker.progress.demo import load_demo_activity
    from tests.transfer.helpers import altered

    load_demo_activity()
    southern = Organisation.objects.create(name="Southern College of Justice", kind=OrganisationKind.PROVIDER)
    admin = create_user(email="jo@southern.example", full_name="Jo Admin", password=demo_world.password)
    add_membership(user=admin, organisation=southern, role=Role.PROVIDER_ADMIN)
    enrolment_id = demo_world.enrolment_ids[LEARNER]

    sign_in(page, "provider@example.org")
    page.goto(f"/apprentices/{enrolment_id}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export record").click()
    record = tmp_path / "record.zip"
    download.value.save_as(record)
    page.goto("/about/")
    expect(page.get_by_role("heading", name="This service's public key")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "jo@southern.example")
    page.goto("/apprentices/")
    page.get_by_role("link", name="Import a learner record").click()
    assert_accessible(page)
    bad = tmp_path / "altered.zip"
    bad.write_bytes(altered(record.read_bytes(), "evidence.json"))
    page.get_by_label("Learner record file").set_input_files(str(bad))
    page.get_by_role("button", name="Import record").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The part evidence.json has been altered")
    assert_accessible(page)
    page.get_by_label("Learner record file").set_input_files(str(record))
    page.get_by_role("button", name="Import record").click()
    expect(page.get_by_text("Transferred from Northern University Probation Academy")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Their record from Northern University Probation Academy").click()
    expect(page.get_by_text("Reflection on my first risk assessment").first).to_be_visible()
    expect(page.locator(".govuk-tag--red")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Offer these as prior learning in the skills scan").click()
    expect(
        page.get_by_text("signed off at Northern University Probation Academy are offered")
    ).to_be_visible()
    sign_out(page)

    # At the sending provider the apprenticeship is closed as transferred, its record read-only.
    sign_in(page, LEARNER)
    page.goto(f"/apprentices/{enrolment_id}/")
    expect(
        page.get_by_role("cell", name="Transferred to Southern College of Justice", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Its record is read-only.")).to_be_visible()
    assert_accessible(page)
