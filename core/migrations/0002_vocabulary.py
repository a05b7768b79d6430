from django.db import migrations


def install_vocabulary(apps, schema_editor):
    from core.vocabulary import install

    install(apps.get_model("core", "Tag"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install_vocabulary, migrations.RunPython.noop)]
