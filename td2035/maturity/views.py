"""Pages of the maturity assessment. Thin: permissions and writes are in services, reads in queries."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from td2035.directory.models import Organization, SizeChoices
from td2035.maturity import charts, queries, scoring, services
from td2035.maturity.forms import build_fields, parse_step
from td2035.maturity.instruments import DEFAULT_INSTRUMENT, dimensions, get_instrument, localized
from td2035.maturity.models import Assessment, Band
from td2035.registration.queries import get_organization
from td2035.roles.permissions import is_org_admin


def _member_org(request: HttpRequest, slug: str) -> Organization:
    """The organisation if the signed-in person may assess it; 404 otherwise (nothing revealed)."""
    org = get_organization(slug)
    if not services.can_assess(request.user, org):
        raise Http404("not a member")
    return org


def _assessment(request: HttpRequest, org: Organization, pk: int) -> Assessment:
    assessment = queries.visible_assessment(request.user, org, pk)
    if assessment is None:
        raise Http404("no such assessment")
    return assessment


def _dimension_names(instrument: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: localized(d, "name") for d in dimensions(instrument)}


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    instrument = get_instrument(DEFAULT_INSTRUMENT)
    orgs = list(queries.assessable_organizations(request.user))
    status = {org.pk: services.current_draft(org) for org in orgs}
    latest = {a.organization_id: a for a in Assessment.objects.filter(organization__in=orgs, is_latest=True)}
    context = {
        "instrument": instrument,
        "instrument_name": localized(instrument, "name"),
        "dimensions": [
            {"name": localized(d, "name"), "description": localized(d, "description")}
            for d in dimensions(instrument)
        ],
        "organizations": [{"org": o, "draft": status[o.pk], "latest": latest.get(o.pk)} for o in orgs],
        "question_count": len(instrument["questions"]),
    }
    return render(request, "maturity/landing.html", context)


@login_required
@require_GET
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    org = _member_org(request, slug)
    instrument = get_instrument(DEFAULT_INSTRUMENT)
    context = {
        "org": org,
        "draft": services.current_draft(org),
        "history": queries.history(org),
        "names": _dimension_names(instrument),
        "dimension_ids": [d["id"] for d in dimensions(instrument)],
    }
    return render(request, "maturity/organization.html", context)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    org = _member_org(request, slug)
    assessment = services.start_assessment(request.user, org)
    return redirect("maturity:step", slug=org.slug, pk=assessment.pk, step=1)


def _profile_facts(org: Organization) -> list[tuple[str, str]]:
    size = dict(SizeChoices.choices).get(org.size, "") if org.size else ""
    scian = f"{org.scian_id} {org.scian.title_es}" if org.scian_id and org.scian else ""
    return [
        (_("Organización"), org.name),
        (_("Actividad (SCIAN)"), scian or _("Sin registrar")),
        (_("Tamaño"), str(size) or _("Sin registrar")),
        (_("Municipio"), org.municipality.name if org.municipality else _("Sin registrar")),
    ]


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str, pk: int, step: int) -> HttpResponse:
    org = _member_org(request, slug)
    assessment = _assessment(request, org, pk)
    if assessment.status == Assessment.Status.COMPLETED:
        return redirect("maturity:result", slug=org.slug, pk=assessment.pk)
    instrument = get_instrument(assessment.instrument, assessment.version)
    dims = dimensions(instrument)
    if not 1 <= step <= len(dims):
        raise Http404("no such step")
    dimension = dims[step - 1]
    answers = assessment.answers
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        posted = parse_step(instrument, dimension["id"], request.POST)
        try:
            services.save_step(request.user, assessment, dimension["id"], posted)
        except scoring.AnswerError as exc:
            errors = {e.field: e.message for e in exc.errors}
            answers = {**assessment.answers, **posted}
            status = 400
        else:
            return _after_save(request, org, assessment, step, len(dims))
    context = {
        "org": org,
        "assessment": assessment,
        "step": step,
        "steps": [{"number": i + 1, "name": localized(d, "name")} for i, d in enumerate(dims)],
        "step_count": len(dims),
        "dimension_name": localized(dimension, "name"),
        "dimension_description": localized(dimension, "description"),
        "fields": build_fields(instrument, dimension["id"], answers, errors),
        "has_errors": bool(errors),
        "facts": _profile_facts(org),
        "can_edit_profile": is_org_admin(request.user, org.pk),
    }
    return render(request, "maturity/step.html", context, status=status)


def _after_save(
    request: HttpRequest, org: Organization, assessment: Assessment, step: int, count: int
) -> HttpResponse:
    action = request.POST.get("action", "next")
    if action == "back" and step > 1:
        return redirect("maturity:step", slug=org.slug, pk=assessment.pk, step=step - 1)
    if action == "save":
        messages.success(request, _("Guardamos tus respuestas. Puedes seguir cuando quieras."))
        return redirect("maturity:history", slug=org.slug)
    if action == "finish" or step >= count:
        services.complete_assessment(request.user, assessment, request=request)
        messages.success(request, _("¡Listo! Este es el resultado de tu evaluación."))
        return redirect("maturity:result", slug=org.slug, pk=assessment.pk)
    return redirect("maturity:step", slug=org.slug, pk=assessment.pk, step=step + 1)


def _result_context(request: HttpRequest, org: Organization, assessment: Assessment) -> dict[str, Any]:
    instrument = get_instrument(assessment.instrument, assessment.version)
    names = _dimension_names(instrument)
    peers = queries.peer_groups(assessment)
    all_peers = next((g for g in peers if g.key == "all" and not g.suppressed), None)
    rows = [
        (
            names[d],
            assessment.dimension_scores.get(d, 0.0),
            all_peers.dimension_medians.get(d) if all_peers else None,
            scoring.band(assessment.dimension_scores.get(d, 0.0)),
        )
        for d in names
    ]
    language = (get_language() or "es")[:2]
    roadmap = [
        {
            "name": names.get(item.dimension, item.dimension),
            "score": item.score,
            "steps": [
                {
                    "title": getattr(s, f"title_{language}", "") or s.title_es,
                    "text": getattr(s, f"text_{language}", "") or s.text_es,
                    "links": queries.step_links(s, language),
                }
                for s in item.steps
            ],
        }
        for item in queries.roadmap(assessment)
    ]
    return {
        "org": org,
        "assessment": assessment,
        "band_label": dict(Band.choices).get(assessment.band, assessment.band),
        "instrument_name": localized(instrument, "name"),
        "chart": charts.bar_chart(rows),
        "table": [
            {"name": name, "score": score, "peer": peer, "band": dict(Band.choices)[band]}
            for name, score, peer, band in rows
        ],
        "peers_all": all_peers,
        "peers": peers,
        "names": names,
        "history": queries.history(org),
        "roadmap": roadmap,
        "draft": services.current_draft(org),
    }


@login_required
@require_GET
def result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _member_org(request, slug)
    assessment = _assessment(request, org, pk)
    if assessment.status != Assessment.Status.COMPLETED:
        return redirect("maturity:step", slug=org.slug, pk=assessment.pk, step=1)
    context = _result_context(request, org, assessment)
    printing = request.GET.get("print") == "1"
    context["printing"] = printing
    context["print_url"] = reverse("maturity:print", kwargs={"slug": org.slug, "pk": assessment.pk})
    template = "maturity/print.html" if printing else "maturity/result.html"
    return render(request, template, context)


@login_required
@require_GET
def print_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = _member_org(request, slug)
    assessment = _assessment(request, org, pk)
    if assessment.status != Assessment.Status.COMPLETED:
        raise Http404("not completed")
    context = _result_context(request, org, assessment)
    context["printing"] = True
    return render(request, "maturity/print.html", context)
