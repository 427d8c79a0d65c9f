"""Querysets compiled once per process and run with one parameter.

Some reads are built from many parts (a UNION ALL over the 17 section tables): compiling them in
the ORM costs more than running them. Such a queryset is built once with a stand-in value, and each
call runs its SQL with the stand-in replaced.
"""

from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

# Stands for the parameter in the compiled SQL (no row has it as an id).
STAND_IN = -7_000_000_001
_COMPILED: dict = {}


def run(name: str, build: Callable[[int], QuerySet], value: int) -> list[tuple]:
    """The rows of build(value), compiled on the first call only (per database vendor)."""
    key = (name, connection.vendor)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = build(STAND_IN).query.get_compiler(connection=connection).as_sql()
    sql, params = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [value if param == STAND_IN else param for param in params])
        return cursor.fetchall()
