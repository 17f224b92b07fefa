"""``python -m briefgen.cli``, as before the command line became a package."""

from . import main

main()
