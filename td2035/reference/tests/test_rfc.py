import pytest

from td2035.reference.rfc import check_rfc, normalize_rfc


@pytest.mark.parametrize(
    ("value", "compact", "is_company"),
    [
        ("GODE561231GR8", "GODE561231GR8", False),  # a person: 4 letters, birth date, homoclave
        ("CACX7605101P8", "CACX7605101P8", False),
        ("gode-561231-gr8", "GODE561231GR8", False),  # lower case and dashes are tidied up
        ("MAB9307148T4", "MAB9307148T4", True),  # a company: 3 letters, date of incorporation
        ("ABC680524P73", "ABC680524P73", True),
        (" abc 680524 p73 ", "ABC680524P73", True),
    ],
)
def test_valid_rfcs_for_persons_and_companies(value, compact, is_company):
    result = check_rfc(value)
    assert result.is_valid, result.error
    assert result.value == compact
    assert result.is_company is is_company
    assert normalize_rfc(value) == compact


@pytest.mark.parametrize(
    "value",
    [
        "GODE561231GR9",  # person, wrong check digit
        "ABC680524P76",  # company, wrong check digit
        "GODE561331GR8",  # month 13
        "ABC681324P73",  # company, month 13
        "BUEI591231GH9",  # an "inconvenient word" SAT never issues
        "ABCD123",  # too short
        "ABC680524P73X9",  # too long
        "",
        "<script>",
    ],
)
def test_invalid_rfcs_are_refused_with_a_reason(value):
    result = check_rfc(value)
    assert not result.is_valid
    assert result.error
    with pytest.raises(ValueError):
        normalize_rfc(value)
