from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")


class AppendOnly(models.Model):
    """Rows are added, never changed or removed, by the application."""

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(AppendOnly):
    """One change of state: who, when, what, before and after. Never edited or deleted.

    The database refuses UPDATE and DELETE on this table too (see the migration's triggers). Events form one
    chain: each has the next sequence number, the hash of the event before it, and its own hash, an
    HMAC-SHA-256 of all its fields and that previous hash under a key kept outside the database (see
    ``chain.py``), so an event removed, altered or inserted shows when the chain is checked.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, help_text="Who acted, as they were known at the time.")
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    enrolment_ref = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The apprenticeship the event is about, if any."
    )
    provider_ref = models.BigIntegerField(
        null=True, blank=True, db_index=True, help_text="The organisation whose records the event is about, if any."
    )
    sequence = models.BigIntegerField(unique=True, null=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=40, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"
        )


class AuditCheckpoint(AppendOnly):
    """A signed statement that the chain reached ``sequence`` with ``event_hash``: a trail cut short after it
    shows. Written every AUDIT_CHECKPOINT_EVERY events and by ``ksbtracker verify-audit --checkpoint``."""

    at = models.DateTimeField(default=timezone.now)
    sequence = models.BigIntegerField()
    event_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence", "id"]

    def __str__(self) -> str:
        return f"Checkpoint at event {self.sequence}"
