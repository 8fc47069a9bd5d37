"""Organisations and networks of networks: their models, the public directory (search, facets, map,
graph, profiles, network pages), its read API, and the search documents it gives the engine.

Pages that higher apps add to (the profile's and network page's corners) take fragments through
directory.signals. Imports core, reference and search; never an app above it."""
