"""``python -m evogan.cli``: the ``evogan`` command."""

import sys

from evogan.cli import main

sys.exit(main())
