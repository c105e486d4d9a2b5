"""Commands for accounts and safety: unlock, token create/list/revoke, backup, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `hoptac` command."""
    from hoptac.core.commandline import setup_django

    @app.command()
    def unlock(username: Annotated[str, typer.Argument(help="The login name to unlock")]) -> None:
        """Lift the lockout after too many failed sign-ins for a user (from every address)."""
        setup_django()
        from axes.utils import reset

        count = reset(username=username)
        typer.echo(f"{username}: unlocked ({count} failed sign-in records cleared)")

    register_tokens(app)
    register_backups(app)


def register_tokens(app: typer.Typer) -> None:
    """`hoptac token create|list|revoke`."""
    from hoptac.core.commandline import fail, setup_django

    tokens = typer.Typer(help="API tokens: create (secret shown once), list, revoke.", no_args_is_help=True)
    app.add_typer(tokens, name="token")

    @tokens.command("create")
    def create(
        username: Annotated[str, typer.Argument(help="Whose token (login name)")],
        scope: Annotated[
            str, typer.Option(help="read, write (read and change), or feed (the calendar feed only)")
        ] = "read",
        name: Annotated[str, typer.Option(help="What the token is for")] = "",
        days: Annotated[int | None, typer.Option(help="Expire after this many days")] = None,
    ) -> None:
        """Make a token; its secret is printed once and never stored."""
        setup_django()
        from django.core.exceptions import ValidationError

        from hoptac.accounts.tokens import create_token, get_user

        try:
            token, secret = create_token(get_user(username), scope, name=name, expires_in_days=days)
        except ValidationError as exc:
            raise fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        typer.echo(f"{token.scope} token {token.prefix} for {username} (shown once, keep it safe):")
        typer.echo(secret)

    @tokens.command("list")
    def list_() -> None:
        """Every token: prefix, owner, scope, created, last used, expiry, revoked."""
        setup_django()
        from hoptac.accounts.models import ApiToken

        for t in ApiToken.objects.select_related("user"):
            state = "revoked" if t.revoked_at else "expired" if not t.active else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            expires = f"{t.expires_at:%Y-%m-%d}" if t.expires_at else "-"
            typer.echo(
                f"{t.prefix}  {t.user.username:<16} {t.scope:<5} {state:<7} "
                f"created {t.created_at:%Y-%m-%d}  used {used}  expires {expires}  {t.name}"
            )

    @tokens.command("revoke")
    def revoke(
        prefix: Annotated[str, typer.Argument(help="The token's prefix (see `hoptac token list`)")],
    ) -> None:
        """Revoke a token at once."""
        setup_django()
        from django.core.exceptions import ValidationError

        from hoptac.accounts.tokens import get_token, revoke_token

        try:
            token = get_token(prefix)
        except ValidationError as exc:
            raise fail(" ".join(exc.messages)) from None
        revoke_token(token)
        typer.echo(f"token {token.prefix} of {token.user.username} revoked")


def _cli_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register_backups(app: typer.Typer) -> None:
    """`hoptac backup FILE` and `hoptac restore FILE --yes`."""
    from hoptac.core.commandline import fail, setup_django

    @app.command("backup")
    def backup_(
        file: Annotated[Path, typer.Argument(help="The file to write")],
        force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists")] = False,
    ) -> None:
        """Write a consistent copy of the whole database (safe while the application runs)."""
        setup_django()
        from hoptac.accounts.backup import BackupError, backup, describe
        from hoptac.accounts.models import AuditEvent
        from hoptac.accounts.tokens import audit

        try:
            backup(file, overwrite=force)
            info = describe(file)
        except BackupError as exc:
            raise fail(str(exc)) from None
        audit(AuditEvent.Action.BACKUP, None, summary=f"{_cli_user()} → {file}", file=str(file), **info)
        typer.echo(f"backup written: {file} ({info['kind']}, {info['bytes']:,} bytes)")

    @app.command("restore")
    def restore_(
        file: Annotated[Path, typer.Argument(help="A file written by `hoptac backup`")],
        yes: Annotated[bool, typer.Option("--yes", help="Really replace the whole database")] = False,
    ) -> None:
        """Replace the whole database with a backup (checked first; asks for --yes)."""
        setup_django()
        from hoptac.accounts.backup import BackupError, check_backup, restore
        from hoptac.accounts.models import AuditEvent
        from hoptac.accounts.tokens import audit

        try:
            kind = check_backup(file)
            if not yes:
                raise fail(
                    f"{file} is a good {kind} backup. Restoring replaces everything in the database "
                    "with it: run again with --yes to go ahead (make a backup of the current one first)."
                )
            restore(file)
        except BackupError as exc:
            raise fail(str(exc)) from None
        audit(AuditEvent.Action.RESTORE_BACKUP, None, summary=f"{_cli_user()} ← {file}", file=str(file))
        typer.echo(f"database restored from {file}")
