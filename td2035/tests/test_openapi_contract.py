"""The API answers what its OpenAPI document says: schemathesis over every operation with every check.

A person with a write token administers an organisation that has a listing, and is a member of a second
one whose listing they asked about (an inquiry thread); both are members of a network. Path parameters are drawn from these objects half
of the time (schemathesis' dictionaries), so that operations run on real objects as well as unknown ones.
Each operation runs in its own test transaction (nothing one writes is seen by the next), with a fixed
seed and deterministic generation.

Every built-in check runs on every case (`checks all`), with one refinement: `positive_data_acceptance`
(a schema-valid request must not be refused) accepts a 422 when every field it names is governed by a
rule the server checks and JSON Schema cannot state: that a code, slug or name exists in the database,
rules across fields or against today's date, the state of an object (SERVER_RULES below). Any other
refusal of schema-valid data still fails.

Not run: the stateful phase (sequences of calls through OpenAPI links, which this API does not declare);
so `use_after_free`, `ensure_resource_availability` and `object_level_authorization`, which only judge
such sequences or several identities, have nothing to judge here.
"""

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis import Case
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

from td2035.accounts import tokens
from td2035.accounts.models import ApiToken
from td2035.api import api
from td2035.inquiries.models import Inquiry, InquiryMessage
from td2035.inquiries.tests.helpers import make_listing
from td2035.tests.factories import CertificationFactory, CompanyFactory, NetworkFactory
from td2035.tests.people import admin_of, member_of
from td2035.wsgi import application

MAX_EXAMPLES = 40
ORG_SLUG = "contrato-maquinados"
OTHER_SLUG = "contrato-planta"
NETWORK_SLUG = "contrato-red"
LISTING_ID = 2_035_001  # explicit ids: the dictionaries below are fixed when the module is imported
NEED_ID = 2_035_002
INQUIRY_ID = 2_035_003
COLLEAGUE = "luis@contrato.example"
TOKEN = "td2035-contract-test-write-token-0123456789abcdef"

# Fields whose 422 on schema-valid input comes from a rule JSON Schema cannot state, by operation.
_PROFILE_RULES = {
    "name",  # markup and control characters are removed first: "<b></b>" is empty
    "legal_name",
    "rfc",  # check digit, persons vs companies
    "phone",  # phonenumbers
    "email",  # Django's EmailValidator
    "website",  # Django's URLValidator
    "description",  # description and description_es differ
    "year_founded",  # not after this year
    "scian",  # an existing SCIAN 2018 class
    "address",
    "postal_code",
}
_LISTING_RULES = {
    "organization",  # an existing organisation
    "scian",  # an existing SCIAN 2018 class
    "certifications",  # known certifications
    "networks",  # existing networks; at least one for visibility=networks
    "deadline",  # in the future
    "closes_at",  # after publication, before a need's deadline
    "budget_max",  # not below budget_min
    "unit",  # a need's quantity needs its unit
    "capabilities",  # at most 2,000 characters in all
    "title",  # markup removed first
    "description",
    "status",  # only drafts are published, only published listings closed
}
SERVER_RULES: dict[str, set[str]] = {
    "GET /api/v1/reference/sectors": {"parent"},  # an existing SCIAN code
    "GET /api/v1/organizations": {"subsector", "network", "certification"},  # existing ones
    "POST /api/v1/organizations": _PROFILE_RULES,
    "PATCH /api/v1/organizations/{slug}": _PROFILE_RULES | {"kind"},
    "POST /api/v1/organizations/{slug}/invitations": {"email"},  # valid, not a member, ≤ 20 a day
    "PATCH /api/v1/organizations/{slug}/people/{email}": {"role", "body"},  # keep one admin
    "DELETE /api/v1/organizations/{slug}/people/{email}": {"body"},  # keep one admin
    "POST /api/v1/listings": _LISTING_RULES,
    "PATCH /api/v1/listings/{listing_id}": _LISTING_RULES,
    "POST /api/v1/listings/{listing_id}/close": {"status", "awarded_to"},  # a known supplier, not itself
    "POST /api/v1/listings/{listing_id}/inquiries": {"organization", "body"},  # not one's own listing
    "POST /api/v1/inquiries/{inquiry_id}/messages": {"body"},
    "POST /api/v1/organizations/{slug}/assessments": {"instrument", "answers"},  # known, complete answers
}
FIGURES: Counter[str] = Counter()

config = schemathesis.Config.from_dict(
    {
        "seed": 2035,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "auth": {"openapi": {"TokenAuth": {"bearer": TOKEN}}},
        "dictionaries": {
            "slugs": {"values": [ORG_SLUG, OTHER_SLUG, NETWORK_SLUG]},
            "listings": {"values": [LISTING_ID, NEED_ID]},
            "inquiries": {"values": [INQUIRY_ID]},
            "emails": {"values": [COLLEAGUE]},
        },
        "parameters": {
            "path.slug": {"dictionary": "slugs", "probability": 0.5},
            "path.listing_id": {"dictionary": "listings", "probability": 0.5},
            "path.inquiry_id": {"dictionary": "inquiries", "probability": 0.5},
            "path.email": {"dictionary": "emails", "probability": 0.5},
            "body.organization": {"dictionary": "slugs", "probability": 0.5},
        },
    }
)
# The document comes from the API object rather than a request to /api/v1/openapi.json, so that loading
# it while pytest collects touches no database (the middleware would, before the test database exists).
document = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(document, config=config)
schema.app = application  # cases are sent to the Django application in-process (WSGI)


def positive_data_acceptance_but_server_rules(ctx: Any, response: Any, case: Case) -> bool | None:
    """The built-in check, except for a 422 naming only fields of SERVER_RULES for this operation."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 422:
            allowed = SERVER_RULES.get(case.operation.label, set())
            named = {error["field"] for error in response.json()["errors"]}
            if all(any(str(f).split(".")[0] == rule for rule in allowed) for f in named):
                FIGURES["server rule"] += 1
                return None
        raise


@pytest.fixture(scope="module", autouse=True)
def _report_figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the run: operations, cases, answers by status, and 422s allowed by SERVER_RULES."""
    FIGURES.clear()
    yield
    operations = {label.rsplit(" ", 1)[0] for label in FIGURES if label.rsplit(" ", 1)[-1].isdigit()}
    statuses: Counter[str] = Counter()
    for label, count in FIGURES.items():
        if label.rsplit(" ", 1)[-1].isdigit():
            statuses[label.rsplit(" ", 1)[-1]] += count
    if os.environ.get("CONTRACT_FIGURES"):
        Path(os.environ["CONTRACT_FIGURES"]).write_text(json.dumps(dict(sorted(FIGURES.items())), indent=1))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and FIGURES["cases"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nOpenAPI contract: {len(operations)} operations, {FIGURES['cases']} cases, "
                f"answers {dict(sorted(statuses.items()))}, {FIGURES['server rule']} 422s by a server rule"
            )


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, whose end of request closes the database
    connection, and with it the test's transaction; Django's test client keeps it open this way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def contract_data(db: None, settings: Any, wsgi_in_test_transaction: None) -> None:
    settings.API_RATE_LIMIT_IP = "0"
    settings.API_RATE_LIMIT_TOKEN = "0"
    CertificationFactory.create(name="ISO 9001")
    org = CompanyFactory.create(name="Contrato Maquinados", slug=ORG_SLUG, scian_id="332710")
    other = CompanyFactory.create(name="Contrato Planta", slug=OTHER_SLUG, scian_id="336390")
    owner = admin_of(org, email="ana@contrato.example")
    member_of(org, email=COLLEAGUE)
    member_of(other, owner)
    NetworkFactory.create(name="Contrato Red", slug=NETWORK_SLUG, members=[org, other])
    make_listing(org, pk=LISTING_ID)
    need = make_listing(other, pk=NEED_ID)
    inquiry = Inquiry.objects.create(
        pk=INQUIRY_ID, listing=need, asking_organization=org, publisher_organization=other, created_by=owner
    )
    InquiryMessage.objects.create(
        inquiry=inquiry, author=owner, author_organization=org, body="¿Qué tolerancias necesitan?"
    )
    token, _secret = tokens.create_token(actor=owner, name="contract", scope="write")
    ApiToken.objects.filter(pk=token.pk).update(prefix=TOKEN[:8], token_hash=tokens.hash_token(TOKEN))


@schema.parametrize()
# The fixture's objects are shared by the examples of one operation on purpose (they stand for a real
# account); what the examples write stays in that operation's test transaction.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_operation_answers_as_documented(case: Case, contract_data: None) -> None:
    FIGURES["cases"] += 1
    FIGURES[case.operation.label] += 1
    response = case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[positive_data_acceptance_but_server_rules],
    )
    FIGURES[f"{case.operation.label} {response.status_code}"] += 1


def test_the_document_lists_the_error_statuses_of_every_operation() -> None:
    """Every operation documents 429 (rate limits), the ones with a token 401, and every error status
    has the one error shape."""
    document = schema.raw_schema
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            label = f"{method.upper()} {path}"
            assert "429" in responses, label
            assert "Retry-After" in responses["429"].get("headers", {}), label
            if operation.get("security"):
                assert {"401", "403"} & set(responses), label
                assert "401" in responses, label
            if operation.get("parameters") or operation.get("requestBody"):
                assert {"404", "422"} & set(responses), label
            for status, response in responses.items():
                if status.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (label, status)


# Clients generated from the document call operations by these ids: they stay when code moves between
# apps (registration's write operations keep the ids they had in directory/api_write.py).
OPERATION_IDS = {
    "td2035_dashboard_api_indicators",
    "td2035_directory_api_network_detail",
    "td2035_directory_api_network_list",
    "td2035_directory_api_network_members",
    "td2035_directory_api_organization_detail",
    "td2035_directory_api_organization_list",
    "td2035_directory_api_write_my_organizations",
    "td2035_directory_api_write_organization_create",
    "td2035_directory_api_write_organization_invite",
    "td2035_directory_api_write_organization_people",
    "td2035_directory_api_write_organization_person_remove",
    "td2035_directory_api_write_organization_person_role",
    "td2035_directory_api_write_organization_update",
    "td2035_inquiries_api_inquiry_close",
    "td2035_inquiries_api_inquiry_create",
    "td2035_inquiries_api_inquiry_detail",
    "td2035_inquiries_api_inquiry_list",
    "td2035_inquiries_api_inquiry_message",
    "td2035_market_api_listing_close",
    "td2035_market_api_listing_create",
    "td2035_market_api_listing_detail",
    "td2035_market_api_listing_list",
    "td2035_market_api_listing_update",
    "td2035_matching_api_listing_matches",
    "td2035_matching_api_organization_matches",
    "td2035_maturity_api_create_assessment",
    "td2035_maturity_api_instrument",
    "td2035_maturity_api_list_assessments",
    "td2035_reference_api_company_size_endpoint",
    "td2035_reference_api_municipality_list",
    "td2035_reference_api_sectors",
}


def test_every_operation_keeps_its_id() -> None:
    document = api.get_openapi_schema()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert sorted(ids) == sorted(OPERATION_IDS)
