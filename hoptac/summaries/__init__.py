"""Precomputed summaries for the busiest pages, and the due-item rules the pages and the reminders share."""
