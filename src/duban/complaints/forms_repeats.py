"""The forms of the complaint's links panel (views/repeats.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.forms import StyledForm, textarea
from duban.inspections.choices import Category


class LinkRepeatForm(StyledForm):
    of = forms.CharField(
        label=_("Repeat of (acceptance number)"),
        max_length=32,
        help_text=_("The open complaint this one repeats."),
    )
    reason = forms.CharField(label=_("Note"), max_length=2000, required=False)


class UnlinkRepeatForm(StyledForm):
    reason = forms.CharField(label=_("Why it is not a repeat"), max_length=2000)


class JoinProblemForm(StyledForm):
    problem = forms.CharField(label=_("Problem code"), max_length=32)


class CreateProblemForm(StyledForm):
    code = forms.CharField(label=_("Problem code"), max_length=32)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=textarea(3),
        help_text=_("Nothing of the complaint is copied: the units working on it read this."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LinkTaskForm(StyledForm):
    task = forms.CharField(
        label=_("Task code"),
        max_length=40,
        help_text=_("The problem's code and the task's number, as HN-ZZ-01-1."),
    )


class ReopenTaskForm(StyledForm):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=2000, widget=textarea(2))
