"""Every document kind, registered on import. The order here is the order in the «Документы»
section, in ``nastavnik export all`` and in the e-mail package. Add your module's import line.
"""

from desktop_app.export.kinds import banks as banks
from desktop_app.export.kinds import consent as consent
from desktop_app.export.kinds import order_curator as order_curator
