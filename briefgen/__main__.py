"""``python -m briefgen``."""

from .launch import main

main()
