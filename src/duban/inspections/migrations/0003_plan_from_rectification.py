"""The rectification plan moves from rectification to inspections, in state only.

Its table keeps the name `rectification_plan` (Plan.Meta.db_table), so no row moves and the
foreign keys pointing at it stay as they are; rectification 0002 drops it from its state.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_attachment"),
        ("inspections", "0002_initial"),
        ("rectification", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Plan",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(max_length=32, unique=True, verbose_name="plan code"),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "cadence",
                            models.CharField(
                                choices=[
                                    ("weekly", "Weekly"),
                                    ("fortnightly", "Fortnightly"),
                                    ("monthly", "Monthly"),
                                ],
                                default="monthly",
                                max_length=16,
                                verbose_name="dispatch cadence",
                            ),
                        ),
                        (
                            "dispatch_starts_on",
                            models.DateField(verbose_name="first dispatch period starts"),
                        ),
                        (
                            "approved_on",
                            models.DateField(blank=True, null=True, verbose_name="approved on"),
                        ),
                        (
                            "approved_by",
                            models.CharField(blank=True, max_length=128, verbose_name="approved by"),
                        ),
                        (
                            "office",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="plans",
                                to="core.organization",
                                verbose_name="rectification office",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="core.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rectification plan",
                        "verbose_name_plural": "rectification plans",
                        "db_table": "rectification_plan",
                        "ordering": ["code"],
                    },
                ),
                migrations.AlterField(
                    model_name="problem",
                    name="plan",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="problems",
                        to="inspections.plan",
                        verbose_name="rectification plan",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
