"""Payloads of speech satellites (Hermes-style session messages) on `speech/{device_id}/{name}`.

A satellite on a guide robot or a kiosk publishes what happens in a voice session:
only text, intents and session events, never audio. `device` is the satellite's device
id (Hermes' siteId) and `session` the session id shared by every message of one
conversation.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from devices.payloads import DeviceMessage, MessageId, TicketNumber
from floor.core.catalog import Ident, Lang

Confidence = Annotated[float, Field(ge=0, le=1)]
Text = Annotated[str, Field(max_length=1000)]
SpeechIntent = Literal[
    "greeting",
    "goodbye",
    "ask_procedure",
    "take_ticket",
    "ask_queue_status",
    "ask_counter",
    "request_refreshment",
    "ask_staff",
    "ask_hours",
    "ask_directions",
    "give_feedback",
    "change_language",
    "unknown",
]


class SpeechMessage(DeviceMessage):
    """Every speech message: the satellite (device), its sequence number and the session."""

    session: MessageId


class SessionStarted(SpeechMessage):
    """Someone started speaking to the satellite: a voice session begins."""

    lang: Lang
    reason: Literal["voice", "wake", "button"] = "voice"


class SessionEnded(SpeechMessage):
    """The session is over (goodbye, silence, or an error)."""

    reason: Literal["done", "timeout", "error", "aborted"]


class TextCaptured(SpeechMessage):
    """An utterance was recognised: its text and the recogniser's confidence."""

    text: Text
    confidence: Confidence
    seconds: Annotated[float, Field(ge=0)]
    mode: Literal["grammar", "free"]
    lang: Lang


class IntentRecognized(SpeechMessage):
    """The utterance's intent and slots. `ask_staff` and `request_refreshment` are
    acted on by the console and the robots."""

    intent: SpeechIntent
    procedure: Ident | None = None
    ticket: TicketNumber | None = None
    counter: Annotated[int, Field(ge=1, le=999)] | None = None
    target_lang: Lang | None = None
    lang: Lang
    text: Text
    confidence: Confidence


class NotRecognized(SpeechMessage):
    """Nothing usable was heard (or no intent was found in it)."""

    text: Text
    confidence: Confidence


class Say(SpeechMessage):
    """Text for the device's voice to speak; recognition is muted until it is spoken."""

    text: Text
    lang: Lang


class SayFinished(SpeechMessage):
    """The device's own voice finished speaking `ref` (a Say id); recognition resumes."""

    ref: MessageId


SPEECH_MESSAGES: dict[str, type[SpeechMessage]] = {
    "session_started": SessionStarted,
    "session_ended": SessionEnded,
    "text_captured": TextCaptured,
    "intent": IntentRecognized,
    "not_recognized": NotRecognized,
    "say": Say,
    "say_finished": SayFinished,
}
"""Speech messages by `speech/{device_id}/{name}`."""
