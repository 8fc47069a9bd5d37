"""Where apps above accounts add to the account home (core/fragments.py): roles answers with the
organisations and networks the person speaks for. Receivers get the request and the user."""

from django.dispatch import Signal

account_home_sections = Signal()  # request, user
