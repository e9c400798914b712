"""The ``ksbtracker`` console command: Django's management commands with the project's settings.

``ksbtracker import-standard PATH`` and ``ksbtracker import_standard PATH`` are the same command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ksbtracker.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
