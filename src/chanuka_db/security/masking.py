"""Masking: the analyst views of schema ``analytics`` and the masks they apply, in Python too.

Revision ``0102_security`` creates the views and the SQL functions ``analytics.mask_phone`` and
``analytics.mask_email``; :func:`mask_phone` and :func:`mask_email` here compute exactly the same
(the tests hold them to it), for code that must show a contact detail in a log, an export or an
admin screen without revealing it.

- A phone number keeps at most its first 6 characters and always hides at least 7 digits: a
  Kenyan mobile number keeps its operator prefix (``+25471*******``), which is what SMS analytics
  need, and nothing that identifies a subscriber.
- An e-mail address keeps only its domain (``***@gmail.com``); the row-level view shows even that
  only when at least :data:`MIN_GROUP_SIZE` users share the domain (a personal domain identifies).
- Aggregated views leave out groups of fewer than :data:`MIN_GROUP_SIZE` people.
"""

from __future__ import annotations

ANALYTICS_SCHEMA = "analytics"
#: Smallest group of people an analyst view shows (k-anonymity threshold).
MIN_GROUP_SIZE = 5
_PHONE_KEEP = 6
_PHONE_HIDE_AT_LEAST = 7

#: The analyst views and what each shows.
ANALYTICS_VIEWS: dict[str, str] = {
    "user_profiles_masked": "one pseudonymous row per user who consented to data processing: county, role, "
    "language, verification and consent flags, masked phone, e-mail domain when shared by 5+ users",
    "users_by_county": "users per county and role with verification counts (groups under 5 left out)",
    "contact_methods_summary": "contact methods by type, verification and state (groups under 5 users left out)",
    "bill_tracking_summary": "how many people track each bill and how they want to be notified",
    "notification_delivery_daily": "notifications per day, type, channel and delivery status",
    "verification_summary": "verification requests per type, status and month, with median time to verify",
}


def mask_phone(phone: str | None) -> str | None:
    """``+254712345678`` -> ``+25471*******`` (same as ``analytics.mask_phone``)."""
    if phone is None:
        return None
    keep = max(min(_PHONE_KEEP, len(phone) - _PHONE_HIDE_AT_LEAST), 0)
    return phone[:keep] + "*" * (len(phone) - keep)


def mask_email(email: str | None) -> str | None:
    """``wanjiku@Example.ke`` -> ``***@example.ke`` (same as ``analytics.mask_email``)."""
    if email is None:
        return None
    parts = email.split("@")
    domain = parts[1] if len(parts) > 1 else ""
    return "***@" + domain.lower()


__all__ = ["ANALYTICS_SCHEMA", "ANALYTICS_VIEWS", "MIN_GROUP_SIZE", "mask_email", "mask_phone"]
