"""公示 is "publicity" in code ("notice" is the 督办单): the columns are renamed, no data moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0002_plan_to_inspections"),
    ]

    operations = [
        migrations.RenameField("closeout", "notice_days", "publicity_days"),
        migrations.RenameField("task", "notice_starts_on", "publicity_starts_on"),
        migrations.RenameField("task", "notice_ends_on", "publicity_ends_on"),
    ]
