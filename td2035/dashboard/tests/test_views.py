"""Pages, CSV and API of the dashboard: figures, suppression (k = 5) everywhere, permissions."""

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from td2035.dashboard import snapshots
from td2035.dashboard.models import Snapshot, Target
from td2035.dashboard.tests.helpers import assess, draft
from td2035.directory.models import Network
from td2035.tests.factories import NetworkFactory, OrganizationFactory
from td2035.tests.people import make_user, member_of, network_admin, platform_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def ecosystem() -> dict[str, Any]:
    """7 assessed in Querétaro (014), 4 in Corregidora (006), 6 in El Marqués (011); a network of 6."""
    groups: dict[str, list] = {}
    for cve, scores in (("014", [60, 62, 64, 66, 68, 70, 72]), ("006", [10, 20, 30, 40]), ("011", [50] * 6)):
        groups[cve] = []
        for score in scores:
            org = OrganizationFactory.create(municipality_id=cve, size="micro")
            assess(org, score)
            groups[cve].append(org)
    draft(groups["014"][0])
    network = NetworkFactory.create(name="Clúster <b>Bajío</b>", members=groups["011"])
    return {"groups": groups, "network": network}


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_public_page_draws_charts_and_hides_small_groups(client: Client, ecosystem: dict) -> None:
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 10
    assert "Madurez digital por municipio" in html
    assert "—" in html
    assert reverse("dashboard:csv", args=["madurez-por-municipio"]) in html
    assert "Detalle para administradores" not in html
    assert "Clúster &lt;b&gt;Bajío&lt;/b&gt;" in html  # escaped in the per-network counts
    assert "<b>Bajío</b>" not in html


def test_csv_leaves_suppressed_cells_empty_and_complements_the_lone_one(
    client: Client, ecosystem: dict
) -> None:
    response = client.get(reverse("dashboard:csv", args=["madurez-por-municipio"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {row[1]: row for row in rows_of(response.content)[1:]}
    assert rows["014"][2:4] == ["7", "66.0"]
    assert rows["006"][2:] == [""] * (len(rows["006"]) - 2)  # 4 organisations
    assert rows["011"][2:] == [""] * (len(rows["011"]) - 2)  # would give 006 away by difference


def test_api_answers_null_for_small_groups(client: Client, ecosystem: dict) -> None:
    body = client.get("/api/v1/indicators?by=municipality").json()
    groups = {g["key"]: g for g in body["groups"]}
    assert body["by"] == "municipality"
    assert groups["014"]["assessed"] == 7
    assert groups["014"]["mean_overall"] == pytest.approx(66.0)
    assert groups["014"]["dimensions"]["data_management"] == pytest.approx(66.0)
    assert groups["014"]["label"] == "Querétaro"
    for cve in ("006", "011"):
        assert groups[cve]["mean_overall"] is None
        assert groups[cve]["assessed"] is None
        assert set(groups[cve]["dimensions"].values()) == {None}


def test_api_by_network_and_size(client: Client, ecosystem: dict) -> None:
    nets = client.get("/api/v1/indicators?by=network").json()["groups"]
    mine = next(g for g in nets if g["key"] == ecosystem["network"].slug)
    assert (mine["organizations"], mine["assessed"], mine["mean_overall"]) == (6, 6, 50.0)
    sizes = {g["key"]: g for g in client.get("/api/v1/indicators?by=size").json()["groups"]}
    assert sizes["micro"]["assessed"] == 17


def test_api_bad_by_is_a_422_naming_the_field(client: Client) -> None:
    for query in ("?by=colour", ""):
        response = client.get("/api/v1/indicators" + query)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "by"


def test_filters_narrow_the_figures_and_bad_filters_are_400(client: Client, ecosystem: dict) -> None:
    response = client.get(reverse("dashboard:index"), {"municipio": "014"})
    assert response.status_code == 200
    assert "Querétaro" in response.content.decode()
    rows = rows_of(client.get(reverse("dashboard:csv", args=["resumen"]), {"municipio": "014"}).content)
    assert {r[1]: r[2] for r in rows[1:]}["assessed"] == "7"
    network = ecosystem["network"]
    rows = rows_of(client.get(reverse("dashboard:csv", args=["resumen"]), {"red": network.slug}).content)
    assert {r[1]: r[2] for r in rows[1:]}["assessed"] == "6"
    assert client.get(reverse("dashboard:index"), {"municipio": "999"}).status_code == 400
    assert client.get(reverse("dashboard:csv", args=["resumen"]), {"red": "nope"}).status_code == 400
    assert client.get(reverse("dashboard:csv", args=["no-such-table"])).status_code == 404


def test_detail_is_for_network_and_platform_admins(client: Client, ecosystem: dict) -> None:
    url = reverse("dashboard:csv", args=["madurez-por-red"])
    assert client.get(url).status_code == 404
    client.force_login(platform_admin())
    assert "Detalle para administradores" in client.get(reverse("dashboard:index")).content.decode()
    rows = rows_of(client.get(reverse("dashboard:csv", args=["actividad"])).content)
    assert {r[1]: r[2] for r in rows[1:]} == {"completed": "17", "drafts": ""}  # 1 draft: suppressed
    assert client.get(url).status_code == 200


def test_network_view_is_for_its_admins_only(client: Client, ecosystem: dict) -> None:
    network: Network = ecosystem["network"]
    url = reverse("dashboard:network-view", args=[network.slug])
    assert client.get(url).status_code in (302, 403)
    client.force_login(member_of(ecosystem["groups"]["011"][0], email="miembro@example.com"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("dashboard:network-csv", args=[network.slug, "resumen"])).status_code == 403
    other = NetworkFactory.create()
    client.force_login(network_admin(other, "otra@example.com"))
    assert client.get(url).status_code == 403
    client.force_login(network_admin(network, "red@example.com"))
    assert url in client.get(reverse("dashboard:index")).content.decode()  # the dashboard links to it
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "En qué debería capacitar la red" in html
    assert reverse("maturity:landing") in html
    assert '<ul aria-labelledby="prioridad-' in html  # the roadmap's next steps for the top priorities
    assert client.get(reverse("dashboard:network-view", args=["no-such-network"])).status_code == 404
    rows = rows_of(
        client.get(reverse("dashboard:network-csv", args=[network.slug, "madurez-por-dimension"])).content
    )
    assert rows[1][2] == "50.0"


def test_a_small_network_shows_only_dashes(client: Client, ecosystem: dict) -> None:
    small = NetworkFactory.create(members=ecosystem["groups"]["006"])
    client.force_login(network_admin(small, "chica@example.com"))
    rows = rows_of(
        client.get(reverse("dashboard:network-csv", args=[small.slug, "madurez-por-dimension"])).content
    )
    assert {r[2] for r in rows[1:]} == {""}
    rows = rows_of(
        client.get(reverse("dashboard:network-csv", args=[small.slug, "prioridades-de-capacitacion"])).content
    )
    assert {cell for r in rows[1:] for cell in r[2:3] + r[4:]} == {""}


def test_targets_are_set_by_platform_admins_and_shown_against_the_projection(client: Client) -> None:
    url = reverse("dashboard:targets")
    assert client.get(url).status_code in (302, 403)
    client.force_login(make_user("alguien@example.com"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"metric": "mean_overall", "value": 50, "year": 2035}).status_code == 403
    assert not Target.objects.exists()
    client.force_login(platform_admin())
    response = client.post(url, {"metric": "mean_overall", "value": 150, "year": 2035})
    assert response.status_code == 400
    assert not Target.objects.exists()
    response = client.post(
        url, {"metric": "msme_advanced_share", "value": 60, "year": 2035, "note": "<i>x</i>"}
    )
    assert response.status_code == 302
    assert Target.objects.get().value == 60
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "Sin proyección" in page  # no history yet
    assert "Meta 60" in page
    assert "&lt;i&gt;x&lt;/i&gt;" in client.get(url).content.decode()
    client.post(url, {"delete": Target.objects.get().pk})
    assert not Target.objects.exists()


def test_a_completed_assessment_refreshes_the_snapshot(
    ecosystem: dict, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    assert snapshots.get(snapshots.EVERYTHING)["maturity"]["all"]["assessed"] == 17
    org = OrganizationFactory.create()
    assessment = assess(org, 99)
    from td2035.maturity.signals import assessment_completed

    with django_capture_on_commit_callbacks(execute=True):
        assessment_completed.send(sender=type(assessment), assessment_id=assessment.pk)
    data = Snapshot.objects.get(key=snapshots.EVERYTHING.key).data
    assert data["maturity"]["all"]["assessed"] == 18


def test_the_command_precomputes_everything_each_network_and_each_municipality(ecosystem: dict) -> None:
    from django.core.management import call_command

    from td2035.reference.queries import municipality_names

    call_command("refresh_dashboard", verbosity=0)
    keys = set(Snapshot.objects.values_list("key", flat=True))
    assert snapshots.EVERYTHING.key in keys
    assert snapshots.ScopeKey(network_id=ecosystem["network"].pk).key in keys
    assert len(keys) == 1 + Network.objects.count() + len(municipality_names())
