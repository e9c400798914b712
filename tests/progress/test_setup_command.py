from io import StringIO

import pytest
from django.core.management import call_command

from ksbtracker.evidence.models import EvidenceItem
from ksbtracker.plans.models import TrainingPlan
from ksbtracker.reviews.models import ProgressReview
from ksbtracker.scans.models import SkillsScan
from ksbtracker.standards.models import Framework, StandardVersion


@pytest.mark.django_db
def test_setup_with_demo_builds_a_world_to_explore_and_is_idempotent():
    out = StringIO()
    call_command("setup", "--demo", stdout=out)
    assert "learner@example.org" in out.getvalue()
    counts = (
        StandardVersion.objects.count(), Framework.objects.count(), SkillsScan.objects.count(),
        TrainingPlan.objects.filter(status="signed").count(), EvidenceItem.objects.count(),
        ProgressReview.objects.filter(status="signed").count(),
    )  # fmt: skip
    assert counts == (3, 3, 2, 1, 2, 1)
    call_command("setup", "--demo", stdout=StringIO())
    assert SkillsScan.objects.count() == 2 and StandardVersion.objects.count() == 3
