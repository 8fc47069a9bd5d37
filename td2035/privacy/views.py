"""Privacy pages: the notices, consent to a new version, my ARCO rights (download, opposition, requests,
deletion) and the staff ARCO queue. Thin: parse a form, call a service, render."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.core import redirects
from td2035.core.http import signed_in_user
from td2035.privacy import arco, cancellation, notices, personal_data
from td2035.privacy.forms import (
    ArcoRequestForm,
    ConsentForm,
    DeleteAccountForm,
    PreferencesForm,
    ResolveArcoForm,
)
from td2035.privacy.models import PrivacyConsent

# --- Privacy notice (public) -------------------------------------------------------------------------------


def _notice_page(request: HttpRequest, part: notices.Part, template: str) -> HttpResponse:
    notice = notices.current_notice()
    if notice is None:
        raise Http404(_("Todavía no hay un aviso de privacidad publicado."))
    context = {
        "notice": notice,
        "notice_html": notices.notice_html(notice, part),
        "translated": notices.notice_is_translated(notice, part),
    }
    return render(request, template, context)


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return _notice_page(request, "integral", "privacy/notice.html")


@require_GET
def privacy_short(request: HttpRequest) -> HttpResponse:
    return _notice_page(request, "short", "privacy/notice_short.html")


@login_required
@require_http_methods(["GET", "POST"])
def privacy_consent(request: HttpRequest) -> HttpResponse:
    """Accept the current notice (asked by the consent middleware when a newer version is published)."""
    user, notice = signed_in_user(request), notices.current_notice()
    next_url = redirects.next_url(request, reverse("directory:home"))
    if notice is None or notices.latest_consent_version(user) >= notice.version:
        notices.remember_consent_version(request, user)
        return HttpResponseRedirect(next_url)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notices.record_consent(user=user, notice=notice, request=request)
        messages.success(
            request,
            _("Gracias. Aceptaste la versión %(version)s del aviso de privacidad.")
            % {"version": notice.version},
        )
        return HttpResponseRedirect(next_url)
    context = {
        "form": form,
        "notice": notice,
        "notice_html": notices.notice_html(notice, "short"),
        "had_consented": notices.latest_consent_version(user) > 0,
        "next": next_url,
    }
    return render(request, "privacy/consent.html", context)


# --- ARCO rights -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def my_privacy(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "preferences_form": PreferencesForm(
            initial={"email_opt_out": user.email_opt_out, "show_contact": user.show_contact}
        ),
        "request_form": ArcoRequestForm(),
        "requests": arco.my_requests(user)[:50],
        "consents": PrivacyConsent.objects.filter(user_id=user.pk).order_by("-accepted_at"),
        "current_notice": notices.current_notice(),
    }
    return render(request, "privacy/my_privacy.html", context)


@login_required
@require_POST
def privacy_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if form.is_valid():
        changed = arco.set_preferences(actor=request.user, request=request, **form.cleaned_data)
        if changed:
            messages.success(request, _("Guardamos tus preferencias de privacidad."))
        else:
            messages.info(request, _("Tus preferencias no cambiaron."))
    return redirect(reverse("privacy:privacy") + "#oposicion")


@login_required
@require_http_methods(["GET", "POST"])
def arco_request(request: HttpRequest) -> HttpResponse:
    form = ArcoRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = arco.submit_request(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Recibimos tu solicitud %(ref)s. Te responderemos a más tardar el %(due)s.")
                % {"ref": item.folio, "due": item.due_date.strftime("%d/%m/%Y")},
            )
            return redirect(reverse("privacy:privacy") + "#solicitudes")
    return render(request, "privacy/arco_request.html", {"form": form})


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def privacy_export(request: HttpRequest) -> HttpResponse:
    """Access: GET shows the button, POST answers the JSON file."""
    if request.method == "GET":
        return render(request, "privacy/export.html")
    data = personal_data.export_personal_data(actor=request.user, request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"td2035-mis-datos-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def privacy_delete(request: HttpRequest) -> HttpResponse:
    """Cancellation: confirm, then anonymise the account and sign out."""
    user = signed_in_user(request)
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deletion = cancellation.delete_account(actor=user, user=user, request=request)
        messages.success(
            request,
            _("Eliminamos tu cuenta. Referencia de tu solicitud: %(ref)s.") % {"ref": deletion.reference},
        )
        return redirect("directory:home")
    context = {"form": form, "sole_admin_of": cancellation.sole_admin_organizations(user)}
    return render(request, "privacy/delete.html", context)


# --- Staff queue -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def arco_queue(request: HttpRequest) -> HttpResponse:
    queue = arco.arco_queue(actor=request.user, show=request.GET.get("ver", "open"))
    return render(request, "privacy/arco_queue.html", {"queue": queue, "form": ResolveArcoForm()})


@login_required
@require_POST
def arco_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    arco.require_staff(request.user)  # 403 before reading the form
    form = ResolveArcoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indica el resultado y la respuesta dada a la persona."))
        return redirect("privacy:arco-queue")
    try:
        item = arco.resolve_request(actor=request.user, request_id=pk, request=request, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        status = 403 if getattr(exc, "code", None) == arco.OWN_REQUEST else 409
        queue = arco.arco_queue(actor=request.user)
        context = {"queue": queue, "form": ResolveArcoForm()}
        return render(request, "privacy/arco_queue.html", context, status=status)
    messages.success(request, _("Registramos la respuesta a la solicitud %(ref)s.") % {"ref": item.folio})
    return redirect("privacy:arco-queue")
