"""Commands for running the registry: migrate, serve, createuser, export, import, demo."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

from hoptac.core.commandline import fail, setup_django
from hoptac.exchange import DEMO_FILE


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `hoptac` command."""

    @app.command()
    def migrate() -> None:
        """Create or update the database tables, and load the places and vocabularies."""
        setup_django()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=1)

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes (gunicorn)")] = 2,
        dev: Annotated[bool, typer.Option(help="Django's auto-reloading development server")] = False,
        worker: Annotated[
            bool, typer.Option(help="Also run the task queue's worker (`hoptac worker`)")
        ] = True,
    ) -> None:
        """Serve the web application (gunicorn; --dev for Django's development server) and its task worker."""
        setup_django()
        if worker:
            _start_worker()
        if dev:
            from django.core.management import call_command

            call_command("runserver", f"{host}:{port}")
            return
        from gunicorn.app.wsgiapp import run

        typer.echo(f"hoptac: http://{host}:{port}/")
        sys.argv = [
            "gunicorn",
            "hoptac.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--logger-class",
            "hoptac.core.logs.GunicornLogger",
        ]
        run()

    @app.command()
    def createuser(
        username: Annotated[str, typer.Argument(help="Login name")],
        email: Annotated[str, typer.Option(help="E-mail address")] = "",
        admin: Annotated[bool, typer.Option(help="Make an administrator")] = False,
        password: Annotated[
            str | None, typer.Option(help="Password (default: generated and printed once)")
        ] = None,
    ) -> None:
        """Create a user; without --password a strong one is generated and printed once."""
        setup_django()
        from django.contrib.auth import get_user_model

        model = get_user_model()
        if model.objects.filter(username=username).exists():
            raise fail(f"user '{username}' already exists: choose another name")
        secret = password or secrets.token_urlsafe(12)
        if admin:
            model.objects.create_superuser(username=username, email=email, password=secret)
        else:
            model.objects.create_user(username=username, email=email, password=secret)
        typer.echo(f"user {username} created" + ("" if password else f"; password (shown once): {secret}"))

    @app.command("export")
    def export_(
        out: Annotated[
            Path | None, typer.Option("--out", help="File to write (default: standard output)")
        ] = None,
    ) -> None:
        """Write the whole registry as JSON (`hoptac export > registry.json`)."""
        setup_django()
        from hoptac.exchange.export import export_registry

        text = json.dumps(export_registry(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")

    @app.command("import")
    def import_(file: Annotated[Path, typer.Argument(help="A file written by `hoptac export`")]) -> None:
        """Load a registry file: all of it, or on any error nothing, with a message for each bad value."""
        setup_django()
        counts = load_file(file)
        typer.echo("imported: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))

    @app.command()
    def demo(
        host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
        serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve after loading")] = True,
    ) -> None:
        """A fresh SQLite database with the places and the demo data, an administrator, then serve."""
        if os.environ.get("HOPTAC_DATABASE_URL"):
            raise fail("hoptac demo builds a fresh SQLite database: unset HOPTAC_DATABASE_URL first")
        from hoptac.settings import VAR_DIR

        database = VAR_DIR / "hoptac.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        setup_django()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        build_demo()
        from django.contrib.auth import get_user_model

        secret = secrets.token_urlsafe(12)
        get_user_model().objects.create_superuser(username="admin", email="", password=secret)
        typer.echo(f"database: {database}")
        typer.secho(
            f"administrator: admin / {secret}  (shown once; change it in the admin)", fg=typer.colors.GREEN
        )
        if serve_:
            serve(host=host, port=port, workers=2, dev=False, worker=True)


def _start_worker() -> None:
    """The task worker as a child process, stopped when the server stops (one command on a laptop)."""
    import atexit
    import subprocess

    child = subprocess.Popen([sys.executable, "-m", "hoptac.cli", "worker"])
    typer.echo(f"hoptac: task worker started (process {child.pid})")
    parent = os.getpid()  # forked app workers inherit this hook: only the server itself stops the worker

    def stop() -> None:
        if os.getpid() == parent:
            child.terminate()

    atexit.register(stop)


def build_demo() -> None:
    """Fill an empty registry with the demo: the seed articles when ../shared is here, else our data file."""
    from hoptac.extraction.ingest import ingest_demo

    if ingest_demo():
        return
    counts = load_file(DEMO_FILE)
    typer.echo("demo data: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))


def load_file(file: Path) -> dict[str, int]:
    """Read and import a registry file, turning every problem into a message that says what to fix."""
    from django.core.exceptions import ValidationError
    from rich.progress import Progress

    from hoptac.exchange.load import import_registry

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"{file}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{file}: not a JSON file ({exc}); give a file written by `hoptac export`") from None
    total = sum(len(v) for v in data.values() if isinstance(v, list)) if isinstance(data, dict) else 0
    try:
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task(f"importing {file.name}", total=total)
            return import_registry(data, progress=lambda section, n: bar.advance(task, n))
    except ValidationError as exc:
        lines = [f"{path}: {message}" for path, messages in exc.message_dict.items() for message in messages]
        raise fail(
            f"{file}: nothing was imported; fix these and try again:\n  " + "\n  ".join(lines)
        ) from None
