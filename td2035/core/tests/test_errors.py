from td2035.core.errors import Refusal


def test_a_refusal_is_its_message_and_names_a_field() -> None:
    refusal = Refusal("Escribe tu nombre. / Write your name.", "name")
    assert str(refusal) == refusal.message == "Escribe tu nombre. / Write your name."
    assert refusal.field == "name"
    assert Refusal("No. / No.").field == ""
    assert isinstance(refusal, ValueError)


class Named(Refusal):
    default_field = "body"


def test_a_subclass_may_name_its_usual_field() -> None:
    assert Named("Vacío. / Empty.").field == "body"
    assert Named("Cerrada. / Closed.", "status").field == "status"
    assert Named("x", "").field == ""
