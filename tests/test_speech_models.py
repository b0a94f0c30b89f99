"""`floor speech models pull` against a local HTTP server serving a zip built here."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from floor.cli import main
from speech.models import KNOWN, ModelError, pull, resolve

FOLDER = KNOWN["vi-small"].folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Serve tmp_path/www on 127.0.0.1; yield (base URL, folder)."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", www
    server.shutdown()
    server.server_close()


def _model_zip(path: Path, evil: bool = False) -> str:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{FOLDER}/am/final.mdl", b"acoustic model bytes")
        zf.writestr(f"{FOLDER}/conf/model.conf", "--beam=10\n")
        if evil:
            zf.writestr("../escape.txt", "outside")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pull_downloads_checks_and_unpacks(served: tuple[str, Path], tmp_path: Path) -> None:
    base, www = served
    digest = _model_zip(www / "m.zip")
    where = tmp_path / "models"
    code = main(
        ["speech", "models", "pull", "vi-small", "--dir", str(where), "--url",
         f"{base}/m.zip", "--sha256", digest]
    )  # fmt: skip
    assert code == 0
    assert (where / FOLDER / "am" / "final.mdl").read_bytes() == b"acoustic model bytes"
    assert resolve("vi-small", where) == where / FOLDER
    assert [p.name for p in where.iterdir()] == [FOLDER]  # no temporary files left


def test_pull_refuses_a_wrong_checksum_and_keeps_nothing(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    base, www = served
    _model_zip(www / "m.zip")
    where = tmp_path / "models"
    with pytest.raises(ModelError, match="SHA-256"):
        pull("vi-small", where, url=f"{base}/m.zip", sha256="0" * 64)
    assert list(where.iterdir()) == []
    with pytest.raises(ModelError, match="not pulled"):
        resolve("vi-small", where)


def test_pull_refuses_paths_outside_the_target(served: tuple[str, Path], tmp_path: Path) -> None:
    base, www = served
    digest = _model_zip(www / "evil.zip", evil=True)
    where = tmp_path / "models"
    with pytest.raises(ModelError, match="unsafe path"):
        pull("vi-small", where, url=f"{base}/evil.zip", sha256=digest)
    assert not (tmp_path / "escape.txt").exists()
    assert list(where.iterdir()) == []


def test_pull_reports_an_unreachable_server(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot download"):
        pull("vi-small", tmp_path, url="http://127.0.0.1:9/none.zip", sha256="0" * 64, timeout=2)
