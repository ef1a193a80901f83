import sys

from budget_sync.cli import main

sys.exit(main())
