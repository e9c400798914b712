"""Demo organisations, people and enrolments that a newcomer can sign in as. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksbtracker.standards.models import StandardVersion

from .employer_links import link_employer
from .models import Enrolment, Organisation, OrganisationKind, Role, User
from .services import add_membership, create_enrolment, create_user

# The provider admin, quality reviewer and system admin need a code from an authenticator app as well.
# The demo's are all set up with this published secret: `ksbtracker demo-code` prints the current code.
DEMO_SECOND_FACTOR = ("provider@example.org", "iqa@example.org", "admin@example.org")
DEMO_TOTP_KEY = "6b73622d747261636b65722d64656d6f2d6f6e6c79"  # noqa: S105 - published, for the local demo only
DEMO_PASSWORD = "demo-password-2025"  # noqa: S105 - published demo logins for a local demo only

# email, name, [(organisation key, role)]
DEMO_PEOPLE = [
    ("learner@example.org", "Amira Khan", []),
    ("learner2@example.org", "Ben Okafor", []),
    ("learner3@example.org", "Chloe Evans", []),
    ("assessor@example.org", "Priya Shah", [("provider", Role.ASSESSOR)]),
    ("assessor2@example.org", "Tom Hughes", [("provider", Role.ASSESSOR)]),
    ("manager@example.org", "Sam Patel", [("employer", Role.LINE_MANAGER)]),
    ("manager2@example.org", "Rhys Morgan", [("employer2", Role.LINE_MANAGER)]),
    ("provider@example.org", "Grace Adeyemi", [("provider", Role.PROVIDER_ADMIN)]),
    ("iqa@example.org", "Olu Bello", [("provider", Role.QUALITY_REVIEWER)]),
]
DEMO_ORGANISATIONS = {
    "employer": ("Probation Service – North West region", OrganisationKind.EMPLOYER),
    "employer2": ("Probation Service – Wales region", OrganisationKind.EMPLOYER),
    "provider": ("Northern University Probation Academy", OrganisationKind.PROVIDER),
    "epao": ("Justice End-Point Assessment Ltd", OrganisationKind.EPAO),
}


@transaction.atomic
def load_demo_data() -> list[tuple[str, str]]:
    """Create the demo world if it is not there yet; return (email, role description) for each login."""
    organisations = {
        key: Organisation.objects.get_or_create(name=name, kind=kind)[0]
        for key, (name, kind) in DEMO_ORGANISATIONS.items()
    }
    for key in ("employer", "employer2"):
        link_employer(provider=organisations["provider"], employer=organisations[key])
    people = {}
    for email, name, memberships in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_user(email=email, full_name=name, password=DEMO_PASSWORD)
            for key, role in memberships:
                add_membership(user=user, organisation=organisations[key], role=role)
        people[email] = user
    if not User.objects.filter(email="admin@example.org").exists():
        create_user(
            email="admin@example.org", full_name="System Admin", password=DEMO_PASSWORD, is_superuser=True
        )

    po = StandardVersion.objects.get(reference_number="ST0648", version="1.0")
    psp = StandardVersion.objects.filter(reference_number="ST0494", version="1.1").first() or po
    plans = [
        ("learner@example.org", po, "employer", "assessor@example.org", "manager@example.org",
         datetime.date(2025, 9, 1), datetime.date(2027, 9, 1), Decimal("37"), Decimal("21000")),
        ("learner2@example.org", psp, "employer", "assessor2@example.org", "manager@example.org",
         datetime.date(2025, 3, 3), datetime.date(2026, 9, 3), Decimal("30"), Decimal("5000")),
        ("learner3@example.org", po, "employer2", "assessor2@example.org", "manager2@example.org",
         datetime.date(2026, 1, 12), datetime.date(2028, 1, 12), Decimal("37"), Decimal("21000")),
    ]  # fmt: skip
    for learner, standard, employer, assessor, manager, start, end, hours, price in plans:
        if Enrolment.objects.filter(learner=people[learner]).exists():
            continue
        create_enrolment(
            learner=people[learner],
            standard_version=standard,
            employer=organisations[employer],
            provider=organisations["provider"],
            epao=organisations["epao"],
            assessor=people[assessor],
            line_manager=people[manager],
            start_date=start,
            planned_end_date=end,
            weekly_hours=hours,
            agreed_price=price,
        )
    for email in DEMO_SECOND_FACTOR:
        TOTPDevice.objects.get_or_create(
            user=User.objects.get(email=email), name="Demo authenticator",
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
        )  # fmt: skip
    return [
        ("learner@example.org", "learner (ST0648 Probation officer)"),
        ("learner2@example.org", "learner (ST0494 Probation service practitioner)"),
        ("assessor@example.org", "assessor (practice tutor assessor)"),
        ("assessor2@example.org", "assessor of learner2 and learner3"),
        ("manager@example.org", "line manager, North West region"),
        ("provider@example.org", "provider admin"),
        ("iqa@example.org", "quality reviewer (IQA, read-only)"),
        ("admin@example.org", "system admin (Django admin at /admin/)"),
    ]


def demo_secret() -> str:
    """The demo authenticator's secret as typed into an app (base32)."""
    from base64 import b32encode

    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii").rstrip("=")


def demo_code() -> str:
    """The code the demo authenticator shows now."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
