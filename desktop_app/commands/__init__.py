"""Command modules that register themselves with ``desktop_app.cli.register``.

Each feature owns one slot (the comment names it) and replaces the comment with its import
line; the blank lines between slots keep parallel work from touching the same lines.
"""

from desktop_app.commands import export as export

# slot: docs

# isort: split
from desktop_app.commands import pairs as pairs  # slot: pairs

# isort: split
from desktop_app.commands import programs as programs  # slot: programs

# isort: split
from desktop_app.commands import routes as routes  # slot: routes

# isort: split
from desktop_app.commands import roadmap as roadmap

# slot: monitoring

# isort: split
from desktop_app.commands import importing as importing

# isort: split
from desktop_app.commands import safety as safety  # slot: safety

# slot: pack

# isort: split
from desktop_app.commands import municipal as municipal  # municipal summary (issue 9)
