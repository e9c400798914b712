from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Read: see what you can see on the pages"
    WRITE = "write", "Write: add evidence, assess evidence and log off-the-job hours as you can on the pages"


class AccessToken(models.Model):
    """A personal access token. Only a hash of the secret is kept; the secret is shown once, when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="The token's public part, to find it.")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token.")
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
