"""The TD2035 dashboard (/tablero/), its CSV files, the network view and the targets page."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from td2035.accounts.actors import is_platform_admin, require
from td2035.core.cleaning import as_id
from td2035.dashboard import charts, export, outlook, services, snapshots, tables
from td2035.dashboard.forms import ScopeForm, TargetForm
from td2035.dashboard.models import Target
from td2035.dashboard.network_view import top_priorities, training_priorities
from td2035.directory.queries import get_network
from td2035.roles.models import NetworkAdmin
from td2035.roles.permissions import is_network_admin

DETAIL_TABLES = {"madurez-por-red", "actividad"}


def sees_detail(request: HttpRequest) -> bool:
    """Platform admins and network admins see the per-network breakdown and drafts."""
    user = request.user
    if is_platform_admin(user):
        return True
    return bool(user.is_authenticated and NetworkAdmin.objects.filter(user_id=user.pk).exists())


@dataclass
class Figure:
    table: tables.Table
    chart: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)


def activity_table(data: dict[str, Any]) -> tables.Table:
    act = data["activity"]
    from td2035.dashboard.suppression import publish_count

    return tables.Table(
        "actividad",
        _("Evaluaciones terminadas y en curso"),
        [tables.Column("value", _("Evaluaciones"))],
        [
            tables.Row("completed", _("Terminadas (con historial)"), [publish_count(act["completed"])]),
            tables.Row("drafts", _("En curso (borradores)"), [publish_count(act["drafts"])]),
        ],
        head=_("Estado"),
        note=tables.note(),
    )


def all_tables(data: dict[str, Any], *, detailed: bool, everything: bool) -> dict[str, tables.Table]:
    found = [
        tables.summary(data),
        outlook.table(outlook.outlooks(data)),
        tables.by_kind(data),
        tables.by_size(data),
        tables.by_sector(data),
        tables.by_municipality(data),
        tables.dimensions(data),
        tables.bands(data),
        tables.maturity_by(data, "size"),
        tables.maturity_by(data, "sector"),
        tables.maturity_by(data, "municipality"),
        tables.quarterly(data),
    ]
    if everything:
        found.append(tables.by_network(data))
    if detailed:
        found.append(activity_table(data))
        if everything:
            found.append(tables.maturity_by_network(data))
    return {t.slug: t for t in found}


def scope_from(request: HttpRequest) -> tuple[ScopeForm, snapshots.ScopeKey, int]:
    form = ScopeForm(request.GET or None)
    if not form.is_bound:
        return form, snapshots.EVERYTHING, 200
    if not form.is_valid():
        return form, snapshots.EVERYTHING, 400
    slug, cve = form.cleaned_data["red"], form.cleaned_data["municipio"]
    network = form.networks.get(slug) if slug else None
    return form, snapshots.ScopeKey(network.pk if network else None, cve or None), 200


def figures(found: dict[str, tables.Table]) -> dict[str, Figure]:
    out = {slug: Figure(t) for slug, t in found.items()}
    bars = {
        "organizaciones-por-tipo": ("organizations", None),
        "empresas-por-tamano": ("organizations", None),
        "empresas-por-sector": ("organizations", None),
        "organizaciones-por-red": ("organizations", None),
        "madurez-por-dimension": ("mean", 100.0),
        "organizaciones-por-nivel": ("share", 1.0),
        "madurez-por-tamano": ("mean_overall", 100.0),
        "madurez-por-sector": ("mean_overall", 100.0),
        "madurez-por-red": ("mean_overall", 100.0),
        "actividad": ("value", None),
        "evolucion-trimestral": ("completed_in_quarter", None),
    }
    for slug, (column, maximum) in bars.items():
        if slug in out:
            out[slug].chart = charts.hbars(out[slug].table, column, chart_id=f"chart-{slug}", maximum=maximum)
    for slug, column, kind, title in (
        (
            "organizaciones-por-municipio",
            "msme_assessed_share",
            "pct",
            _("% de MiPyMEs evaluadas por municipio"),
        ),
        ("madurez-por-municipio", "mean_overall", "score", _("Madurez digital media por municipio")),
    ):
        table = out[slug].table
        index = table.column(column)
        values = {row.key: row.value(index) for row in table.rows if row.key}
        out[slug].chart, out[slug].legend = charts.choropleth(
            values, chart_id=f"map-{slug}", title=title, kind=kind
        )
    return out


def index(request: HttpRequest) -> HttpResponse:
    form, scope, status = scope_from(request)
    data = snapshots.get(scope)
    detailed = sees_detail(request)
    found = all_tables(data, detailed=detailed, everything=scope.is_everything)
    items = outlook.outlooks(data)
    trends = [(item, charts.trend(item, chart_id=f"trend-{item.metric}")) for item in items]
    context = {
        "current": "dashboard",
        "form": form,
        "query": request.GET.urlencode() if status == 200 else "",
        "figures": figures(found),
        "trends": trends,
        "detailed": detailed,
        "computed_at": data["computed_at"],
        "is_platform_admin": is_platform_admin(request.user),
        "scope_label": scope_label(form, scope),
        "my_networks": administered_networks(request),
    }
    return render(request, "dashboard/index.html", context, status=status)


def administered_networks(request: HttpRequest) -> list[tuple[str, str]]:
    """(slug, name) of the networks this person runs, for links to their network views."""
    if not request.user.is_authenticated:
        return []
    rows = NetworkAdmin.objects.filter(user_id=request.user.pk).values_list("network__slug", "network__name")
    return sorted(rows, key=lambda r: r[1])


def scope_label(form: ScopeForm, scope: snapshots.ScopeKey) -> str:
    parts: list[str] = []
    if scope.network_id is not None:
        parts.extend(n.name for n in form.networks.values() if n.pk == scope.network_id)
    if scope.municipality:
        parts.append(form.municipality_names.get(scope.municipality, ""))
    return " · ".join(str(p) for p in parts)


def csv_response(table: tables.Table, name: str) -> HttpResponse:
    response = HttpResponse(export.to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    form, scope, status = scope_from(request)
    if status != 200:
        return HttpResponse(
            _("Filtro no válido: %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = snapshots.get(scope)
    found = all_tables(data, detailed=sees_detail(request), everything=scope.is_everything)
    if slug not in found:
        raise Http404(_("No existe esa tabla."))
    return csv_response(found[slug], f"td2035-{slug}")


# --- Network view -------------------------------------------------------------------------------------


def network_tables(data: dict[str, Any]) -> dict[str, tables.Table]:
    found = [
        tables.summary(data),
        tables.dimensions(data),
        tables.bands(data),
        training_priorities(data),
        tables.maturity_by(data, "size"),
        tables.maturity_by(data, "sector"),
        tables.quarterly(data),
        activity_table(data),
    ]
    return {t.slug: t for t in found}


def network_page(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network(slug)
    require(is_network_admin(request.user, network.pk))
    data = snapshots.get(snapshots.ScopeKey(network_id=network.pk))
    found = network_tables(data)
    return render(
        request,
        "dashboard/network.html",
        {
            "current": "dashboard",
            "network": network,
            "figures": figures_for_network(found),
            "priorities": top_priorities(found["prioridades-de-capacitacion"]),
            "roadmap_url": reverse("maturity:landing"),
            "query": "",
            "computed_at": data["computed_at"],
        },
    )


def figures_for_network(found: dict[str, tables.Table]) -> dict[str, Figure]:
    out = {slug: Figure(t) for slug, t in found.items()}
    for slug, column, maximum in (
        ("madurez-por-dimension", "mean", 100.0),
        ("organizaciones-por-nivel", "share", 1.0),
        ("prioridades-de-capacitacion", "priority", None),
        ("madurez-por-tamano", "mean_overall", 100.0),
        ("madurez-por-sector", "mean_overall", 100.0),
    ):
        out[slug].chart = charts.hbars(out[slug].table, column, chart_id=f"chart-{slug}", maximum=maximum)
    return out


def network_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    network = get_network(slug)
    require(is_network_admin(request.user, network.pk))
    found = network_tables(snapshots.get(snapshots.ScopeKey(network_id=network.pk)))
    if table not in found:
        raise Http404(_("No existe esa tabla."))
    return csv_response(found[table], f"td2035-{network.slug}-{table}")


# --- Targets ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    require(is_platform_admin(request.user))
    form = TargetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if "delete" in request.POST:
            target_id = as_id(request.POST.get("delete", ""))
            if target_id is not None:
                services.target_delete(actor=request.user, target_id=target_id)
                messages.success(request, _("Meta eliminada."))
            return redirect("dashboard:targets")
        if form.is_valid():
            try:
                services.target_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Meta guardada."))
                return redirect("dashboard:targets")
        status = 400
    return render(
        request,
        "dashboard/targets.html",
        {"current": "dashboard", "form": form, "targets": Target.objects.select_related("set_by")},
        status=status,
    )
