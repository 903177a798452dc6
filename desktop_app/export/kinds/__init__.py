"""Every document kind, registered on import. The order here is the order in the «Документы»
section, in ``nastavnik export all`` and in the e-mail package.

Each feature owns one slot (the comment names it) and replaces the comment with its import
lines; the blank lines between slots keep parallel work from touching the same lines.
"""

from desktop_app.export.kinds import banks as banks
from desktop_app.export.kinds import consent as consent
from desktop_app.export.kinds import order_curator as order_curator

# slot: pairs

# isort: split
from desktop_app.export.kinds import programs as programs  # slot: programs

# isort: split
from desktop_app.export.kinds import routes as routes  # slot: routes

# isort: split
from desktop_app.export.kinds import roadmap as roadmap

# isort: split
from desktop_app.export.kinds import monitoring as monitoring

# slot: import
