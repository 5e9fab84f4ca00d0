"""``python -m vigil.evaluate.reports NAME``."""

from vigil.evaluate.reports._cli import main

raise SystemExit(main())
