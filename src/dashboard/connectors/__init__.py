"""Connectors to public services: the network I/O and nothing else.

``http`` makes the session (User-Agent, timeouts, retries, proxy and CA variables);
``worldbank`` and ``reliefweb`` fetch raw pages and hand them to ``dashboard.live`` to
check; ``sources`` runs a refresh and publishes the result as a new dataset version.
"""
