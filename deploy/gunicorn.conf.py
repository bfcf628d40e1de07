"""gunicorn's settings, the same in the container and in scripts/prod-check.

WEB_HOST and WEB_PORT: where to listen (default 0.0.0.0:8000, reached only by the proxy on the
compose network; the web container's health check asks WEB_PORT too); WEB_CONCURRENCY: worker
processes (default 3).
"""

import os

# All interfaces of the container: the proxy reaches it over the compose network.
bind = "%s:%s" % (os.environ.get("WEB_HOST", "0.0.0.0"), os.environ.get("WEB_PORT", "8000"))  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
graceful_timeout = 20
accesslog = "-"
