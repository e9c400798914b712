"""The funding pages: the plan check (what-if), the list of rule sets, and adding next year's rules."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.audit.models import AuditEvent
from ksbtracker.funding.models import FundingRuleSet
from ksbtracker.people.models import Role
from tests.factories import (
    EmployerFactory,
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    PublishedOTJMinimumFactory,
    StandardVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PLAN_CHECK = reverse("plan-check")
RULES = reverse("funding-rules")
ADD_RULES = reverse("funding-rule-add")

DFE_EXAMPLE = {
    "start_date_0": "1",
    "start_date_1": "9",
    "start_date_2": "2025",
    "months": "12",
    "planned_hours": "1,000",
    "prior_learning_hours": "300",
    "price": "£10,000",
    "band_maximum": "10000",
}

NEXT_YEAR = {
    "name": "Starts from 1 August 2027",
    "effective_from_0": "1",
    "effective_from_1": "8",
    "effective_from_2": "2027",
    "calculation": "2026-27",
    "minimum_duration_months": "8",
    "otj_basis": "standard_minimum",
    "otj_share_of_hours": "20",
    "otj_weekly_hours_cap": "",
    "statutory_leave_weeks_per_year": "5.6",
    "minimum_otj_hours_after_prior_learning": "187",
    "minimum_duration_months_after_prior_learning": "8",
    "review_interval_unit": "calendar_months",
    "review_interval": "3",
    "minimum_price_reduction_share": "50",
    "notes": "From the 2027 to 2028 funding rules.",
}


def member(role, organisation=None):
    user = UserFactory()
    MembershipFactory(user=user, role=role, organisation=organisation or ProviderFactory())
    return user


@pytest.fixture
def provider_admin():
    return member(Role.PROVIDER_ADMIN)


@pytest.fixture
def assessor():
    return member(Role.ASSESSOR)


def learner():
    return EnrolmentFactory().learner


def line_manager():
    return member(Role.LINE_MANAGER, EmployerFactory())


def named_line_manager():
    return EnrolmentFactory().line_manager


def quality_reviewer():
    return member(Role.QUALITY_REVIEWER)


@pytest.mark.parametrize("make_user", [learner, line_manager, named_line_manager, quality_reviewer])
@pytest.mark.parametrize("url", [PLAN_CHECK, RULES, ADD_RULES])
def test_learners_line_managers_and_others_may_not_use_the_funding_pages(client, make_user, url):
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    if url != RULES:  # the list is GET only
        assert client.post(url, DFE_EXAMPLE).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(PLAN_CHECK)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_assessors_may_check_plans_but_not_add_rules(client, assessor):
    client.force_login(assessor)
    assert client.get(PLAN_CHECK).status_code == 200
    rules_page = client.get(RULES)
    assert rules_page.status_code == 200
    assert ADD_RULES not in rules_page.content.decode()
    assert client.get(ADD_RULES).status_code == 403


def test_assessors_may_check_plans_but_not_add_rule_sets(client):
    client.force_login(member(Role.ASSESSOR))
    assert client.get(PLAN_CHECK).status_code == 200
    assert client.get(ADD_RULES).status_code == 403


@pytest.mark.parametrize(
    "make_admin", [lambda: member(Role.PROVIDER_ADMIN), lambda: UserFactory(is_superuser=True)]
)
def test_provider_and_system_admins_may_use_every_funding_page(client, make_admin):
    client.force_login(make_admin())
    for url in (PLAN_CHECK, RULES, ADD_RULES):
        assert client.get(url).status_code == 200


def test_the_navigation_offers_the_plan_check_only_to_those_who_may_use_it(client, assessor):
    client.force_login(assessor)
    assert f'href="{PLAN_CHECK}"' in client.get(reverse("frameworks")).content.decode()
    client.force_login(learner())
    assert f'href="{PLAN_CHECK}"' not in client.get(reverse("frameworks")).content.decode()


def test_the_plan_check_form_uses_the_govuk_date_input(client, assessor):
    client.force_login(assessor)
    page = client.get(PLAN_CHECK).content.decode()
    assert 'class="govuk-date-input"' in page
    for part in ("start_date_0", "start_date_1", "start_date_2"):
        assert f'name="{part}"' in page
    assert "For example, 1 9 2025" in page


def test_an_empty_form_shows_the_error_summary(client, assessor):
    client.force_login(assessor)
    page = client.post(PLAN_CHECK, {}).content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "Enter the start date" in page
    assert "Enter the planned duration in months" in page
    assert "<title>Error: " in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date_1": "2", "start_date_0": "30"}, "Start date must be a real date"),
        ({"start_date_2": "25"}, "Start date must include a year with 4 numbers"),
        ({"start_date_0": ""}, "Start date must include a day"),
        ({"start_date_2": "2010"}, "No funding rules cover a start on 1 September 2010"),
        ({"months": "0"}, "Planned duration must be at least 1 month"),
        ({"months": "a year"}, "Planned duration must be a whole number of months"),
        ({"price": "-1"}, "Price must be 0 or more"),
        ({"planned_hours": "lots"}, "Planned hours must be a number"),
        ({"band_maximum": "lots"}, "Funding band maximum must be a number"),
        ({"start_date_2": "2024"}, "Enter the contracted weekly hours"),
        ({"standard_version": "999999"}, "Select a standard from the list"),
    ],
)
def test_bad_figures_are_explained(client, assessor, changes, message):
    client.force_login(assessor)
    page = client.post(PLAN_CHECK, {**DFE_EXAMPLE, **changes}).content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert 'id="result"' not in page


def test_the_dfe_example_shows_the_working(client, assessor):
    client.force_login(assessor)
    response = client.post(PLAN_CHECK, DFE_EXAMPLE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" not in page
    for text in (
        "Starts 1 August 2025 to 31 July 2026",
        "1,000 hours",
        "300 hours, 30%",
        "300 ÷ 1,000 planned hours × 100 = 30%",
        "50% of the 30% prior learning",
        "£10,000.00 band maximum × 30% × 50% = £1,500.00",
        "£8,500.00",
        "15 weeks",
        "19 May 2026",
        "700 hours",
        "Rule: rule 35.2 (2025 to 2026)",
        "These figures meet the funding rules",
    ):
        assert text in page, text
    assert response.context["plan"].maximum_price == Decimal("8500.00")


def test_the_14_of_509_example(client, assessor):
    client.force_login(assessor)
    response = client.post(PLAN_CHECK, {**DFE_EXAMPLE, "planned_hours": "509", "prior_learning_hours": "14"})
    page = response.content.decode()
    assert "14 hours, 2.75%" in page
    assert "1.375%" in page


def test_the_old_rules_write_out_the_arithmetic(client, assessor):
    client.force_login(assessor)
    figures = {
        **DFE_EXAMPLE,
        "start_date_2": "2024",
        "weekly_hours": "37",
        "planned_hours": "",
        "prior_learning_hours": "",
    }
    page = client.post(PLAN_CHECK, figures).content.decode()
    assert "278 hours" in page
    assert "(52 weeks on programme − 5.6 weeks&#x27; statutory leave) × 6 = 278.4" in page


def test_each_problem_is_a_warning(client, assessor):
    standard = StandardVersionFactory(max_funding=5000)
    PublishedOTJMinimumFactory.for_standard(standard, 400)
    client.force_login(assessor)
    figures = {**DFE_EXAMPLE, "months": "24", "planned_hours": "", "prior_learning_hours": "250",
               "price": "9000", "band_maximum": ""}  # fmt: skip
    page = client.post(PLAN_CHECK, {**figures, "standard_version": str(standard.pk)}).content.decode()
    assert page.count('class="govuk-warning-text"') == 1
    assert "After prior learning only 150 OTJ hours remain; funding needs at least 187" in page
    assert "The £4,000.00 above the band is agreed with the employer outside the funding" in page
    assert "1 problem to fix" in page


def what_if(client, **figures):
    data = {"months": "12", "planned_hours": "", "prior_learning_hours": "", "price": "", "band_maximum": ""}
    start = figures.pop("start")
    data.update(
        {"start_date_0": str(start.day), "start_date_1": str(start.month), "start_date_2": str(start.year)}
    )
    data.update({name: str(value) for name, value in figures.items()})
    response = client.post(PLAN_CHECK, data)
    assert response.status_code == 200
    return response.context["plan"], response.content.decode()


def test_what_if_takes_the_reduction_from_the_band_not_the_price(client, assessor):
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1", max_funding=5000)
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 9, 1), standard_version=standard.pk, price=4000,
                         planned_hours=600, prior_learning_hours=180)  # fmt: skip
    assert plan.minimum_price_reduction == Decimal("750.00")
    assert plan.maximum_price == Decimal("3250.00")
    assert "£5,000.00 band maximum × 30% × 50% = £750.00" in page
    assert "£3,250.00" in page


def test_what_if_a_price_above_the_band(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 9, 1), band_maximum=5000, price=6000,
                         planned_hours=600, prior_learning_hours=180)  # fmt: skip
    assert plan.maximum_price == Decimal("4250.00")
    assert "£4,250.00" in page


def test_what_if_eight_months_with_10_of_200_recognised_is_fine(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 9, 1), months=8, planned_hours=200,
                         prior_learning_hours=10)  # fmt: skip
    assert plan.problems == []
    assert "These figures meet the funding rules" in page
    assert "190 hours" in page


def test_what_if_a_12_month_plan_at_its_minimum_is_not_cut(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 1, 6), weekly_hours="37.5", planned_hours=400,
                         prior_learning_hours=50)  # fmt: skip
    assert plan.problems == [] and plan.duration_reduction_weeks == 0
    assert "never goes below the 12-month minimum" in page


@pytest.mark.parametrize(("weekly_hours", "months", "shown"), [
    ("37", 12, "278 hours"), ("37.5", 18, "418 hours"), ("20", 12, "= 185.6, rounded to 186 hours"),
])  # fmt: skip
def test_what_if_the_2022_to_2025_otj_minimums(client, assessor, weekly_hours, months, shown):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2024, 9, 2), weekly_hours=weekly_hours, months=months)
    assert shown in page


def test_what_if_extends_the_minimum_duration_for_part_time_work(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 1, 6), weekly_hours=15, planned_hours=300)
    assert plan.minimum_duration_months == 24
    assert "with 15 contracted hours a week funding needs at least 24 months (12 × 30 ÷ 15)" in page


def test_what_if_says_when_no_published_minimum_is_recorded(client, assessor):
    standard = StandardVersionFactory(reference_number="ST0494", version="1.1")
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2025, 9, 1), months=18, planned_hours=100,
                         standard_version=standard.pk)  # fmt: skip
    assert "No published minimum OTJ hours are recorded for ST0494 version 1.1" in page
    assert "funding needs at least 187" in page
    assert len(plan.problems) == 2


def test_what_if_names_the_2026_27_rules(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2026, 9, 1), planned_hours=400)
    assert "Starts from 1 August 2026" in page


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_check_query_count_does_not_grow_with_standards(client, assessor):
    client.force_login(assessor)
    chosen = StandardVersionFactory()
    PublishedOTJMinimumFactory.for_standard(chosen, 1000)
    figures = {**DFE_EXAMPLE, "standard_version": str(chosen.pk)}
    few = (_queries(client, "get", PLAN_CHECK), _queries(client, "post", PLAN_CHECK, figures))
    StandardVersionFactory.create_batch(20)
    many = (_queries(client, "get", PLAN_CHECK), _queries(client, "post", PLAN_CHECK, figures))
    assert many == few
    assert max(few) <= 12


def test_the_rules_page_query_count_does_not_grow_with_rule_sets(client, provider_admin):
    client.force_login(provider_admin)
    few = _queries(client, "get", RULES)
    for year in range(2027, 2031):
        FundingRuleSet.objects.create(
            name=f"Starts from 1 August {year}",
            effective_from=datetime.date(year, 8, 1),
            minimum_duration_months=8,
            otj_basis="standard_minimum",
            review_interval_unit="calendar_months",
            review_interval=3,
        )
    assert _queries(client, "get", RULES) == few


def test_the_rules_page_lists_each_rule_set_with_its_values(client, provider_admin):
    client.force_login(provider_admin)
    page = client.get(RULES).content.decode()
    for text in (
        "Starts 1 May 2017 to 31 July 2022",
        "Starts 1 August 2022 to 31 July 2025",
        "Starts 1 August 2025 to 31 July 2026",
        "Starts from 1 August 2026",
        "20% of contracted hours (counting at most 30 hours a week)",
        "12 × 30 ÷ weekly hours",
        "Not modelled: the published rules leave this open",
        "Source: ILR validation rule PHours_06",
        "278 hours",
        "At least every 12 weeks",
        "At least every 3 calendar months",
        "187 hours",
        "50% of the prior-learning percentage",
    ):
        assert text in page, text
    assert ADD_RULES in page


def test_a_provider_admin_adds_next_years_rules_without_code(client, provider_admin):
    client.force_login(provider_admin)
    response = client.post(ADD_RULES, NEXT_YEAR)
    assert response.status_code == 302
    assert response["Location"] == RULES
    rule_set = FundingRuleSet.objects.get(name="Starts from 1 August 2027")
    assert rule_set.effective_from == datetime.date(2027, 8, 1)
    assert rule_set.calculation == "2026-27"
    assert rule_set.otj_share_of_hours == Decimal("0.2")
    assert rule_set.minimum_price_reduction_share == Decimal("0.5")
    event = AuditEvent.objects.get(action="funding_rule_set.added")
    assert event.actor == provider_admin
    assert event.object_id == str(rule_set.pk)
    assert event.after["minimum_otj_hours_after_prior_learning"] == 187
    assert "Added “Starts from 1 August 2027”" in client.get(RULES).content.decode()
    # and the plan check uses them for later starts
    page = client.post(PLAN_CHECK, {**DFE_EXAMPLE, "start_date_2": "2027"}).content.decode()
    assert "Starts from 1 August 2027" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"effective_from_0": "1", "effective_from_1": "8", "effective_from_2": "2025"},
            "Rules already apply from this date",
        ),
        ({"name": "Starts from 1 August 2026"}, "Rules with this name already exist"),
        ({"name": ""}, "Enter a name for these rules"),
        ({"otj_basis": ""}, "Select how the OTJ minimum is set"),
        ({"otj_share_of_hours": "120"}, "Off-the-job share must be 100 or less"),
        ({"statutory_leave_weeks_per_year": ""}, "Enter the weeks of statutory leave a year"),
        ({"minimum_price_reduction_share": ""}, "Enter the least price reduction"),
        ({"effective_from_1": "13"}, "must be a real date"),
    ],
)
def test_adding_rules_explains_bad_values(client, provider_admin, changes, message):
    client.force_login(provider_admin)
    response = client.post(ADD_RULES, {**NEXT_YEAR, **changes})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page
    assert not AuditEvent.objects.filter(action="funding_rule_set.added").exists()


def test_the_add_form_shows_shares_as_percentages(client, provider_admin):
    client.force_login(provider_admin)
    page = client.get(ADD_RULES).content.decode()
    assert 'name="otj_share_of_hours" value="20"' in page
    assert 'name="minimum_price_reduction_share" value="50"' in page


def test_what_if_no_hours_removed_needs_no_price_reduction(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(
        client, start=datetime.date(2025, 9, 1), planned_hours=600, price=4000, band_maximum=5000
    )
    assert plan.minimum_price_reduction == Decimal("0.00")
    assert "£4,000.00 agreed price − £0.00 = £4,000.00" in page


def test_what_if_20_hours_a_week_needs_18_months_before_august_2025(client, assessor):
    client.force_login(assessor)
    plan, page = what_if(client, start=datetime.date(2024, 9, 2), weekly_hours=20, planned_hours=300)
    assert "12 × 30 ÷ 20 contracted hours a week = 18 months" in page
    assert "funding needs at least 18 months (12 × 30 ÷ 20)" in page
