"""Pages: landing, steps without JavaScript, result with chart/table/peers/roadmap, print view, access."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from td2035.maturity import services
from td2035.maturity.models import Assessment
from td2035.tests.factories import CompanyFactory
from td2035.tests.people import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_and_client(client: Client) -> tuple[Any, Any, Client]:
    org = CompanyFactory.create(name="Carpintería <b>Hermanos</b> Ruiz")
    person = member_of(org, email="ana@carpinteria.example")
    client.force_login(person)
    return org, person, client


def test_landing_is_public_and_lists_my_organisations(client: Client, org_and_client: Any) -> None:
    anonymous = Client()
    response = anonymous.get(reverse("maturity:landing"))
    assert response.status_code == 200
    assert "Estrategia digital del negocio" in response.content.decode()
    org, _person, signed_in = org_and_client
    page = signed_in.get(reverse("maturity:landing")).content.decode()
    assert reverse("maturity:start", args=[org.slug]) in page
    assert "Carpintería &lt;b&gt;Hermanos&lt;/b&gt; Ruiz" in page


def test_take_the_assessment_step_by_step_without_javascript(org_and_client: Any) -> None:
    org, _person, client = org_and_client
    response = client.post(reverse("maturity:start", args=[org.slug]))
    assessment = Assessment.objects.get(organization=org)
    assert response["Location"] == reverse("maturity:step", args=[org.slug, assessment.pk, 1])
    page = client.get(response["Location"]).content.decode()
    assert "Paso 1 de 6" in page and 'name="Q1__operations"' in page and 'name="Q2"' in page
    assert "Datos de tu empresa" in page  # company data shown, not asked
    step1 = {
        "Q2": ["needs-identified", "ict-specialists"],
        "Q1__operations": ["already-invested"],
        "action": "next",
    }
    response = client.post(reverse("maturity:step", args=[org.slug, assessment.pk, 1]), step1)
    assert response["Location"] == reverse("maturity:step", args=[org.slug, assessment.pk, 2])
    response = client.post(
        reverse("maturity:step", args=[org.slug, assessment.pk, 2]), {"Q4__cad-cam": "4", "action": "back"}
    )
    assert response["Location"] == reverse("maturity:step", args=[org.slug, assessment.pk, 1])
    page = client.get(reverse("maturity:step", args=[org.slug, assessment.pk, 1])).content.decode()
    assert 'id="Q2-needs-identified" name="Q2" value="needs-identified" checked' in page
    assessment.refresh_from_db()
    assert assessment.answers["Q4"] == {"cad-cam": 4}
    for step in range(2, 6):
        client.post(reverse("maturity:step", args=[org.slug, assessment.pk, step]), {"action": "next"})
    response = client.post(
        reverse("maturity:step", args=[org.slug, assessment.pk, 6]),
        {"Q11__energy-monitoring": "yes", "action": "finish"},
    )
    assert response["Location"] == reverse("maturity:result", args=[org.slug, assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == "completed" and assessment.overall is not None
    page = client.get(response["Location"]).content.decode()
    assert 'id="overall-score"' in page and "<svg" in page and 'id="dimension-table"' in page
    assert 'id="peer-table"' in page and "menos de 5" in page
    assert "/directorio/?q=" in page or "/redes/" in page
    assert "Carpintería &lt;b&gt;Hermanos&lt;/b&gt; Ruiz" in page


def test_bad_step_input_is_a_400_naming_the_question_and_saves_nothing(org_and_client: Any) -> None:
    org, person, client = org_and_client
    assessment = services.start_assessment(person, org)
    url = reverse("maturity:step", args=[org.slug, assessment.pk, 4])
    response = client.post(
        url, {"Q7": ["no-digital-collection", "digital-storage"], "Q8": ["bogus"], "action": "next"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#q-Q7"' in page and 'href="#q-Q8"' in page
    response = client.post(reverse("maturity:step", args=[org.slug, assessment.pk, 2]), {"Q4__vr-ar": "9"})
    assert response.status_code == 400 and 'href="#q-Q4-vr-ar"' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_save_and_continue_later(org_and_client: Any) -> None:
    org, person, client = org_and_client
    assessment = services.start_assessment(person, org)
    response = client.post(
        reverse("maturity:step", args=[org.slug, assessment.pk, 3]),
        {"Q5": ["training-plan"], "action": "save"},
    )
    assert response["Location"] == reverse("maturity:history", args=[org.slug])
    page = client.get(response["Location"]).content.decode()
    assert reverse("maturity:step", args=[org.slug, assessment.pk, 1]) in page
    assessment.refresh_from_db()
    assert assessment.answers == {"Q5": ["training-plan"]}


def test_print_views(org_and_client: Any) -> None:
    org, person, client = org_and_client
    done = services.submit_assessment(person, org, "eu-dma-sme", {"Q2": ["needs-identified"]})
    for url in (
        reverse("maturity:print", args=[org.slug, done.pk]),
        reverse("maturity:result", args=[org.slug, done.pk]) + "?print=1",
    ):
        page = client.get(url).content.decode()
        assert 'class="print-page"' in page and "site-nav" not in page and 'id="dimension-table"' in page


def test_other_organisations_assessments_are_404(org_and_client: Any) -> None:
    org, _person, client = org_and_client
    other = CompanyFactory.create(name="Otra")
    other_person = member_of(other, email="b@otra.example")
    theirs = services.submit_assessment(other_person, other, "eu-dma-sme", {})
    assert client.get(reverse("maturity:result", args=[other.slug, theirs.pk])).status_code == 404
    assert client.get(reverse("maturity:history", args=[other.slug])).status_code == 404
    assert client.post(reverse("maturity:start", args=[other.slug])).status_code == 404
    assert client.get(reverse("maturity:result", args=[org.slug, theirs.pk])).status_code == 404
    assert Assessment.objects.filter(organization=org).count() == 0
    anonymous = Client().get(reverse("maturity:history", args=[org.slug]))
    assert anonymous.status_code == 302 and "/cuenta/" in anonymous["Location"]


def test_retake_from_the_result_page_creates_a_new_assessment(org_and_client: Any) -> None:
    org, person, client = org_and_client
    first = services.submit_assessment(person, org, "eu-dma-sme", {"Q2": ["needs-identified"]})
    page = client.get(reverse("maturity:result", args=[org.slug, first.pk])).content.decode()
    assert 'id="retake-button"' in page
    client.post(reverse("maturity:start", args=[org.slug]))
    assert Assessment.objects.filter(organization=org).count() == 2
    assert Assessment.objects.get(pk=first.pk).status == "completed"
    unknown_step = client.get(reverse("maturity:step", args=[org.slug, first.pk + 1, 9]))
    assert unknown_step.status_code == 404


def test_english_texts(org_and_client: Any) -> None:
    org, person, client = org_and_client
    assessment = services.start_assessment(person, org)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("maturity:step", args=[org.slug, assessment.pk, 1]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Digital Business Strategy" in page
