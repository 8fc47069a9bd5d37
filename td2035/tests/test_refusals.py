"""Every app refuses with core.errors.Refusal (issue 11): one shape, message and field."""

import pytest

from td2035.accounts.tokens import TokenError
from td2035.core.attachments import AttachmentError
from td2035.core.errors import Refusal
from td2035.denue.files import DenueFormatError
from td2035.directory.logos import LogoError
from td2035.directory.services import DirectoryError, NetworkCycleError
from td2035.inquiries.services import InquiryError
from td2035.matching.alerts import AlertSettingError
from td2035.networks_admin.services import AlreadyDecided
from td2035.registration.invitations import InvitationError, InvitationNotFound


def test_inquiry_refusals_are_about_the_body_unless_told() -> None:
    assert InquiryError("Vacío. / Empty.").field == "body"
    assert InquiryError("Cerrada. / Closed.", "status").field == "status"
    assert InquiryError("x", "").field == ""


@pytest.mark.parametrize(
    "kind",
    [
        DirectoryError,
        NetworkCycleError,
        AlreadyDecided,
        InvitationError,
        InvitationNotFound,
        TokenError,
        InquiryError,
        AttachmentError,
        LogoError,
        AlertSettingError,
        DenueFormatError,
    ],
)
def test_every_app_refuses_with_the_one_exception(kind: type[Refusal]) -> None:
    refusal = kind("Mensaje. / Message.", "email")
    assert isinstance(refusal, Refusal)
    assert (str(refusal), refusal.field) == ("Mensaje. / Message.", "email")
