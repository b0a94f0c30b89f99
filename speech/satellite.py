"""The speech satellite: audio → VAD → Vosk → intent → dialog → MQTT, on the device.

One asyncio task reads audio and runs sessions. paho runs on its own thread; its
callbacks only hand messages over with `loop.call_soon_threadsafe` (the envelope's
sequence number, taken on both threads, is behind a lock). Only text, intents and
session events leave the device, with long digit runs (ID and phone numbers) masked;
audio is kept only when `keep_audio` names a folder. Recognition is muted while the
device speaks. An emergency becomes an urgent staff request, whatever else was said.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import threading
import time
import uuid
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from pydantic import BaseModel

from devices import payloads as p
from devices import speech_messages as sm
from devices import topics
from devices.bus import MAX_PUBLISH, BrokerAddress, no_delay
from devices.codec import BadPayload, decode, encode
from floor.core.catalog import Lang
from floor.core.redact import redact
from floor.dossiers.desk import Answer
from floor.dossiers.port import BadCode, dossier_code
from floor.dossiers.texts import say as say_dossier
from floor.dossiers.texts import unreadable
from speech.audio import AudioSource
from speech.dialog import Dialog, FloorView
from speech.intents import Understander
from speech.phrases import grammar_phrases
from speech.recognizer import Recognizer, Transcript
from speech.vad import Vad
from speech.voice import EspeakVoice

log = logging.getLogger(__name__)


class SpeechLink:
    """The satellite's MQTT side: its birth and will, speech messages, tickets, state."""

    def __init__(self, url: str, center: str, site: str, password: str | None = None) -> None:
        self.center, self.site = center, site
        self.address = BrokerAddress.from_url(url)
        self.inbox: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
        self.seq = 0
        self._seq_lock = threading.Lock()  # taken on paho's thread too (birth on connect)
        client_id = f"{site}-speech-{uuid.uuid4().hex[:8]}"  # two runs never kick each other
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id)
        self.client.on_socket_open = lambda _c, _u, sock: no_delay(sock)
        if password is not None:  # a provisioned account: the device id is the user name
            self.client.username_pw_set(site, password)
        status = topics.STATUS.topic(center=center, device_id=site)
        will = encode(p.Status(device=site, online=False, bd_seq=0))
        self.client.will_set(status, will, qos=1, retain=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._connected = asyncio.Event()
        self._refused = ""

    async def __aenter__(self) -> SpeechLink:
        self._loop = asyncio.get_running_loop()
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        await asyncio.to_thread(self.client.connect, self.address.host, self.address.port, 30)
        self.client.loop_start()
        await asyncio.wait_for(self._connected.wait(), 10)
        if self._refused:
            self.client.loop_stop()
            raise ConnectionError(
                f"{self.site}: the broker refused the connection: {self._refused}"
            )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        status = topics.STATUS.topic(center=self.center, device_id=self.site)
        offline = encode(p.Status(device=self.site, online=False, bd_seq=0))
        self.client.publish(status, offline, qos=1, retain=True).wait_for_publish(5)
        await asyncio.to_thread(self.client.disconnect)
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _u: object, _f: object, rc: Any, _p: object) -> None:
        if rc.is_failure:
            self._refused = str(rc)
            client.disconnect()
            if self._loop:
                self._loop.call_soon_threadsafe(self._connected.set)
            return
        c, s = self.center, self.site
        for spec_filter in (
            topics.COMMAND.filter(center=c, device_id=s),
            topics.ERROR.topic(center=c, device_id=s),
            topics.STATE.topic(center=c, name="queues"),
            topics.STATE.topic(center=c, name="counters"),
            topics.STATE.topic(center=c, name="catalog"),
            topics.SPEECH.topic(center=c, device_id=s, name="say_finished"),
        ):
            client.subscribe(spec_filter, qos=1)
        birth = p.Birth(
            **p.envelope(s, self._next()), kind="speech", bd_seq=0,
            capabilities=["asr:vosk", "lang:vi", "lang:en", "lang:ko"],
        )  # fmt: skip
        client.publish(topics.BIRTH.topic(center=c, device_id=s), encode(birth), 1, True)
        online = p.Status(device=s, online=True, bd_seq=0)
        client.publish(topics.STATUS.topic(center=c, device_id=s), encode(online), 1, True)
        if self._loop:
            self._loop.call_soon_threadsafe(self._connected.set)

    def _on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self.inbox.put_nowait, (msg.topic, bytes(msg.payload)))

    def _next(self) -> int:
        with self._seq_lock:
            self.seq += 1
            return self.seq

    def speech(self, name: str, session: str, **fields: Any) -> sm.SpeechMessage:
        """Publish a speech session message; return it."""
        model = sm.SPEECH_MESSAGES[name]
        message = model(**p.envelope(self.site, self._next()), session=session, **fields)
        topic = topics.SPEECH.topic(center=self.center, device_id=self.site, name=name)
        self.client.publish(topic, encode(message), qos=1)
        return message

    def event(self, name: str, **fields: Any) -> p.DeviceMessage:
        """Send a device event to the floor (a ticket request, a call for staff); return it."""
        model, _kinds = p.EVENTS[name]
        message = model(**p.envelope(self.site, self._next()), **fields)
        topic = topics.EVENT.topic(center=self.center, device_id=self.site, name=name)
        self.client.publish(topic, encode(message), qos=1)
        return message


@dataclass
class Metrics:
    """What the bench and the logs read: latencies from end of speech to the reply."""

    replies: list[float] = field(default_factory=list)
    decode: list[float] = field(default_factory=list)
    audio_seconds: float = 0.0


@dataclass
class Session:
    """One conversation."""

    id: str
    dialog: Dialog
    last: float


class Satellite:
    """Listen, understand, answer; one satellite per site (device id).

    Without a recognizer it answers text only (`handle`): typed input, or tests.
    """

    def __init__(
        self,
        link: SpeechLink,
        recognizer: Recognizer | None,
        understander: Understander,
        view: FloorView,
        lang: Lang = "vi",
        voice: EspeakVoice | None = None,
        keep_audio: Path | None = None,
        end_silence: float = 0.6,
        session_timeout: float = 20.0,
        ticket_timeout: float = 8.0,
    ) -> None:
        self.link, self.recognizer, self.understander = link, recognizer, understander
        self.view, self.lang, self.voice, self.keep_audio = view, lang, voice, keep_audio
        self.end_silence = end_silence
        self.session_timeout, self.ticket_timeout = session_timeout, ticket_timeout
        self.session: Session | None = None
        self.muted_until = 0.0
        self.metrics = Metrics()
        self._pending: dict[str, asyncio.Future[p.TicketIssuedNotice]] = {}
        self._dossiers: dict[str, asyncio.Future[p.DossierAnswer]] = {}
        self._say_done: dict[str, asyncio.Event] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def muted(self) -> bool:
        """Return whether recognition is muted (the device is speaking)."""
        return time.monotonic() < self.muted_until

    async def run(self, source: AudioSource) -> None:
        """Run until the audio source ends; then close the open session."""
        if self.recognizer is None:
            raise ValueError("a satellite without a recognizer takes text only (handle)")
        async with self.reading():
            await self._listen(source, self.recognizer)
            if self.session is not None:
                self._end("done")

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        """Read the floor's messages (tickets, state, say_finished) while inside."""
        inbox = asyncio.create_task(self._read_inbox(), name="speech-inbox")
        try:
            yield
        finally:
            inbox.cancel()

    async def _listen(self, source: AudioSource, recognizer: Recognizer) -> None:
        vad = Vad(rate=source.format.rate, end_silence=self.end_silence)
        utterance = None
        async for chunk in source.chunks():
            self.metrics.audio_seconds += source.format.seconds(len(chunk))
            if self.muted:
                vad.reset()
                utterance = None
                continue
            if self.session and time.monotonic() - self.session.last > self.session_timeout:
                self._end("timeout")
            for event in vad.push(chunk):
                if event.kind == "start":
                    utterance = recognizer.utterance()
                    await utterance.feed(event.pcm)
                elif event.kind == "audio" and utterance is not None:
                    await utterance.feed(event.pcm)
                elif event.kind == "end" and utterance is not None:
                    await self._utterance_ended(utterance, recognizer.rate)
                    utterance = None
        if vad.flush() and utterance is not None:
            await self._utterance_ended(utterance, recognizer.rate)

    async def _utterance_ended(self, utterance: Any, rate: int) -> None:
        ended = time.perf_counter()
        audio = bytes(utterance.audio) if self.keep_audio else b""
        transcript = await utterance.finish()
        self.metrics.decode.append(time.perf_counter() - ended)
        if audio:
            self._keep(audio, rate)
        await self.handle(transcript, ended)

    async def handle(self, transcript: Transcript, ended: float | None = None) -> None:
        """Answer one transcript within the current (or a new) session."""
        ended = ended or time.perf_counter()
        session = self._session()
        sid = session.id
        said = redact(transcript.text)
        if not said:
            self.link.speech("not_recognized", sid, text="", confidence=0.0)
            return
        self.link.speech(
            "text_captured", sid, text=said[:1000], confidence=transcript.confidence,
            seconds=round(transcript.seconds, 3), mode=transcript.mode, lang=self.lang,
        )  # fmt: skip
        u = self.understander.understand(transcript.text, self.lang)
        if u.intent == "unknown":
            self.link.speech(
                "not_recognized", sid, text=said[:1000], confidence=transcript.confidence
            )
        else:
            self.link.speech(
                "intent", sid, intent=u.intent, procedure=u.procedure, ticket=u.ticket,
                counter=u.counter, target_lang=u.lang, lang=u.said_in, text=said[:1000],
                confidence=transcript.confidence,
            )  # fmt: skip
        log.info("%s: %s (%s, %.2f)", sid, u.intent, u.procedure or "-", u.confidence)
        if u.intent == "ask_staff":  # the managers are alerted; an emergency above all else
            self.link.event("staff_request", text=said[:300], lang=u.said_in, urgent=u.urgent)
        elif u.intent == "request_refreshment":  # a refreshment robot brings water to the seats
            self.link.event("refreshment_request", note=said[:200])
        reply = session.dialog.respond(u)
        text = reply.text
        if reply.ticket_for:
            text = await self._ticket(session, reply.ticket_for, reply.lang)
        self.metrics.replies.append(time.perf_counter() - ended)
        await self.say(text, reply.lang)
        session.last = time.monotonic()
        if reply.end:
            self._end("done")

    async def _ticket(self, session: Session, procedure: str, lang: Lang) -> str:
        request = self.link.event("ticket_request", procedure=procedure, lang=lang, guidance=True)
        future: asyncio.Future[p.TicketIssuedNotice] = asyncio.get_running_loop().create_future()
        self._pending[request.id] = future
        try:
            notice = await asyncio.wait_for(future, self.ticket_timeout)
        except TimeoutError:
            log.warning("%s: no ticket for request %s", self.link.site, request.id)
            return session.dialog.ticket_failed()
        finally:
            self._pending.pop(request.id, None)
        return session.dialog.issued(notice)

    async def receipt(self, code: str) -> None:
        """Say what the city knows of the dossier on a receipt the device has scanned."""
        lang = self.lang
        try:
            code = dossier_code(code)
        except BadCode:
            await self.say(unreadable(lang), lang)
            return
        query = self.link.event("dossier_query", code=code, lang=lang)
        future: asyncio.Future[p.DossierAnswer] = asyncio.get_running_loop().create_future()
        self._dossiers[query.id] = future
        try:
            text = (await asyncio.wait_for(future, self.ticket_timeout)).text
        except TimeoutError:
            log.warning("%s: no answer about dossier %s", self.link.site, query.id)
            text = say_dossier(Answer(code, "unavailable", None, None), lang)
        finally:
            self._dossiers.pop(query.id, None)
        await self.say(text, lang)

    async def say(self, text: str, lang: Lang) -> None:
        """Publish the reply and mute recognition while it is spoken."""
        sid = self.session.id if self.session else uuid.uuid4().hex
        # Until the voice reports back: about 70 ms a character, at most 30 s.
        self.muted_until = time.monotonic() + min(30.0, 1.0 + 0.07 * len(text))
        message = self.link.speech("say", sid, text=text[:1000], lang=lang)
        if self.voice is not None:
            await self.voice.speak(text, lang)
            self.muted_until = time.monotonic() + 0.3  # the room's echo dies down
        else:
            done = self._say_done.setdefault(message.id, asyncio.Event())
            task = asyncio.create_task(self._unmute_when(done, message.id))
            self._tasks.add(task)  # a reference kept until it ends
            task.add_done_callback(self._tasks.discard)

    async def _unmute_when(self, done: asyncio.Event, ref: str) -> None:
        try:
            await asyncio.wait_for(done.wait(), max(0.0, self.muted_until - time.monotonic()))
            self.muted_until = time.monotonic() + 0.3
        except TimeoutError:
            pass
        finally:
            self._say_done.pop(ref, None)

    def _session(self) -> Session:
        if self.session is None:
            sid = uuid.uuid4().hex[:16]
            self.session = Session(sid, Dialog(self.view, self.lang), time.monotonic())
            self.link.speech("session_started", sid, lang=self.lang)
        return self.session

    def _end(self, reason: str) -> None:
        if self.session is not None:
            self.link.speech("session_ended", self.session.id, reason=reason)
            self.session = None

    def _keep(self, audio: bytes, rate: int) -> None:
        assert self.keep_audio is not None
        self.keep_audio.mkdir(parents=True, exist_ok=True)
        path = self.keep_audio / f"{datetime.now():%Y%m%d-%H%M%S-%f}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(audio)

    async def _read_inbox(self) -> None:
        while True:
            topic, payload = await self.link.inbox.get()
            try:
                self._dispatch(topic, payload)
            except BadPayload as exc:  # a malformed message is dropped; the satellite goes on
                log.warning("%s: refused %s: %s", self.link.site, topic, exc.code)

    def _dispatch(self, topic: str, payload: bytes) -> None:
        state = topics.STATE.match(topic)
        if state is not None and payload:
            if state["name"] == "queues":
                self.view.queues = decode(p.QueuesState, payload)
            elif state["name"] == "counters":
                self.view.counters = decode(p.CountersState, payload)
            elif state["name"] == "catalog":  # a city version: answer from what the floor runs
                catalog = decode(p.CatalogState, payload, MAX_PUBLISH).catalog
                if catalog != self.view.catalog:
                    self.view.catalog = catalog
                    self.understander = Understander(catalog)
                    if self.recognizer is not None and self.recognizer.grammar is not None:
                        self.recognizer.listen_for(grammar_phrases(catalog, self.lang))
            return
        command = topics.COMMAND.match(topic)
        if command is not None and command["name"] == "ticket":
            notice = decode(p.TicketIssuedNotice, payload)
            future = self._pending.get(notice.request_id)
            if future is not None and not future.done():
                future.set_result(notice)
            return
        if command is not None and command["name"] == "dossier":
            answer = decode(p.DossierAnswer, payload)
            waiting = self._dossiers.get(answer.ref)
            if waiting is not None and not waiting.done():
                waiting.set_result(answer)
            return
        if topics.SPEECH.match(topic) is not None:
            finished = decode(sm.SayFinished, payload)
            done = self._say_done.get(finished.ref)
            if done is not None:
                done.set()
            return
        if topics.ERROR.match(topic) is not None:
            report = decode(p.ErrorReport, payload)
            log.warning("%s: floor refused %s: %s", self.link.site, report.ref, report.code)


def _dump(model: BaseModel) -> str:
    return model.model_dump_json()


async def serve(args: argparse.Namespace) -> None:
    """Load everything from command-line options and run until the audio ends."""
    from floor.config import load_catalog, load_center
    from speech.audio import open_source
    from speech.models import resolve

    catalog = load_catalog(args.catalog)
    center = load_center(args.center, catalog)
    center_id = args.center_id or center.center.id
    if center.device(args.site) is None:
        log.warning("%s is not a registered device of %s", args.site, center_id)
    model_path = resolve(args.model or ("vi-small" if args.lang == "vi" else args.lang))
    source = open_source(args.audio, args.rate, args.pace)
    phrases = grammar_phrases(catalog, args.lang) if args.mode == "grammar" else None
    recognizer = await Recognizer.load(model_path, source.format.rate, phrases)
    log.info("model %s loaded in %.1f s", model_path, recognizer.load_seconds)
    voice = EspeakVoice() if args.tts == "espeak" else None
    try:
        password = args.password_file.read_text().strip() if args.password_file else None
        async with SpeechLink(args.broker, center_id, args.site, password) as link:
            satellite = Satellite(
                link, recognizer, Understander(catalog), FloorView(catalog, center), args.lang,
                voice, args.keep_audio, args.end_silence,
            )  # fmt: skip
            await satellite.run(source)
            await asyncio.sleep(0.2)  # let the last QoS 1 messages leave
    finally:
        recognizer.close()


def run_from_args(args: argparse.Namespace) -> int:
    """`floor speech run`: configure logging and run the satellite."""
    from speech.audio import AudioError
    from speech.models import ModelError

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(serve(args))
    except (AudioError, ModelError) as exc:
        print(f"floor speech run: {exc}")
        return 1
    return 0
