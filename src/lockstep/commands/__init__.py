"""Command groups of the CLI, one module per capability, each with `register(app)`.

Kept out of `cli.py` so that each capability's commands sit beside nothing but themselves;
like `cli.py`, they only parse, call an analysis, and print.
"""
