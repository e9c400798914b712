import pytest

from ksbtracker.people.models import Role
from tests.factories import (
    EmployerFactory,
    EnrolmentFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
    standard_with_ksbs,
)

OWNER_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
OWNER_FOLDERS = ("tests/browser/", "tests/service/")


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need the database's owner: the rest also pass as a role that owns nothing
    (see README, "A database role that owns nothing", and .ci/run)."""
    for item in items:
        db = item.get_closest_marker("django_db")
        path = item.nodeid
        if (
            OWNER_FIXTURES & set(getattr(item, "fixturenames", ()))
            or (db is not None and db.kwargs.get("transaction"))
            or path.startswith(OWNER_FOLDERS)
        ):
            item.add_marker(pytest.mark.database_owner)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real password checks with a cheap hasher, so that factories are quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scan_world(db):
    """One apprenticeship on a small standard (2 K, 2 S, 1 B) and every person who takes part in its scan."""
    provider, employer = ProviderFactory(), EmployerFactory()
    assessor, manager, admin, reviewer = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=assessor, organisation=provider, role=Role.ASSESSOR)
    MembershipFactory(user=manager, organisation=employer, role=Role.LINE_MANAGER)
    MembershipFactory(user=admin, organisation=provider, role=Role.PROVIDER_ADMIN)
    MembershipFactory(user=reviewer, organisation=provider, role=Role.QUALITY_REVIEWER)
    enrolment = EnrolmentFactory(
        provider=provider,
        employer=employer,
        assessor=assessor,
        line_manager=manager,
        standard_version=standard_with_ksbs(knowledge=2, skills=2, behaviours=1),
    )
    return {
        "enrolment": enrolment,
        "learner": enrolment.learner,
        "assessor": assessor,
        "line_manager": manager,
        "provider_admin": admin,
        "quality_reviewer": reviewer,
        "outsider": UserFactory(),
    }


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    """Background jobs run as they are enqueued, unless a test sets the database backend itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def committed_db(transactional_db):
    """Committed transactions, as a background worker needs, with the rows data migrations load put back."""
    from tests.browser.conftest import _restore_migrated_data

    _restore_migrated_data()
