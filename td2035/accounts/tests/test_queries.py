import pytest

from td2035.accounts.queries import may_send_optional_email
from td2035.privacy import arco
from td2035.tests.people import person

pytestmark = pytest.mark.django_db


def test_optional_email_only_without_opt_out() -> None:
    user = person()
    assert may_send_optional_email(user)
    arco.set_preferences(actor=user, email_opt_out=True, show_contact=True)
    assert not may_send_optional_email(user)
