"""The chanuka-db domain model: one module per domain, imported in foreign-key dependency order.

``DOMAINS`` lists the domains in that order: a domain only references tables of itself or of earlier
domains. Importing this package registers every table on ``metadata``.
"""

from chanuka_db.schema.base import Base

# isort: off
# Imported for their tables, in dependency order.
from chanuka_db.schema import foundation  # noqa: F401
from chanuka_db.schema import citizen_participation  # noqa: F401
from chanuka_db.schema import parliamentary_process  # noqa: F401
from chanuka_db.schema import integrity_operations  # noqa: F401
from chanuka_db.schema import expert_verification  # noqa: F401
from chanuka_db.schema import constitutional_intelligence  # noqa: F401
from chanuka_db.schema import argument_intelligence  # noqa: F401
from chanuka_db.schema import advocacy_coordination  # noqa: F401
from chanuka_db.schema import universal_access  # noqa: F401
from chanuka_db.schema import impact_measurement  # noqa: F401
from chanuka_db.schema import platform_operations  # noqa: F401
from chanuka_db.schema import advanced_discovery  # noqa: F401
from chanuka_db.schema import real_time_engagement  # noqa: F401
from chanuka_db.schema import transparency_intelligence  # noqa: F401
from chanuka_db.schema import transparency_analysis  # noqa: F401
from chanuka_db.schema import search  # noqa: F401
# isort: on

metadata = Base.metadata

DOMAINS: tuple[str, ...] = (
    "foundation",
    "citizen_participation",
    "parliamentary_process",
    "integrity_operations",
    "expert_verification",
    "constitutional_intelligence",
    "argument_intelligence",
    "advocacy_coordination",
    "universal_access",
    "impact_measurement",
    "platform_operations",
    "advanced_discovery",
    "real_time_engagement",
    "transparency_intelligence",
    "transparency_analysis",
    "search",
)

__all__ = ["DOMAINS", "Base", "metadata"]
