"""High availability around the embedded PostgreSQL: Patroni members, one etcd, optionally PgBouncer.

One module, one job:

- :mod:`~chanuka_db.ha.doctor`: what of the stack is installed, and the command for what is not.
- :mod:`~chanuka_db.ha.state`: the private state directory (ports, passwords, PIDs).
- :mod:`~chanuka_db.ha.config`: Patroni's YAML with the measured defaults, etcd's command line.
- :mod:`~chanuka_db.ha.pooler`: PgBouncer's files and the callback that keeps it on the primary.
- :mod:`~chanuka_db.ha.processes`: the service user, the Python it runs, start and stop by PID.
- :mod:`~chanuka_db.ha.rest`: Patroni's REST API.
- :mod:`~chanuka_db.ha.cluster`: start, stop, status, switchover and failover of the whole cluster.
- :mod:`~chanuka_db.ha.client`: multi-host URLs, retries with backoff, "commit outcome unknown",
  and the replicas for read routing.

Nothing is imported here: ``chanuka_db.ha.client`` is importable without Patroni installed.
See ``docs/high-availability.md``.
"""
