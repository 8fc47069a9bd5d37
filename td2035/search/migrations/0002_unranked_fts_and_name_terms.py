"""The engine ranks a bounded window of matches itself: SQLite's FTS5 index drops positions and
column sizes (detail=column, columnsize=0) and is rebuilt from its content table, and a small second
FTS5 index of names alone finds the matches that rank first; PostgreSQL keeps
the stemmed name next to the tsvector (run rebuild_search_index to fill it for existing rows)."""

from django.db import migrations

SQLITE = [
    "DROP TABLE search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        name_terms, body_terms, tags,
        content='search_document', content_rowid='docno',
        detail=column, columnsize=0,
        prefix='2 3 4', tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
    """CREATE VIRTUAL TABLE search_name_fts USING fts5(
        name_terms, tags,
        content='search_document', content_rowid='docno',
        detail=none, columnsize=0,
        prefix='2 3 4', tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    "INSERT INTO search_name_fts (search_name_fts) VALUES ('rebuild')",
]
SQLITE_BACK = [
    "DROP TABLE search_name_fts",
    "DROP TABLE search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        name_terms, body_terms, tags,
        content='search_document', content_rowid='docno',
        prefix='2 3 4', tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )""",
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]
POSTGRES = ["ALTER TABLE search_document ADD COLUMN name_terms text NOT NULL DEFAULT ''"]
POSTGRES_BACK = ["ALTER TABLE search_document DROP COLUMN name_terms"]


def forward(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES if pg else SQLITE:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES_BACK if pg else SQLITE_BACK:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
