"""Reminders of what is due, in-app notifications, e-mail digests, and each user's own feed address and tokens."""
