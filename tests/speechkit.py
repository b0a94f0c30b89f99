"""A text conversation with a real speech satellite over a real broker.

The satellite (no recognizer: it takes text) answers each line; a client speaking as
the device's voice hears every `say` on the broker and answers `say_finished`, as the
device's loudspeaker process does; the conversation goes on once the satellite has
heard that and unmuted.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from devices import speech_messages as sm
from devices import topics
from devices.client import DeviceClient
from devices.codec import encode
from floor.config import load_catalog, load_center
from speech.dialog import FloorView
from speech.intents import Understander
from speech.recognizer import Transcript
from speech.satellite import Satellite, SpeechLink

CATALOG = load_catalog()


def converse(
    url: str,
    center: str,
    site: str,
    lines: list[str],
    password: str | None = None,
    first: Callable[[DeviceClient], None] | None = None,
    until: Callable[[Satellite], bool] | None = None,
) -> list[str]:
    """Say `lines` to a satellite for `site`; return what it said back, one reply a line.

    `first` runs (with the voice's client) once the satellite is up, before any line;
    then the first line waits (5 s at most) until `until(satellite)` holds.
    """
    # The voice logs in with the device's account but is not the device: it listens to the
    # speech topics only (not the device's commands).
    user = site if password else None
    voice = DeviceClient(url, center, f"{site}-voice", username=user, password=password)
    replies: list[str] = []

    async def main() -> None:
        async with SpeechLink(url, center, site, password) as link:
            view = FloorView(CATALOG, load_center(catalog=CATALOG))
            satellite = Satellite(link, None, Understander(CATALOG), view, "vi")
            async with satellite.reading():
                if first is not None:
                    first(voice)
                deadline = time.monotonic() + 5
                while until is not None and not until(satellite):
                    assert time.monotonic() < deadline, "the satellite never got there"
                    await asyncio.sleep(0.02)
                for line in lines:
                    await satellite.handle(Transcript(line, 0.9, "free", 1.0))
                    say = await asyncio.to_thread(voice.wait_for, lambda m: m.name == "say", 10)
                    replies.append(say.data["text"])
                    finished = sm.SayFinished(
                        id=uuid.uuid4().hex, ts=datetime.now(UTC), device=site, seq=len(replies),
                        session=say.data["session"], ref=say.data["id"],
                    )  # fmt: skip
                    name = "say_finished"
                    voice.publish_raw(
                        topics.SPEECH.topic(center=center, device_id=site, name=name),
                        encode(finished),
                    )
                    deadline = time.monotonic() + 5  # far below the muting estimate
                    while satellite.muted:
                        assert time.monotonic() < deadline, "say_finished never unmuted"
                        await asyncio.sleep(0.02)

    with voice:
        voice.listen(topics.SPEECH.filter(center=center, device_id=site))
        asyncio.run(main())
    return replies
