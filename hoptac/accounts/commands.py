"""Commands for accounts and safety: unlock, token create/list/revoke, backup, restore."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `hoptac` command."""
    from hoptac.cli import setup_django

    @app.command()
    def unlock(username: Annotated[str, typer.Argument(help="The login name to unlock")]) -> None:
        """Lift the lockout after too many failed sign-ins for a user (from every address)."""
        setup_django()
        from axes.utils import reset

        count = reset(username=username)
        typer.echo(f"{username}: unlocked ({count} failed sign-in records cleared)")

    register_tokens(app)


def register_tokens(app: typer.Typer) -> None:
    """`hoptac token create|list|revoke`."""
    from hoptac.cli import fail, setup_django

    tokens = typer.Typer(help="API tokens: create (secret shown once), list, revoke.", no_args_is_help=True)
    app.add_typer(tokens, name="token")

    @tokens.command("create")
    def create(
        username: Annotated[str, typer.Argument(help="Whose token (login name)")],
        scope: Annotated[str, typer.Option(help="read, or write (read and change)")] = "read",
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
