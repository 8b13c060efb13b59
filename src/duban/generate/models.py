"""What `duban generate` put in this database, so a second run can reuse or refuse it."""

from __future__ import annotations

from django.db import models


class GeneratedData(models.Model):
    """One generation run: its scale and seed, and whether it finished (the ledger is not
    the place: this is a fact about the database, not an act anyone took)."""

    scale = models.CharField(max_length=16)
    seed = models.IntegerField()
    density = models.FloatField(default=1.0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.scale} seed {self.seed}"
