"""The exceptions of vobiz_partner.

Every failure is a :class:`VobizError`; the subclass says what went wrong and mirrors the
core's error kinds, and ``code`` is its stable code (``"NOT_FOUND"``, ``"COOL_OFF"``…). The
classes are generated from the Rust core's error catalogue (``vobiz_partner._errors``, by
``tools/gen_errors.py``), as are the Node package's, which have the same names and fields
(camelCase there). The native layer builds them from the core's error report, so the text is
the core's and already redacted: no token or password ever appears in ``str()``, ``repr()``,
``api_message`` or ``body``.

All exceptions pickle (class and attributes survive a round trip), so they cross process
boundaries (multiprocessing, celery) intact.
"""

from ._errors import *  # noqa: F401,F403  (the generated classes, re-exported)
from ._errors import __all__ as __all__
