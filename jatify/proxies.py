"""Trusting reverse proxies: with PROXY_FIX_HOPS = N, the last N proxies' X-Forwarded-For,
-Proto and -Host are believed (werkzeug's ProxyFix), so the client address the rate limits
key on, HTTPS detection (`request.is_secure`, and so HSTS) and the host are the real
ones. With 0, the default, the headers are ignored: anyone could forge them.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ProxyFix when PROXY_FIX_HOPS trusts any proxy."""
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
