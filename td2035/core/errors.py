"""The one exception a service raises to refuse what someone asked, whatever the app.

Views and API operations turn it into a form error, a message or a 4xx; apps subclass it to name their
refusals (DirectoryError, InvitationError, ...) and never repeat its constructor.
"""


class Refusal(ValueError):
    """`message` is for the person, "Español. / English."; `field` names the input it is about ("" for
    the request as a whole, or the subclass's `default_field`)."""

    default_field = ""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = self.default_field if field is None else field

    def __str__(self) -> str:
        return self.message
