"""Security headers on every response, and the production settings' deployment check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_csp_with_no_unsafe_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'nonce-" in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_every_script_tag_carries_the_nonce_and_none_is_inline(volunteer_client):
    response = volunteer_client.get(reverse("home"))
    nonce = response.context["request"].csp_nonce
    html = response.content.decode()
    scripts = html.count("<script")
    assert scripts >= 1
    assert html.count(f'nonce="{nonce}"') == scripts
    assert html.count("<script src=") == scripts
    assert ' style="' not in html


def test_clickjacking_and_sniffing_are_refused(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_check_deploy_with_the_production_settings_prints_no_warnings():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_ENV": "production",
        "SECRET_KEY": "a-long-random-secret-" + "x7Q2" * 12,
        "ALLOWED_HOSTS": "maatjes.example.nl",
        "DATABASE_URL": "sqlite:////tmp/vvsite-check-deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_ENV": "production"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
