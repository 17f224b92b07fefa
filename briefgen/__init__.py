"""briefgen: hand-reviewed, source-cited facts -> situation briefings you can trust line by line."""

__version__ = "0.1.0"
