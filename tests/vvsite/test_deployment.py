"""The deployment as shipped: production settings, compose health checks, what the image holds."""

import fnmatch
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _production_env(tmp_path, **extra) -> dict:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_ENV": "production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "maatjes.example.nl,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "vvsite.settings",
        **extra,
    }


def _python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("debug", ["false", "true"])
def test_production_refuses_the_repositorys_development_key(tmp_path, debug):
    env = _production_env(tmp_path, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY, DEBUG=debug)
    result = _python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_production_refuses_to_start_without_a_key(tmp_path):
    env = _production_env(tmp_path, DEBUG="true")
    del env["SECRET_KEY"]
    result = _python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_with_production_settings_the_liveness_check_answers_200_over_plain_http(tmp_path):
    code = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1:8000", HTTP_ACCEPT="application/json")
print(client.get("/healthz/live").status_code, client.get("/inloggen/").status_code)
"""
    result = _python(code, _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    live, page = result.stdout.split()
    assert live == "200"
    assert page == "301"  # everything else still goes to https


class _Answer(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        self.send_response(self.status)
        if self.status == 301:
            self.send_header("Location", "https://127.0.0.1/healthz/live")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def answering():
    """A local HTTP server that answers every request with the status code given."""
    servers = []

    def serve(status: int) -> int:
        handler = type("Handler", (_Answer,), {"status": status})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _compose_check(service: str) -> str:
    """The service's health check as the container's shell runs it ($$ is compose's $)."""
    kind, command = COMPOSE["services"][service]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    return command.replace("$$", "$")


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (301, False), (500, False)])
def test_the_web_containers_health_check_passes_only_on_200(answering, status, healthy):
    port = answering(status)
    env = {"PATH": os.environ["PATH"], "WEB_PORT": str(port)}
    result = subprocess.run(["sh", "-c", _compose_check("web")], env=env, timeout=30)
    assert (result.returncode == 0) is healthy


def test_the_web_containers_health_check_fails_when_nothing_answers(closed_port):
    env = {"PATH": os.environ["PATH"], "WEB_PORT": str(closed_port)}
    result = subprocess.run(["sh", "-c", _compose_check("web")], env=env, timeout=30)
    assert result.returncode != 0


def test_only_the_tls_proxy_is_published():
    services = COMPOSE["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "443:443" in services["proxy"]["ports"]
    assert "deploy/gunicorn.conf.py" in services["web"]["command"]


def test_redis_keeps_its_queue_on_disk():
    command = COMPOSE["services"]["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified: the last matching pattern wins; a directory pattern covers
    everything below it."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(prefix, pattern) for prefix in prefixes):
            ignored = not negated
    return ignored


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "db.sqlite3",
        "media/documents/certificaat.pdf",
        ".venv/bin/python",
        "node_modules/bootstrap/dist/css/bootstrap.css",
    ],
)
def test_the_image_leaves_out_secrets_local_data_and_tools(path):
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert _ignored(path, patterns)
    assert not _ignored("manage.py", patterns)
    assert not _ignored(".env.example", patterns)
