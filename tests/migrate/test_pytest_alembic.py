"""pytest-alembic's built-in tests on chanuka-db's migrations (single head, upgrade, up-down, models = DDL).

The plugin's own collector is disabled (it breaks on pytest 9), so the tests are imported here;
``alembic_config`` and ``alembic_engine`` come from ``tests/migrate/conftest.py``.
"""

from pytest_alembic.tests import (  # noqa: F401  (collected by pytest)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
