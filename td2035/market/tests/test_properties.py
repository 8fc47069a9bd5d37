"""Whatever people send the market's write services (the listing form and the API), the answer is a
listing that reads back as stored or a refusal naming the field; never another exception.

See td2035/tests/hostile.py for the values and the rules every property test here follows."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import User
from td2035.core.cleaning import year_refusal
from td2035.directory.models import Organization
from td2035.market import services
from td2035.market.models import Listing
from td2035.market.tests.helpers import need_fields, plant, publish_need, supplier
from td2035.tests.factories import NetworkFactory
from td2035.tests.hostile import assert_reads_back, attempt, dates, hostile, ids, numbers, some_of, texts
from td2035.tests.people import make_user, member_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

STORED_FIELDS = (
    "kind",
    "title",
    "description",
    "capabilities",
    "unit",
    "min_order",
    "partner_profile",
    "certifications",
    "visibility",
    "quantity",
    "budget_min",
    "budget_max",
    "deadline",
    "closes_at",
    "lead_time_days",
    "positions",
    "collaboration_type",
    "job_type",
    "scian_id",
    "municipality_id",
)
choices_or_text = st.one_of(
    st.sampled_from(["offer", "need", "collaboration", "job", "public", "networks", "rd", "internship"]),
    texts,
)
lists = st.lists(st.one_of(texts, numbers, ids()), max_size=4)
HOSTILE_FIELDS = {
    "kind": choices_or_text,
    "title": texts,
    "description": texts,
    "scian": st.one_of(st.sampled_from(["326192", "336390"]), texts, numbers),
    "municipality": st.one_of(st.sampled_from(["014", "011"]), texts, numbers),
    "capabilities": texts,
    "certifications": st.one_of(texts, st.lists(st.one_of(st.just("ISO 9001"), texts), max_size=3)),
    "visibility": choices_or_text,
    "networks": lists,
    "closes_at": dates,
    "quantity": numbers,
    "unit": texts,
    "deadline": dates,
    "budget_min": numbers,
    "budget_max": numbers,
    "min_order": texts,
    "lead_time_days": numbers,
    "service_area": st.lists(st.one_of(st.just("014"), texts, numbers), max_size=3),
    "collaboration_type": choices_or_text,
    "partner_profile": texts,
    "job_type": choices_or_text,
    "positions": numbers,
}
BASES = {
    "need": need_fields(),
    "offer": {
        "kind": "offer",
        "title": "Maquinado CNC",
        "description": "Piezas de aluminio.",
        "lead_time_days": 10,
    },
    "collaboration": {
        "kind": "collaboration",
        "title": "I+D",
        "description": "Socio.",
        "collaboration_type": "rd",
    },
    "job": {
        "kind": "job",
        "title": "Prácticas",
        "description": "Dual.",
        "job_type": "internship",
        "positions": 2,
    },
}
# A valid listing of each kind with up to three fields replaced by hostile values.
listing_data = st.builds(
    lambda kind, hostile_fields: {**BASES[kind], **hostile_fields},
    st.sampled_from(sorted(BASES)),
    some_of(HOSTILE_FIELDS),
)


@pytest.fixture
def publisher() -> tuple[Organization, User]:
    org = plant()
    NetworkFactory.create(name="Clúster Automotriz", members=[org])
    return org, member_of(org)


@pytest.fixture
def outsider() -> User:
    return member_of(supplier(), email="ventas@proveedor.example")


def reads_back(listing: Listing) -> None:
    assert_reads_back(listing, *STORED_FIELDS)


@hostile
@given(data=listing_data, publish=st.booleans())
def test_create_listing_stores_what_it_accepts_or_refuses(
    publisher: tuple[Organization, User], data: dict[str, Any], publish: bool
) -> None:
    org, user = publisher
    attempt(lambda: services.create_listing(user, org, publish=publish, **data), reads_back)


@hostile
@given(data=listing_data)
def test_update_listing_stores_what_it_accepts_or_refuses(
    publisher: tuple[Organization, User], data: dict[str, Any]
) -> None:
    org, user = publisher
    listing = publish_need(org, user)
    data.pop("kind") if data["kind"] == "need" else None
    attempt(lambda: services.update_listing(user, listing, **data), reads_back)


@hostile
@given(data=listing_data)
def test_another_organisation_never_writes_a_listing(
    publisher: tuple[Organization, User], outsider: User, data: dict[str, Any]
) -> None:
    org, user = publisher
    listing = publish_need(org, user)
    for call in (
        lambda: services.create_listing(outsider, org, **data),
        lambda: services.update_listing(outsider, listing, **data),
        lambda: services.publish_listing(outsider, listing),
        lambda: services.close_listing(outsider, listing),
    ):
        assert isinstance(attempt(call), Exception)
    assert Listing.objects.get(pk=listing.pk).title == need_fields()["title"]


@hostile
@given(awarded=st.sampled_from(["supplier", "publisher", "none"]))
def test_close_listing_with_any_supplier(publisher: tuple[Organization, User], awarded: str) -> None:
    org, user = publisher
    listing = publish_need(org, user)
    awarded_to = {"supplier": supplier(), "publisher": org, "none": None}[awarded]
    attempt(
        lambda: services.close_listing(user, listing, awarded_to=awarded_to),
        lambda closed: assert_reads_back(closed, "status", "closed_at", "awarded_to_id"),
    )


@hostile
@given(
    name=texts,
    content=st.one_of(
        st.just(PDF), st.binary(max_size=2000), st.binary(max_size=200).map(lambda b: b"%PDF-" + b)
    ),
)
def test_add_attachment_with_any_name_and_bytes(
    publisher: tuple[Organization, User], settings: Any, tmp_path: Path, name: str, content: bytes
) -> None:
    settings.VAR_DIR = tmp_path
    org, user = publisher
    listing = publish_need(org, user)
    upload = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    upload._name = name  # type: ignore[attr-defined]  # as a client may send it (Django's setter tidies it)
    attempt(
        lambda: services.add_attachment(user, listing, upload),
        lambda stored: assert_reads_back(stored, "name", "content_type", "size"),
    )


# --- The findings of the adversarial test (issue 10), as regression tests. ----------------------------


@pytest.mark.parametrize("field", ["closes_at", "deadline"])
def test_a_date_in_year_9999_on_the_publish_form_is_a_field_message(
    publisher: tuple[Organization, User], field: str
) -> None:
    org, user = publisher
    client = Client()
    client.force_login(user)
    data = {"kind": "need", "organization": org.slug, "title": "Bridas", "description": "Aluminio."}
    data |= {"visibility": "public", "action": "publish", field: "9999-12-31"}
    response = client.post("/mercado/publicar/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors == [year_refusal(dt.date(9999, 12, 31))] and " / " in errors[0]
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    "closes_at", [dt.date(9999, 12, 31), "9999-12-31T23:59:59", dt.datetime(1, 1, 1, tzinfo=dt.UTC)]
)
def test_the_service_refuses_a_closing_date_beyond_its_years(
    publisher: tuple[Organization, User], closes_at: object
) -> None:
    org, user = publisher
    offer = BASES["offer"] | {"closes_at": closes_at}
    with pytest.raises(ValidationError) as refused:
        services.create_listing(user, org, publish=True, **offer)
    assert set(refused.value.message_dict) == {"closes_at"}
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lead_time_days", float("inf")),
        ("budget_min", "-1e30"),
        ("quantity", "9999999999999"),  # fits the budget's 16 digits, not the quantity's 14
        ("networks", [10**30]),
        ("networks", [float("nan")]),
        ("scian", "\ud800"),
    ],
)
def test_numbers_and_ids_out_of_range_are_field_refusals(
    publisher: tuple[Organization, User], field: str, value: object
) -> None:
    org, user = publisher
    with pytest.raises(ValidationError) as refused:
        services.create_listing(user, org, **(need_fields() | {field: value}))
    assert field in refused.value.message_dict


def test_the_admins_listing_form_refuses_year_9999_too(publisher: tuple[Organization, User]) -> None:
    org, user = publisher
    listing = publish_need(org, user)
    client = Client()
    client.force_login(make_user("coordinacion@td2035.example", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/market/listing/{listing.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"closes_at_0": "9999-12-31", "closes_at_1": "23:59:00", "deadline": "9999-12-31"}
    response = client.post(f"/admin/market/listing/{listing.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert year_refusal(dt.date(9999, 12, 31)) in errors["closes_at"] + errors["deadline"]
    assert Listing.objects.get(pk=listing.pk).deadline == need_fields()["deadline"]


@pytest.mark.parametrize("query", ["organization=%00", "organization=x%00y", "q=%00", "kind=%00&sector=%00"])
def test_browse_with_a_nul_in_any_filter_answers_a_page(query: str) -> None:
    assert Client().get(f"/mercado/?{query}").status_code == 200
