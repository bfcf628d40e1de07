from django.db import migrations


class Migration(migrations.Migration):
    """Documents move to the foundation (vvsite.documents): the kinds are no longer listed
    here, and vvsite's 0003 takes over the model and its table, rows and all."""

    dependencies = [
        ('reporting', '0002_targets_and_key_figures'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='document', name='document_kind_known'),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Document')],
        ),
    ]
