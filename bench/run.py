"""Benchmarks: how long the main pages and the importer take with realistic data. Prints figures.

    .venv/bin/python bench/run.py [--apprentices 300] [--repeat 30] [--standards PATH]

Uses a throw-away SQLite database (or DATABASE_URL if set) in a temporary folder. Targets:
page p95 under 150 ms and a fixed query count per page, whatever the number of apprentices;
the 693 published standards imported in under 60 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprentices", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--standards", type=Path, default=ROOT.parent / "shared" / "standards-api")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="ksbtracker-bench-")
    os.chdir(workdir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ksbtracker.settings")
    os.environ["SECURE_COOKIES"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    with open(os.devnull, "w") as quiet:
        call_command("setup", "--demo", verbosity=0, stdout=quiet)

    from ksbtracker.people.models import Enrolment, Organisation, User
    from ksbtracker.people.services import create_enrolment, create_user
    from ksbtracker.standards.importer import import_standard_paths

    print(f"Database: {connection.vendor}")
    if args.standards.is_dir():
        started = time.perf_counter()
        outcomes = import_standard_paths(paths=[args.standards])
        elapsed = time.perf_counter() - started
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("imported", "unchanged", "failed")}
        print(f"import {len(outcomes)} standards: {elapsed:.1f} s ({counts})")
        started = time.perf_counter()
        import_standard_paths(paths=[args.standards])
        print(f"re-import (all unchanged): {time.perf_counter() - started:.1f} s")

    template = Enrolment.objects.select_related("standard_version", "employer", "provider").first()
    provider = Organisation.objects.get(pk=template.provider_id)
    started = time.perf_counter()
    for n in range(args.apprentices):
        learner = create_user(
            email=f"bench{n}@example.org", full_name=f"Bench Learner {n:04d}", password=None
        )
        create_enrolment(
            learner=learner, standard_version=template.standard_version, employer=template.employer,
            provider=provider, start_date=template.start_date, planned_end_date=template.planned_end_date,
            weekly_hours=template.weekly_hours, agreed_price=template.agreed_price,
        )  # fmt: skip
    print(f"created {args.apprentices} apprentices: {time.perf_counter() - started:.1f} s")

    admin = User.objects.get(email="provider@example.org")
    client = Client()
    client.force_login(admin)
    first = Enrolment.objects.order_by("id").first()
    pages = {
        "home": "/",
        "apprentices list": "/apprentices/",
        "apprentice": first.get_absolute_url(),
        "standards list": "/standards/",
        "ST0648 v1.0": "/standards/ST0648/v1.0/",
        "practice framework": "/frameworks/practice-framework-2015/",
        "API enrolments": "/api/enrolments/",
    }
    print(
        f"\n{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}   ({Enrolment.objects.count()} apprentices)"
    )
    for name, url in pages.items():
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:<22}{statistics.median(timings):>9.1f}{p95:>9.1f}{len(queries):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
