"""One module per ``python -m geo`` command (see ``geo.cli``)."""
