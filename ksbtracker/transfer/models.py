"""A learner record received from another provider: kept whole and read-only beside the new enrolment."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class TransferredRecord(models.Model):
    """The verified file a new enrolment was made from, and who sent it with which key."""

    enrolment = models.OneToOneField(
        "people.Enrolment", on_delete=models.PROTECT, related_name="transferred_in"
    )
    manifest_sha256 = models.CharField(
        max_length=64, unique=True, help_text="Identifies the file: imported once."
    )
    sender_name = models.CharField(max_length=200)
    sender_public_key = models.CharField(max_length=64)
    sender_key_fingerprint = models.CharField(max_length=64)
    source_enrolment_id = models.PositiveIntegerField()
    exported_at = models.DateTimeField()
    parts = models.JSONField(help_text="The JSON parts of the file, as received.")
    stored_name = models.CharField(max_length=64, help_text="The whole file, kept in the transfers folder.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Record transferred from {self.sender_name}"

    def get_absolute_url(self) -> str:
        return reverse("transferred-record", args=[self.pk])
