"""The INEGI DENUE importer: reading the CSV files INEGI publishes and loading them into the directory.

Owns ImportRun (one run over one file: its report and the checkpoint that makes it resumable), the
parsing of a file (``files``: encodings and layouts; ``values``: one cell; ``records``: one row), the
import service (``services``, which writes with ``batches`` and answers a ``reports.ImportReport``) and
``manage.py import_denue``. May import core, reference, search, accounts, directory and roles (it uses
the directory's organisations and documents and the search index); nothing from core up to roles
imports it (import contract in make lint).
"""
