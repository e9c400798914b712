"""Crosswalks between standard versions, kept as data: one link per old KSB and the new KSB it maps to.

A link with no new KSB records that a person found none matches. The same links serve a move to a new version of a standard (ST0494 v1.0 to v1.1) and a career pathway
between standards (ST0494 to ST0648). Each link was suggested by matching text and confirmed by a person;
once confirmed it is reused for every learner.
"""

from django.conf import settings
from django.db import models


class CrosswalkLink(models.Model):
    from_ksb = models.ForeignKey("standards.KSB", on_delete=models.CASCADE, related_name="crosswalk_out")
    to_version = models.ForeignKey("standards.StandardVersion", on_delete=models.CASCADE, related_name="+")
    to_ksb = models.ForeignKey(
        "standards.KSB",
        on_delete=models.CASCADE,
        related_name="crosswalk_in",
        null=True,
        blank=True,
        help_text="Empty when a person confirmed that no KSB of the new version matches.",
    )
    similarity = models.PositiveSmallIntegerField(help_text="How closely the texts match, as a percentage.")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["from_ksb__kind", "from_ksb__number"]
        constraints = [
            models.UniqueConstraint(fields=["from_ksb", "to_version"], name="unique_crosswalk_link")
        ]

    def __str__(self) -> str:
        return f"{self.from_ksb} → {self.to_ksb}"
