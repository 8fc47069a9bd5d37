"""Models that moved to their own app keep their tables and rows (td2035/core/model_moves.py).

The test database was built by a fresh ``migrate``. The test takes it back to the migrations of the
main branch before the moves (the state a database made by that main is in), writes one row of every
moved model through the historical models of that state, and migrates forward again: every row is
still there, read through today's models, and the schema is exactly the one the fresh ``migrate``
built.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from td2035.accounts.audit import target_type
from td2035.denue.models import ImportRun
from td2035.networks_admin.models import NetworkInvitation, NetworkJoinRequest
from td2035.privacy.models import ArcoRequest, PrivacyConsent
from td2035.registration.models import Claim, Invitation
from td2035.roles.models import NetworkAdmin, OrganizationRole

# The last migration of every app on main before the moves (commit 76a47f9).
PREVIOUS_MAIN = [
    ("accounts", "0007_shared_counters"),
    ("dashboard", "0001_initial"),
    ("directory", "0004_network_invitation_join_request"),
    ("inquiries", "0001_initial"),
    ("market", "0001_initial"),
    ("matching", "0001_initial"),
    ("maturity", "0002_peersummary"),
    ("notifications", "0002_no_private_text_in_notifications"),
    ("reference", "0002_load_reference_data"),
    ("search", "0005_postgres_terms_and_prefixes"),
]
NEW_APPS = ["roles", "registration", "networks_admin", "denue", "privacy"]

# (app before, app now, model, table it keeps)
MOVES = [
    ("accounts", "roles", "OrganizationRole", "accounts_organizationrole"),
    ("accounts", "roles", "NetworkAdmin", "accounts_networkadmin"),
    ("accounts", "registration", "Invitation", "accounts_invitation"),
    ("directory", "registration", "Claim", "directory_claim"),
    ("directory", "networks_admin", "NetworkInvitation", "directory_networkinvitation"),
    ("directory", "networks_admin", "NetworkJoinRequest", "directory_networkjoinrequest"),
    ("directory", "denue", "ImportRun", "directory_importrun"),
    ("accounts", "privacy", "PrivacyNotice", "accounts_privacynotice"),
    ("accounts", "privacy", "PrivacyConsent", "accounts_privacyconsent"),
    ("accounts", "privacy", "ArcoRequest", "accounts_arcorequest"),
]


def schema() -> dict[str, Any]:
    """Every table's columns, constraints and indexes, as the database describes them."""
    with connection.cursor() as cursor:
        tables = sorted(t for t in connection.introspection.table_names(cursor) if t != "django_migrations")
        return {
            table: {
                "columns": [
                    (c.name, c.type_code, c.null_ok)
                    for c in connection.introspection.get_table_description(cursor, table)
                ],
                "constraints": sorted(
                    (name, tuple(info["columns"] or ()), bool(info["unique"]), bool(info["primary_key"]))
                    for name, info in connection.introspection.get_constraints(cursor, table).items()
                    if not name.startswith("sqlite_autoindex")
                ),
            }
            for table in tables
        }


def migrate(targets: list[tuple[str, str | None]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([(app, name) for app, name in targets if name is not None]).apps


def leaves() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def historical(apps: Apps, label: str) -> Any:
    """A model as it was at that state (read from the migrations, not from today's code)."""
    return apps.get_model(label)


def write_one_of_each(old: Apps) -> dict[str, int]:
    """One row of every moved model, written as the previous main would have written it."""
    user = historical(old, "accounts.User").objects.create(email="antes@example.com", password="!")
    other = historical(old, "accounts.User").objects.create(email="otra@example.com", password="!")
    org = historical(old, "directory.Organization").objects.create(slug="antes", name="Antes", kind="company")
    network = historical(old, "directory.Network").objects.create(slug="red-antes", name="Red antes")
    later = timezone.now() + timedelta(days=7)
    rows = {
        "OrganizationRole": historical(old, "accounts.OrganizationRole").objects.create(
            user=user, organization=org, role="admin"
        ),
        "NetworkAdmin": historical(old, "accounts.NetworkAdmin").objects.create(user=user, network=network),
        "Invitation": historical(old, "accounts.Invitation").objects.create(
            organization=org,
            email="colega@example.com",
            token_hash="a" * 64,
            expires_at=later,
            invited_by=user,
        ),
        "Claim": historical(old, "directory.Claim").objects.create(
            organization=org, user=other, message="Soy yo"
        ),
        "NetworkInvitation": historical(old, "directory.NetworkInvitation").objects.create(
            network=network, organization=org, invited_by=user
        ),
        "NetworkJoinRequest": historical(old, "directory.NetworkJoinRequest").objects.create(
            network=network, organization=org, requested_by=user
        ),
        "ImportRun": historical(old, "directory.ImportRun").objects.create(
            file_name="denue_inegi_22_.csv", file_sha256="b" * 64, state="22", rows=7
        ),
        "PrivacyNotice": historical(old, "accounts.PrivacyNotice").objects.create(
            version=99, short_text_es="<p>Corto</p>", integral_text_es="<p>Integral</p>"
        ),
        "ArcoRequest": historical(old, "accounts.ArcoRequest").objects.create(
            user=user, reference="antes@example.com", kind="A", due_date=later.date()
        ),
    }
    rows["PrivacyConsent"] = historical(old, "accounts.PrivacyConsent").objects.create(
        user=user, notice=rows["PrivacyNotice"], version=99
    )
    return {name: row.pk for name, row in rows.items()}


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_from_the_previous_main_keeps_every_row_and_gives_the_fresh_schema() -> None:
    fresh = schema()
    latest = leaves()
    old = migrate(PREVIOUS_MAIN + [(app, None) for app in NEW_APPS])
    assert schema() == fresh  # the moves change no table: going back only changes Django's state
    pks = write_one_of_each(old)

    migrate(latest)

    assert schema() == fresh
    role = OrganizationRole.objects.select_related("user", "organization").get(pk=pks["OrganizationRole"])
    assert (role.user.email, role.organization.slug, role.role) == ("antes@example.com", "antes", "admin")
    assert NetworkAdmin.objects.get(pk=pks["NetworkAdmin"]).network.slug == "red-antes"
    assert Invitation.objects.get(pk=pks["Invitation"]).email == "colega@example.com"
    assert Claim.objects.get(pk=pks["Claim"]).message == "Soy yo"
    assert NetworkInvitation.objects.get(pk=pks["NetworkInvitation"]).invitee.pk == role.organization.pk
    assert NetworkJoinRequest.objects.get(pk=pks["NetworkJoinRequest"]).status == "pending"
    assert ImportRun.objects.get(pk=pks["ImportRun"]).rows == 7
    consent = PrivacyConsent.objects.select_related("notice").get(pk=pks["PrivacyConsent"])
    assert (consent.user.email, consent.notice.pk, consent.version) == (
        "antes@example.com",
        pks["PrivacyNotice"],
        99,
    )
    assert ArcoRequest.objects.get(pk=pks["ArcoRequest"]).reference == "antes@example.com"


@pytest.mark.django_db(transaction=True)
def test_moved_models_keep_their_tables_and_their_content_types_follow_them() -> None:
    before = {
        (old_app, model.lower()): ContentType.objects.get_or_create(app_label=new_app, model=model.lower())[
            0
        ].pk
        for old_app, new_app, model, _table in MOVES
    }
    latest = leaves()
    migrate(PREVIOUS_MAIN + [(app, None) for app in NEW_APPS])
    for (old_app, model), pk in before.items():
        assert ContentType.objects.get(pk=pk).app_label == old_app, model  # back where it was
    migrate(latest)

    for old_app, new_app, model, table in MOVES:
        moved = ContentType.objects.get(pk=before[(old_app, model.lower())])
        assert (moved.app_label, moved.model) == (new_app, model.lower())
        assert moved.model_class()._meta.db_table == table  # type: ignore[union-attr]
        assert not ContentType.objects.filter(app_label=old_app, model=model.lower()).exists()


def test_the_audit_log_names_a_moved_model_as_it_did_before_the_move() -> None:
    for old_app, new_app, model, _table in MOVES:
        moved = django_apps.get_model(new_app, model)
        assert target_type(moved()) == f"{old_app}.{model.lower()}", model
    assert target_type(django_apps.get_model("directory", "Organization")()) == "directory.organization"
