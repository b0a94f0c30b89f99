"""Vosk models: the known downloads, where pulled models live, and a checked pull.

`floor speech models pull vi-small` fetches vosk-model-small-vn-0.4 from the official
Vosk model address, checks its size and checksum (Vosk's model list publishes MD5),
unpacks it safely and moves it into place only when all of that succeeded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path


class ModelError(RuntimeError):
    """A model that cannot be found, downloaded, verified or unpacked."""


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A known model: its folder name, address, size and checksum."""

    folder: str
    url: str
    size: int | None
    md5: str | None = None
    sha256: str | None = None
    lang: str = "vi"


KNOWN: dict[str, ModelRef] = {
    "vi-small": ModelRef(
        folder="vosk-model-small-vn-0.4",
        url="https://alphacephei.com/vosk/models/vosk-model-small-vn-0.4.zip",
        size=33656337,
        md5="b31b474a1ef75488c5fa575f8e2a1269",  # from Vosk's model-list.json
    ),
}


def models_dir() -> Path:
    """Return where pulled models live: $FLOOR_SPEECH_MODELS or ~/.local/share/floor/models."""
    env = os.environ.get("FLOOR_SPEECH_MODELS")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "floor" / "models"


def is_model(path: Path) -> bool:
    """Return whether `path` looks like a Vosk model directory."""
    return (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()


def resolve(name_or_path: str, where: Path | None = None) -> Path:
    """Return a model directory from a path or a pulled model's name."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not is_model(path):
            raise ModelError(f"{path} is not a Vosk model directory (no am/final.mdl)")
        return path
    ref = KNOWN.get(name_or_path)
    if ref is not None:
        pulled = (where or models_dir()) / ref.folder
        if is_model(pulled):
            return pulled
        raise ModelError(f"{name_or_path} is not pulled: floor speech models pull {name_or_path}")
    raise ModelError(
        f"no model {name_or_path!r}: give a Vosk model directory or one of {list(KNOWN)}"
    )


def pull(
    name: str,
    where: Path,
    url: str | None = None,
    sha256: str | None = None,
    md5: str | None = None,
    timeout: float = 60.0,
) -> Path:
    """Download, verify and unpack a known model into `where`; return its directory."""
    ref = KNOWN.get(name)
    if ref is None:
        raise ModelError(f"unknown model {name!r}; known: {', '.join(KNOWN)}")
    target = where / ref.folder
    if is_model(target):
        return target
    expected_sha = (sha256 or ref.sha256 or "").lower() or None
    expected_md5 = None if sha256 else (md5 or ref.md5 or "").lower() or None
    if not (expected_sha or expected_md5):
        raise ModelError(f"{name}: no checksum to verify against")
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=where, prefix=".pull-") as tmp:
        archive = Path(tmp) / "model.zip"
        digests = _download(url or ref.url, archive, timeout)
        size = archive.stat().st_size
        if url is None and ref.size is not None and size != ref.size:
            raise ModelError(f"{name}: downloaded {size} bytes, expected {ref.size}")
        if expected_sha and digests["sha256"] != expected_sha:
            raise ModelError(f"{name}: SHA-256 {digests['sha256']} != expected {expected_sha}")
        if expected_md5 and digests["md5"] != expected_md5:
            raise ModelError(f"{name}: MD5 {digests['md5']} != expected {expected_md5}")
        unpacked = Path(tmp) / "unpacked"
        _unzip(archive, unpacked)
        found = unpacked / ref.folder if (unpacked / ref.folder).is_dir() else unpacked
        if not is_model(found):
            raise ModelError(f"{name}: the archive holds no Vosk model")
        shutil.move(str(found), target)
    return target


def _download(url: str, to: Path, timeout: float) -> dict[str, str]:
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, to.open("wb") as out:
            while block := response.read(1 << 16):
                sha.update(block)
                md5.update(block)
                out.write(block)
    except OSError as exc:
        raise ModelError(f"cannot download {url}: {exc}") from None
    return {"sha256": sha.hexdigest(), "md5": md5.hexdigest()}


def _unzip(archive: Path, into: Path) -> None:
    """Unpack a zip, refusing members that would land outside `into`."""
    into.mkdir()
    root = into.resolve()
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.infolist():
                dest = (into / member.filename).resolve()
                if not dest.is_relative_to(root):
                    raise ModelError(f"unsafe path in archive: {member.filename}")
            zf.extractall(into)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"not a zip archive: {exc}") from None
