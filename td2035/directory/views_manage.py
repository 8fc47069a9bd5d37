"""Pages where people register, claim and run their organisation, and where admins verify.

Thin: parse the form, call a service in directory.registration or accounts.invitations (which check
permissions and write the audit log), render. Every page works without JavaScript; htmx only makes the
activity search live.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.accounts import invitations
from td2035.accounts.actors import is_platform_admin
from td2035.accounts.invitations import InvitationError, InvitationNotFound
from td2035.core import redirects
from td2035.core.cleaning import strip_unstorable
from td2035.core.http import signed_in_user
from td2035.directory import logos, manage_queries, registration
from td2035.directory.forms_manage import (
    ActivityForm,
    ClaimForm,
    ConfirmForm,
    IdentityForm,
    InviteForm,
    LogoForm,
    ProfileForm,
    RoleForm,
    SizeForm,
)
from td2035.directory.models import Claim, Organization, OrganizationKind
from td2035.directory.services import DirectoryError
from td2035.directory.templatetags import org_manage
from td2035.reference.company_size import SIZE_LABELS, SIZE_SECTOR_LABELS, company_size, size_sector_for_scian
from td2035.reference.models import ScianCode
from td2035.reference.queries import municipality_names, search_scian
from td2035.roles.permissions import is_org_admin

DRAFT_KEY = "directory.register"
SCIAN_OPTIONS = 30
TEMPLATES = "directory/manage/"


# --- The registration wizard -----------------------------------------------------------------------
# The draft lives in the session (strings only), so every step is a plain form that works without
# JavaScript, and going back keeps what was typed.


def _draft(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(DRAFT_KEY) or {})


def _save_draft(request: HttpRequest, **values: Any) -> None:
    request.session[DRAFT_KEY] = {**_draft(request), **values}


def _forget_duplicates(request: HttpRequest) -> None:
    """Name, RFC or municipality changed: look for duplicates again."""
    draft = _draft(request)
    draft.pop("duplicates", None)
    draft["duplicates_checked"] = False
    request.session[DRAFT_KEY] = draft


def _step_url(step: str) -> str:
    return reverse("directory:register") + ("" if step == "1" else f"?paso={step}")


def _missing_step(draft: dict[str, Any], step: str) -> str | None:
    """The first earlier step the draft still lacks, if any."""
    order = ["1", "2", "duplicados", "3", "4"]
    wanted = order.index(step)
    if wanted > 0 and not draft.get("name"):
        return "1"
    if wanted > 1 and not draft.get("scian"):
        return "2"
    if wanted > 2 and not draft.get("duplicates_checked"):
        return "duplicados"
    return None


def _wizard_context(step: str, **context: Any) -> dict[str, Any]:
    steps = [
        ("1", _("Identidad")),
        ("2", _("Actividad y municipio")),
        ("3", _("Tamaño")),
        ("4", _("Revisar y registrar")),
    ]
    current = "2" if step == "duplicados" else step
    return {"steps": steps, "current": current, "step": step, **context}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    step = request.POST.get("paso") or request.GET.get("paso") or "1"
    handlers = {
        "1": _identity,
        "2": _activity,
        "duplicados": _duplicates,
        "3": _size,
        "4": _review,
    }
    if step not in handlers:
        return redirect(_step_url("1"))
    draft = _draft(request)
    missing = _missing_step(draft, step)
    if missing:
        return redirect(_step_url(missing))
    return handlers[step](request, draft)


def _render_step(
    request: HttpRequest, template: str, step: str, status: int = 200, **context: Any
) -> HttpResponse:
    return render(request, TEMPLATES + template, _wizard_context(step, **context), status=status)


def _identity(request: HttpRequest, draft: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changed = any(data[k] != draft.get(k) for k in ("name", "legal_name", "rfc"))
            _save_draft(request, **data)
            if changed:
                _forget_duplicates(request)
            return redirect(_step_url("2"))
        return _render_step(request, "register_identity.html", "1", status=400, form=form)
    form = IdentityForm(initial={k: draft.get(k, "") for k in ("kind", "name", "legal_name", "rfc")})
    return _render_step(request, "register_identity.html", "1", form=form)


def scian_options(query: str, selected: str = "") -> list[ScianCode]:
    selected = strip_unstorable(selected)  # it is looked up: PostgreSQL refuses a NUL
    options = search_scian(query, limit=SCIAN_OPTIONS) if query.strip() else []
    if selected and selected not in {o.code for o in options}:
        chosen = ScianCode.objects.filter(code=selected).first()
        if chosen:
            options.insert(0, chosen)
    return options


def _activity(request: HttpRequest, draft: dict[str, Any]) -> HttpResponse:
    query = " ".join(request.GET.get("q", "")[:100].split())
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            values = {"scian": form.cleaned_data["scian"], "municipality": form.cleaned_data["municipality"]}
            _save_draft(request, **values)
            if values["municipality"] != draft.get("municipality"):
                _forget_duplicates(request)
            draft = _draft(request)
            if draft.get("duplicates_checked"):
                return redirect(_step_url("3"))
            duplicates = _find_duplicates(draft)
            _save_draft(request, duplicates=duplicates, duplicates_checked=not duplicates)
            return redirect(_step_url("duplicados" if duplicates else "3"))
        selected = request.POST.get("scian", "")[:6]
        options = scian_options(request.POST.get("q", "")[:100], selected)
        return _render_step(
            request, "register_activity.html", "2", status=400, form=form, options=options, selected=selected
        )
    selected = draft.get("scian", "")
    form = ActivityForm(initial={"municipality": draft.get("municipality", ""), "scian": selected})
    context = {"form": form, "options": scian_options(query, selected), "selected": selected, "q": query}
    return _render_step(request, "register_activity.html", "2", **context)


@login_required
@require_GET
def scian_search(request: HttpRequest) -> HttpResponse:
    """The activity options for a search: htmx swaps them into step 2 while the person types."""
    query = " ".join(request.GET.get("q", "")[:100].split())
    selected = request.GET.get("scian", "")[:6]
    context = {"options": scian_options(query, selected), "selected": selected, "q": query}
    response = render(request, TEMPLATES + "fragment_scian_options.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _find_duplicates(draft: dict[str, Any]) -> list[list[Any]]:
    """Likely duplicates as [pk, score, same_rfc, same_name] rows, kept in the draft between steps."""
    found = registration.find_duplicates(
        name=draft.get("name", ""),
        legal_name=draft.get("legal_name", ""),
        municipality_id=draft.get("municipality") or None,
        rfc=draft.get("rfc", ""),
    )
    return [[d.organization.pk, d.score, d.same_rfc, d.same_name] for d in found]


def _duplicate_rows(rows: list[list[Any]]) -> list[registration.Duplicate]:
    orgs = Organization.objects.select_related("municipality", "scian").in_bulk([row[0] for row in rows])
    return [
        registration.Duplicate(orgs[pk], score, same_rfc, same_name)
        for pk, score, same_rfc, same_name in rows
        if pk in orgs
    ]


def _duplicates(request: HttpRequest, draft: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        _save_draft(request, duplicates_checked=True)
        return redirect(_step_url("3"))
    if "duplicates" not in draft:
        draft["duplicates"] = _find_duplicates(draft)
        _save_draft(request, duplicates=draft["duplicates"])
    duplicates = _duplicate_rows(draft["duplicates"])
    if not duplicates:
        _save_draft(request, duplicates_checked=True)
        return redirect(_step_url("3"))
    return _render_step(request, "register_duplicates.html", "duplicados", duplicates=duplicates, draft=draft)


def _size_result(
    draft: dict[str, Any], employees: int | None, sales: Decimal | None
) -> dict[str, Any] | None:
    if employees is None or sales is None:
        return None
    sector = size_sector_for_scian(draft.get("scian") or "81")
    result = company_size(employees, sales, sector)
    return {
        "label": SIZE_LABELS[result.size],
        "sector": SIZE_SECTOR_LABELS[sector],
        "score": f"{result.score:.2f}",
    }


def _size(request: HttpRequest, draft: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        form = SizeForm(request.POST)
        if not form.is_valid():
            return _render_step(request, "register_size.html", "3", status=400, form=form, draft=draft)
        employees = form.cleaned_data["employees"]
        sales = form.cleaned_data["annual_sales_mxn"]
        _save_draft(request, employees=employees, annual_sales_mxn=None if sales is None else str(sales))
        if request.POST.get("action") == "calculate":
            result = _size_result(draft, employees, sales)
            return _render_step(request, "register_size.html", "3", form=form, draft=draft, result=result)
        return redirect(_step_url("4"))
    initial = {"employees": draft.get("employees"), "annual_sales_mxn": draft.get("annual_sales_mxn") or ""}
    return _render_step(request, "register_size.html", "3", form=SizeForm(initial=initial), draft=draft)


def _review_context(draft: dict[str, Any]) -> dict[str, Any]:
    sales = Decimal(draft["annual_sales_mxn"]) if draft.get("annual_sales_mxn") else None
    return {
        "draft": draft,
        "kind_label": OrganizationKind(draft["kind"]).label
        if draft.get("kind") in OrganizationKind.values
        else "",
        "scian": ScianCode.objects.filter(code=draft.get("scian")).first(),
        "municipality": municipality_names().get(draft.get("municipality", ""), ""),
        "sales": sales,
        "size": _size_result(draft, draft.get("employees"), sales),
    }


def _review(request: HttpRequest, draft: dict[str, Any]) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sales = draft.get("annual_sales_mxn")
        try:
            org = registration.register_organization(
                request.user,
                name=draft["name"],
                kind=draft["kind"],
                legal_name=draft.get("legal_name", ""),
                rfc=draft.get("rfc", ""),
                scian_id=draft["scian"],
                municipality_id=draft.get("municipality") or None,
                employees=draft.get("employees"),
                annual_sales_mxn=Decimal(sales) if sales else None,
                request=request,
            )
        except DirectoryError as exc:
            form.add_error(None, str(exc))
        else:
            request.session.pop(DRAFT_KEY, None)
            messages.success(
                request,
                _(
                    "Registraste «%(name)s». Completa su perfil; aparecerá como «sin verificar» hasta que "
                    "la verifique una red a la que pertenece o la Coordinación TD2035."
                )
                % {"name": org.name},
            )
            return redirect("directory:edit", slug=org.slug)
    status = 400 if form.is_bound else 200
    return _render_step(
        request, "register_review.html", "4", status=status, form=form, **_review_context(draft)
    )


# --- Claim, verify ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    org = manage_queries.get_organization(slug)
    user = signed_in_user(request)
    if is_org_admin(user, org.pk) and not user.is_platform_admin:
        return redirect("directory:edit", slug=org.slug)
    pending = manage_queries.pending_claim(user, org)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            registration.claim_organization(user, org, message=form.cleaned_data["message"], request=request)
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
            return redirect("directory:my-organizations")
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "org": org,
        "form": form,
        "pending": pending,
        "deciders": manage_queries.claim_deciders(org, user),
    }
    return render(request, TEMPLATES + "claim.html", context, status=status)


@login_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    org = manage_queries.get_organization(slug)
    verified = request.POST.get("verified", "1") != "0"
    registration.verify_organization(request.user, org, verified=verified, request=request)
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
    if not manage_queries.may_open_verification_queue(user):
        raise PermissionDenied(
            _("Solo quienes administran una red o la plataforma verifican organizaciones.")
        )
    networks = manage_queries.verifiable_network_ids(user)
    can_verify = networks is None or bool(networks)
    context = {
        "claims": list(manage_queries.claims_to_decide(user)),
        "can_verify": can_verify,
        "organizations": manage_queries.organizations_to_verify(user) if can_verify else [],
        "is_platform_admin": user.is_platform_admin,
        "own_pending": manage_queries.claims_of(user).filter(status=Claim.Status.PENDING).count(),
    }
    return render(request, TEMPLATES + "verification.html", context)


@login_required
@require_POST
def decide_claim(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("aprobar", "rechazar"):
        raise Http404("no such decision")
    try:
        if decision == "aprobar":
            claim = registration.approve_claim(request.user, pk, request=request)
            messages.success(request, _approved_message(claim))
        else:
            claim = registration.reject_claim(request.user, pk, request=request)
            messages.success(request, _("Rechazaste la solicitud de %(user)s.") % {"user": claim.user.email})
    except DirectoryError as exc:
        if not Claim.objects.filter(pk=pk).exists():
            raise Http404("no such claim") from exc
        messages.error(request, str(exc))
    return _back(request, reverse("directory:verification"))


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
    org = manage_queries.get_organization_for_admin(request.user, slug)
    if request.method == "POST":
        form = ProfileForm(request.POST, coordination=_may_be_coordination(request, org))
        if form.is_valid():
            fields, certifications = form.service_fields()
            try:
                registration.update_profile(
                    request.user, org, certifications=certifications, request=request, **fields
                )
            except DirectoryError as exc:
                field = exc.field.removesuffix("_id") if exc.field else None
                form.add_error(field if field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Guardamos los cambios del perfil."))
                return redirect("directory:organization", slug=org.slug)
        status = 400
    else:
        form = ProfileForm(
            initial=ProfileForm.initial_for(org), coordination=_may_be_coordination(request, org)
        )
        status = 200
    context = {"org": org, "form": form, "logo_form": LogoForm(), "logo_url": logo_url(org)}
    return render(request, TEMPLATES + "edit.html", context, status=status)


def _may_be_coordination(request: HttpRequest, org: Organization) -> bool:
    return org.kind == OrganizationKind.COORDINATION or is_platform_admin(request.user)


def logo_url(org: Any) -> str:
    return org_manage.logo_url(org)


@csrf_exempt  # CSRF is checked below, after the size-limit upload handler is in place
@login_required
@require_POST
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    request.upload_handlers.insert(0, logos.LogoSizeLimitHandler(request))
    return _logo(request, slug)


@csrf_protect
def _logo(request: HttpRequest, slug: str) -> HttpResponse:
    org = manage_queries.get_organization_for_admin(request.user, slug)
    if request.POST.get("remove") == "1":
        registration.remove_logo(request.user, org, request=request)
        messages.success(request, _("Quitamos el logotipo."))
        return redirect("directory:edit", slug=org.slug)
    form = LogoForm(request.POST, request.FILES)
    if getattr(request, "logo_too_large", False):
        form.add_error("logo", logos.too_large_message())
    elif form.is_valid():
        try:
            registration.set_logo(request.user, org, form.cleaned_data["logo"], request=request)
        except logos.LogoError as exc:
            form.add_error("logo", str(exc))
        else:
            messages.success(request, _("Actualizamos el logotipo."))
            return redirect("directory:edit", slug=org.slug)
    context = {
        "org": org,
        "form": ProfileForm(
            initial=ProfileForm.initial_for(org), coordination=_may_be_coordination(request, org)
        ),
        "logo_form": form,
        "logo_url": logo_url(org),
    }
    status = 413 if getattr(request, "logo_too_large", False) else 400
    return render(request, TEMPLATES + "edit.html", context, status=status)


@require_GET
def logo_file(request: HttpRequest, name: str) -> FileResponse:
    return logos.logo_response(name)


# --- People ----------------------------------------------------------------------------------------


def _people_page(
    request: HttpRequest, org: Any, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "org": org,
        "people": list(invitations.organization_people(org)),
        "claims": list(manage_queries.claims_to_decide(request.user).filter(organization=org)),
        "pending": list(invitations.pending_invitations(org)),
        "invite_form": invite_form or InviteForm(),
        "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
    }
    return render(request, TEMPLATES + "people.html", context, status=status)


@login_required
@never_cache
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    org = manage_queries.get_organization_for_admin(request.user, slug)
    return _people_page(request, org)


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    org = manage_queries.get_organization_for_admin(request.user, slug)
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
            return redirect("directory:people", slug=org.slug)
    return _people_page(request, org, form, status=400)


def _people_action(request: HttpRequest, slug: str, action: Any, done: str) -> HttpResponse:
    org = manage_queries.get_organization(slug)
    try:
        action(org)
    except InvitationNotFound as exc:
        raise Http404(str(exc)) from exc
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    if is_org_admin(request.user, org.pk):
        return redirect("directory:people", slug=org.slug)
    return redirect("directory:my-organizations")


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
            return redirect("directory:my-organizations")
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
    networks = manage_queries.verifiable_network_ids(user)
    context = {
        "roles": list(invitations.roles_of(user)),
        "claims": list(manage_queries.claims_of(user)[:50]),
        "can_verify": networks is None or bool(networks),
        "claims_to_decide": manage_queries.claims_to_decide(user).count(),
    }
    return render(request, TEMPLATES + "my_organizations.html", context)
