"""Sign in and out, and who is signed in."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from floor.console.auth import COOKIE
from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import LoginCreate, UserPublic

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", responses={401: {}, 429: {}, 503: {}})
async def login(
    body: LoginCreate, request: Request, response: Response, console: ConsoleDep
) -> UserPublic:
    """Check a name and password; open a session in an HttpOnly, SameSite=Strict cookie.

    After 5 wrong passwords in 5 minutes for a name from one address (or 20 from an
    address), sign-in from there is refused with 429 and Retry-After; other addresses
    are not affected. With too many sign-ins under way: 503 and Retry-After.
    """
    address = request.client.host if request.client else "?"
    name = body.username
    wait = console.limiter.retry_after(name, address)
    if wait:
        raise HTTPException(429, "too many wrong passwords", {"Retry-After": str(wait)})
    mark = console.limiter.attempt(name, address)
    user = await console.passwords.verify(name, body.password)
    if user is None:
        raise HTTPException(401, "wrong name or password")
    console.limiter.succeeded(name, address, mark)
    secure = console.secure_cookie
    if secure is None:
        secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE,
        console.sessions.open(user),
        max_age=int(console.sessions.ttl_s),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    return UserPublic(name=user.name, role=user.role, counter=user.counter)


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response, console: ConsoleDep) -> None:
    """End the session."""
    console.sessions.close(request.cookies.get(COOKIE))
    response.delete_cookie(COOKIE, path="/")


@router.get("/me")
async def me(user: CurrentUser) -> UserPublic:
    """Return the signed-in user."""
    return UserPublic(name=user.name, role=user.role, counter=user.counter)
