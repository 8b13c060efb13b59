"""API tokens expire, are revoked with a time, and die with a password change (issue 16).

Tokens issued before this get 90 days from the migration and the stamp of their user's
current password, so scripts keep working until then; inactive ones become revoked now.
"""

import hashlib
from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

EXISTING_TOKEN_DAYS = 90


def forwards(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    now = timezone.now()
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = now + timedelta(days=EXISTING_TOKEN_DAYS)
        token.revoked_at = None if token.is_active else now
        # The same digest as duban.core.services.password_stamp.
        token.password_stamp = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["expires_at", "revoked_at", "password_stamp"])


def backwards(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.filter(revoked_at__isnull=False).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_i16_attachment_per_upload"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
        migrations.RemoveField(
            model_name="apitoken",
            name="is_active",
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="api_token_expires_after_creation",
            ),
        ),
    ]
