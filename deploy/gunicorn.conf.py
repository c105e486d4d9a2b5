"""Gunicorn settings for a hoptac app server; every value can be overridden from the environment.

    gunicorn -c deploy/gunicorn.conf.py hoptac.wsgi:application

The app servers are stateless (sessions and data in PostgreSQL, files on shared storage), so a
national deployment runs several of these behind the reverse proxy.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("HOPTAC_BIND", "127.0.0.1:8000")
# Sync workers: requests are short database reads; 2 × cores + 1 keeps the CPU busy while one waits.
# HOPTAC_THREADS > 1 gives each worker that many threads (gthread), for servers with fewer workers than
# the database's waits would fill; each thread keeps its own database connection (CONN_MAX_AGE).
workers = int(os.environ.get("HOPTAC_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("HOPTAC_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("HOPTAC_WORKER_TIMEOUT", "30"))
# PostgreSQL stops a request's query at the same limit, so a worker restarted for a slow request
# leaves no query behind (read by hoptac.settings; the app is loaded after this file).
os.environ.setdefault("HOPTAC_STATEMENT_TIMEOUT_MS", str(timeout * 1000))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then, so a slow leak never grows past the memory budget (< 500 MB each) —
# rarely: a recycled worker starts with empty process caches (without Redis, the dashboard and calendar
# are computed again), which at 2,000 requests happened every minute under the load test.
max_requests = int(os.environ.get("HOPTAC_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Load the application before forking: workers share its memory pages and start fast.
preload_app = True
accesslog = os.environ.get("HOPTAC_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("HOPTAC_LOG_LEVEL", "warning").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# The request line holds query strings (/calendar.ics?token=…): this logger redacts tokens from every line.
logger_class = "hoptac.core.logs.GunicornLogger"
forwarded_allow_ips = os.environ.get("HOPTAC_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
raw_env = ["DJANGO_SETTINGS_MODULE=hoptac.settings"]


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """A forked worker must not share the parent's database connection."""
    from django.db import connections

    connections.close_all()
