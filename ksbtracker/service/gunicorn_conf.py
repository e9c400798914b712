"""gunicorn settings, read from the environment by ``ksbtracker serve`` (and ``gunicorn -c``).

HOST, PORT, WEB_CONCURRENCY (worker processes), THREADS (per worker), TIMEOUT, GRACEFUL_TIMEOUT,
KEEPALIVE, MAX_REQUESTS (recycle a worker after this many requests; 0 never), FORWARDED_ALLOW_IPS.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"]
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("THREADS", 4)
worker_class = "gthread"
timeout = _int("TIMEOUT", 30)
graceful_timeout = _int("GRACEFUL_TIMEOUT", 30)
keepalive = _int("KEEPALIVE", 5)
max_requests = _int("MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "ksbtracker"
# One JSON object per request on standard output; errors on standard error.
accesslog = "-"
errorlog = "-"
logger_class = "ksbtracker.service.access_log.JsonAccessLogger"
# Request line and header limits: the reverse proxy limits the body size (see the README).
limit_request_line = 8190
