"""Background work on the task queue (Huey): the shared-cache refresh, long page actions, the worker command."""
