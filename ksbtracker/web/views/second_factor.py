"""The second step of signing in: a code from an authenticator app, or setting one up (the first time, for
the roles that need one; at any time, for anyone who wants one) and noting the recovery codes.

After the password is right, the person is not signed in yet: the session remembers who they said they
are (``PENDING``) until a code confirms it. Too many wrong codes and they start again from the password.
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksbtracker.people import second_factor
from ksbtracker.people.models import User
from ksbtracker.web.forms import GDSForm

PENDING = "second_factor_pending"
NEW_DEVICE = "second_factor_new_device"
MAX_WRONG_CODES = 5


class CodeForm(GDSForm):
    code = forms.CharField(
        label="Code", max_length=20, error_messages={"required": "Enter the code"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                      "class": "govuk-input--width-10"}),
    )  # fmt: skip


class SignInCodeForm(CodeForm):
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = (
            "The 6-digit code your authenticator app shows for KSB Tracker, or one of your recovery codes."
        )


class SetUpCodeForm(CodeForm):
    submit_label = "Turn on the code"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from the app"
        self.fields["code"].help_text = "The 6-digit code the app shows after you add KSB Tracker to it."


def start_second_step(request, user, next_url: str):
    """Called by the sign-in page once the password is right, for someone who needs or has a second factor."""
    request.session.cycle_key()
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": next_url, "wrong": 0}
    return redirect("sign-in-code" if second_factor.has_second_factor(user) else "sign-in-set-up")


def _pending(request) -> tuple[User | None, dict]:
    pending = request.session.get(PENDING) or {}
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first() if pending else None
    return user, pending


def _finish(request, user, pending, device):
    user.otp_device = device  # django-otp records the device in the session at login
    login(request, user, backend=pending["backend"])
    request.session.pop(PENDING, None)


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    user, pending = _pending(request)
    if user is None:
        return redirect("login")
    form = SignInCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.check_code(user, form.cleaned_data["code"])
        if device is not None:
            _finish(request, user, pending, device)
            return redirect(pending.get("next") or "home")
        pending["wrong"] = pending.get("wrong", 0) + 1
        request.session[PENDING] = pending
        if pending["wrong"] >= MAX_WRONG_CODES:
            request.session.pop(PENDING, None)
            messages.error(request, "Too many wrong codes. Sign in again.")
            return redirect("login")
        form.add_error("code", "The code is not right. Enter the code the app shows now, or a recovery code")
    return render(request, "registration/second_factor_code.html", {"form": form})


def _set_up(request, user, *, pending: dict | None):
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=request.session.get(NEW_DEVICE)).first()
    if device is None or request.method == "GET":
        device = second_factor.new_authenticator(user)
        request.session[NEW_DEVICE] = device.pk
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_authenticator(device, form.cleaned_data["code"], actor=user)
        if codes is not None:
            request.session.pop(NEW_DEVICE, None)
            if pending is not None:
                _finish(request, user, pending, device)
            next_url = (pending or {}).get("next") or "/"
            return render(request, "registration/recovery_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", "The code is not right. Enter the code the app shows now")
    context = {
        "form": form, "secret": second_factor.secret_text(device), "required": pending is not None,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
    }  # fmt: skip
    return render(request, "registration/second_factor_set_up.html", context)


@require_http_methods(["GET", "POST"])
def sign_in_set_up(request):
    user, pending = _pending(request)
    if user is None:
        return redirect("login")
    if second_factor.has_second_factor(user):
        return redirect("sign-in-code")
    return _set_up(request, user, pending=pending)


@require_http_methods(["GET", "POST"])
@login_required
def account_set_up(request):
    """Anyone signed in may set up (or replace) their authenticator app."""
    return _set_up(request, request.user, pending=None)
