"""The complaint pages' identity part: the panel on the complaint's page, the one page that
shows a complainant's identity (the answer to a POST, never cached), and the page where
administrators name their organizations' 信访 handlers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from duban.complaints import selectors
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_read_identity
from duban.complaints.services import identity as services
from duban.core.forms import StyledForm
from duban.core.models import Organization
from duban.core.reasons import localize
from duban.core.roles import ADMINS
from duban.core.scope import scope_of
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import FormRefusals, forbidden, found, perform
from duban.errors import Conflict, NotFound, NotPermitted


def panel(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    """Context for templates/complaints/_identity.html on the complaint's page: whether the
    viewer may ask for the identity (the page itself never holds it)."""
    return {
        "identity_may_read": may_read_identity(request.user, complaint),
        "identity_url": reverse("complaint-identity", args=[complaint.pk]),
    }


def _complaint_url(complaint: Complaint) -> str | None:
    try:  # the complaint's page (the intake part's)
        return reverse("complaint-detail", args=[complaint.pk])
    except NoReverseMatch:
        return None


@require_POST
@never_cache  # the answer shows the identity: no cache may keep it (no-store, private)
def identity_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The complainant's identity, on the page that answers the POST; the read is recorded."""
    complaint = found(lambda: selectors.complaint_get(user=request.user, pk=pk))
    try:
        identity = services.identity_read(actor=request.user, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    except NotPermitted as error:
        response = forbidden(request, localize(error.message))
    except services.IdentityUnavailable as error:
        response = render(
            request,
            "complaints/identity_unavailable.html",
            {"complaint": complaint, "message": localize(error.message)},
            status=error.status,
        )
    else:
        response = render(
            request,
            "complaints/identity_shown.html",
            {
                "complaint": complaint,
                "identity": identity,
                "complaint_url": _complaint_url(complaint),
            },
        )
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
    return response


# Designation of 信访 handlers.


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.get_username()} ({obj.get_username()})"


class DesignationForm(StyledForm):
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    user: forms.ModelChoiceField[Any] = UserChoiceField(
        queryset=get_user_model().objects.none(), label=_("User")
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizations = selectors.handler_organizations(actor).order_by("path")
        org_field = self.fields["organization"]
        user_field = self.fields["user"]
        assert isinstance(org_field, forms.ModelChoiceField)
        assert isinstance(user_field, forms.ModelChoiceField)
        org_field.queryset = organizations
        user_field.queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__organization__in=organizations)
            .distinct()
            .order_by("username")
        )


REFUSALS = FormRefusals(forbidden=lambda request, message: forbidden(request, message))


@require_http_methods(GET_POST)
def handler_list(request: HttpRequest) -> HttpResponse:
    """The 信访 handlers of the organizations the user administers, and naming another."""
    if not scope_of(request.user).holds_anywhere(ADMINS):
        return forbidden(request, gettext("Only administrators name complaint handlers."))
    form = DesignationForm(posted(request), actor=request.user)
    if form.is_bound and form.is_valid():
        done = REFUSALS.perform(
            request,
            lambda: services.handler_designate(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                user=form.cleaned_data["user"],
            ),
            form=form,
            success=gettext("Complaint handler designated."),
            done_url=lambda _result: reverse("complaint-handlers"),
        )
        if done:
            return done
    context = {"designations": selectors.handler_designations_of(request.user), "form": form}
    return render(
        request, "complaints/identity_handlers.html", context, status=400 if form.errors else 200
    )


@require_POST
def handler_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """End one designation."""
    designation = found(lambda: selectors.handler_designation_get(user=request.user, pk=pk))
    done = perform(
        request,
        lambda: services.handler_revoke(
            actor=request.user, organization=designation.organization, user=designation.user
        ),
        success=gettext("Complaint handler designation revoked."),
        done_url=lambda _result: reverse("complaint-handlers"),
        show_errors=lambda error: None,
        refused=lambda error: forbidden(request, localize(error.message)),
        stale_message=lambda error: localize(error.message),
        stale_url=reverse("complaint-handlers"),
        stale_errors=(Conflict,),
    )
    assert done is not None  # every refusal of a revocation is a 403, a 404 or stale
    return done
