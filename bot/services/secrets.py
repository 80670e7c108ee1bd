"""Secrets at rest: Slack tokens are kept encrypted with ``MLPATH_SECRET_KEY`` (Fernet).

Rotation: the new key goes in ``MLPATH_SECRET_KEY`` and the keys before it in
``MLPATH_SECRET_KEYS_OLD`` (comma-separated). Ciphertext under any of them is read; new
ciphertext is always under the new key; ``mlpath slack rotate-key`` re-encrypts every stored
token under it, after which the old keys can be dropped (docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretKeyError(Exception):
    """A key is not a Fernet key, or no configured key opens a stored secret. The message
    names the setting and never holds a key or a secret."""


def new_key() -> str:
    """A fresh key for ``MLPATH_SECRET_KEY``."""
    return Fernet.generate_key().decode()


def _fernet(key: str, setting: str) -> Fernet:
    try:
        return Fernet(key.strip().encode())
    except (ValueError, TypeError):
        raise SecretKeyError(
            f"{setting} is not a valid key (32 url-safe base64-encoded bytes); "
            "make one with `mlpath slack new-key`"
        ) from None


class TokenCipher:
    """Encrypts under the current key; decrypts under the current or any old key."""

    def __init__(self, key: str, old_keys: Sequence[str] = ()) -> None:
        keys = [_fernet(key, "MLPATH_SECRET_KEY")]
        keys += [_fernet(k, "MLPATH_SECRET_KEYS_OLD") for k in old_keys if k.strip()]
        self._fernet = MultiFernet(keys)

    def encrypt(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored Slack token cannot be decrypted with MLPATH_SECRET_KEY or "
                "MLPATH_SECRET_KEYS_OLD; put the key it was stored with back"
            ) from None

    def rotate(self, ciphertext: str) -> str:
        """The same secret under the current key (it may have been under an old one)."""
        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored Slack token cannot be decrypted with MLPATH_SECRET_KEY or "
                "MLPATH_SECRET_KEYS_OLD; add the key it was stored with to "
                "MLPATH_SECRET_KEYS_OLD and run the rotation again"
            ) from None
