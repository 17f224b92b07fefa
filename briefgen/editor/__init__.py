"""What editors run: add, review, find, diff, coverage, serve, shell completion."""
