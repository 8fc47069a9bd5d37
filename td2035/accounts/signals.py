"""What accounts tells the apps above it, which it cannot import; they connect in their AppConfig.ready()."""

from django.dispatch import Signal

# A person corrected their name (sender: User; user: the person), sent inside the write's transaction:
# privacy logs it as an ARCO rectification.
name_changed = Signal()
