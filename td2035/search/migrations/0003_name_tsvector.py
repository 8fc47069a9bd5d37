"""PostgreSQL: a tsvector of names alone, with its GIN index, for the matches that rank first (SQLite
has the equivalent FTS5 table since 0002). Run rebuild_search_index to fill it for existing rows."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_document ADD COLUMN name_tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_name_tsv ON search_document USING gin (name_tsv)",
]
POSTGRES_BACK = ["ALTER TABLE search_document DROP COLUMN name_tsv"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACK:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_unranked_fts_and_name_terms")]
    operations = [migrations.RunPython(forward, backward)]
