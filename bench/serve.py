"""Programme pages served by gunicorn over generated data: p50/p95, requests a second, the ratio to a
hello-world Django view (/healthz) served the same way in the same run, query counts at a small and a large
size, and each worker's memory after the run.

    .venv/bin/python bench/serve.py [--small 300] [--large 2000] [--repeat 40] [--workers 2]

Uses a throw-away SQLite database in a temporary folder (or DATABASE_URL if set, which it fills).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (label, who signs in, address builder)
PAGES = [
    ("hello world (/healthz)", None, lambda ids: "/healthz"),
    ("home, provider admin", "provider@example.org", lambda ids: "/"),
    ("caseload of 100, assessor", "assessor@example.org", lambda ids: "/caseload/"),
    ("programme overview", "provider@example.org", lambda ids: "/programme/"),
    ("cohort heatmap, 50 rows", "provider@example.org", lambda ids: "/programme/heatmap/"),
    ("apprentice list page", "provider@example.org", lambda ids: "/apprentices/"),
    ("learner dashboard", "learner2@example.org", lambda ids: f"/apprentices/{ids['learner2']}/dashboard/"),
    ("standard page", "provider@example.org", lambda ids: "/standards/ST0648/v1.0/"),
    ("what-if page", "provider@example.org", lambda ids: "/funding/plan-check/"),
]


def _query_counts(ids) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ksbtracker.people.models import User

    counts = {}
    for label, email, url in PAGES[1:]:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=email))
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url(ids)).status_code
        counts[label] = len(queries) if status == 200 else -status
    return counts


def _cookies() -> dict[str, str]:
    from django.test import Client

    from ksbtracker.people.models import User

    cookies = {}
    for email in {email for _, email, _ in PAGES if email}:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=email))
        cookies[email] = client.cookies["sessionid"].value
    return cookies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _time(url: str, cookie: str | None, repeat: int) -> list[float]:
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    took = []
    for _ in range(repeat + 3):
        began = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
            response.read()
            assert response.status == 200, url
        took.append((time.perf_counter() - began) * 1000)
    return took[3:]  # the first few warm the workers


def _rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=300)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ksbtracker-serve-bench-")
    os.chdir(workdir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ksbtracker.settings")
    os.environ["SECURE_COOKIES"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    from ksbtracker.people.models import Enrolment

    call_command("setup", demo=True, verbosity=0)
    began = time.monotonic()
    call_command("generate_data", enrolments=args.small, seed=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    ids = {"learner2": Enrolment.objects.get(learner__email="learner2@example.org").pk}
    small = _query_counts(ids)
    call_command("generate_data", enrolments=args.large - args.small, seed=2, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Generated {Enrolment.objects.count()} enrolments in {time.monotonic() - began:.0f} s")
    large = _query_counts(ids)
    cookies = _cookies()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", "ksbtracker.wsgi:application"], cwd=workdir, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        rows, hello = [], None
        for label, email, url in PAGES:
            took = _time(f"http://127.0.0.1:{port}{url(ids)}", cookies.get(email), args.repeat)
            p50, p95 = statistics.median(took), statistics.quantiles(took, n=20)[18]
            hello = hello or p50
            rows.append((label, p50, p95, 1000 / statistics.mean(took), p50 / hello))
        memory = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\n{args.workers} gunicorn workers, {args.repeat} sequential requests a page, "
          f"{Enrolment.objects.count()} enrolments")  # fmt: skip
    print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'× hello':>8} "
          f"{'queries@' + str(args.small):>12} {'queries@' + str(args.large):>12}")  # fmt: skip
    for label, p50, p95, rps, ratio in rows:
        print(f"{label:<30} {p50:8.1f} {p95:8.1f} {rps:7.1f} {ratio:8.1f} {small.get(label, ''):>12} "
              f"{large.get(label, ''):>12}")  # fmt: skip
    print("Worker memory after the run (MB): " + ", ".join(f"{m:.0f}" for m in memory))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
