"""The directory page: its cache answers identical searches without searching again, and no database write
(by this connection or another one) can leave a stale page behind."""

import sqlite3
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings

from td2035.directory import queries, result_cache
from td2035.directory.models import Organization
from td2035.directory.queries import DirectoryFilters, search_directory
from td2035.tests.factories import CompanyFactory, reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every search that reaches the engine."""
    seen: list[object] = []
    engine = queries.search_organizations

    def counting(query: object) -> object:
        seen.append(query)
        return engine(query)  # type: ignore[arg-type]

    monkeypatch.setattr(queries, "search_organizations", counting)
    return seen


def names(page: queries.DirectoryPage) -> set[str]:
    return {o.name for o in page.organizations}


CACHED = connection.vendor == "sqlite"  # PostgreSQL has no cheap exact write counter: no page cache


def test_identical_searches_are_answered_from_the_cache_on_sqlite(searches: list[object]) -> None:
    reindex(CompanyFactory.create(name="Plásticos del Bajío"))
    first = search_directory(DirectoryFilters(q="plasticos"))
    second = search_directory(DirectoryFilters(q="plasticos"))
    assert names(first) == names(second) == {"Plásticos del Bajío"}
    assert second.facets == first.facets
    assert len(searches) == (1 if CACHED else 2)
    search_directory(DirectoryFilters(q="plasticos", page=2))  # another page: another search
    assert len(searches) == (2 if CACHED else 3)


def test_a_write_in_this_connection_is_seen_at_once(searches: list[object]) -> None:
    reindex(CompanyFactory.create(name="Plásticos del Bajío"))
    assert names(search_directory(DirectoryFilters(q="plasticos"))) == {"Plásticos del Bajío"}
    org = Organization.objects.get(name="Plásticos del Bajío")
    org.name = "Plásticos de Querétaro"
    org.save()
    reindex(org)
    assert names(search_directory(DirectoryFilters(q="plasticos"))) == {"Plásticos de Querétaro"}
    reindex(CompanyFactory.create(name="Plásticos Nuevos"))
    page = search_directory(DirectoryFilters(q="plasticos"))
    assert page.total == 2


def test_a_commit_by_any_other_connection_changes_the_monitored_version(tmp_path: Path) -> None:
    path = str(tmp_path / "other.sqlite3")
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    writer.commit()
    before = result_cache._monitor_version(path)
    assert result_cache._monitor_version(path) == before  # nothing written
    writer.execute("INSERT INTO t VALUES (1)")
    assert result_cache._monitor_version(path) == before  # not committed yet
    writer.commit()
    assert result_cache._monitor_version(path) != before
    writer.close()


def test_writes_in_this_connection_change_the_version() -> None:
    version = result_cache.database_version()
    if not CACHED:
        assert version is None  # no version, no cache
        return
    Organization.objects.filter(pk=-1).update(name="x")  # no row changed: the version holds
    assert result_cache.database_version() == version
    CompanyFactory.create(name="Otra")  # inside the test's transaction, not committed
    assert result_cache.database_version() != version


def test_no_database_file_to_monitor_means_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    connection.ensure_connection()
    if CACHED:
        monkeypatch.setattr(connection, "is_in_memory_db", lambda: False)
        monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "missing" / "db.sqlite3"))
    assert result_cache.database_version() is None


@override_settings(DIRECTORY_CACHE_SECONDS=0)
def test_the_cache_can_be_switched_off(searches: list[object]) -> None:
    search_directory(DirectoryFilters(q="plasticos"))
    search_directory(DirectoryFilters(q="plasticos"))
    assert len(searches) == 2


def test_cards_escape_what_organisations_wrote(client: Client) -> None:
    reindex(CompanyFactory.create(name="<script>alert(1)</script> Plásticos", is_verified=True))
    html = client.get("/directorio/?q=plasticos").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Plásticos" in html
    assert "<script>alert(1)" not in html
    assert '<span class="badge badge-verified">' in html
