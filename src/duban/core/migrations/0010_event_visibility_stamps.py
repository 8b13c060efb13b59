"""Event visibility columns, stamped on every recorded event (core's subjects here; each
higher app's migration stamps its own), and prefix the indexes that read them."""

from django.conf import settings
from django.db import migrations, models

from duban.core.backfill import stamp_events, stamp_subject_pks

ORGANIZATION = {"region_code": "region_id", "org_path": "path"}
PERSON = {"region_code": "organization__region_id", "org_path": "organization__path"}


def stamp(apps, schema_editor):
    stamp_subject_pks(apps, schema_editor)
    stamp_events(apps, schema_editor, "core.organization", "core.Organization", ORGANIZATION)
    stamp_events(apps, schema_editor, "core.person", "core.Person", PERSON)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_jobs'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='org_path',
            field=models.CharField(blank=True, db_default='', default='', max_length=255),
        ),
        migrations.AddField(
            model_name='event',
            name='problem_ref',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='region_code',
            field=models.CharField(blank=True, db_default='', default='', max_length=6),
        ),
        migrations.AddField(
            model_name='event',
            name='subject_pk',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='task_ref',
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(stamp, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['subject_type', 'subject_pk', 'seq'], name='event_subject_pk'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['problem_ref', 'seq'], name='event_problem'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['task_ref', 'seq'], name='event_task'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['region_code'], name='event_region', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['org_path'], name='event_path', opclasses=['varchar_pattern_ops']),
        ),
    ]
