"""PostgreSQL: the vocabulary table SQLite got in 0004 (to expand long typed prefixes), and finer
statistics on the tsvector so that the planner's estimates of matches, which size the shards read,
cover more words. The tsvector now also holds prefix tokens: run rebuild_search_index."""

from django.db import migrations

POSTGRES = [
    'CREATE TABLE search_term (term text COLLATE "C" PRIMARY KEY)',
    "INSERT INTO search_term (term) SELECT word FROM ts_stat('SELECT tsv FROM search_document') "
    "WHERE word !~ '^[_~]'",
    "ALTER TABLE search_document ALTER COLUMN tsv SET STATISTICS 1000",
    "ALTER TABLE search_document ALTER COLUMN name_tsv SET STATISTICS 1000",
]
POSTGRES_BACK = [
    "DROP TABLE search_term",
    "ALTER TABLE search_document ALTER COLUMN tsv SET STATISTICS -1",
    "ALTER TABLE search_document ALTER COLUMN name_tsv SET STATISTICS -1",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACK:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fts_vocabulary")]
    operations = [migrations.RunPython(forward, backward)]
