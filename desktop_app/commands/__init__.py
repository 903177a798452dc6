"""Command modules that register themselves with ``desktop_app.cli.register``.

Each feature adds one module here (``export``, ``backup``…) and imports it below.
"""

from desktop_app.commands import export as export
