"""The municipalities the programme works in, with their neighbourhoods (``participants.places``)."""

from django.db import migrations


def add_places(apps, schema_editor):
    from participants.places import places_ensure

    places_ensure(
        apps.get_model("participants", "Municipality"),
        apps.get_model("participants", "Neighbourhood"),
    )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(add_places, migrations.RunPython.noop)]
