"""Hardening: production settings pass `check --deploy`, refuse to start half-configured; every page
sends a strict Content-Security-Policy and no inline script; people's text is escaped on the pages."""

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from td2035.directory.models import Organization
from td2035.tests.factories import NetworkFactory, OrganizationFactory
from td2035.tests.people import PASSWORD, admin_of, make_user, platform_admin

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "td2035.example.mx",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "td2035.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- Production settings. --------------------------------------------------------------------------------


def test_production_settings_pass_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_weak_secret_key() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_cookies_and_transport_are_secure() -> None:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY']}))"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["X_FRAME_OPTIONS"] == "DENY"


# --- Content-Security-Policy on every page. ----------------------------------------------------------------

SKIPPED_PREFIXES = ("/api/", "/i18n/", "/healthz", "/admin/", "/static/", "/media/")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


def policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


def assert_strict(path: str, response: object) -> None:
    assert response.has_header("Content-Security-Policy"), path  # type: ignore[attr-defined]
    csp = policy(response)
    script = csp.get("script-src", csp.get("default-src"))
    assert script is not None, path
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (path, script)
    assert "*" not in script and "data:" not in script, (path, script)
    assert csp["default-src"] == ["'self'"], path
    assert csp["object-src"] == ["'none'"], path
    assert csp["frame-ancestors"] == ["'none'"], path
    assert "'unsafe-inline'" not in csp.get("style-src", []), path
    if "text/html" in response.get("Content-Type", ""):  # type: ignore[attr-defined]
        html = response.content.decode()  # type: ignore[attr-defined]
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html))
        assert not EVENT_HANDLER.search(html), (path, EVENT_HANDLER.search(html))
        assert not STYLE_ATTRIBUTE.search(html), (path, STYLE_ATTRIBUTE.search(html))


def paths_without_arguments() -> list[str]:
    """Every named page of the site that needs no argument (reversed from the URL configuration)."""
    found: set[str] = set()

    def walk(patterns: Sequence[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                try:
                    found.add(reverse(f"{namespace}{pattern.name}"))
                except Exception:  # noqa: S112 (needs arguments)
                    continue

    walk(get_resolver().url_patterns, "")
    return sorted(p for p in found if not p.startswith(SKIPPED_PREFIXES))


@pytest.fixture
def site() -> dict[str, str]:
    """A few records so that pages with arguments have something to show."""
    org = OrganizationFactory.create(name="Maquinados del Marqués", certifications=["ISO 9001"])
    network = NetworkFactory.create(name="Clúster Automotriz", members=[org])
    admin_of(org, make_user("ana@example.com"))
    return {"organization": org.slug, "network": network.slug}


@pytest.mark.django_db
def test_every_page_sends_a_strict_csp_and_no_inline_script(site) -> None:
    paths = paths_without_arguments()
    assert {"/", "/cuenta/tokens/", "/cuenta/auditoria/", "/cuenta/login/"} <= set(paths)
    paths += [
        reverse("directory:organization", kwargs={"slug": site["organization"]}),
        reverse("directory:network", kwargs={"slug": site["network"]}),
        "/directorio/?q=maquinados",
        "/no-such-page/",
    ]
    staff = Client()
    staff.force_login(platform_admin())
    staff.post("/cuenta/reauthenticate/", {"password": PASSWORD})  # sensitive pages show, not redirect
    checked = 0
    for client in (Client(), staff):
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
            assert_strict(path, response)
            checked += "text/html" in response.get("Content-Type", "")
    assert checked > len(paths)  # most answers are pages, not only redirects
    tokens_page = staff.get("/cuenta/tokens/")
    assert tokens_page.status_code == 200
    assert_strict("/cuenta/tokens/", tokens_page)


@pytest.mark.django_db
def test_api_answers_and_rate_limited_ones_send_security_headers() -> None:
    response = Client().get("/api/v1/networks")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.has_header("Content-Security-Policy")


# --- People's text is escaped. -----------------------------------------------------------------------------

SCRIPT = '<script>alert("td2035")</script>'
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.mark.django_db
def test_markup_in_names_and_descriptions_shows_literally() -> None:
    org = Organization.objects.get(
        pk=OrganizationFactory.create(
            name=f"Acme {SCRIPT}", description_es=f"Piezas {IMAGE}", products=f"Tornillos {SCRIPT}"
        ).pk
    )
    NetworkFactory.create(name=f"Red {IMAGE}", members=[org])
    client = Client()
    pages = {
        "profile": client.get(reverse("directory:organization", kwargs={"slug": org.slug})),
        "directory": client.get("/directorio/", {"q": "acme"}),
        "networks": client.get(reverse("directory:networks")),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert SCRIPT not in html and IMAGE not in html, name
    profile = pages["profile"].content.decode()
    assert "&lt;script&gt;alert(&quot;td2035&quot;)&lt;/script&gt;" in profile
    assert "&lt;img src=x onerror=alert(1)&gt;" in profile
    assert "&lt;script&gt;" in pages["directory"].content.decode()
    assert "Red &lt;img" in pages["networks"].content.decode()


def test_a_first_production_start_as_the_readme_says(tmp_path: Path) -> None:
    """The README's production steps, in order, on a fresh database: migrate, collectstatic (hashed and
    compressed files that DEBUG=0 needs, or every page is a 500), then a page with its static files."""
    env = {
        **PRODUCTION,
        "TD2035_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    for step in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = manage(*step, **env)
        assert result.returncode == 0, result.stdout + result.stderr
    page = (
        "from django.test import Client; r = Client().get('/', secure=True, HTTP_HOST='td2035.example.mx'); "
        "print(r.status_code, 'css' in r.content.decode() and '.css' in r.content.decode())"
    )
    result = manage("shell", "--no-imports", "-c", page, **env)
    assert result.stdout.split()[-2:] == ["200", "True"], result.stdout + result.stderr
    assert list((tmp_path / "static").rglob("*.css.gz")), "compressed static files"


@pytest.mark.django_db
def test_the_admin_has_no_sign_in_of_its_own(client: Client) -> None:
    """/admin/login/ used to take a password without MFA and without the failed-sign-in limit."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/login/?next=")
    staff = platform_admin()
    posted = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD, "next": "/admin/"})
    assert posted.status_code == 302 and posted["Location"].startswith("/cuenta/login/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_search_of_sessions_answers_a_list(client: Client) -> None:
    from td2035.accounts.models import User

    client.force_login(User.objects.create_superuser("staff@td2035.example", PASSWORD))
    assert client.get("/admin/usersessions/usersession/?q=ana").status_code == 200
