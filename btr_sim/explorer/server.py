"""Serving the explorer page on the loopback interface with Solara's server (uvicorn).

Only 127.0.0.1 is bound: the explorer runs the model on the machine it is started on and can
write scenario files there, so it is not offered to the network. The socket is bound and
listening before Solara, uvicorn and the page's modules are imported (seconds on a busy
machine), so the command prints the address at once: a browser that connects meanwhile waits
in the socket's queue and is served as soon as the server runs.

The server also serves the project's Chinese font (Noto Sans SC, the one the charts are set
in) at :data:`FONT_URL`: the page names it as the last font for Chinese characters, so a
browser on a machine without a CJK font shows the Chinese page in it rather than as boxes,
and a browser with one never downloads it.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

from btr_sim.explorer.launch import LaunchSettings

__all__ = ["FONT_URL", "HOST", "PortInUse", "address", "bind", "serve"]

HOST = "127.0.0.1"
APP = "btr_sim.explorer.app"
#: Where the page finds the Chinese font.
FONT_URL = "/btr_sim/fonts/NotoSansSC-Regular.otf"


class PortInUse(OSError):
    """The port asked for is taken."""


def bind(port: int) -> socket.socket:
    """A listening socket on ``HOST:port`` (``port`` 0: any free port).

    Binding before the server starts lets the command print the real address (for port 0)
    and report a taken port as a message rather than a traceback.

    Raises
    ------
    PortInUse
        If the port is taken.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise PortInUse(f"port {port} on {HOST} is not free ({exc.strerror})") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    """The page's address on a socket from :func:`bind`."""
    return f"http://{HOST}:{sock.getsockname()[1]}/"


def _configure_solara(settings: LaunchSettings) -> None:
    """Environment and settings Solara reads when its server modules are imported."""
    os.environ.update(settings.to_environment())
    os.environ["SOLARA_APP"] = APP
    # No calls home from a local research tool (and none possible on a closed network).
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_MODE", "production")
    import solara.server.settings as solara_settings

    solara_settings.main.mode = "production"
    # Solara's "This website runs on Solara" banner is fixed over the bottom of the page,
    # where it covered the event feed; the page credits Solara in its own footer instead.
    solara_settings.theme.show_banner = False
    solara_settings.telemetry.mixpanel_enable = (
        os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"].lower() == "true"
    )


def _serve_font() -> None:
    """Add the route of the Chinese font to Solara's server (before its catch-all routes)."""
    from solara.server.starlette import app
    from starlette.responses import FileResponse
    from starlette.routing import Route

    from btr_sim.analysis.style import cjk_font_file

    async def font(request: object) -> FileResponse:
        return FileResponse(cjk_font_file(), media_type="font/otf")

    if not any(getattr(route, "path", None) == FONT_URL for route in app.router.routes):
        app.router.routes.insert(0, Route(FONT_URL, endpoint=font))


def serve(
    settings: LaunchSettings,
    sock: socket.socket,
    *,
    open_browser: bool = True,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the explorer on ``sock`` until interrupted (Ctrl+C).

    Parameters
    ----------
    settings
        What the page starts from.
    sock
        A listening socket from :func:`bind`.
    open_browser
        Open the address in the default browser once the server is up.
    ready
        Called with the address once the server accepts connections.
    """
    _configure_solara(settings)
    _serve_font()
    import uvicorn

    port = sock.getsockname()[1]
    url = address(sock)
    config = uvicorn.Config(
        "solara.server.starlette:app",
        host=HOST,
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)

    def when_started() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            if ready is not None:
                ready(url)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=when_started, daemon=True).start()
    server.run(sockets=[sock])
