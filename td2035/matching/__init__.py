"""The matching engine: pure scoring (engine.py, every weight in weights.py), candidates at scale
(queries.py), alerts and digests (alerts.py) and the labelled evaluation (evaluation.py). Listens to
market.signals.listing_published. Imports core, reference, search, accounts, directory, notifications,
roles and market; inquiries is its sibling and neither knows the other."""
