"""The registration wizard: identity, activity, likely duplicates, size, review. The draft lives in the
session, so every step is a plain form that works without JavaScript; htmx only makes the activity
search live. Thin: parse the form, call organizations.organizations, render.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from td2035.core.cleaning import strip_unstorable
from td2035.directory.models import Organization, OrganizationKind
from td2035.directory.services import DirectoryError
from td2035.reference.company_size import SIZE_LABELS, SIZE_SECTOR_LABELS, company_size, size_sector_for_scian
from td2035.reference.models import ScianCode
from td2035.reference.queries import municipality_names, search_scian
from td2035.registration import organizations
from td2035.registration.forms import (
    ActivityForm,
    ConfirmForm,
    IdentityForm,
    SizeForm,
)

DRAFT_KEY = "directory.register"
SCIAN_OPTIONS = 30
TEMPLATES = "registration/"


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
    return reverse("registration:register") + ("" if step == "1" else f"?paso={step}")


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
    found = organizations.find_duplicates(
        name=draft.get("name", ""),
        legal_name=draft.get("legal_name", ""),
        municipality_id=draft.get("municipality") or None,
        rfc=draft.get("rfc", ""),
    )
    return [[d.organization.pk, d.score, d.same_rfc, d.same_name] for d in found]


def _duplicate_rows(rows: list[list[Any]]) -> list[organizations.Duplicate]:
    orgs = Organization.objects.select_related("municipality", "scian").in_bulk([row[0] for row in rows])
    return [
        organizations.Duplicate(orgs[pk], score, same_rfc, same_name)
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
            org = organizations.register_organization(
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
            return redirect("registration:edit", slug=org.slug)
    status = 400 if form.is_bound else 200
    return _render_step(
        request, "register_review.html", "4", status=status, form=form, **_review_context(draft)
    )
