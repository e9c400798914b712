"""ksbtracker generate-data: a national dataset that joins the demo world, and pages that stay the same cost."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ksbtracker.evidence.models import EvidenceItem
from ksbtracker.people.demo import load_demo_data
from ksbtracker.people.models import Enrolment, User
from ksbtracker.progress.models import EnrolmentProgress
from ksbtracker.scans.models import Rating
from ksbtracker.standards.builtin import load_builtin_standards

pytestmark = pytest.mark.django_db


def _generate(count, seed=7):
    out = io.StringIO()
    call_command("generate_data", "--enrolments", str(count), "--seed", str(seed), stdout=out)
    return out.getvalue()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_generated_apprentices_join_the_demo_world_with_their_records(client):
    load_builtin_standards()
    load_demo_data()
    before = Enrolment.objects.count()
    assert "Generated 30 enrolments" in _generate(30)
    generated = Enrolment.objects.exclude(learner__email__endswith="@example.org")
    assert generated.count() == Enrolment.objects.count() - before == 30
    assert EnrolmentProgress.objects.filter(enrolment__in=generated).count() == 30
    assert EvidenceItem.objects.filter(enrolment__in=generated).count() >= 30 * 3
    assert Rating.objects.filter(scan__enrolment__in=generated).values("rater_role").distinct().count() == 3
    # The first hundred go to the demo assessor at the demo provider.
    assert generated.filter(assessor__email="assessor@example.org", provider__name__contains="Northern").count() == 30

    client.force_login(User.objects.get(email="assessor@example.org"))
    small = {name: _queries(client, reverse(name)) for name in ("home", "caseload", "cohort-heatmap")}
    _generate(40, seed=8)
    large = {name: _queries(client, reverse(name)) for name in ("home", "caseload", "cohort-heatmap")}
    assert large == small


def test_the_command_refuses_nonsense():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1 or more"):
        _generate(0)
