"""The registration pages: the wizard (wizard.py), and claiming and running an organisation."""
