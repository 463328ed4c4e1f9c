"""Append-only, hash-chained audit trail of every create and change."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Return the instance's concrete field values (foreign keys as ids) in JSON-safe form."""
    values = {}
    for field in instance._meta.concrete_fields:
        values[field.attname] = _json_value(getattr(instance, field.attname))
    for field in instance._meta.many_to_many:
        if instance.pk is not None:
            values[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return values


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [before, after]} for every field whose value changed."""
    before = before or {}
    changed = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            changed[key] = [before.get(key), after.get(key)]
    return changed


def compute_hash(
    *,
    previous_hash: str,
    sequence: int,
    created_at: datetime.datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    changes: dict,
) -> str:
    payload = json.dumps(
        {
            "previous_hash": previous_hash,
            "sequence": sequence,
            "created_at": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "changes": changes,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Append an audit entry for ``instance`` after it was created or changed.

    ``before`` is the snapshot taken before the change (None for a create). With action "remove", call it
    just before the row is deleted, so the entry records every field's last value. The only caller that
    removes rows is projects.services.schedule_write, for kurva S weeks; reports, photos and findings are never
    deleted. Must run inside the caller's transaction so that the entry and the change commit together.
    """
    current = snapshot(instance)
    changes = diff(current, {}) if action == AuditEntry.Action.REMOVE else diff(before, current)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        sequence = head.sequence + 1
        created_at = timezone.now()
        fields = {
            "sequence": sequence,
            "created_at": created_at,
            "actor_id": actor.pk if actor is not None and actor.is_authenticated else None,
            "action": action,
            "object_type": instance._meta.label_lower,
            "object_id": str(instance.pk),
            "summary": summary[:200],
            "changes": json.loads(json.dumps(changes, default=str)),
        }
        entry_hash = compute_hash(previous_hash=head.last_hash, **fields)
        entry = AuditEntry.objects.create(previous_hash=head.last_hash, hash=entry_hash, **fields)
        head.sequence = sequence
        head.last_hash = entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


@dataclass
class ChainCheck:
    checked: int
    first_bad: AuditEntry | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def verify_chain() -> ChainCheck:
    """Recompute every entry's hash in order and return the first entry that does not match."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainCheck(checked, entry, f"sequence {expected_sequence} is missing")
        if entry.previous_hash != previous_hash:
            return ChainCheck(checked, entry, "previous hash does not match the entry before it")
        recomputed = compute_hash(
            previous_hash=entry.previous_hash,
            sequence=entry.sequence,
            created_at=entry.created_at,
            actor_id=entry.actor_id,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            summary=entry.summary,
            changes=entry.changes,
        )
        if recomputed != entry.hash:
            return ChainCheck(checked, entry, "content does not match its hash")
        previous_hash = entry.hash
        expected_sequence += 1
        checked += 1
    return ChainCheck(checked, None)
