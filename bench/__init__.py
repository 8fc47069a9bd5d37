"""Benchmarks; each prints one JSON line with its baseline (see the Makefile\x27s bench target)."""
