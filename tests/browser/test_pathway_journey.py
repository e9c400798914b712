"""A crosswalk from ST0494 to ST0648 confirmed in the browser, then shown on the new skills scan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_career_pathway_from_st0494_to_st0648(page, demo_world):
    from ksbtracker.people.models import Enrolment
    from ksbtracker.people.services import create_enrolment
    from ksbtracker.progress.demo import load_demo_activity
    from ksbtracker.scans.models import RatingScale, ScanStatus, SkillsScan
    from ksbtracker.standards.models import StandardVersion

    load_demo_activity()
    psp = Enrolment.objects.get(learner__email="learner2@example.org")
    po = StandardVersion.objects.get(reference_number="ST0648", version="1.0")
    k6 = psp.standard_version.ksbs.get(kind="K", number=6)
    target = po.ksbs.get(kind="K", number=9)

    sign_in(page, "provider@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Crosswalks").click()
    assert_accessible(page)
    page.get_by_label("From").select_option(str(psp.standard_version.pk))
    page.get_by_label("To").select_option(str(po.pk))
    page.get_by_role("button", name="Show the crosswalk").click()
    expect(page.get_by_role("heading", name="Crosswalk from ST0494 v1.1 to ST0648 v1.0")).to_be_visible()
    expect(page.get_by_text("Suggested by matching text").first).to_be_visible()
    assert_accessible(page)
    page.locator(f"#id_ksb_{k6.pk}").select_option(str(target.pk))
    page.get_by_role("button", name="Confirm crosswalk").click()
    expect(page.get_by_text("Crosswalk confirmed:")).to_be_visible()
    sign_out(page)

    new = create_enrolment(learner=psp.learner, standard_version=po, employer=psp.employer, provider=psp.provider,
                           assessor=psp.assessor, line_manager=psp.line_manager, start_date=psp.planned_end_date,
                           planned_end_date=psp.planned_end_date.replace(year=psp.planned_end_date.year + 3),
                           weekly_hours=psp.weekly_hours, agreed_price=psp.agreed_price)  # fmt: skip
    scan = SkillsScan.objects.create(enrolment=new, scale=RatingScale.objects.filter(provider=None).first(),
                                     status=ScanStatus.DECIDING, started_by=psp.assessor)  # fmt: skip
    sign_in(page, "assessor2@example.org")
    page.goto(f"/skills-scans/{scan.pk}/decide/")
    related = page.locator(
        f"#ksb-{target.pk} .govuk-inset-text", has_text="Signed off in an earlier apprenticeship"
    )
    expect(related).to_contain_text("ST0494 v1.1 K6")
    expect(related.get_by_role("link", name="Reflection on my first risk assessment")).to_be_visible()
    assert_accessible(page)


def test_provider_admin_moves_an_apprentice_to_the_new_version(page, demo_world):
    import datetime

    from django.utils import timezone

    from ksbtracker.people.models import Enrolment, User
    from ksbtracker.people.services import create_enrolment
    from ksbtracker.standards.models import StandardVersion

    from .test_lifecycle_journey import fill_date

    today = timezone.localdate()
    template = Enrolment.objects.get(learner__email="learner2@example.org")
    old = StandardVersion.objects.get(reference_number="ST0494", version="1.0")
    enrolment = create_enrolment(
        learner=User.objects.get(email="learner3@example.org"), standard_version=old, employer=template.employer,
        provider=template.provider, assessor=template.assessor, line_manager=template.line_manager,
        start_date=today - datetime.timedelta(days=60), planned_end_date=today + datetime.timedelta(days=600),
        weekly_hours=template.weekly_hours, agreed_price=template.agreed_price,
    )  # fmt: skip
    sign_in(page, "provider@example.org")
    page.goto(f"/apprentices/{enrolment.pk}/")
    page.get_by_role("link", name="Move to a new version of the standard").click()
    assert_accessible(page)
    page.get_by_label("New version").select_option(
        label=page.get_by_label("New version").locator("option", has_text="version 1.1").inner_text()
    )
    fill_date(page, "Date they move to the new version", today)
    page.get_by_label("Reason").fill("Version 1.0 is retired")
    page.get_by_role("button", name="Move to this version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the crosswalk to version 1.1 first")
    assert_accessible(page)
    page.goto(
        f"/crosswalks/{old.pk}/{StandardVersion.objects.get(reference_number='ST0494', version='1.1').pk}/"
    )
    page.get_by_role("button", name="Confirm crosswalk").click()
    page.goto(f"/apprentices/{enrolment.pk}/change/version/")
    page.get_by_label("New version").select_option(
        label=page.get_by_label("New version").locator("option", has_text="version 1.1").inner_text()
    )
    fill_date(page, "Date they move to the new version", today)
    page.get_by_label("Reason").fill("Version 1.0 is retired")
    page.get_by_role("button", name="Move to this version").click()
    expect(page.get_by_text("Moved to the new version.")).to_be_visible()
    expect(page.get_by_text("version 1.1").first).to_be_visible()
    assert_accessible(page)
