"""The rectification plan now belongs to inspections (see inspections 0003): state only,
its table `rectification_plan` and its rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_plan_from_rectification"),
        ("rectification", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Plan")],
            database_operations=[],
        ),
    ]
