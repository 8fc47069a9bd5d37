"""Pages of matching: ranked matches of a listing, open needs for an organisation, alert settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from td2035.core.http import signed_in_user
from td2035.directory.models import Organization
from td2035.market.queries import get_visible_listing
from td2035.matching import alerts, services
from td2035.matching.forms import AlertPreferenceForm
from td2035.matching.models import MatchAlert


@login_required
@require_GET
def listing_matches(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_visible_listing(request.user, pk)  # 404 if this person may not see it
    services.require_listing_matches(request.user, listing)  # 403 unless a member of the publisher
    result = services.matches_for_listing(listing)
    response = render(request, "matching/listing_matches.html", {"listing": listing, "result": result})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def organization_matches(request: HttpRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=slug)
    services.require_organization_matches(request.user, org)
    needs = services.matches_for_organization(org)
    response = render(request, "matching/organization_matches.html", {"organization": org, "needs": needs})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def alert_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    errors: dict[int, AlertPreferenceForm] = {}
    if request.method == "POST":
        org_id = str(request.POST.get("organization", ""))
        if not org_id.isdigit() or len(org_id) > 18:
            messages.error(request, _("Elige una de tus organizaciones."))
            return redirect("matching:alerts")
        form = AlertPreferenceForm(request.POST, auto_id=f"id_%s_{org_id}")
        if form.is_valid():
            try:
                alerts.save_setting(
                    user,
                    form.cleaned_data["organization"],
                    form.cleaned_data["frequency"],
                    form.cleaned_data["threshold"],
                )
            except alerts.AlertSettingError as exc:
                messages.error(request, str(exc))
                return redirect("matching:alerts")
            messages.success(request, _("Guardamos tu preferencia de avisos."))
            return redirect("matching:alerts")
        errors[int(org_id)] = form
    rows = []
    for org, role, setting in alerts.settings_for(user):
        form = errors.get(org.pk) or AlertPreferenceForm(
            initial={"organization": org.pk, "frequency": setting.frequency, "threshold": setting.threshold},
            auto_id=f"id_%s_{org.pk}",
        )
        rows.append({"organization": org, "role": role, "form": form})
    recent = (
        MatchAlert.objects.filter(user=user)
        .select_related("listing", "organization", "listing__organization")
        .order_by("-created_at", "-id")[:20]
    )
    status = 400 if errors else 200
    return render(request, "matching/alerts.html", {"rows": rows, "recent": recent}, status=status)
