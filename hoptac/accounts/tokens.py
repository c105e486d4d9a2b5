"""API tokens: made with a random secret shown once, stored as its SHA-256, found by a short prefix."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts.models import ApiToken, AuditEvent

TOKEN_START = "hoptac_"
# Recording every use would write on every read; once a minute is enough to see a token is alive.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def digest(secret: str) -> str:
    """SHA-256 of the whole token text, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _parse(raw: str) -> tuple[str, str] | None:
    """hoptac_<prefix>_<secret> → (prefix, whole token), or None when it is not shaped like one."""
    raw = raw.strip()
    if not raw.startswith(TOKEN_START):
        return None
    prefix, _sep, rest = raw[len(TOKEN_START) :].partition("_")
    if len(prefix) != 8 or not prefix.isalnum() or len(rest) < 20:
        return None
    return prefix, raw


def audit(
    action: str, user: Any, *, record_type: str = "", record_uid: str = "", summary: str = "", **data: Any
) -> AuditEvent:
    """Write one entry in the audit log."""
    known = user if getattr(user, "pk", None) else None
    return AuditEvent.objects.create(
        action=action,
        user=known,
        username=getattr(user, "username", "") or "",
        record_type=record_type,
        record_uid=str(record_uid),
        summary=summary[:500],
        data=data,
    )


@transaction.atomic
def create_token(
    user: Any, scope: str = "read", *, name: str = "", expires_in_days: int | None = None, by: Any = None
) -> tuple[ApiToken, str]:
    """A new token for the user; returns (token, secret) — the secret is not kept and cannot be shown again."""
    errors: dict[str, list[str]] = {}
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("'%(value)s' is not a scope: use read, write or feed") % {"value": scope}]
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        errors["expires_in_days"] = [_("give a number of days from 1 to 3650, or none for no expiry")]
    if not getattr(user, "is_active", False):
        errors["user"] = [_("user '%(user)s' is not active: activate the account first") % {"user": user}]
    if len(name) > 100:
        errors["name"] = [
            _("too long: %(length)s characters, at most %(max)s") % {"length": len(name), "max": 100}
        ]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    expires = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken.objects.create(
        prefix=prefix, digest=digest(secret), user=user, scope=scope, name=name.strip(), expires_at=expires
    )
    audit(
        AuditEvent.Action.TOKEN_CREATE,
        by or user,
        record_type="api_token",
        record_uid=prefix,
        summary=f"{scope} token for {user}",
    )
    return token, secret


def find_token(raw: str) -> ApiToken | None:
    """The active token this text is, or None (unknown, wrong secret, revoked, expired, user inactive)."""
    parsed = _parse(raw)
    if parsed is None:
        return None
    prefix, whole = parsed
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest(whole)):
        return None
    if not token.active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def revoke_token(token: ApiToken, user: Any = None) -> ApiToken:
    """Revoke a token at once (it stays listed, marked revoked)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(
            AuditEvent.Action.TOKEN_REVOKE,
            user,
            record_type="api_token",
            record_uid=token.prefix,
            summary=f"{token.scope} token of {token.user}",
        )
    return token


def get_token(prefix: str) -> ApiToken:
    """The token with this prefix; a ValidationError naming the prefix when there is none."""
    token = ApiToken.objects.select_related("user").filter(prefix=prefix.strip()).first()
    if token is None:
        raise ValidationError(
            {"prefix": [_("no token with prefix '%(prefix)s': see `hoptac token list`") % {"prefix": prefix}]}
        )
    return token


def get_user(username: str) -> Any:
    """The user of that login name, or a ValidationError that says so."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(
            {"user": [_("no user '%(user)s': create one with `hoptac createuser`") % {"user": username}]}
        )
    return user
