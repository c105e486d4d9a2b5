"""Does the inbox's main-text step (trafilatura, the project's reader as fallback) read as well as the
project's own HTML reader? Each ../shared/dev article is served as an HTML page, read both ways, run
through the news reader, and scored against the gold answers with ../shared/tools/score_extraction.py.

    .venv/bin/python -m bench.inbox_main_text [../shared/dev]
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()
    from hoptac.extraction.extract import extract_text
    from hoptac.extraction.reader import html_to_text, read_article
    from hoptac.inbox.discover import main_text
    from hoptac.inbox.fetch import Fetched

    shared = Path(os.environ.get("HOPTAC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else shared / "dev"
    outs = {name: Path(tempfile.mkdtemp()) for name in ("own", "trafilatura")}
    for path in sorted((root / "articles").glob("*.txt")):
        raw = read_article(path)
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in raw.text.split("\n") if line.strip())
        page = f"<!doctype html><html><head><meta charset='utf-8'></head><body>{lines}</body></html>"
        own = html_to_text(page)
        traf = main_text(Fetched("https://example.org/a", 200, page.encode(), "text/html"))
        for name, (text, published) in {
            "own": (own.text, own.published or raw.published),
            "trafilatura": (traf.text, traf.published or raw.published),
        }.items():
            record = extract_text(text, path.name, published)
            (outs[name] / f"{path.stem}.json").write_text(json.dumps(record, ensure_ascii=False))
    scorer = shared / "tools" / "score_extraction.py"
    for name, folder in outs.items():
        done = subprocess.run(
            [sys.executable, str(scorer), str(root / "gold"), str(folder)], capture_output=True, text=True
        )
        print(name, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr)


if __name__ == "__main__":
    main()
