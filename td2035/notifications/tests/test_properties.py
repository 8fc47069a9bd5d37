"""Whatever other apps put in a notification (subjects and links built from people's text), it is stored
as text a database holds and a link inside the site, or not at all; marking one read takes any id.
See td2035/tests/hostile.py for the values."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import User
from td2035.core.redirects import is_local_path
from td2035.notifications import services
from td2035.notifications.models import Notification
from td2035.tests.hostile import assert_reads_back, attempt, hostile, ids, texts
from td2035.tests.people import make_user

pytestmark = pytest.mark.django_db

urls = st.one_of(
    st.sampled_from(["/consultas/1/", "//evil.example/", "https://evil.example/", "/\\evil"]), texts
)


@pytest.fixture
def people() -> tuple[User, User]:
    return make_user("lucia@tortilleria.example"), make_user("pedro@molino.example")


def stored(notes: list[Notification]) -> None:
    for note in notes:
        assert_reads_back(note, "subject", "body", "url", "kind")
        assert note.url == "" or is_local_path(note.url)


@hostile
@given(subject=texts, body=texts, url=urls, kind=texts)
def test_notify_stores_any_text_and_only_local_links(
    people: tuple[User, User], subject: str, body: str, url: str, kind: str
) -> None:
    attempt(lambda: services.notify(people, subject=subject, body=body, url=url, kind=kind), stored)


@hostile
@given(data=st.data())
def test_mark_read_takes_any_id_and_only_reads_ones_own(
    people: tuple[User, User], data: st.DataObject
) -> None:
    lucia, pedro = people
    (theirs,) = services.notify([pedro], subject="Hola", body="", url="/", send_email=False)
    pk = data.draw(ids(theirs.pk))
    assert attempt(lambda: services.mark_read(lucia, pk)) is None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
