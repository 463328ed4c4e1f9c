"""Settings for pytest: the ``test`` profile of simpor.settings."""

import os

os.environ.setdefault("SIMPOR_ENV", "test")

from simpor.settings import *  # noqa: F403
