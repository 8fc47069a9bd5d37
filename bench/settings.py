"""Settings of bench/pages.py's server: the product's, with bench/urls.py mounting the baseline page
beside the site (the product's own URLconf knows nothing of benchmarks)."""

from td2035.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
