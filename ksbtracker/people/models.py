from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the system admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        indexes = [models.Index(fields=["full_name", "id"], name="people_user_name_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    PROVIDER = "provider", "Training provider"
    EPAO = "epao", "End-point assessment organisation"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_organisation_name")]

    def __str__(self) -> str:
        return self.name


class EmployerLink(models.Model):
    """An employer a provider works with. Its admins enrol apprentices only at employers linked to it,
    and see only those employers and their line managers when they do."""

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employer_links",
                                 limit_choices_to={"kind": OrganisationKind.PROVIDER})  # fmt: skip
    employer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="provider_links",
                                 limit_choices_to={"kind": OrganisationKind.EMPLOYER})  # fmt: skip

    class Meta:
        ordering = ["provider", "employer"]
        constraints = [models.UniqueConstraint(fields=["provider", "employer"], name="unique_employer_link")]

    def __str__(self) -> str:
        return f"{self.provider} works with {self.employer}"


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    ASSESSOR = "assessor", "Assessor"
    LINE_MANAGER = "line_manager", "Line manager"
    PROVIDER_ADMIN = "provider_admin", "Provider admin"
    QUALITY_REVIEWER = "quality_reviewer", "Quality reviewer"


# Which kind of organisation each role belongs to.
ROLE_ORGANISATION_KIND = {
    Role.LEARNER: OrganisationKind.EMPLOYER,
    Role.ASSESSOR: OrganisationKind.PROVIDER,
    Role.LINE_MANAGER: OrganisationKind.EMPLOYER,
    Role.PROVIDER_ADMIN: OrganisationKind.PROVIDER,
    Role.QUALITY_REVIEWER: OrganisationKind.PROVIDER,
}


class Membership(models.Model):
    """A person's role in an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["organisation", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"

    def clean(self):
        from django.core.exceptions import ValidationError

        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "organisation": f"A {self.get_role_display().lower()} belongs to a {expected.label.lower()}."
                }
            )


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "On programme"
    BREAK = "break", "On a break in learning"
    GATEWAY = "gateway", "At gateway"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(models.Model):
    """A learner on one standard version, with their employer, provider and the people who support them."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, related_name="enrolments"
    )
    employer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="employer_enrolments")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="provider_enrolments")
    epao = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="epao_enrolments",
        null=True,
        blank=True,
        verbose_name="end-point assessment organisation",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessed_enrolments",
        null=True,
        blank=True,
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_enrolments",
        null=True,
        blank=True,
    )
    start_date = models.DateField()
    planned_end_date = models.DateField()
    weekly_hours = models.DecimalField("contracted weekly hours", max_digits=5, decimal_places=2)
    agreed_price = models.DecimalField(max_digits=9, decimal_places=2)
    funding_rule_set = models.ForeignKey("funding.FundingRuleSet", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_date__gt=models.F("start_date")),
                name="enrolment_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gt=0), name="enrolment_weekly_hours_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(agreed_price__gte=0), name="enrolment_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.standard_version.reference_number} v{self.standard_version.version}"

    def get_absolute_url(self) -> str:
        return reverse("enrolment-detail", args=[self.pk])
