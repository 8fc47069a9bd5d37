"""The public page "¿Qué tamaño es mi empresa?" (/referencia/tamano-de-empresa/)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/referencia/tamano-de-empresa/"


def test_empty_form_explains_the_rule_with_the_thresholds_from_the_data(client: Client) -> None:
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="company-size-form"' in html and 'method="get"' in html
    assert "personas × 0.1 + ventas anuales en millones de pesos × 0.9" in html
    rows = {str(row["size"]): row["cells"] for row in response.context["rows"]}
    # industry, commerce, services columns, straight from msme_size_dof2009.csv
    assert [(c.employees_max, str(c.combined_cap)) for c in rows["Pequeña"]] == [
        (50, "95"),
        (30, "93"),
        (50, "95"),
    ]
    assert [c.employees_max for c in rows["Mediana"]] == [250, 100, 100]
    assert "size-result" not in html and "error-summary" not in html


@pytest.mark.parametrize(
    ("employees", "sales", "sector", "size", "label"),
    [
        ("10", "4000000", "industry", "micro", "Micro"),
        ("11", "4000000", "industry", "small", "Pequeña"),
        ("30", "20000000", "industry", "small", "Pequeña"),
        ("31", "20000000", "commerce", "medium", "Mediana"),
        ("100", "250000000", "services", "medium", "Mediana"),  # 10 + 225 = 235: the cap, inclusive
        ("101", "250000000", "services", "large", "Grande"),
        ("251", "0", "industry", "large", "Grande"),
    ],
)
def test_valid_input_gives_the_size_and_explains_it(
    client: Client, employees: str, sales: str, sector: str, size: str, label: str
) -> None:
    response = client.get(URL, {"employees": employees, "annual_sales_mxn": sales, "sector": sector})
    html = response.content.decode()
    assert response.status_code == 200
    result = response.context["result"]
    assert result["size"] == size
    assert f"Tu empresa es: {label}" in html
    assert 'id="size-result"' in html


def test_score_is_shown_with_its_arithmetic(client: Client) -> None:
    response = client.get(URL, {"employees": "20", "annual_sales_mxn": "$12,500,000", "sector": "industry"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"]["score"] == "13.25"  # 20 × 0.1 + 12.5 × 0.9
    assert "12.5 millones" in html and "<strong>13.25</strong>" in html
    assert "hasta 50 personas y un puntaje de hasta 95" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"employees": "doce", "annual_sales_mxn": "1000", "sector": "industry"},
            "debe ser un número entero",
        ),
        ({"employees": "-3", "annual_sales_mxn": "1000", "sector": "industry"}, "no puede ser negativo"),
        ({"employees": "99999999999", "annual_sales_mxn": "1000", "sector": "industry"}, "no puede pasar de"),
        ({"employees": "5", "annual_sales_mxn": "-1", "sector": "industry"}, "no pueden ser negativas"),
        ({"employees": "5", "annual_sales_mxn": "mucho", "sector": "industry"}, "con números"),
        ({"employees": "5", "annual_sales_mxn": "NaN", "sector": "industry"}, "con números"),
        ({"employees": "5", "annual_sales_mxn": "1e30", "sector": "industry"}, "demasiado grandes"),
        ({"employees": "5", "annual_sales_mxn": "1" * 60, "sector": "industry"}, "demasiado largas"),
        ({"employees": "5", "annual_sales_mxn": "1000", "sector": "agro"}, "Elige el sector"),
        ({"employees": "5", "annual_sales_mxn": "1000"}, "Elige el sector"),
        ({"employees": "", "annual_sales_mxn": "1000", "sector": "industry"}, "cuántas personas"),
        ({"employees": "5\x00", "annual_sales_mxn": "1\x00", "sector": "industry\x00"}, "Revisa los datos"),
    ],
)
def test_bad_input_is_a_clear_400(client: Client, params: dict[str, str], message: str) -> None:
    response = client.get(URL, params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    assert "size-result" not in html


def test_english_page_says_small(client: Client) -> None:
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"employees": "30", "annual_sales_mxn": "20000000", "sector": "industry"})
    html = response.content.decode()
    assert "Your company is: Small" in html
    assert "What size is my company?" in html
