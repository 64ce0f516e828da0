"""Errors of the high-availability layer, in the :mod:`chanuka_db.errors` hierarchy.

- :class:`HAError`: the cluster could not be started, stopped, inspected or switched over.
- :class:`MissingComponent`: a piece of the stack (Patroni, etcd, PgBouncer) is not installed; the
  message carries the exact command that installs it.
- :class:`CommitOutcomeUnknown`: the connection failed while COMMIT was in flight, so the client
  cannot know whether the transaction committed. Retrying blindly may apply it twice: retry only
  work that is idempotent (client-side ids, ``ON CONFLICT DO NOTHING``), or check first.
"""

from __future__ import annotations

from chanuka_db.errors import EXIT_UNHEALTHY, ChanukaError, ServerError


class HAError(ServerError):
    """The HA cluster (etcd, Patroni members, PgBouncer) could not be started, stopped or changed."""


class MissingComponent(HAError):
    """A component of the HA stack is not installed; :attr:`install` is the command that installs it."""

    def __init__(self, message: str, install: str) -> None:
        super().__init__(f"{message}; install with: {install}")
        self.install = install


class CommitOutcomeUnknown(ChanukaError):
    """COMMIT was sent but its answer was lost (the server went away): the transaction may or may not
    have committed. Retry only idempotent work, or look the effect up before doing it again."""

    exit_code = EXIT_UNHEALTHY
