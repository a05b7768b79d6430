"""GIN indexes over the stored search tokens, on PostgreSQL only.

The directory searches whole tokens (`search_tokens && ARRAY[...]` on the text[] column, see
profiles/search.py); the GIN index serves that. SQLite scans the short token strings.
"""

from django.db import migrations

INDEXES = [
    ("profiles_organization", "profiles_org_search_tokens_gin"),
    ("profiles_listing", "profiles_listing_search_tokens_gin"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin (search_tokens)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0003_history_search_invitations")]

    operations = [migrations.RunPython(create, drop)]
