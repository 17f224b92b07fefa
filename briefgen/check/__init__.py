"""Corpus + seeds -> Report: the rules, and the runner that caches and parallelizes them."""
