"""The reference stack for the benchmark: FastAPI + SQLAlchemy (ORM) + SQLite, from Debian.

A minimal peer of the API over a copy of the same database file, doing the same work: HS256
bearer tokens checked with hmac/hashlib and the caller read from the database on every
authenticated request, search with the same filters, limit and count, PBKDF2-SHA256 at
100 000 iterations. No cache. One uvicorn worker, access log on. Env: PORT, DATABASE_PATH,
JWT_SECRET. Run with Debian's /usr/bin/python3.
"""

import hashlib
import os
import secrets
import time
import uuid
from datetime import datetime
from typing import Optional

import uvicorn
from fastapi import FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Extra, root_validator
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from reference_kit import (
    ACCESS_TTL,
    BEARER_RE,
    CLAIM,
    EMAIL_RE,
    ISSUER,
    LOCKOUT_MS,
    MAX_FAILED,
    REFRESH_TTL,
    USERNAME_RE,
    UUID_RE,
    RefreshToken,
    Refused,
    SessionLocal,
    User,
    b64url,
    hash_password,
    jwt_sign,
    jwt_verify,
    problem,
    user_output,
    verify_password,
)


def authenticate(db, authorization: Optional[str]) -> User:
    """Verifies the bearer token, then reads the caller's status and role from the database."""
    if authorization is None:
        raise Refused(problem(401, "UNAUTHENTICATED", "Unauthenticated"))
    match = BEARER_RE.match(authorization)
    claims = jwt_verify(match.group(1) if match else "")
    caller = db.query(User).filter(User.id == claims["sub"], User.deleted_at.is_(None)).first()
    if caller is None or caller.status != "active":
        raise Refused(problem(401, "INVALID_TOKEN", "Invalid token"))
    return caller


class Registration(BaseModel, extra=Extra.forbid):
    username: str
    email: str
    password: str

    @root_validator(skip_on_failure=True)
    def rules(cls, values):
        username, password = values["username"], values["password"]
        values["email"] = email = values["email"].strip().lower()
        if not USERNAME_RE.match(username):
            raise ValueError("username: 3-32 of A-Z, a-z, 0-9, '.', '_', '-'")
        if len(email) > 254 or not EMAIL_RE.match(email):
            raise ValueError("email: must be a valid email address")
        if not 12 <= len(password) <= 128 or username.lower() in password.lower():
            raise ValueError("password: 12 to 128 characters, without the username")
        return values


class Login(BaseModel, extra=Extra.forbid):
    login: str
    password: str


app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.exception_handler(Refused)
def refused(_request: Request, error: Refused) -> JSONResponse:
    return error.response


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/api/v1/users/{user_id}")
def get_user(user_id: str, authorization: Optional[str] = Header(None)):
    with SessionLocal() as db:
        caller = authenticate(db, authorization)
        if not UUID_RE.match(user_id):
            return problem(400, "INVALID_ARGUMENT", "Invalid argument")
        if caller.role != "admin" and caller.id != user_id:
            return problem(403, "PERMISSION_DENIED", "Permission denied")
        user = db.query(User).filter(User.id == user_id, User.deleted_at.is_(None)).first()
        if user is None:
            return problem(404, "USER_NOT_FOUND", "User not found")
        return user_output(user)


SORTS = {
    "createdAt": (User.created_at.asc(), User.id.asc()),
    "-createdAt": (User.created_at.desc(), User.id.desc()),
    "username": (func.lower(User.username).asc(), User.id.asc()),
    "-username": (func.lower(User.username).desc(), User.id.desc()),
}


@app.get("/api/v1/users")
def search_users(
    authorization: Optional[str] = Header(None),
    username: Optional[str] = Query(None, min_length=1, max_length=32),
    email: Optional[str] = Query(None),
    status: Optional[str] = Query(None, regex="^(active|suspended)$"),
    created_from: Optional[datetime] = Query(None, alias="createdFrom"),
    created_to: Optional[datetime] = Query(None, alias="createdTo"),
    page: int = Query(1, ge=1),
    page_size: int = Query(20, ge=1, le=100, alias="pageSize"),
    sort: str = Query("-createdAt", regex="^-?(createdAt|username)$"),
):
    with SessionLocal() as db:
        caller = authenticate(db, authorization)
        if caller.role != "admin":
            return problem(403, "PERMISSION_DENIED", "Permission denied")
        if page * page_size > 10_000:
            return problem(400, "VALIDATION_ERROR", "Validation error")
        where = [User.deleted_at.is_(None)]
        if username is not None:
            where.append(func.instr(func.lower(User.username), username.lower()) > 0)
        if email is not None:
            where.append(func.lower(User.email) == email.strip().lower())
        if status is not None:
            where.append(User.status == status)
        if created_from is not None:
            where.append(User.created_at >= int(created_from.timestamp() * 1000))
        if created_to is not None:
            where.append(User.created_at <= int(created_to.timestamp() * 1000))
        rows = (
            db.query(User)
            .filter(*where)
            .order_by(*SORTS[sort])
            .limit(page_size)
            .offset((page - 1) * page_size)
            .all()
        )
        total = db.query(func.count()).select_from(User).filter(*where).scalar()
        items = [user_output(row) for row in rows]
        return {"items": items, "page": page, "pageSize": page_size, "total": total}


@app.post("/api/v1/users", status_code=201)
def register(body: Registration):
    now = int(time.time() * 1000)
    user = User(
        id=str(uuid.uuid4()),
        username=body.username,
        email=body.email,
        password_hash=hash_password(body.password),
        role="user",
        status="active",
        failed_login_count=0,
        created_at=now,
        updated_at=now,
    )
    with SessionLocal() as db:
        db.add(user)
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            return problem(409, "USER_ALREADY_EXISTS", "User already exists")
        output = user_output(user)
    return JSONResponse(output, status_code=201, headers={"Location": f"/api/v1/users/{user.id}"})


@app.post("/api/v1/auth/token")
def token(body: Login):
    now = int(time.time() * 1000)
    with SessionLocal() as db:
        if "@" in body.login:
            match = func.lower(User.email) == body.login.strip().lower()
        else:
            match = func.lower(User.username) == body.login.strip().lower()
        account = db.query(User.id, User.role, User.status, User.password_hash).filter(
            match, User.deleted_at.is_(None)
        ).first()
        if account is None:
            hash_password(body.password)
            return problem(401, "INVALID_CREDENTIALS", "Invalid credentials")
        attempt = db.execute(
            CLAIM, {"now": now, "max": MAX_FAILED, "lock_until": now + LOCKOUT_MS, "id": account.id}
        ).first()
        db.commit()
        if attempt.locked_until is not None and attempt.locked_until > now:
            return problem(423, "ACCOUNT_LOCKED", "Account locked")
        if not verify_password(body.password, account.password_hash):
            return problem(401, "INVALID_CREDENTIALS", "Invalid credentials")
        if account.status != "active":
            return problem(403, "ACCOUNT_DISABLED", "Account disabled")
        refresh = b64url(secrets.token_bytes(32))
        db.query(User).filter(User.id == account.id).update(
            {"failed_login_count": 0, "locked_until": None, "last_login_at": now},
            synchronize_session=False,
        )
        db.add(
            RefreshToken(
                id=str(uuid.uuid4()),
                user_id=account.id,
                family_id=str(uuid.uuid4()),
                token_hash=b64url(hashlib.sha256(refresh.encode()).digest()),
                expires_at=now + REFRESH_TTL * 1000,
                created_at=now,
            )
        )
        db.commit()
    iat = int(time.time())
    claims = {
        "sub": account.id,
        "role": account.role,
        "jti": str(uuid.uuid4()),
        "iat": iat,
        "exp": iat + ACCESS_TTL,
        "iss": ISSUER,
        "aud": ISSUER,
    }
    return {
        "accessToken": jwt_sign(claims),
        "refreshToken": refresh,
        "tokenType": "Bearer",
        "expiresIn": ACCESS_TTL,
    }


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), workers=1, log_level="info")
