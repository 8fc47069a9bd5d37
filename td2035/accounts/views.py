"""Account pages: my account (name, e-mail, security, organisations) and signing out everywhere. Thin:
parse a form, call a service, render."""

from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from td2035.accounts import services
from td2035.accounts.forms import NameForm
from td2035.accounts.signals import account_home_sections
from td2035.core.fragments import fragments
from td2035.core.http import signed_in_user


@login_required
@require_http_methods(["GET", "POST"])
def account_home(request: HttpRequest) -> HttpResponse:
    """My account: my name (rectification), my e-mail, password, security and privacy."""
    user = signed_in_user(request)
    form = NameForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            if services.update_name(actor=user, full_name=form.cleaned_data["full_name"], request=request):
                messages.success(request, _("Guardamos tu nombre."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("accounts:home")
    context = {
        "form": form,
        "sections": fragments(account_home_sections, request=request, user=user),
        "mfa_enabled": user.authenticator_set.filter(type="totp").exists(),  # type: ignore[attr-defined]
        "session_count": UserSession.objects.filter(user_id=user.pk).count(),
    }
    return render(request, "accounts/home.html", context)


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the person, this one included."""
    for session in UserSession.objects.filter(user_id=request.user.pk):
        session.end()
    logout(request)
    messages.success(request, _("Cerraste tu sesión en todos tus dispositivos."))
    return redirect("account_login")
