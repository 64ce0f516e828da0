"""``python -m chanuka_db``: the same as the ``chanuka-db`` command."""

from chanuka_db.cli import main

main()
