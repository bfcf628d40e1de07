"""The social-contacts goal takes the pillar's own name, so every pillar's goal is ``goal_<pillar>``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("participants", "0005_buddy_has_children")]

    operations = [
        migrations.RenameField("newcomer", "goal_social", "goal_social_contacts"),
        migrations.RenameField("historicalnewcomer", "goal_social", "goal_social_contacts"),
    ]
