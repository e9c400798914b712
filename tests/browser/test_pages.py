"""Sign-in, home, standards, frameworks, apprentices and import pages as each role sees them, with axe-core."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "standards-api"
PROBATION_OFFICER = "/standards/ST0648/v1.0/"
PRACTITIONER_UNMAPPED = "/standards/ST0494/v1.1/"
ST0648_KSB_CODES = (
    [f"K{n}" for n in range(1, 17)] + [f"S{n}" for n in range(1, 21)] + [f"B{n}" for n in range(1, 8)]
)
# Duty 14 of ST0648 v1.0 as the standards API publishes its mapping.
DUTY_14_KSBS = ["K13", "K14", "K15", "K16", "S16", "S17", "S18", "B3"]


def heading(page, name: str, level: int = 1):
    return page.get_by_role("heading", name=name, level=level, exact=True)


def menu_links(page) -> list[str]:
    return [
        text.strip()
        for text in page.get_by_role("navigation", name="Menu").get_by_role("link").all_inner_texts()
    ]


def apprentice_names(page) -> list[str]:
    return [
        name.strip() for name in page.locator("table.govuk-table tbody tr td:first-child").all_inner_texts()
    ]


# Sign-in -------------------------------------------------------------------------------------------------


def test_sign_in_page_is_styled_and_accessible(page, demo_world):
    response = page.goto("/sign-in/")

    assert response.status == 200
    expect(page).to_have_title("Sign in – KSB Tracker")
    expect(heading(page, "Sign in to KSB Tracker")).to_be_visible()
    expect(page.get_by_label("Email address")).to_be_visible()
    # The GOV.UK Frontend stylesheet is served: the header is blue, the skip link is hidden until focused.
    styles = page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector(".govuk-header")).backgroundColor,
            font: getComputedStyle(document.querySelector(".govuk-header")).fontFamily,
        })"""
    )
    assert styles == {"header": "rgb(29, 112, 184)", "font": "arial, sans-serif"}
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_accessible(page)


def test_wrong_password_shows_the_error_summary(page, demo_world):
    sign_in(page, "learner@example.org", "not-the-password")

    assert page.url.endswith("/sign-in/")
    expect(page).to_have_title("Error: Sign in – KSB Tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("Enter a correct email address and password")
    # GOV.UK Frontend's script moves focus to the summary so screen reader users hear it first.
    expect(summary).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value("learner@example.org")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert_accessible(page)


# Home, for each demo role ------------------------------------------------------------------------------

# Menu items that depend on the role; other items (Home, Standards and frameworks) are for everyone.
APPRENTICES, IMPORT, SYSTEM_ADMIN = "Apprentices", "Import a standard", "System admin"
ROLES = [
    pytest.param("learner@example.org", "Amira Khan (Learner)", set(), [], id="learner"),
    pytest.param(
        "assessor@example.org", "Priya Shah (Assessor)", {APPRENTICES}, ["Amira Khan"], id="assessor"
    ),
    pytest.param(
        "manager@example.org",
        "Sam Patel (Line manager)",
        {APPRENTICES},
        ["Amira Khan", "Ben Okafor"],
        id="line-manager",
    ),
    pytest.param(
        "provider@example.org",
        "Grace Adeyemi (Provider admin)",
        {APPRENTICES, IMPORT},
        ["Amira Khan", "Ben Okafor", "Chloe Evans"],
        id="provider-admin",
    ),
    pytest.param(
        "iqa@example.org",
        "Olu Bello (Quality reviewer)",
        {APPRENTICES},
        ["Amira Khan", "Ben Okafor", "Chloe Evans"],
        id="quality-reviewer",
    ),
]


@pytest.mark.parametrize(("email", "account", "role_items", "apprentices"), ROLES)
def test_home_page_for_each_role(page, demo_world, email, account, role_items, apprentices):
    sign_in(page, email)

    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page).to_have_title("Home – KSB Tracker")
    first_name = account.split(" ")[0]
    expect(heading(page, f"Hello, {first_name}")).to_be_visible()
    expect(page.locator(".ksb-account-bar")).to_contain_text(f"Signed in as {account}")
    menu = menu_links(page)
    assert menu[0] == "Home" and "Standards and frameworks" in menu
    assert {APPRENTICES, IMPORT, SYSTEM_ADMIN} & set(menu) == role_items
    expect(page.get_by_role("navigation", name="Menu").locator("[aria-current=page]")).to_have_text(["Home"])
    if apprentices:
        expect(heading(page, "Apprentices you can see", level=2)).to_be_visible()
    assert apprentice_names(page) == apprentices
    assert_accessible(page)


def test_learner_home_page_shows_their_apprenticeship(page, demo_world):
    sign_in(page, "learner@example.org")

    expect(heading(page, "Your apprenticeship", level=2)).to_be_visible()
    card = page.locator(".govuk-summary-card")
    expect(card.get_by_role("heading", name="Probation officer (level 6)")).to_be_visible()
    expect(card).to_contain_text("ST0648 version 1.0")
    expect(card).to_contain_text("Priya Shah")
    card.get_by_role("link", name="View your apprenticeship").click()

    expect(page).to_have_url(re.compile(rf"/apprentices/{demo_world.enrolment_ids['learner@example.org']}/$"))
    expect(heading(page, "Amira Khan")).to_be_visible()
    assert_accessible(page)


# Standards and frameworks ------------------------------------------------------------------------------


def test_standards_list_shows_every_standard_and_framework(page, demo_world):
    sign_in(page, "learner@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Standards and frameworks").click()

    expect(page).to_have_url(re.compile(r"/standards/$"))
    expect(heading(page, "Standards and frameworks")).to_be_visible()
    references = page.locator("table.govuk-table tbody tr td:first-child")
    expect(references).to_have_text(["ST0494", "ST0648"])
    expect(page.get_by_role("link", name="v1.1 of ST0494")).to_be_visible()
    for title in (
        "NOMS core competences for officers of providers of probation services",
        "Practice Framework: National Standards for the Management of Offenders for England and Wales",
        "Summary of National Occupational Standards for Probation (2013)",
    ):
        expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page)


def test_search_narrows_the_standards(page, demo_world):
    sign_in(page, "assessor@example.org")
    page.goto("/standards/")
    page.get_by_label("Search by reference, title or route").fill("ST0648")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/standards/\?q=ST0648$"))
    expect(page.get_by_role("status")).to_have_text(
        "1 standard and 0 other frameworks match “ST0648”. Clear search"
    )
    expect(page.locator("table.govuk-table tbody tr td:first-child")).to_have_text(["ST0648"])
    expect(page.get_by_text("No frameworks match.")).to_be_visible()
    expect(page.get_by_label("Search by reference, title or route")).to_have_value("ST0648")
    assert_accessible(page)

    page.get_by_label("Search by reference, title or route").fill("no such standard")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No standards match.")).to_be_visible()
    page.get_by_role("link", name="Clear search").click()
    expect(page.locator("table.govuk-table tbody tr td:first-child")).to_have_text(["ST0494", "ST0648"])


def test_search_does_not_change_the_criteria_counts(page, demo_world):
    sign_in(page, "learner@example.org")
    page.goto("/standards/")
    before = page.locator("ul.govuk-list li .govuk-body-s").all_inner_texts()
    page.goto("/standards/?q=probation")
    after = page.locator("ul.govuk-list li .govuk-body-s").all_inner_texts()

    assert after == before


def test_standard_version_page_lists_its_ksbs_and_duties(page, demo_world):
    sign_in(page, "learner@example.org")
    page.goto("/standards/")
    page.get_by_role("link", name="v1.0 of ST0648").click()

    expect(page).to_have_url(re.compile(re.escape(PROBATION_OFFICER) + "$"))
    expect(page).to_have_title("ST0648 Probation officer v1.0 – KSB Tracker")
    expect(heading(page, "Probation officer")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text("ST0648 · Level 6 · Version 1.0")
    for label in ("Knowledge (16)", "Skills (20)", "Behaviours (7)"):
        expect(heading(page, label, level=3)).to_be_visible()
    ksb_codes = page.locator(".govuk-summary-list__row dt.govuk-summary-list__key a")
    expect(ksb_codes).to_have_text(ST0648_KSB_CODES)
    duty_14 = page.locator("#D14")
    expect(duty_14.locator("dt")).to_have_text("D14")
    expect(duty_14).to_contain_text("Proactively manage own continuous professional development")
    expect(duty_14.get_by_role("link")).to_have_text(DUTY_14_KSBS)
    expect(page.get_by_text("does not map its duties to KSBs")).to_have_count(0)
    assert_accessible(page)


def test_version_without_a_published_mapping_says_so(page, demo_world):
    sign_in(page, "manager@example.org")
    page.goto(PRACTITIONER_UNMAPPED)

    expect(heading(page, "Probation service practitioner")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text(
        "The published standard does not map its duties to KSBs, so no mapping is shown for this version."
    )
    expect(page.get_by_role("link", name="Version 1.0")).to_have_attribute("href", "/standards/ST0494/v1.0/")
    assert_accessible(page)

    page.get_by_role("link", name="K1", exact=True).click()
    expect(heading(page, "K1")).to_be_visible()
    expect(page.get_by_text("The published standard does not map its duties to KSBs.")).to_be_visible()
    assert_accessible(page)


def test_ksb_page_lists_the_duties_it_serves(page, demo_world):
    sign_in(page, "learner@example.org")
    page.goto(PROBATION_OFFICER)
    page.locator("#D14").get_by_role("link", name="K13", exact=True).click()

    expect(page).to_have_url(re.compile(r"/standards/ST0648/v1\.0/K13/$"))
    expect(page).to_have_title("K13 – ST0648 Probation officer v1.0 – KSB Tracker")
    expect(heading(page, "K13")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text("ST0648 Probation officer · Knowledge")
    expect(page.locator(".govuk-body-l")).to_have_text(
        "Performance measures and quality assurance processes and how to implement into practice."
    )
    expect(heading(page, "Duties it serves", level=2)).to_be_visible()
    duties = page.locator("main ul.govuk-list li strong")
    expect(duties).to_have_text(["D1", "D2", "D3", "D4", "D7", "D12", "D14"])
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link")).to_have_text(["Standards and frameworks", "ST0648 v1.0"])
    assert_accessible(page)


FRAMEWORKS = [
    pytest.param(
        "NOMS core competences for officers of providers of probation services",
        "/frameworks/noms-core-competences/",
        "3.1 c",
        "Identify the risk of serious harm indicators as they relate to an individual offender",
        id="noms-core-competences",
    ),
    pytest.param(
        "Summary of National Occupational Standards for Probation (2013)",
        "/frameworks/nos-probation-2013/",
        "NOS 2.2",
        "Assess risk of harm and the need for intervention",
        id="nos-probation-2013",
    ),
    pytest.param(
        "Practice Framework: National Standards for the Management of Offenders for England and Wales",
        "/frameworks/practice-framework-2015/",
        "PF 2.3",
        "A report is prepared for decision making bodies",
        id="practice-framework-2015",
    ),
]


@pytest.mark.parametrize(("title", "path", "code", "text"), FRAMEWORKS)
def test_framework_page_lists_its_criteria(page, demo_world, title, path, code, text):
    sign_in(page, "iqa@example.org")
    page.goto("/standards/")
    page.get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(heading(page, title)).to_be_visible()
    criterion = page.locator(".ksb-criterion").filter(
        has=page.locator(".ksb-code", has_text=re.compile(rf"^{re.escape(code)}$"))
    )
    expect(criterion).to_have_count(1)
    expect(criterion).to_contain_text(text)
    assert_accessible(page)


def test_practice_framework_shows_a_mandatory_minimum_requirement(page, demo_world):
    sign_in(page, "assessor@example.org")
    page.goto("/frameworks/practice-framework-2015/")

    criterion = page.locator(".ksb-criterion").filter(has=page.locator(".ksb-code", has_text="PF 2.3"))
    requirement = criterion.locator(".govuk-inset-text")
    expect(requirement).to_contain_text("Mandatory minimum requirement:")
    expect(requirement).to_contain_text("The report is prepared to the timescale of the Court (SL001)")
    expect(heading(page, "PF 1 Record keeping", level=2)).to_be_visible()


def test_export_link_downloads_the_standard_as_json(page, demo_world):
    sign_in(page, "learner@example.org")
    page.goto(PROBATION_OFFICER)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this version as JSON (ST0648 version 1.0)").click()
    download = download_info.value

    assert download.suggested_filename == "ST0648-v1.0.json"
    document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert (document["referenceNumber"], document["version"], document["title"]) == (
        "ST0648",
        "1.0",
        "Probation officer",
    )
    assert [len(document[key]) for key in ("knowledges", "skills", "behaviours")] == [16, 20, 7]
    assert document["knowledges"][0]["detail"].startswith("Legislation relevant to all aspects of probation")
    assert len(document["duties"]) == 14


# Apprentices -------------------------------------------------------------------------------------------


def test_apprentices_list_and_enrolment_page(page, demo_world):
    sign_in(page, "manager@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Apprentices").click()

    expect(page).to_have_url(re.compile(r"/apprentices/$"))
    expect(heading(page, "Apprentices")).to_be_visible()
    assert apprentice_names(page) == ["Amira Khan", "Ben Okafor"]
    assert_accessible(page)

    page.get_by_role("link", name="Amira Khan").click()
    expect(page).to_have_url(re.compile(rf"/apprentices/{demo_world.enrolment_ids['learner@example.org']}/$"))
    expect(page).to_have_title("Amira Khan – apprenticeship – KSB Tracker")
    expect(heading(page, "Amira Khan")).to_be_visible()
    details = dict(
        zip(
            page.locator(".govuk-summary-list__key").all_inner_texts(),
            page.locator(".govuk-summary-list__value").all_inner_texts(),
            strict=True,
        )
    )
    assert details == {
        "Standard": "ST0648 Probation officer, version 1.0 (43 KSBs)",
        "Status": "On programme",
        "Employer": "Probation Service – North West region",
        "Training provider": "Northern University Probation Academy",
        "End-point assessment organisation": "Justice End-Point Assessment Ltd",
        "Assessor": "Priya Shah",
        "Line manager": "Sam Patel",
        "Start date": "1 September 2025",
        "Planned end date": "1 September 2027",
        "Contracted weekly hours": "37",
        "Agreed price": "£21,000.00",
        "Funding rules": "Starts 1 August 2025 to 31 July 2026",
    }
    page.get_by_role("link", name="ST0648 Probation officer, version 1.0").click()
    expect(page).to_have_url(re.compile(re.escape(PROBATION_OFFICER) + "$"))
    assert_accessible(page)


def test_learner_gets_not_found_for_another_learners_enrolment(page, demo_world):
    sign_in(page, "learner@example.org")
    response = page.goto(f"/apprentices/{demo_world.enrolment_ids['learner2@example.org']}/")

    assert response.status == 404
    expect(page).to_have_title("Page not found – KSB Tracker")
    expect(heading(page, "Page not found")).to_be_visible()
    expect(page.get_by_text("Ben Okafor")).to_have_count(0)
    assert_accessible(page)


# Importing a standard ---------------------------------------------------------------------------------


def test_provider_admin_imports_a_standard_file(page, demo_world):
    sign_in(page, "provider@example.org")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Import a standard").click()

    expect(page).to_have_url(re.compile(r"/standards/import/$"))
    expect(heading(page, "Import an apprenticeship standard")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Standard JSON file").set_input_files(FIXTURES / "standards_177.json")
    page.get_by_role("button", name="Import standard").click()

    expect(page).to_have_url(re.compile(r"/standards/ST0191/v1\.1/\?imported=1$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text("Imported ST0191 Baker version 1.1")
    expect(heading(page, "Baker")).to_be_visible()
    for label in ("Knowledge (31)", "Skills (28)", "Behaviours (6)"):
        expect(heading(page, label, level=3)).to_be_visible()
    expect(page.locator("#D17")).to_be_visible()
    assert_accessible(page)

    page.goto("/standards/?q=baker")
    expect(page.locator("table.govuk-table tbody tr td:first-child")).to_have_text(["ST0191"])


def test_import_of_a_broken_file_shows_the_error_summary(page, demo_world, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"referenceNumber": "ST0191", "title": ', encoding="utf-8")
    sign_in(page, "provider@example.org")
    page.goto("/standards/import/")
    page.get_by_label("Standard JSON file").set_input_files(broken)
    page.get_by_role("button", name="Import standard").click()

    expect(page).to_have_title("Error: Import a standard – KSB Tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    error_link = summary.get_by_role("link", name=re.compile(r"^The selected file is not valid JSON"))
    expect(error_link).to_have_attribute("href", "#id_file")
    expect(page.locator(".govuk-error-message")).to_contain_text("The selected file is not valid JSON")
    expect(summary).to_be_focused()
    assert_accessible(page)

    error_link.click()
    expect(page.get_by_label("Standard JSON file")).to_be_focused()


def test_import_of_a_file_that_is_not_a_standard_explains_why(page, demo_world, tmp_path):
    not_a_standard = tmp_path / "not-a-standard.json"
    not_a_standard.write_text(json.dumps({"title": "Baker"}), encoding="utf-8")
    sign_in(page, "provider@example.org")
    page.goto("/standards/import/")
    page.get_by_label("Standard JSON file").set_input_files(not_a_standard)
    page.get_by_role("button", name="Import standard").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("not-a-standard.json: referenceNumber is missing")
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)
    assert_accessible(page)


def test_import_without_a_file_shows_the_error_summary(page, demo_world):
    sign_in(page, "provider@example.org")
    page.goto("/standards/import/")
    page.get_by_role("button", name="Import standard").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Select a JSON file to import")).to_have_attribute(
        "href", "#id_file"
    )
    assert_accessible(page)


def test_learner_may_not_import_standards(page, demo_world):
    sign_in(page, "learner@example.org")
    response = page.goto("/standards/import/")

    assert response.status == 403
    expect(heading(page, "You do not have permission to do that")).to_be_visible()
    assert_accessible(page)


def test_only_the_import_item_is_current_on_the_import_page(page, demo_world):
    sign_in(page, "provider@example.org")
    page.goto("/standards/import/")

    current = page.get_by_role("navigation", name="Menu").locator("[aria-current=page]")
    expect(current).to_have_text(["Import a standard"], timeout=2_000)


# About ---------------------------------------------------------------------------------------------------


def test_about_page(page, demo_world):
    sign_in(page, "learner@example.org")
    page.get_by_role("contentinfo").get_by_role("link", name="About KSB Tracker").click()

    expect(heading(page, "About KSB Tracker")).to_be_visible()
    assert_accessible(page)


# The harness itself ------------------------------------------------------------------------------------


def test_assert_accessible_names_the_rule_and_the_element(page):
    page.set_content(
        '<html lang="en"><title>Broken</title><main><h1>Broken</h1><a href="/x"></a></main></html>'
    )

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    assert "link-name (serious): Links must have discernible text" in str(failure.value)
    assert 'at a: <a href="/x"></a>' in str(failure.value)
