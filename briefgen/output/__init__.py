"""From a checked corpus to files: views, Jinja rendering, the source viewer, PDF, writing, build."""
