"""SQLite: the vocabulary of the index (every indexed term), to expand long typed prefixes into the
terms they start. FTS5's own fts5vocab table would do, but it counts each term's documents on the way,
which reads the whole doclist of a common term (15 ms for "servici" at a million documents)."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("CREATE TABLE search_term (term TEXT PRIMARY KEY) WITHOUT ROWID")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE temp.search_fts_terms USING fts5vocab(main, search_fts, 'row')"
    )
    schema_editor.execute(
        "INSERT INTO search_term (term) SELECT term FROM temp.search_fts_terms WHERE substr(term, 1, 1) != '_'"
    )
    schema_editor.execute("DROP TABLE temp.search_fts_terms")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE search_term")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_name_tsvector")]
    operations = [migrations.RunPython(forward, backward)]
