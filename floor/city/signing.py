"""The city's Ed25519 keys: the city signs what it sends, each floor verifies it.

The city keeps its private key; each floor is configured with the public key only
(`FLOOR_CITY_KEY`), so a floor, or anyone on the cluster, can read but never forge.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ValidationError

from devices.payloads import Signed
from floor.config import ConfigError


class BadSignature(ValueError):
    """A message from the city that is not signed by the city's key, or not a signed one."""


def keygen(private: Path) -> Path:
    """Write a new private key (readable by its owner only) and `<name>.pub`; return the latter."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public = private.with_name(private.name + ".pub")
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_private(path: Path) -> Ed25519PrivateKey:
    """Load the city's private key (PEM)."""
    try:
        key = serialization.load_pem_private_key(_read(path), password=None)
    except ValueError:
        raise ConfigError(f"{path}: not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path}: not an Ed25519 key (make one with `floor city keygen`)")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    """Load the city's public key (PEM), as a floor does."""
    try:
        key = serialization.load_pem_public_key(_read(path))
    except ValueError:
        raise ConfigError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path}: not an Ed25519 key (make one with `floor city keygen`)")
    return key


def sign(body: BaseModel, key: Ed25519PrivateKey) -> bytes:
    """Return the signed message for `body`, ready to publish."""
    text = body.model_dump_json()
    signature = base64.b64encode(key.sign(text.encode())).decode()
    return Signed(body=text, signature=signature).model_dump_json().encode()


def verify(raw: bytes, key: Ed25519PublicKey) -> str:
    """Return the body of a signed message once its signature holds; raise BadSignature."""
    try:
        signed = Signed.model_validate_json(raw)
        key.verify(base64.b64decode(signed.signature, validate=True), signed.body.encode())
    except (ValidationError, ValueError):
        raise BadSignature("not a signed message from the city") from None
    except InvalidSignature:
        raise BadSignature("the signature is not the city's") from None
    return signed.body
