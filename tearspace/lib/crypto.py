"""Clip encryption (AES-GCM in chunks) and the per-owner blind index for search.

Keys come from `settings.SALT_KEY` (env FIELD_ENCRYPTION_KEYS; first = current, the rest still
decrypt), the same list the encrypted model fields use, so one rotation covers text and media.

Clip file layout::

    magic "TSC1" | key id (8) | file salt (16) | chunk size (4) | plain size (8)
    then per chunk: nonce (12) | ciphertext | tag (16)

Each chunk is sealed on its own with the header and its index as associated data, so a range
request decrypts only the chunks it needs and chunks cannot be swapped or reordered.
"""

import hashlib
import hmac
import os
import struct
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"TSC1"
CHUNK_SIZE = 64 * 1024
HEADER = struct.Struct(">4s8s16sIQ")
NONCE_SIZE = 12
TAG_SIZE = 16


class ClipDecryptionError(Exception):
    """The file is not a clip we can open with any configured key."""


def master_keys() -> list[bytes]:
    """Return the configured keys, current first."""
    raw = settings.SALT_KEY if isinstance(settings.SALT_KEY, list) else [settings.SALT_KEY]
    return [key.encode() for key in raw]


def _hkdf(master: bytes, *, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(master)


def key_id(master: bytes) -> bytes:
    return _hkdf(master, salt=None, info=b"tearspace key id")[:8]


@dataclass(frozen=True)
class ClipHeader:
    key_id: bytes
    salt: bytes
    chunk_size: int
    plain_size: int

    def pack(self) -> bytes:
        return HEADER.pack(MAGIC, self.key_id, self.salt, self.chunk_size, self.plain_size)

    @property
    def chunk_count(self) -> int:
        return -(-self.plain_size // self.chunk_size)

    def sealed_offset(self, index: int) -> int:
        return HEADER.size + index * (self.chunk_size + NONCE_SIZE + TAG_SIZE)


def _file_key(master: bytes, salt: bytes) -> AESGCM:
    return AESGCM(_hkdf(master, salt=salt, info=b"tearspace clip v1"))


def _aad(header: bytes, index: int) -> bytes:
    return header + struct.pack(">Q", index)


def encrypt_stream(source: BinaryIO, plain_size: int, target: BinaryIO) -> None:
    """Write `source` (plain_size bytes) to `target` sealed with the current key."""
    master = master_keys()[0]
    header = ClipHeader(key_id(master), os.urandom(16), CHUNK_SIZE, plain_size)
    packed = header.pack()
    cipher = _file_key(master, header.salt)
    target.write(packed)
    for index in range(header.chunk_count):
        chunk = source.read(CHUNK_SIZE)
        nonce = os.urandom(NONCE_SIZE)
        target.write(nonce + cipher.encrypt(nonce, chunk, _aad(packed, index)))


def encrypt_bytes(data: bytes) -> bytes:
    import io

    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), len(data), out)
    return out.getvalue()


class ClipReader:
    """Decrypt ranges of a sealed clip, reading only the chunks that hold them."""

    def __init__(self, handle: Any) -> None:  # a binary file: open() or storage.open()
        self.handle = handle
        raw = handle.read(HEADER.size)
        if len(raw) != HEADER.size:
            raise ClipDecryptionError("too short")
        magic, kid, salt, chunk_size, plain_size = HEADER.unpack(raw)
        if magic != MAGIC or chunk_size <= 0:
            raise ClipDecryptionError("not a clip")
        self.packed = raw
        self.header = ClipHeader(kid, salt, chunk_size, plain_size)
        master = next((m for m in master_keys() if key_id(m) == kid), None)
        if master is None:
            raise ClipDecryptionError("no configured key opens this clip")
        self.cipher = _file_key(master, salt)

    @property
    def size(self) -> int:
        return self.header.plain_size

    def chunk(self, index: int) -> bytes:
        self.handle.seek(self.header.sealed_offset(index))
        plain_len = min(self.header.chunk_size, self.size - index * self.header.chunk_size)
        sealed = self.handle.read(NONCE_SIZE + plain_len + TAG_SIZE)
        try:
            return self.cipher.decrypt(
                sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], _aad(self.packed, index)
            )
        except Exception as error:
            raise ClipDecryptionError("a chunk failed authentication") from error

    def iter_range(self, start: int, end: int) -> Iterator[bytes]:
        """Yield the plain bytes start..end (inclusive)."""
        size = self.header.chunk_size
        for index in range(start // size, end // size + 1):
            data = self.chunk(index)
            base = index * size
            yield data[max(start - base, 0) : end - base + 1]

    def read_all(self) -> bytes:
        return b"".join(self.iter_range(0, self.size - 1)) if self.size else b""


# --- Blind index for search ------------------------------------------------------------------


def normalise_words(text: str) -> set[str]:
    """Split text into lower-case, accent-free words of two letters or more."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words: set[str] = set()
    current: list[str] = []
    for ch in plain + " ":
        if ch.isalnum():
            current.append(ch)
        elif current:
            if len(current) >= 2:
                words.add("".join(current))
            current = []
    return words


def _index_key(owner_id: int) -> bytes:
    # Per owner: the same word in two journals gives different digests.
    return _hkdf(master_keys()[0], salt=None, info=f"tearspace search {owner_id}".encode())


def word_digests(owner_id: int, words: set[str]) -> set[str]:
    key = _index_key(owner_id)
    return {hmac.new(key, w.encode(), hashlib.sha256).hexdigest()[:32] for w in words}
