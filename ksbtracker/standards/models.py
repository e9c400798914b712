from django.db import models
from django.urls import reverse


class KSBKind(models.TextChoices):
    KNOWLEDGE = "K", "Knowledge"
    SKILL = "S", "Skill"
    BEHAVIOUR = "B", "Behaviour"


class StandardVersion(models.Model):
    """One published version of an apprenticeship standard, e.g. ST0494 v1.1.

    Versions of the same standard sit side by side: apprentices stay on the version they started.
    """

    reference_number = models.CharField(max_length=20, db_index=True)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    lars_code = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=60, blank=True)
    route = models.CharField(max_length=200, blank=True)
    typical_duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_funding = models.PositiveIntegerField(
        null=True, blank=True, help_text="Funding band maximum, pounds."
    )
    core_and_options = models.BooleanField(default=False)
    earliest_start_date = models.DateField(null=True, blank=True)
    latest_start_date = models.DateField(null=True, blank=True)
    approved_for_delivery = models.DateField(null=True, blank=True)
    otj_minimum_hours = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Published minimum off-the-job hours (rules for starts from 1 August 2025).",
    )
    mapping_published = models.BooleanField(
        default=True, help_text="False where the source publishes no duty-to-KSB mapping."
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where this version was loaded from.")
    # Everything else the source carried, so that an export gives back the same JSON shape.
    source_extra = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference_number", "version"]
        constraints = [
            models.UniqueConstraint(fields=["reference_number", "version"], name="unique_standard_version"),
        ]

    def __str__(self) -> str:
        return f"{self.reference_number} {self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("standard-version", args=[self.reference_number, self.version])


class StandardOption(models.Model):
    standard_version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="options")
    guid = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["standard_version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "position"], name="unique_option_position"),
        ]

    def __str__(self) -> str:
        return self.title


class KSB(models.Model):
    """A knowledge, skill or behaviour. Its code (K1, S1, B1) is its 1-based position in its list."""

    standard_version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="ksbs")
    kind = models.CharField(max_length=1, choices=KSBKind.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Plain text, as shown to people.")
    source_text = models.TextField(blank=True, help_text="The detail exactly as published (may hold HTML).")
    guid = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["standard_version", "kind", "number"]
        verbose_name = "KSB"
        verbose_name_plural = "KSBs"
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "kind", "number"], name="unique_ksb_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        sv = self.standard_version
        return reverse("ksb-detail", args=[sv.reference_number, sv.version, self.code])

    @property
    def code(self) -> str:
        return f"{self.kind}{self.number}"

    @property
    def kind_order(self) -> int:
        return "KSB".index(self.kind)


class Duty(models.Model):
    standard_version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="duties")
    number = models.PositiveSmallIntegerField()
    guid = models.CharField(max_length=64, blank=True)
    text = models.TextField()
    source_text = models.TextField(blank=True)
    is_core = models.BooleanField(default=True)
    criteria_for_measuring_performance = models.TextField(blank=True)
    ksbs = models.ManyToManyField(KSB, related_name="duties", blank=True)
    options = models.ManyToManyField(StandardOption, related_name="duties", blank=True)
    # GUIDs the source mapped to this duty that match no KSB of the version (kept, and reported).
    unresolved_guids = models.JSONField(default=list, blank=True)
    # What the source said that the rows cannot hold, so an export gives back the same JSON: the mapping
    # lists published as null, and each unresolved GUID under the list it came from.
    source_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["standard_version", "number"]
        verbose_name_plural = "duties"
        constraints = [
            models.UniqueConstraint(fields=["standard_version", "number"], name="unique_duty_number"),
        ]

    def __str__(self) -> str:
        return f"Duty {self.number}: {self.text[:80]}"

    @property
    def code(self) -> str:
        return f"D{self.number}"


class FrameworkKind(models.TextChoices):
    COMPETENCES = "competences", "Core competences"
    OCCUPATIONAL_STANDARDS = "occupational_standards", "National Occupational Standards"
    PRACTICE_STANDARDS = "practice_standards", "Practice standards"


class Framework(models.Model):
    """A framework of criteria other than an apprenticeship standard (e.g. NOMS core competences)."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=40, choices=FrameworkKind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.CharField(max_length=60, blank=True, help_text="e.g. 'August 2015'.")
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("framework-detail", args=[self.slug])


class Criterion(models.Model):
    """A node in a framework's hierarchy: a section, a group or an assessable statement (e.g. "3.1 c")."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(max_length=40, blank=True, help_text='e.g. "3.1 c" or "7.2".')
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    mandatory_minimum_requirement = models.TextField(blank=True)
    assessable = models.BooleanField(default=True, help_text="Evidence can be mapped to it.")
    position = models.PositiveIntegerField(help_text="Order within the whole framework.")
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["framework", "position"], name="unique_criterion_position"),
        ]

    def __str__(self) -> str:
        label = self.code or self.title
        return f"{label}: {self.text[:80]}" if self.text else label
