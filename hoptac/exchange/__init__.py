"""The registry as one JSON document: writing it (`export`) and reading it back through the services (`load`).

Above every domain app (it reads and writes all of them), below accounts (deletion keeps a deleted
record as this JSON and undo loads it back).
"""

from pathlib import Path

# The demo registry (`hoptac demo`, and the tests' fixtures) as a document of this format.
DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.json"
