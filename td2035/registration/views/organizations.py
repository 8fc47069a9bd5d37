"""Pages where people claim and run their organisation (profile, logo, colleagues, invitations), and
where admins verify and decide claims.

Thin: parse the form, call a service in registration (claims, organizations, invitations), which check
permissions and write the audit log, render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.accounts.actors import is_platform_admin
from td2035.core import redirects
from td2035.core.http import signed_in_user
from td2035.directory import logos
from td2035.directory.models import Organization, OrganizationKind
from td2035.directory.services import DirectoryError
from td2035.registration import claims, invitations, organizations
from td2035.registration import queries as registration_queries
from td2035.registration.forms import (
    VERIFIED_REFUSAL,
    ClaimForm,
    InviteForm,
    LogoForm,
    ProfileForm,
    RoleForm,
)
from td2035.registration.invitations import InvitationError, InvitationNotFound
from td2035.registration.models import Claim
from td2035.roles.permissions import is_org_admin

TEMPLATES = "registration/"
WITHDRAWN = gettext_lazy(
    "Cambiaste el nombre, la razón social, el RFC o el tipo: la organización dejó de estar verificada hasta "
    "que su red o la Coordinación TD2035 la verifiquen de nuevo."
)


# --- Claim, verify ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization(slug)
    user = signed_in_user(request)
    if is_org_admin(user, org.pk) and not user.is_platform_admin:
        return redirect("registration:edit", slug=org.slug)
    pending = registration_queries.pending_claim(user, org)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            claims.claim_organization(user, org, message=form.cleaned_data["message"], request=request)
        except DirectoryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Enviamos tu solicitud para administrar «%(name)s». Te avisaremos por correo cuando se resuelva."
                )
                % {"name": org.name},
            )
            return redirect("registration:my-organizations")
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "org": org,
        "form": form,
        "pending": pending,
        "deciders": registration_queries.claim_deciders(org, user),
    }
    return render(request, TEMPLATES + "claim.html", context, status=status)


@login_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization(slug)
    value = request.POST.get("verified", "1")  # the button always sends it
    if value not in ("0", "1"):
        back = reverse("directory:organization", args=[org.slug])
        return render(request, "refused.html", {"error": VERIFIED_REFUSAL, "back": back}, status=400)
    verified = value == "1"
    claims.verify_organization(request.user, org, verified=verified, request=request)
    if verified:
        messages.success(request, _("«%(name)s» quedó verificada.") % {"name": org.name})
    else:
        messages.success(request, _("Retiraste la verificación de «%(name)s».") % {"name": org.name})
    return _back(request, reverse("directory:organization", args=[org.slug]))


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Return to the page named in `next` when it is one of ours, else to `default`."""
    return redirects.redirect_next(request, default)


@login_required
@never_cache
@require_GET
def verification_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not registration_queries.may_open_verification_queue(user):
        raise PermissionDenied(
            _("Solo quienes administran una red o la plataforma verifican organizaciones.")
        )
    networks = registration_queries.verifiable_network_ids(user)
    can_verify = networks is None or bool(networks)
    context = {
        "claims": list(registration_queries.claims_to_decide(user)),
        "can_verify": can_verify,
        "organizations": registration_queries.organizations_to_verify(user) if can_verify else [],
        "is_platform_admin": user.is_platform_admin,
        "own_pending": registration_queries.claims_of(user).filter(status=Claim.Status.PENDING).count(),
    }
    return render(request, TEMPLATES + "verification.html", context)


@login_required
@require_POST
def decide_claim(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("aprobar", "rechazar"):
        raise Http404("no such decision")
    try:
        if decision == "aprobar":
            claim = claims.approve_claim(request.user, pk, request=request)
            messages.success(request, _approved_message(claim))
        else:
            claim = claims.reject_claim(request.user, pk, request=request)
            messages.success(request, _("Rechazaste la solicitud de %(user)s.") % {"user": claim.user.email})
    except DirectoryError as exc:
        if not Claim.objects.filter(pk=pk).exists():
            raise Http404("no such claim") from exc
        messages.error(request, str(exc))
    return _back(request, reverse("registration:verification"))


def _approved_message(claim: Claim) -> str:
    names = {"user": claim.user.email, "name": claim.organization.name}
    if claim.organization.is_verified:
        return _("Aprobaste la solicitud: %(user)s administra «%(name)s», que quedó verificada.") % names
    return _("Aprobaste la solicitud: %(user)s ahora también administra «%(name)s».") % names


# --- Edit the profile and logo ---------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization_for_admin(request.user, slug)
    if request.method == "POST":
        form = ProfileForm(request.POST, coordination=_may_be_coordination(request, org))
        if form.is_valid():
            fields, certifications = form.service_fields()
            was_verified = org.is_verified
            try:
                organizations.update_profile(
                    request.user, org, certifications=certifications, request=request, **fields
                )
            except DirectoryError as exc:
                field = exc.field.removesuffix("_id") if exc.field else None
                form.add_error(field if field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Guardamos los cambios del perfil."))
                if was_verified and not org.is_verified:
                    messages.warning(request, WITHDRAWN)
                return redirect("directory:organization", slug=org.slug)
        status = 400
    else:
        form = ProfileForm(
            initial=ProfileForm.initial_for(org), coordination=_may_be_coordination(request, org)
        )
        status = 200
    context = {"org": org, "form": form, "logo_form": LogoForm(), "logo_url": logos.url(org)}
    return render(request, TEMPLATES + "edit.html", context, status=status)


def _may_be_coordination(request: HttpRequest, org: Organization) -> bool:
    return org.kind == OrganizationKind.COORDINATION or is_platform_admin(request.user)


@csrf_exempt  # CSRF is checked below, after the size-limit upload handler is in place
@login_required
@require_POST
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    request.upload_handlers.insert(0, logos.LogoSizeLimitHandler(request))
    return _logo(request, slug)


@csrf_protect
def _logo(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization_for_admin(request.user, slug)
    if request.POST.get("remove") == "1":
        organizations.remove_logo(request.user, org, request=request)
        messages.success(request, _("Quitamos el logotipo."))
        return redirect("registration:edit", slug=org.slug)
    form = LogoForm(request.POST, request.FILES)
    if getattr(request, "logo_too_large", False):
        form.add_error("logo", logos.too_large_message())
    elif form.is_valid():
        try:
            organizations.set_logo(request.user, org, form.cleaned_data["logo"], request=request)
        except logos.LogoError as exc:
            form.add_error("logo", str(exc))
        else:
            messages.success(request, _("Actualizamos el logotipo."))
            return redirect("registration:edit", slug=org.slug)
    context = {
        "org": org,
        "form": ProfileForm(
            initial=ProfileForm.initial_for(org), coordination=_may_be_coordination(request, org)
        ),
        "logo_form": form,
        "logo_url": logos.url(org),
    }
    status = 413 if getattr(request, "logo_too_large", False) else 400
    return render(request, TEMPLATES + "edit.html", context, status=status)


# --- People ----------------------------------------------------------------------------------------


def _people_page(
    request: HttpRequest, org: Any, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "org": org,
        "people": list(invitations.organization_people(org)),
        "claims": list(registration_queries.claims_to_decide(request.user).filter(organization=org)),
        "pending": list(invitations.pending_invitations(org)),
        "invite_form": invite_form or InviteForm(),
        "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
    }
    return render(request, TEMPLATES + "people.html", context, status=status)


@login_required
@never_cache
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization_for_admin(request.user, slug)
    return _people_page(request, org)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    org = registration_queries.get_organization_for_admin(request.user, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitations.invite_colleague(
                request.user, org, form.cleaned_data["email"], form.cleaned_data["role"], request=request
            )
        except InvitationError as exc:
            form.add_error("email" if exc.field == "email" else None, str(exc))
        else:
            messages.success(
                request, _("Enviamos la invitación a %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("registration:people", slug=org.slug)
    return _people_page(request, org, form, status=400)


def _people_action(request: HttpRequest, slug: str, action: Any, done: str) -> HttpResponse:
    org = registration_queries.get_organization(slug)
    try:
        action(org)
    except InvitationNotFound as exc:
        raise Http404(str(exc)) from exc
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    if is_org_admin(request.user, org.pk):
        return redirect("registration:people", slug=org.slug)
    return redirect("registration:my-organizations")


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    form = RoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""
    return _people_action(
        request,
        slug,
        lambda org: invitations.change_role(request.user, org, user_id, role, request=request),
        _("Cambiamos el rol."),
    )


@login_required
@require_POST
def remove_person(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return _people_action(
        request,
        slug,
        lambda org: invitations.remove_person(request.user, org, user_id, request=request),
        _("La persona ya no forma parte de la organización."),
    )


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _people_action(
        request,
        slug,
        lambda org: invitations.revoke_invitation(request.user, org, pk, request=request),
        _("Cancelamos la invitación."),
    )


# --- Invitations and "my organisations" -------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.invitation_for_token(token)
    problem = invitations.problem(found)
    if request.method == "POST" and not problem:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            role = invitations.accept_invitation(signed_in_user(request), token, request=request)
        except InvitationError as exc:
            problem = str(exc)
        else:
            messages.success(request, _("Ya formas parte de «%(name)s».") % {"name": role.organization.name})
            return redirect("registration:my-organizations")
    context = {"invitation": found if not problem else None, "problem": problem, "next": request.path}
    status = 200 if not problem else (404 if found is None else 410)
    # The token is in the URL: the site-wide Referrer-Policy (same-origin) keeps it from other sites;
    # "no-referrer" would make the browser send "Origin: null" with the form, which CSRF refuses.
    return render(request, TEMPLATES + "invitation.html", context, status=status)


@login_required
@never_cache
@require_GET
def my_organizations(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    networks = registration_queries.verifiable_network_ids(user)
    context = {
        "roles": list(invitations.roles_of(user)),
        "claims": list(registration_queries.claims_of(user)[:50]),
        "can_verify": networks is None or bool(networks),
        "claims_to_decide": registration_queries.claims_to_decide(user).count(),
    }
    return render(request, TEMPLATES + "my_organizations.html", context)
