"""The TD2035 dashboard: yearly snapshots, small-number suppression (k = 5), the 2035 projection and
targets, and a network's own view. Reads maturity, directory and networks_admin; nothing but the demo
and the project's routes import it."""
