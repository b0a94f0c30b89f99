"""Live updates: the whole floor view as server-sent events, again on every change."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import FloorPublic

router = APIRouter(tags=["live"])


@router.get("/floor")
async def floor_now(console: ConsoleDep, _user: CurrentUser) -> FloorPublic:
    """Return the floor view now (what /api/live sends on each change)."""
    return console.view()


@router.get(
    "/live",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def live(request: Request, console: ConsoleDep, _user: CurrentUser) -> StreamingResponse:
    """Stream `event: floor` (a whole FloorPublic as JSON) first and whenever a version
    was missed, else `event: delta` (only the top-level keys that changed, to merge);
    gzip-compressed when the browser accepts it."""
    if console.live is None:
        raise HTTPException(503, "the console is starting")
    gzip = "gzip" in request.headers.get("accept-encoding", "")
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    if gzip:
        headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return StreamingResponse(
        console.live.stream(gzip=gzip), media_type="text/event-stream", headers=headers
    )
