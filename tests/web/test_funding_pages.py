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
}

NEXT_YEAR = {
    "name": "Starts from 1 August 2026",
    "effective_from_0": "1",
    "effective_from_1": "8",
    "effective_from_2": "2026",
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
    "notes": "From the 2026 to 2027 funding rules.",
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
        ({"planned_hours": ""}, "Enter the planned OTJ hours"),
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
    assert 'class="govuk-summary-list"' in page
    for text in (
        "Starts from 1 August 2025",
        "1,000 hours",
        "300 hours, 30%",
        "300 ÷ 1,000 × 100 = 30%",
        "50% of the 30% prior learning",
        "£8,500.00",
        "£10,000.00 less 15%",
        "15 weeks",
        "19 May 2026",
        "700 hours",
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
    standard = StandardVersionFactory(otj_minimum_hours=400, max_funding=5000)
    client.force_login(assessor)
    figures = {
        **DFE_EXAMPLE,
        "months": "24",
        "planned_hours": "",
        "prior_learning_hours": "250",
        "price": "9000",
    }
    page = client.post(PLAN_CHECK, {**figures, "standard_version": str(standard.pk)}).content.decode()
    assert page.count('class="govuk-warning-text"') == 2
    assert "After prior learning only 150 OTJ hours remain; funding needs at least 187." in page
    assert "the employer must pay the" in page
    assert "2 problems to fix" in page


def _queries(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_check_query_count_does_not_grow_with_standards(client, assessor):
    client.force_login(assessor)
    chosen = StandardVersionFactory(otj_minimum_hours=1000)
    figures = {**DFE_EXAMPLE, "standard_version": str(chosen.pk)}
    few = (_queries(client, "get", PLAN_CHECK), _queries(client, "post", PLAN_CHECK, figures))
    StandardVersionFactory.create_batch(20)
    many = (_queries(client, "get", PLAN_CHECK), _queries(client, "post", PLAN_CHECK, figures))
    assert many == few
    assert max(few) <= 12


def test_the_rules_page_query_count_does_not_grow_with_rule_sets(client, provider_admin):
    client.force_login(provider_admin)
    few = _queries(client, "get", RULES)
    for year in range(2026, 2030):
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
        "Starts before 1 August 2025",
        "Starts from 1 August 2025",
        "20% of contracted hours (counting at most 30 hours a week)",
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
    rule_set = FundingRuleSet.objects.get(name="Starts from 1 August 2026")
    assert rule_set.effective_from == datetime.date(2026, 8, 1)
    assert rule_set.otj_share_of_hours == Decimal("0.2")
    assert rule_set.minimum_price_reduction_share == Decimal("0.5")
    event = AuditEvent.objects.get(action="funding_rule_set.added")
    assert event.actor == provider_admin
    assert event.object_id == str(rule_set.pk)
    assert event.after["minimum_otj_hours_after_prior_learning"] == 187
    assert "Added “Starts from 1 August 2026”" in client.get(RULES).content.decode()
    # and the plan check uses them for later starts
    page = client.post(PLAN_CHECK, {**DFE_EXAMPLE, "start_date_2": "2026"}).content.decode()
    assert "Starts from 1 August 2026" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"effective_from_0": "1", "effective_from_1": "8", "effective_from_2": "2025"},
            "Rules already apply from this date",
        ),
        ({"name": "Starts from 1 August 2025"}, "Rules with this name already exist"),
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
