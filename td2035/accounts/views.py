"""Account pages: my account (name, e-mail, security, organisations), signing out everywhere, my API tokens
(/cuenta/tokens/) and, for platform admins, the audit log (/cuenta/auditoria/). Thin: parse a form, call a
service or a query, render."""

from allauth.account.decorators import reauthentication_required
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.accounts import services, tokens
from td2035.accounts.actors import is_platform_admin, require
from td2035.accounts.audit_log import AuditFilters, audit_actions, audit_entries
from td2035.accounts.forms import AuditFilterForm, NameForm, TokenForm
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


# --- API tokens and the audit log ----------------------------------------------------------------------


AUDIT_PAGE_SIZE = 50


NEW_TOKEN_SESSION_KEY = "td2035_new_api_token"  # noqa: S105 (a session key, not a secret)


def _tokens_page(request: HttpRequest, form: TokenForm) -> HttpResponse:
    """The list and the form; a token created just before is shown this once (then gone from the session,
    so reloading or going back does not show it again, nor create another)."""
    user = signed_in_user(request)
    new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    created = None
    if isinstance(new, dict) and isinstance(new.get("id"), int):
        token = tokens.tokens_of(user).filter(pk=new["id"]).first()
        created = (token, str(new.get("secret", ""))) if token is not None else None
    context = {"form": form, "tokens": tokens.tokens_of(user), "created": created}
    response = render(request, "accounts/tokens/list.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens; POST creates one, then the page shows it once. Like other sensitive pages it
    asks for the password again when the last confirmation is older than a few minutes (before the form,
    so that nothing typed is lost)."""
    if request.method == "GET":
        return _tokens_page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = tokens.create_token(
                actor=signed_in_user(request), request=request, **form.cleaned_data
            )
        except tokens.TokenError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "secret": secret}
            return redirect(reverse("accounts:tokens") + "#new-token")
    return _tokens_page(request, form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.revoke_token(actor=signed_in_user(request), token_id=pk, request=request)
    except tokens.TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Revocaste el token «%(name)s».") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """Platform admins read the audit log, filtered by action, person and dates (403 for others)."""
    require(is_platform_admin(request.user))
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    valid = form.is_valid()
    cleaned = form.cleaned_data if valid else {}
    filters = AuditFilters(
        action=cleaned.get("action") or "",
        actor=cleaned.get("actor") or "",
        since=cleaned.get("since"),
        until=cleaned.get("until"),
    )
    page = Paginator(audit_entries(request.user, filters), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(vars(filters).values()),
    }
    return render(request, "accounts/audit/log.html", context)
