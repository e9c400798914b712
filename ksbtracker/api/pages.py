"""The page where people create and revoke their personal access tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ksbtracker.web.forms import GDSForm

from .models import TokenScope
from .tokens import create_token, revoke_token, token_for_user, tokens_of


class AccessTokenForm(GDSForm):
    submit_label = "Create token"
    name = forms.CharField(
        label="Name", max_length=100, help_text="What the token is for, e.g. “Student records sync”.",
        error_messages={"required": "Enter a name for the token"},
    )  # fmt: skip
    scopes = forms.MultipleChoiceField(
        label="What may it do?", choices=TokenScope.choices, widget=forms.CheckboxSelectMultiple,
        help_text="It can never do more than you can on the pages.",
        error_messages={"required": "Select what the token may do"},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request):
    form = AccessTokenForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            token, secret = create_token(
                user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            response = render(request, "api/token_created.html", {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    tokens = tokens_of(request.user)[:100]
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens})


@require_POST
@login_required
def token_revoke(request, token_id: int):
    token = revoke_token(token=token_for_user(request.user, token_id), actor=request.user)
    messages.success(request, f"The token “{token.name}” has been revoked. It no longer works.")
    return redirect("api-tokens")
