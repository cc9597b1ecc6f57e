"""``python -m logimap`` runs the command line."""

from logimap.cli import main

main()
