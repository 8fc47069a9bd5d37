"""Moving a model to another app without copying a row.

The table keeps its name (``Meta.db_table``); only Django's idea of which app owns the model moves.
The new app's first migration creates the model in state only (``adopt``), the old app's next
migration deletes it in state only (``release``), and the model's content type follows it, with its
permissions and the admin's log entries (``relabel_content_types``). A fresh ``migrate`` and an
upgrade of an existing database end with the same schema.
"""

from typing import Any

from django.db import migrations


def adopt(*operations: Any) -> migrations.SeparateDatabaseAndState:
    """State-only operations: the tables are already there, under their old names."""
    return migrations.SeparateDatabaseAndState(state_operations=list(operations), database_operations=[])


def release(*model_names: str) -> migrations.SeparateDatabaseAndState:
    """The old app forgets models another app has adopted; their tables stay."""
    return adopt(*(migrations.DeleteModel(name) for name in model_names))


def relabel_content_types(old_app: str, new_app: str, *models: str) -> migrations.RunPython:
    def move(apps: Any, source: str, target: str) -> None:
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for model in models:
            if not content_types.filter(app_label=target, model=model).exists():
                content_types.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, schema_editor: move(apps, old_app, new_app),
        lambda apps, schema_editor: move(apps, new_app, old_app),
    )
