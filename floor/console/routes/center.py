"""The center: names for the page, and the floor map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from floor.console.deps import ConsoleDep, CurrentUser
from floor.console.schemas import CenterPublic, FieldPublic, NamePublic, ProcedurePublic

router = APIRouter(tags=["center"])


@router.get("/center")
async def center(console: ConsoleDep, _user: CurrentUser) -> CenterPublic:
    """Return the center, its counters, fields, procedures and robots."""
    state = console.state
    config, catalog = state.config, state.catalog
    return CenterPublic(
        id=config.center.id,
        name=config.center.name,
        timezone=config.center.timezone,
        rating_levels=config.policy.rating_levels,
        wait_alert_min=console.wait_alert_min,
        counters=sorted(state.counters),
        fields=[
            FieldPublic(id=f.id, prefix=f.prefix, name=NamePublic(vi=f.name.vi, en=f.name.en))
            for f in catalog.fields
        ],
        procedures=[
            ProcedurePublic(
                id=p.id,
                field=p.field,
                name=NamePublic(vi=p.name.vi, en=p.name.en),
                documents=list(p.documents),
            )
            for p in catalog.procedures
        ],
        robots=[r.id for r in config.robots],
    )


@router.get("/layout")
async def layout(console: ConsoleDep, _user: CurrentUser) -> dict[str, Any]:
    """Return the floor map (metres, origin at the south-west corner): blocks and places."""
    plan = console.state.config.layout
    if plan is None:
        raise HTTPException(404, "this center has no floor map")
    return plan.model_dump(mode="json")
