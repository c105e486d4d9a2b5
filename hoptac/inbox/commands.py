"""`hoptac news-poll`, `hoptac news-sources` and `hoptac news-source-add`: the inbox from the command line."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the news inbox commands to the hoptac CLI."""

    @app.command("news-poll")
    def news_poll() -> None:
        """Poll every news source that is due: new articles about the partners go to the inbox."""
        from hoptac.core.commandline import setup_django

        setup_django()
        from .polling import poll_due_sources

        results = poll_due_sources()
        if not results:
            typer.echo("no news source is due")
        for result in results:
            name = f"{result.source.name} ({result.source.url})"
            if result.error:
                typer.secho(f"{name}: failing: {result.error}", fg=typer.colors.RED)
            elif result.unchanged:
                typer.echo(f"{name}: unchanged (304)")
            else:
                counts = ", ".join(f"{n} {k}" for k, n in sorted(result.counts.items())) or "nothing new"
                typer.echo(f"{name}: {counts}")

    @app.command("news-sources")
    def news_sources() -> None:
        """List the news sources with their status and last error."""
        from hoptac.core.commandline import setup_django

        setup_django()
        from .models import NewsSource

        for source in NewsSource.objects.order_by("name"):
            error = f" — {source.last_error}" if source.last_error else ""
            typer.echo(
                f"{source.pk}\t{source.kind}\t{source.province_id or '-'}\t{source.last_status}\t"
                f"every {source.interval_minutes} min\t{source.url}{error}"
            )

    @app.command("news-source-add")
    def news_source_add(
        url: Annotated[str, typer.Argument(help="Address of the feed, sitemap or listing page")],
        name: Annotated[str, typer.Option("--name", help="What officers call it")] = "",
        kind: Annotated[str, typer.Option("--kind", help="feed, sitemap or listing")] = "feed",
        province: Annotated[
            str, typer.Option("--province", help="Code of the province whose partners it reports, e.g. VN-25")
        ] = "",
        every: Annotated[int, typer.Option("--every", help="Polling interval in minutes (≥ 15)")] = 360,
    ) -> None:
        """Register a news source to poll."""
        from django.core.exceptions import ValidationError

        from hoptac.core.commandline import fail, setup_django

        setup_django()
        from .services import create_news_source

        try:
            source = create_news_source(
                {
                    "url": url,
                    "name": name or url,
                    "kind": kind,
                    "province": province,
                    "interval_minutes": every,
                }
            )
        except ValidationError as exc:
            raise fail("the source was not added: " + "; ".join(exc.messages)) from exc
        typer.echo(f"added news source {source.pk}: {source.url} ({source.kind}, every {every} min)")
