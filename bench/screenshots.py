"""Serve the demo registry and save a PNG of each main page to docs/screenshots/ (`make screenshots`).

Needs Debian's Chromium (`apt-get install chromium`) and the `playwright` Python package; it never
downloads a browser. Usage: .venv/bin/python bench/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "screenshots-only-password"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _ThreadedServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        thread.start()

    def _handle(self, request, client_address):  # type: ignore[no-untyped-def]
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def _prepare_demo() -> None:
    """A fresh SQLite database in a temporary directory, with the demo data and a user."""
    import django

    os.environ["HOPTAC_VAR_DIR"] = tempfile.mkdtemp(prefix="hoptac-shots-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    os.environ.pop("HOPTAC_DATABASE_URL", None)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    call_command("migrate", interactive=False, verbosity=0)
    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    get_user_model().objects.create_superuser(username="demo", email="", password=PASSWORD)


def pages() -> list[tuple[str, str, int]]:
    """(file name, path, viewport width) of each page to capture."""
    from hoptac.agreements.models import Agreement

    xe = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027")
    return [
        ("dashboard", "/", 1280),
        ("dashboard-phone", "/", 390),
        ("agreements", "/agreements/?q=se+kong", 1280),
        ("agreement", f"/agreements/{xe.uid}/", 1280),
        ("agreement-edit", f"/agreements/{xe.uid}/edit/", 1280),
        ("place-sekong", "/places/LA-XE/", 1280),
        ("place-kontum", "/places/VN-28/", 1280),
        ("activities", "/activities/", 1280),
        ("visit-form", "/activities/visit/", 390),
        ("calendar", "/calendar/?year=2027", 1280),
        ("search", "/search/?q=se+kong", 1280),
        ("article", "/articles/new/", 1280),
        ("reports", "/reports/", 1280),
    ]


def main() -> int:
    """Capture every page; returns a process exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    _prepare_demo()
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), _ThreadedServer, _Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = pages()  # before Playwright starts its event loop: Django refuses queries inside one
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(locale=args.lang, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "demo")
        page.fill("#id_password", PASSWORD)
        page.click("form.record button[type=submit]")
        if args.lang == "en":
            page.click("button[name=language][value=en]")
        for name, path, width in wanted:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = args.out / f"{name}{'' if args.lang == 'vi' else '-en'}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
