"""The INEGI DENUE importer: reading the CSV files INEGI publishes and loading them into the directory.

Owns ImportRun (one run over one file: its report and the checkpoint that makes it resumable), the
parsing of a file (``files``: encodings and layouts; ``values``: one cell; ``records``: one row), the
import service (``services``, writing batches with ``batches``) and ``manage.py import_denue``.
Imports core, reference, search and directory (whose organisations it writes and indexes); nothing
below it imports it (import contract in make lint).
"""
