"""Demo inquiries: written once, from the demo company to other organisations' published demo needs."""

import pytest

from td2035.demo.inquiries import load_demo_inquiries
from td2035.demo.people import ORG_ADMIN, ORG_MEMBER
from td2035.inquiries.models import Inquiry, InquiryMessage
from td2035.inquiries.tests.helpers import make_listing
from td2035.market.models import ListingStatus
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import admin_of, make_user, member_of

pytestmark = pytest.mark.django_db


def test_demo_inquiries_are_loaded_once_and_prefer_the_companys_activity() -> None:
    assert load_demo_inquiries() == "Demo inquiries: skipped (no demo accounts)"
    company = CompanyFactory.create(name="Demo Software", scian_id="541510", is_demo=True)
    member_of(company, make_user(ORG_MEMBER))
    admin_of(company, make_user(ORG_ADMIN))
    plant = CompanyFactory.create(name="Demo Planta", scian_id="336390", is_demo=True)
    far = make_listing(plant, title="Bridas", scian_id="332710", is_demo=True)
    near = make_listing(plant, title="Sistema MES", scian_id="541510", is_demo=True)
    make_listing(plant, title="Borrador", scian_id="541510", is_demo=True, status=ListingStatus.DRAFT)
    make_listing(company, title="Propia", scian_id="541510", is_demo=True)
    assert load_demo_inquiries() == "Demo inquiries: 2"
    assert list(Inquiry.objects.order_by("pk").values_list("listing_id", flat=True)) == [near.pk, far.pk]
    assert InquiryMessage.objects.count() == 3
    assert load_demo_inquiries() == "Demo inquiries: already loaded"
    assert Inquiry.objects.count() == 2
