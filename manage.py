#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    # Commands typed at a shell are development by default (DEBUG=1, a development secret key),
    # so `python manage.py check` works on a fresh clone. The servers (core/asgi.py, Celery)
    # keep the production default, DEBUG=0, which requires SECRET_KEY; production sets DEBUG=0
    # for manage.py too (docker-compose.yml does).
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
