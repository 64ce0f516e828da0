"""Patroni's REST API: who is in the cluster and in which role, and the calls that change it.

Reads (``GET /cluster``, ``/config``, ``/patroni``) need no credentials; writes (``POST /switchover``,
``/failover``, ``/reinitialize``, ``PATCH /config``) use the REST user and password of the state
file (Patroni's ``restapi.authentication``).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chanuka_db.ha.errors import HAError

TIMEOUT_S = 3.0
REPLICA_ROLES = frozenset({"replica", "sync_standby", "quorum_standby"})


@dataclass(frozen=True)
class Member:
    """One member as Patroni's ``/cluster`` reports it.

    ``role``: ``leader``, ``sync_standby``, ``quorum_standby`` or ``replica``. ``state``: ``running``
    (the leader), ``streaming`` (a replica receiving WAL), ``starting``, ``stopped``, ``crashed``,
    ``creating replica``, ``in archive recovery``... ``lag_bytes``: how far its replay is behind the
    leader (None when unknown, 0 for the leader).
    """

    name: str
    role: str
    state: str
    host: str | None
    port: int | None
    api_url: str | None
    timeline: int | None
    lag_bytes: int | None

    @property
    def is_leader(self) -> bool:
        """True for the leader (the primary)."""
        return self.role == "leader"

    @property
    def is_streaming_replica(self) -> bool:
        """True for a replica that streams from the leader."""
        return self.role in REPLICA_ROLES and self.state == "streaming"


class RestError(HAError):
    """A Patroni REST call failed (unreachable member, refused request)."""


def _request(
    url: str,
    *,
    method: str = "GET",
    body: dict[str, Any] | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = TIMEOUT_S,
) -> tuple[int, str]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return int(resp.status), resp.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode(errors="replace")
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RestError(f"Patroni REST API at {url} is unreachable: {reason}") from exc


def get_json(url: str, *, timeout: float = TIMEOUT_S) -> Any:
    """``GET url`` and decode its JSON body (any HTTP status: Patroni answers 503 with JSON too)."""
    _, text = _request(url, timeout=timeout)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise RestError(f"Patroni REST API at {url} did not answer JSON") from exc


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_members(document: Any) -> list[Member]:
    """The members of a ``GET /cluster`` document."""
    raw = document.get("members", []) if isinstance(document, dict) else []
    out: list[Member] = []
    for m in raw:
        if not isinstance(m, dict) or "name" not in m:
            continue
        role = str(m.get("role", ""))
        out.append(
            Member(
                name=str(m["name"]),
                role=role,
                state=str(m.get("state", "")),
                host=str(m["host"]) if m.get("host") else None,
                port=_int_or_none(m.get("port")),
                api_url=str(m["api_url"]) if m.get("api_url") else None,
                timeline=_int_or_none(m.get("timeline")),
                lag_bytes=0 if role == "leader" else _int_or_none(m.get("lag")),
            )
        )
    return out


def patroni_members(rest_url: str, *, timeout: float = TIMEOUT_S) -> list[Member]:
    """The cluster's members as seen by the Patroni member at ``rest_url`` (e.g. ``http://127.0.0.1:8008``)."""
    return parse_members(get_json(rest_url.rstrip("/") + "/cluster", timeout=timeout))


def first_answer(rest_urls: Iterable[str], *, timeout: float = TIMEOUT_S) -> tuple[str, list[Member]] | None:
    """``(url, members)`` from the first member in ``rest_urls`` that answers, or None."""
    for url in rest_urls:
        try:
            return url, patroni_members(url, timeout=timeout)
        except RestError:
            continue
    return None


def call(
    rest_url: str,
    path: str,
    *,
    method: str = "POST",
    body: dict[str, Any] | None = None,
    auth: tuple[str, str],
    timeout: float = 30.0,
) -> str:
    """An authenticated write call; :class:`RestError` with Patroni's answer unless it succeeded (2xx)."""
    status, text = _request(rest_url.rstrip("/") + path, method=method, body=body, auth=auth, timeout=timeout)
    if not 200 <= status < 300:
        raise RestError(f"Patroni refused {method} {path} ({status}): {text.strip()[:300]}")
    return text.strip()
