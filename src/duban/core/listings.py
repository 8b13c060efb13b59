"""The columns of the organization and people lists: how each sorts, what each exports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.core.web.lists import Column, Listing

ORGANIZATIONS = Listing(
    _("Organizations"),
    (
        Column("name", _("Name"), lambda o: o.name, ("path",), width=36),
        Column("kind", _("Kind"), lambda o: o.get_kind_display(), ("kind",), width=14),
        Column(
            "region",
            _("Region"),
            lambda o: o.region.name if o.region else _("Nationwide"),
            ("region__code",),
        ),
        Column(
            "parent",
            _("Parent organization"),
            lambda o: o.parent.name if o.parent else "",
            ("parent__path",),
            width=30,
        ),
    ),
)

# The page's columns only: no phone number or account leaves in the export.
PEOPLE = Listing(
    _("People"),
    (
        Column("name", _("Name"), lambda p: p.name, ("name",), width=12),
        Column("post", _("Post"), lambda p: p.post, ("post",), width=24),
        Column(
            "organization",
            _("Organization"),
            lambda p: p.organization.name,
            ("organization__path", "name"),
            width=30,
        ),
    ),
)
