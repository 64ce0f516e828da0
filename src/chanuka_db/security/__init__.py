"""Security: roles and grants, row-level security, the personal-data registry and masked analyst views.

- :mod:`~chanuka_db.security.roles`: the four group roles, what each may do, ``apply``/``show``;
- :mod:`~chanuka_db.security.rls`: the acting-user session helpers and policy inspection;
- :mod:`~chanuka_db.security.pii`: every column the models mark personal, with a category;
- :mod:`~chanuka_db.security.masking`: the analyst views and their masks.

The functions below are what :mod:`chanuka_db.api` exposes (one call each).
"""

from __future__ import annotations

from chanuka_db.engine import Database
from chanuka_db.security import masking, pii, rls, roles
from chanuka_db.security.pii import PiiColumn, PiiMark, pii_columns, pii_mark, pii_mark_of
from chanuka_db.security.rls import set_identity, user_connection, user_session, user_transaction
from chanuka_db.security.roles import ApplyResult, RolesReport


def apply_roles(db: Database, *, transfer_ownership: bool = False) -> ApplyResult:
    """Create missing roles and reconcile grants and default privileges with the rules, in one transaction."""
    with db.connect() as conn, conn.begin():
        return roles.apply(conn, transfer_ownership=transfer_ownership)


def show_roles(db: Database) -> RolesReport:
    """Who can do what, the row-level security policies, and every problem found."""
    with db.connect() as conn:
        return roles.show(conn)


__all__ = [
    "ApplyResult",
    "PiiColumn",
    "PiiMark",
    "RolesReport",
    "apply_roles",
    "masking",
    "pii",
    "pii_columns",
    "pii_mark",
    "pii_mark_of",
    "rls",
    "roles",
    "set_identity",
    "show_roles",
    "user_connection",
    "user_session",
    "user_transaction",
]
