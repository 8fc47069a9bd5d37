"""One search interface, two engines: SQLite FTS5 and PostgreSQL full text (queries.py explains the
bounded-window design). It knows no app's documents: each app gives it its own (directory.documents) and
rebuilds its own index. Imports only core."""
