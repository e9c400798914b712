"""The shape every signature takes. Each signed record's app adds a foreign key named for the record."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Signature(models.Model):
    """Who signed, as whom, when, and a keyed signature over exactly what they signed.

    ``signed_record`` is the canonical text that was signed (content fingerprint, signer, role, time and the
    previous signature on the same record); ``mac`` is its HMAC-SHA-256 under the key named ``key_id``, a key
    kept outside the database. Signatures made before keys were used have no ``mac`` and cannot be verified.
    """

    role = models.CharField(max_length=20)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=200, blank=True, help_text="The signer's name as shown when signing.")
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the canonical content signed.")
    signed_record = models.TextField(blank=True)
    key_id = models.CharField(max_length=40, blank=True)
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.role_label} signed {self.signed_at:%d %b %Y %H:%M}"

    @property
    def role_label(self) -> str:
        choices = dict(self._meta.get_field("role").choices or [])
        return str(choices.get(self.role, self.role.replace("_", " ").capitalize()))

    @property
    def name_as_signed(self) -> str:
        return self.signer_name or self.signed_by.full_name
