"""/healthz (the process answers) and /readyz (the database answers and every migration is applied).

Answered before any other middleware: a load balancer asks by address, over plain HTTP, without cookies,
so neither the allowed hosts, the HTTPS redirect nor the session may stand in its way.
"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

_migrations_applied = False


def _unapplied_migrations() -> int:
    global _migrations_applied
    if _migrations_applied:
        return 0
    executor = MigrationExecutor(connection)
    waiting = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    # Migrations are not unapplied under a running release, so one clean check is enough per process.
    _migrations_applied = waiting == 0
    return waiting


def readiness() -> tuple[int, dict]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        waiting = _unapplied_migrations()
    except DatabaseError as error:
        return 503, {"status": "unavailable", "database": "unreachable", "detail": type(error).__name__}
    if waiting:
        return 503, {"status": "unavailable", "database": "reachable", "unapplied_migrations": waiting}
    return 200, {"status": "ok", "database": "reachable", "unapplied_migrations": 0}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == "/readyz":
            status, body = readiness()
            return _no_store(JsonResponse(body, status=status))
        return self.get_response(request)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response
