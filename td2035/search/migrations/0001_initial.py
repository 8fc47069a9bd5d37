"""The search index tables. They are not Django models: their shape depends on the database
(an FTS5 virtual table on SQLite, a tsvector column with a GIN index on PostgreSQL)."""

from django.db import migrations

SQLITE = [
    "CREATE TABLE search_document (\n        docno INTEGER PRIMARY KEY,\n        org_id INTEGER NOT NULL UNIQUE,\n        name_sort TEXT NOT NULL,\n        created_at REAL NOT NULL,\n        kind TEXT NOT NULL, sector TEXT NOT NULL, subsector TEXT NOT NULL, size TEXT NOT NULL,\n        municipality TEXT NOT NULL, verified INTEGER NOT NULL,\n        networks TEXT NOT NULL, certifications TEXT NOT NULL,\n        name_terms TEXT NOT NULL, body_terms TEXT NOT NULL, tags TEXT NOT NULL\n    )",
    "CREATE INDEX search_document_name ON search_document (name_sort)",
    "CREATE INDEX search_document_created ON search_document (created_at)",
    "CREATE VIRTUAL TABLE search_fts USING fts5(\n        name_terms, body_terms, tags,\n        content='search_document', content_rowid='docno',\n        prefix='2 3 4', tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\"\n    )",
    "CREATE TABLE search_facet_count (\n        facet TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (facet, value)\n    ) WITHOUT ROWID",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_document",
    "DROP TABLE IF EXISTS search_facet_count",
]
POSTGRES = [
    'CREATE TABLE search_document (\n        docno bigint PRIMARY KEY,\n        org_id bigint NOT NULL UNIQUE,\n        name_sort text COLLATE "C" NOT NULL,\n        created_at double precision NOT NULL,\n        kind text NOT NULL, sector text NOT NULL, subsector text NOT NULL, size text NOT NULL,\n        municipality text NOT NULL, verified smallint NOT NULL,\n        networks text NOT NULL, certifications text NOT NULL,\n        tsv tsvector NOT NULL\n    )',
    "CREATE INDEX search_document_tsv ON search_document USING gin (tsv)",
    "CREATE INDEX search_document_name ON search_document (name_sort, docno)",
    "CREATE INDEX search_document_created ON search_document (created_at, docno)",
    "CREATE TABLE search_facet_count (\n        facet text NOT NULL, value text NOT NULL, n bigint NOT NULL, PRIMARY KEY (facet, value)\n    )",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_document", "DROP TABLE IF EXISTS search_facet_count"]


def create(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES if pg else SQLITE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRES_DROP if pg else SQLITE_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
