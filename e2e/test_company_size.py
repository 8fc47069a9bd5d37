"""«¿Qué tamaño es mi empresa?»: the DOF 2009 rule as a form anyone can use, with plain-language errors."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import visit

# The journeys share one ecosystem (see conftest.server); the marker makes pytest-django set up the test database.
pytestmark = pytest.mark.django_db

PATH = "/referencia/tamano-de-empresa/"


def calculate(page: Page, employees: str, sales: str, sector: str | None) -> None:
    page.get_by_label("Personas que trabajan en la empresa").fill(employees)
    page.get_by_label("Ventas anuales en pesos (MXN)").fill(sales)
    if sector:
        page.get_by_label(sector, exact=True).check()
    page.get_by_role("button", name="Calcular tamaño").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("employees", "sales", "sector", "size", "score"),
    [
        ("8", "3,000,000", "Servicios", "Micro", "3.5"),  # 0.8 + 2.7
        ("30", "$20,000,000", "Industria", "Pequeña", "21"),  # 3 + 18
        ("31", "20000000", "Comercio", "Mediana", "21.1"),  # more than 30 people in commerce
        ("251", "1000000", "Industria", "Grande", "26"),  # 25.1 + 0.9: people over the limit
    ],
)
def test_size_from_employees_and_sales(
    page: Page, server: LiveServer, employees: str, sales: str, sector: str, size: str, score: str
) -> None:
    visit(page, server, PATH)
    calculate(page, employees, sales, sector)
    result = page.locator("#size-result")
    expect(result.locator("h2")).to_have_text(f"Tu empresa es: {size}")
    expect(result.locator("strong")).to_have_text(score)
    expect(page.locator("#error-summary")).to_have_count(0)
    # The form keeps what was typed, to try another figure.
    expect(page.get_by_label("Personas que trabajan en la empresa")).to_have_value(employees)


def test_bad_input_gets_a_clear_message(page: Page, server: LiveServer) -> None:
    visit(page, server, PATH)
    calculate(page, "-3", "mucho", None)
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("no puede ser negativo")
    expect(summary).to_contain_text("con números")
    expect(summary).to_contain_text("Elige el sector")
    expect(page.locator("#size-result")).to_have_count(0)
    employees = page.get_by_label("Personas que trabajan en la empresa")
    expect(employees).to_have_attribute("aria-invalid", "true")
    # Each message links to its field.
    summary.get_by_role("link", name="El número de personas no puede ser negativo.").click()
    expect(employees).to_be_focused()

    calculate(page, "12", "4000000", "Industria")
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page.locator("#size-result h2")).to_have_text("Tu empresa es: Pequeña")  # 1.2 + 3.6 = 4.8


def test_english_result_says_small(page: Page, server: LiveServer) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": server.url}])
    visit(page, server, f"{PATH}?employees=30&annual_sales_mxn=20000000&sector=industry")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#size-result h2")).to_have_text("Your company is: Small")
