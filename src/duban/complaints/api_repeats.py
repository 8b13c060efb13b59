"""The complaint API's repeats operations (mounted by `complaints.api`)."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Query

from duban.complaints import repeats
from duban.complaints.schemas_repeats import RepeatClusterOut
from duban.core.api_types import ApiRouter, RegionCode

router = ApiRouter(tags=["complaints"])

WindowDays = Annotated[int | None, Query(None, ge=1, le=3650, description="days back")]


@router.get("/complaints/repeats", response=list[RepeatClusterOut])
def list_repeat_clusters(
    request: HttpRequest,
    region: RegionCode = None,
    days: WindowDays = None,
    kind: Literal["linked", "firm", "address"] | None = None,
):
    """Clusters of two or more complaints the caller sees (linked to one first, or sharing a
    normalised firm or address) received in the last `days` (default: the repeat window),
    in `region` and below; largest first."""
    clusters = repeats.repeat_clusters(user=request.user, region=region, days=days, kind=kind)
    return [
        RepeatClusterOut(**{**cluster.__dict__, "first_id": cluster.first_pk})
        for cluster in clusters
    ]
