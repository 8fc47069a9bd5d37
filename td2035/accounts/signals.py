"""What accounts tells the apps above it, which it cannot import; they connect in their AppConfig.ready()
(core/fragments.py for the pages they add to)."""

from django.dispatch import Signal

# The account home's sections: roles answers with the organisations and networks the person speaks
# for. Receivers get the request and the user.
account_home_sections = Signal()

# A person corrected their name (sender: User; user: the person), sent inside the write's transaction:
# privacy logs it as an ARCO rectification.
name_changed = Signal()
