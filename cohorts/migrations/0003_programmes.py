"""The programmes a cohort can follow, with their session plans (``cohorts.programmes``)."""

from django.db import migrations


def add_programmes(apps, schema_editor):
    from cohorts.programmes import programmes_ensure

    programmes_ensure(apps.get_model("cohorts", "Programme"), apps.get_model("cohorts", "PlannedSession"))


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0002_groups_sessions_attendance_calendars")]

    operations = [migrations.RunPython(add_programmes, migrations.RunPython.noop)]
