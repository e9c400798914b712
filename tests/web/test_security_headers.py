"""Security headers on pages, downloads and the API; the production settings pass Django's deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from ksbtracker.scans.models import SkillsScan

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    directives = (d.strip().split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {d[0]: d[1:] for d in directives}


def test_pages_allow_only_their_own_scripts_and_the_nonced_inline_one(client):
    response = client.get(reverse("login"))
    policy = _policy(response)
    nonce = next(s for s in policy["script-src"] if s.startswith("'nonce-"))[len("'nonce-") : -1]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert " style=" not in html
    # Every response gets its own nonce.
    assert _policy(client.get(reverse("login")))["script-src"] != policy["script-src"]


def test_device_features_are_turned_off(client):
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_nothing_seen_when_signed_in_is_kept_by_the_browser(client, scan_world):
    client.force_login(scan_world["assessor"])
    client.post(reverse("scan-start", args=[scan_world["enrolment"].pk]))
    scan = SkillsScan.objects.get()
    for url in [
        reverse("home"),
        reverse("scan-detail", args=[scan.pk]),
        reverse("scan-pdf", args=[scan.pk]),
        reverse("api-enrolments"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ksbtracker.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-key-" + "x7Q9pL2mZ" * 6,
        "ALLOWED_HOSTS": "ksb.example.org",
        "BEHIND_HTTPS_PROXY": "1",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
