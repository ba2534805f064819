"""Run Dragonfly's MCP server for an AI agent.

    DRAGONFLY_API_TOKEN=dfly_… manage.py mcp_server --stdio    # a local agent starts this itself
    manage.py mcp_server --http 127.0.0.1:8001                  # the site and /mcp/ under uvicorn

Over stdio the agent acts as the token's owner (the token is checked, and its scopes applied, on every
call). Over HTTP every request brings its own token (the ASGI app in dragonfly/asgi.py)."""

import os

from django.core.management.base import BaseCommand, CommandError

from dragonfly.tokens.services import token_for_secret


class Command(BaseCommand):
    help = "Serve the MCP server over stdio (a local agent) or HTTP (the site with /mcp/, under uvicorn)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--stdio", action="store_true", help="Speak MCP on stdin/stdout.")
        mode.add_argument("--http", metavar="HOST:PORT", help="Serve the ASGI app (site + /mcp/) here.")
        parser.add_argument(
            "--token", default="", help="The API token for --stdio (better: the DRAGONFLY_API_TOKEN variable)."
        )

    def handle(self, *args, **options):
        if options["http"]:
            import uvicorn

            host, _sep, port = options["http"].rpartition(":")
            if not host or not port.isdigit():
                raise CommandError("--http takes HOST:PORT, e.g. 127.0.0.1:8001")
            uvicorn.run("dragonfly.asgi:application", host=host, port=int(port), lifespan="on")
            return
        secret = options["token"] or os.environ.get("DRAGONFLY_API_TOKEN", "")
        if token_for_secret(secret) is None:
            raise CommandError("Give a live personal API token: DRAGONFLY_API_TOKEN=dfly_… (from /me/tokens/).")
        from mcp_server.server import build_server

        build_server(secret=secret).run("stdio")
