"""The file format of a portable learner record: a ZIP of JSON parts and attachments, a manifest holding the
SHA-256 of every part, and the exporting service's Ed25519 signature over the manifest.

    manifest.json       {"format", "exported_at", "sender": {"name", "public_key"}, "parts": {name: sha256}}
    manifest.sig        base64 Ed25519 signature of manifest.json's bytes
    record.json, …      the JSON parts
    attachments/…       the evidence files, named by their SHA-256

A file is refused, naming the part, when the signature does not check, a part is missing, added or differs
from its fingerprint, or the archive is not one we could have written.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from . import instance_key

__all__ = ["FORMAT", "RecordRefused", "write_package", "read_package", "Package"]

FORMAT = "ksbtracker-learner-record/1"
MAX_PARTS = 2000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024


class RecordRefused(Exception):
    """The file is not a genuine, unaltered learner record; the message says which part and why."""


@dataclass(frozen=True)
class Package:
    manifest: dict
    manifest_sha256: str
    parts: dict[str, bytes]

    def json(self, name: str):
        return json.loads(self.parts[name])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value) -> bytes:
    return json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False, default=str).encode()


def write_package(parts: dict[str, bytes], *, sender_name: str) -> bytes:
    """The ZIP bytes for ``parts`` (name to bytes), with a signed manifest."""
    manifest = {
        "format": FORMAT, "exported_at": timezone.now().isoformat(),
        "sender": {"name": sender_name, "public_key": instance_key.public_key_text(),
                   "key_fingerprint": instance_key.key_fingerprint()},
        "parts": {name: _sha256(data) for name, data in sorted(parts.items())},
    }  # fmt: skip
    manifest_bytes = dumps(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", instance_key.sign(manifest_bytes))
        for name, data in sorted(parts.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise RecordRefused(f"The file is not a learner record (not a ZIP archive: {error}).") from None
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise RecordRefused("The file is too large to be a learner record.")
    members = {}
    for info in infos:
        name = info.filename
        if name.startswith("/") or ".." in name.split("/") or "\\" in name or info.is_dir():
            raise RecordRefused(f"The part {name!r} has a name a learner record never has.")
        if info.file_size > MAX_PART_BYTES:
            raise RecordRefused(f"The part {name} is too large.")
        try:
            members[name] = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise RecordRefused(f"The part {name} is damaged and cannot be read.") from None
    return members


def read_package(data: bytes) -> Package:
    """The verified parts of a learner record; RecordRefused naming the part when anything does not check."""
    members = _members(data)
    for required in ("manifest.json", "manifest.sig"):
        if required not in members:
            raise RecordRefused(f"The part {required} is missing: this is not a learner record.")
    manifest_bytes = members.pop("manifest.json")
    signature = members.pop("manifest.sig").decode("ascii", "replace").strip()
    try:
        manifest = json.loads(manifest_bytes)
        public_key, listed = manifest["sender"]["public_key"], manifest["parts"]
    except (ValueError, KeyError, TypeError):
        raise RecordRefused(
            "The part manifest.json cannot be read: it has been altered or damaged."
        ) from None
    if manifest.get("format") != FORMAT:
        raise RecordRefused(
            f"The part manifest.json is for a format this service does not read ({manifest.get('format')})."
        )
    if not instance_key.verify(manifest_bytes, signature, public_key):
        raise RecordRefused(
            "The part manifest.json has been altered: its signature does not check against the sender's key."
        )
    for name in sorted(set(listed) | set(members)):
        if name not in members:
            raise RecordRefused(f"The part {name} is missing.")
        if name not in listed:
            raise RecordRefused(f"The part {name} was added after the record was signed.")
        if _sha256(members[name]) != listed[name]:
            raise RecordRefused(
                f"The part {name} has been altered: it does not match its fingerprint in the manifest."
            )
    return Package(manifest=manifest, manifest_sha256=_sha256(manifest_bytes), parts=members)
