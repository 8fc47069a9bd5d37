"""Shared helpers of the market tests: a plant that buys, a supplier, listings written by the services."""

import datetime as dt
from typing import Any

from django.utils import timezone

from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.market import services
from td2035.market.models import Listing
from td2035.tests.factories import CertificationFactory, CompanyFactory
from td2035.tests.people import member_of


def future(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def need_fields(**override: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "need",
        "title": "Piezas inyectadas en polipropileno",
        "description": "Consola central, PP con talco, PPAP nivel 3.",
        "scian": "326192",
        "municipality": "011",
        "certifications": ["IATF 16949"],
        "quantity": "20000",
        "unit": "piezas",
        "deadline": future(60),
        "budget_min": "100000",
        "budget_max": "250000",
        "closes_at": future(20),
    }
    fields.update(override)
    return fields


def plant() -> Organization:
    CertificationFactory.create(name="IATF 16949")
    CertificationFactory.create(name="ISO 9001")
    return CompanyFactory.create(name="Autopartes Bajío Planta Norte", scian_id="336390", employees=400)


def supplier() -> Organization:
    return CompanyFactory.create(name="Plásticos Técnicos del Marqués", scian_id="326192", employees=12)


def publish_need(org: Organization, user: User | None = None, **override: Any) -> Listing:
    user = user or member_of(org)
    return services.create_listing(user, org, publish=True, **need_fields(**override))
