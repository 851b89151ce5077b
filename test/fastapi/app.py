"""A FastAPI application written from the five API reference pages, the way a backend team would.

Pydantic models, `Query` / `Header` / `Path` parameters with the pages' constraints, `HTTPBearer`
and `HTTPException`: nothing here is taken from the package's spec or code. It serves one
organization's data (enough for several pages of each list) from memory.

    python3 app.py PORT [stock|documented] [MUTATION]
    python3 app.py --openapi [MUTATION]     (prints the app's OpenAPI document, as CI would dump it)

`stock` answers as FastAPI does out of the box. `documented` adds the handlers a team would add to
send the error shape of the API's error-handling guide (a list of `{loc, msg, type, code}`) and a
401 for a missing token. The app is mounted under `/v1-beta`, as the API is deployed: its own
document is `/v1-beta/openapi.json`.

MUTATION changes the app the way a backend change could drift from the pages (see MUTATIONS); the
contract's tests check that `conform` and `verify` notice each one.
"""

import datetime as dt
import enum
import sys
import uuid
from typing import List, Optional

import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, EmailStr, Field, confloat, conint, conlist, constr
from starlette.exceptions import HTTPException as StarletteHTTPException

DUMP = len(sys.argv) > 1 and sys.argv[1] == "--openapi"
MODE = "stock" if DUMP else (sys.argv[2] if len(sys.argv) > 2 else "stock")
MUTATION = (sys.argv[2] if len(sys.argv) > 2 else "") if DUMP else (sys.argv[3] if len(sys.argv) > 3 else "")

MUTATIONS = {
    "limit-maximum-lowered": "GET /guest-connections reads `limit` up to 50, not 100",
    "invitation-status-dropped": "InvitationStatus loses `accepted_by_system`",
    "total-score-renamed": "GuestConnection's optional `total_score` is renamed `score`",
    "guest-email-optional": "GuestConnection's `guest_email` is optional and sent as null for some rows",
    "search-field-required": "GET /guest-connections requires `search_field`",
    "offset-minimum-raised": "GET /guest-connections reads `offset` from 1",
    "search-text-pattern": "GET /guest-connections takes `search_text` of ASCII letters, digits and spaces only",
    "total-items-string": "the guest connections page sends `total_items` as a string",
    "owner-email-removed": "GuestConnection loses `owner_email`",
    "created-at-nullable": "GuestConnection's `created_at` may be null, and is for one row",
    "archived-filter-dropped": "GET /guest-connections no longer reads the `archived` filter",
    "search-text-max-lowered": "GET /guest-connections takes `search_text` of at most 100 characters",
    "limit-maximum-raised": "GET /guest-connections reads `limit` up to 200 (looser)",
    "status-enum-extended": "ConnectionStatus gains `pending`, sent for one row (the enum is open)",
}
if MUTATION and MUTATION not in MUTATIONS:
    sys.exit(f"unknown mutation {MUTATION!r}; known: {', '.join(MUTATIONS)}")


def mutated(name: str) -> bool:
    return MUTATION == name


def choices(name: str, values: str) -> type:
    """A string enum of the values a page lists under "Available options"."""
    return enum.Enum(name, {value: value for value in values.split()}, type=str)


ConnectionStatus = choices("ConnectionStatus", "connected disconnected" + (" pending" if mutated("status-enum-extended") else ""))
ActionType = choices("ActionType", "analytics_request")
InvitationStatus = choices("InvitationStatus", "sent accepted_by_guest" + ("" if mutated("invitation-status-dropped") else " accepted_by_system"))
OrderDir = choices("OrderDir", "asc desc")
GuestSearchField = choices("GuestSearchField", "guest_name guest_email owner_email")
GuestOrderBy = choices(
    "GuestOrderBy",
    "guest_name guest_email owner_email total_score score_updated_at created_at updated_at archived_at active_action_updated_at",
)
HostSearchField = choices("HostSearchField", "host_name host_email owner_email")
HostOrderBy = choices("HostOrderBy", "host_name host_email owner_email created_at updated_at archived_at active_action_updated_at")
InvitationOrderBy = choices(
    "InvitationOrderBy",
    "email first_invitation_sent_at last_invitation_sent_at expired_at accepted_at archived_at created_at updated_at",
)


class GuestConnection(BaseModel):
    host_organization_id: uuid.UUID
    guest_organization_id: uuid.UUID
    status: ConnectionStatus
    guest_name: constr(min_length=1, max_length=300)
    if mutated("guest-email-optional"):
        guest_email: Optional[EmailStr] = None
    else:
        guest_email: EmailStr
    if not mutated("owner-email-removed"):
        owner_email: EmailStr
    archived: bool
    if mutated("created-at-nullable"):
        created_at: Optional[dt.datetime] = Field(..., nullable=True)
    else:
        created_at: dt.datetime
    updated_at: dt.datetime
    if mutated("total-score-renamed"):
        score: Optional[confloat(ge=0)] = None
    else:
        total_score: Optional[confloat(ge=0)] = None
    score_updated_at: Optional[dt.datetime] = None
    archived_at: Optional[dt.datetime] = None
    active_action_type: Optional[ActionType] = None
    active_action_updated_at: Optional[dt.datetime] = None
    parent_organization_id: Optional[uuid.UUID] = None
    parent_organization_name: Optional[constr(min_length=1, max_length=300)] = None


class GuestConnectionPage(BaseModel):
    items: conlist(GuestConnection, max_items=100)
    if mutated("total-items-string"):
        total_items: str
    else:
        total_items: conint(ge=0)


class GuestConnectionPatch(BaseModel):
    archived: bool


class HostConnection(BaseModel):
    host_organization_id: uuid.UUID
    guest_organization_id: uuid.UUID
    host_name: str
    host_email: EmailStr
    owner_email: EmailStr
    status: ConnectionStatus
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    archived_at: Optional[dt.datetime] = None
    active_action_type: Optional[ActionType] = None
    active_action_updated_at: Optional[dt.datetime] = None


class HostConnectionPage(BaseModel):
    items: conlist(HostConnection, max_items=100)
    total_items: conint(ge=0)


class GuestInvitation(BaseModel):
    id: uuid.UUID
    host_organization_id: uuid.UUID
    email: EmailStr
    first_invitation_sent_at: dt.datetime
    last_invitation_sent_at: dt.datetime
    expired_at: dt.datetime
    expired: bool
    status: InvitationStatus
    invitation_token: str
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    accepted_at: Optional[dt.datetime] = None
    archived_at: Optional[dt.datetime] = None
    parent_organization_id: Optional[uuid.UUID] = None
    parent_organization_name: Optional[str] = None


class GuestInvitationPage(BaseModel):
    items: conlist(GuestInvitation, max_items=100)
    total_items: conint(ge=0)


# --- data -------------------------------------------------------------------------------------

NAMES = ["Müller Feinkost GmbH", "Ünal Tekstil", "Example Corp", "Nordwind Logistik", "株式会社サンプル", "Acme Credit"]
EMAILS = ["jörg.müller@beispiel.de", "info@ünal-tekstil.com.tr", "contact@example.com", "finance@nordwind.example", "担当@例え.jp"]
HOST_ORG_ID = uuid.UUID("d290f1ee-6c54-4b01-90e6-d701748f0851")
KNOWN_GUEST = uuid.UUID("c9b1f0d1-8d3f-4cfa-91b8-9f9b0c5e2a77")
START = dt.datetime(2025, 1, 1)


def when(day: int, n: int) -> dt.datetime:
    """A naive timestamp; odd `n` carry microseconds, as real rows do."""
    return START + dt.timedelta(days=day, hours=n % 24, seconds=n * 13, microseconds=(n * 4321) % 1000000 if n % 2 else 0)


def make_id(kind: int, n: int) -> uuid.UUID:
    return uuid.UUID(int=(kind << 120) | (0x4 << 76) | (0x8 << 60) | n)


def guest_connection(n: int) -> GuestConnection:
    fields = dict(
        host_organization_id=HOST_ORG_ID,
        guest_organization_id=KNOWN_GUEST if n == 0 else make_id(1, n),
        status="pending" if mutated("status-enum-extended") and n == 1 else "disconnected" if n % 4 == 2 else "connected",
        guest_name=f"{NAMES[n % len(NAMES)]} {n}",
        guest_email=None if mutated("guest-email-optional") and n % 7 == 0 else EMAILS[n % len(EMAILS)],
        owner_email="owner@host.example",
        archived=n % 5 == 3,
        created_at=None if mutated("created-at-nullable") and n == 1 else when(n, n),
        updated_at=when(n + 40, n + 1),
        total_score=None if n % 3 == 1 else (n * 7.5) % 100,
        score_updated_at=None if n % 3 == 1 else when(n + 20, n),
        archived_at=when(n + 60, n) if n % 5 == 3 else None,
        active_action_type="analytics_request" if n % 2 == 0 else None,
        active_action_updated_at=when(n + 30, n) if n % 2 == 0 else None,
        parent_organization_id=make_id(9, n) if n % 6 == 0 else None,
        parent_organization_name=f"Parent {n}" if n % 6 == 0 else None,
    )
    if mutated("total-score-renamed"):
        fields["score"] = fields.pop("total_score")
    if mutated("owner-email-removed"):
        del fields["owner_email"]
    return GuestConnection(**fields)


GUEST_CONNECTIONS = [guest_connection(n) for n in range(30)]
HOST_CONNECTIONS = [
    HostConnection(
        host_organization_id=make_id(2, n),
        guest_organization_id=KNOWN_GUEST,
        host_name=f"{NAMES[(n + 2) % len(NAMES)]} Lending {n}",
        host_email=EMAILS[(n + 1) % len(EMAILS)],
        owner_email="owner@host.example",
        status="disconnected" if n % 5 == 4 else "connected",
        archived=n % 4 == 1,
        created_at=when(n, n + 3),
        updated_at=when(n + 10, n + 4),
        archived_at=when(n + 50, n) if n % 4 == 1 else None,
        active_action_type="analytics_request" if n % 3 == 0 else None,
        active_action_updated_at=when(n + 5, n) if n % 3 == 0 else None,
    )
    for n in range(14)
]
GUEST_INVITATIONS = [
    GuestInvitation(
        id=make_id(3, n),
        host_organization_id=HOST_ORG_ID,
        email=EMAILS[(n + 3) % len(EMAILS)],
        first_invitation_sent_at=when(n, n),
        last_invitation_sent_at=when(n + 2, n),
        expired_at=when(n + (5 if n % 6 == 0 else 400), n),
        expired=n % 6 == 0,
        status=list(InvitationStatus)[n % len(InvitationStatus)],
        invitation_token=f"invitation-{n}",
        archived=n % 6 == 5,
        created_at=when(n, n),
        updated_at=when(n + 3, n + 1),
        accepted_at=None if n % 3 == 0 else when(n + 4, n),
        archived_at=when(n + 9, n) if n % 6 == 5 else None,
    )
    for n in range(18)
]


def page(rows, statuses, limit, offset, order_by, order_dir, search=None, **filters):
    found = [row for row in rows if row.status in statuses]
    for name, value in filters.items():
        if value is None:
            continue
        if isinstance(value, list):
            found = [row for row in found if getattr(row, name) in value]
        else:
            found = [row for row in found if getattr(row, name) == value]
    if search is not None and search[1] is not None:
        field, text = search
        found = [row for row in found if text.lower() in str(getattr(row, field)).lower()]
    order_by = order_by.value
    present = [row for row in found if getattr(row, order_by) is not None]
    absent = [row for row in found if getattr(row, order_by) is None]
    present.sort(key=lambda row: getattr(row, order_by), reverse=order_dir == OrderDir.desc)
    found = present + absent
    total = str(len(found)) if mutated("total-items-string") else len(found)
    return {"items": found[offset : offset + limit], "total_items": total}


# --- the application ----------------------------------------------------------------------------

app = FastAPI(title="MyCreditApp v1-beta")
# The API as deployed: everything under /v1-beta (root = the ASGI app uvicorn serves).
root = FastAPI()
root.mount("/v1-beta", app)


class DocumentedBearer(HTTPBearer):
    """The guide's status for a missing token: 401 (as FastAPI itself answers in later releases)."""

    async def __call__(self, request: Request) -> Optional[HTTPAuthorizationCredentials]:
        try:
            return await super().__call__(request)
        except HTTPException as error:
            raise HTTPException(401, error.detail, headers={"WWW-Authenticate": "Bearer"})


bearer = DocumentedBearer() if MODE == "documented" else HTTPBearer()


def self_only(requester: uuid.UUID, target: uuid.UUID) -> None:
    if requester != target:
        raise HTTPException(403, "The requester is not allowed to perform this operation on the target organization.")


@app.get("/guest-connections", response_model=GuestConnectionPage)
def list_guest_connections(
    statuses: List[ConnectionStatus] = Query(..., min_items=1),
    search_field: GuestSearchField = Query(...) if mutated("search-field-required") else GuestSearchField.guest_name,
    search_text: Optional[str] = Query(
        None,
        min_length=1,
        max_length=100 if mutated("search-text-max-lowered") else 255,
        regex=r"^[A-Za-z0-9 ]+$" if mutated("search-text-pattern") else None,
    ),
    order_by: GuestOrderBy = GuestOrderBy.guest_name,
    active_action_types: Optional[List[ActionType]] = Query(None, min_items=1),
    order_dir: OrderDir = OrderDir.asc,
    # Dropped: a dependency without parameters reads nothing from the request, so the filter is ignored.
    archived: Optional[bool] = Depends(lambda: None) if mutated("archived-filter-dropped") else None,
    limit: int = Query(..., le=50 if mutated("limit-maximum-lowered") else 200 if mutated("limit-maximum-raised") else 100),
    offset: int = Query(..., ge=1 if mutated("offset-minimum-raised") else 0),
    credentials: HTTPAuthorizationCredentials = Depends(bearer),
    requester_organization_id: uuid.UUID = Header(...),
    target_organization_id: uuid.UUID = Header(...),
):
    return page(GUEST_CONNECTIONS, statuses, limit, offset, order_by, order_dir, search=(search_field.value, search_text), archived=archived, active_action_type=active_action_types)


def find_connection(guest_org_id: uuid.UUID) -> GuestConnection:
    for connection in GUEST_CONNECTIONS:
        if connection.guest_organization_id == guest_org_id:
            return connection
    raise HTTPException(404, "Guest connection not found")


@app.get("/guest-connections/{guest_org_id}", response_model=GuestConnection)
def get_guest_connection(
    guest_org_id: uuid.UUID = Path(...),
    credentials: HTTPAuthorizationCredentials = Depends(bearer),
    requester: uuid.UUID = Header(..., alias="Requester-Organization-ID"),
    target: uuid.UUID = Header(..., alias="Target-Organization-ID"),
):
    self_only(requester, target)
    return find_connection(guest_org_id)


@app.patch("/guest-connections/{guest_org_id}", response_model=GuestConnection)
def patch_guest_connection(
    change: GuestConnectionPatch,
    guest_org_id: uuid.UUID = Path(...),
    credentials: HTTPAuthorizationCredentials = Depends(bearer),
    requester: uuid.UUID = Header(..., alias="Requester-Organization-ID"),
    target: uuid.UUID = Header(..., alias="Target-Organization-ID"),
):
    connection = find_connection(guest_org_id)
    if connection.archived != change.archived:
        now = dt.datetime.utcnow()
        connection.archived = change.archived
        connection.archived_at = now if change.archived else None
        connection.updated_at = now
    return connection


@app.get("/host-connections", response_model=HostConnectionPage)
def list_host_connections(
    statuses: List[ConnectionStatus] = Query(...),
    search_field: HostSearchField = HostSearchField.host_name,
    search_text: Optional[str] = Query(None, min_length=1, max_length=255),
    order_by: HostOrderBy = HostOrderBy.host_name,
    order_dir: OrderDir = OrderDir.asc,
    archived: Optional[bool] = None,
    active_action_types: Optional[List[ActionType]] = Query(None, min_items=1),
    limit: int = Query(..., le=100),
    offset: int = Query(..., ge=0),
    credentials: HTTPAuthorizationCredentials = Depends(bearer),
    requester: uuid.UUID = Header(..., alias="Requester-Organization-ID"),
    target: uuid.UUID = Header(..., alias="Target-Organization-ID"),
):
    return page(HOST_CONNECTIONS, statuses, limit, offset, order_by, order_dir, search=(search_field.value, search_text), archived=archived, active_action_type=active_action_types)


@app.get("/guest-invitations", response_model=GuestInvitationPage)
def list_guest_invitations(
    statuses: List[InvitationStatus] = Query(..., min_items=1),
    email_search: Optional[str] = Query(None, min_length=1, max_length=255),
    expired: Optional[bool] = None,
    archived: Optional[bool] = None,
    order_by: InvitationOrderBy = InvitationOrderBy.last_invitation_sent_at,
    order_dir: OrderDir = OrderDir.asc,
    limit: int = Query(..., le=100),
    offset: int = Query(..., ge=0),
    credentials: HTTPAuthorizationCredentials = Depends(bearer),
    requester: uuid.UUID = Header(..., alias="Requester-Organization-ID"),
    target: uuid.UUID = Header(..., alias="Target-Organization-ID"),
):
    self_only(requester, target)
    return page(GUEST_INVITATIONS, statuses, limit, offset, order_by, order_dir, search=("email", email_search), expired=expired, archived=archived)


if MODE == "documented":
    # The error-handling guide's shape: a list of {loc, msg, type, code}.
    CODES = {401: "oauth_invalid_client_credentials", 403: "unsupported_crud_operation", 404: "not_found", 405: "method_not_allowed"}

    @app.exception_handler(StarletteHTTPException)
    async def documented_http_error(request: Request, error: StarletteHTTPException):
        kind = "oauth" if error.status_code == 401 else "request"
        item = {"loc": [], "msg": str(error.detail), "type": kind, "code": CODES.get(error.status_code, "error")}
        return JSONResponse({"detail": [item]}, status_code=error.status_code, headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def documented_validation_error(request: Request, error: RequestValidationError):
        items = [{"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"], "code": "request_validation_error"} for item in error.errors()]
        return JSONResponse({"detail": items}, status_code=422)


if __name__ == "__main__":
    if DUMP:
        # What a backend's CI dumps for `conform`, without starting a server.
        import json

        print(json.dumps(app.openapi(), indent=2))
    else:
        uvicorn.run(root, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
