"""Supporting files for prior learning: checked by content, stored under random names, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from ksbtracker import uploads
from ksbtracker.audit.api import record_change
from ksbtracker.personal_data import PersonalDataFound

from .access import rater_role_for, scan_for_user
from .models import PriorLearning, PriorLearningFile, RaterRole, ScanStatus, SkillsScan
from .selectors import scan_ksbs

__all__ = [
    "FOLDER",
    "MAX_FILES",
    "add_prior_learning_file",
    "remove_prior_learning_file",
    "prior_learning_file_for_user",
]

FOLDER = "prior-learning"
MAX_FILES = 10


def _learner_may_change(scan: SkillsScan, actor) -> None:
    if rater_role_for(actor, scan.enrolment) != RaterRole.LEARNER or scan.status != ScanStatus.LEARNER_RATING:
        raise PermissionDenied("Only the learner adds prior learning, before submitting their ratings.")


@transaction.atomic
def add_prior_learning_file(*, scan: SkillsScan, actor, ksb_id: int, upload) -> PriorLearningFile:
    """Check and store a supporting file; a refused file leaves nothing behind."""
    scan = SkillsScan.objects.select_for_update().select_related("enrolment").get(pk=scan.pk)
    _learner_may_change(scan, actor)
    if ksb_id not in {k.pk for k in scan_ksbs(scan)}:
        raise ValidationError("That KSB is not in this standard.")
    prior, _ = PriorLearning.objects.get_or_create(scan=scan, ksb_id=ksb_id)
    if prior.files.count() >= MAX_FILES:
        raise ValidationError({"file": f"Prior learning for one KSB can have at most {MAX_FILES} files"})
    try:
        accepted = uploads.accept_upload(upload, FOLDER)
    except PersonalDataFound as found:
        raise ValidationError({"file": [
            "The file name looks like it holds personal data (" + "; ".join(found.messages) + "). "
            "Rename the file so that it names nobody, then upload it again"
        ]}) from None  # fmt: skip
    try:
        attached = PriorLearningFile.objects.create(
            prior_learning=prior, stored_name=accepted.stored_name, original_name=accepted.name,
            content_type=accepted.content_type, size=accepted.size, sha256=accepted.sha256, uploaded_by=actor,
        )  # fmt: skip
    except BaseException:
        uploads.discard_upload(accepted)
        raise
    record_change(actor=actor, action="scan.prior_learning_file_added", instance=scan,
                  after={"ksb": ksb_id, "file": attached.pk, "sha256": accepted.sha256})  # fmt: skip
    return attached


@transaction.atomic
def remove_prior_learning_file(*, attached: PriorLearningFile, actor) -> None:
    scan = attached.prior_learning.scan
    _learner_may_change(scan, actor)
    before = {"ksb": attached.prior_learning.ksb_id, "file": attached.pk, "sha256": attached.sha256}
    stored_name = attached.stored_name
    attached.delete()
    transaction.on_commit(lambda: uploads.delete_stored_file(stored_name, folder=FOLDER))
    record_change(actor=actor, action="scan.prior_learning_file_removed", instance=scan, before=before)


def prior_learning_file_for_user(user, scan_id, file_id) -> PriorLearningFile:
    """The file if ``user`` may see the scan it belongs to; otherwise Http404."""
    scan = scan_for_user(user, scan_id)
    try:
        return PriorLearningFile.objects.select_related("prior_learning").get(
            pk=int(file_id), prior_learning__scan=scan
        )
    except (PriorLearningFile.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.") from None
