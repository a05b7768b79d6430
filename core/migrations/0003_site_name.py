from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        id=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000", "name": "つなぐ Tsunagu"}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_vocabulary"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
