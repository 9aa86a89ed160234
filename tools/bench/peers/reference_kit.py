"""The reference peer's plumbing: SQLAlchemy models over the API's tables, JWT, PBKDF2, JSON."""

import base64
import hashlib
import hmac
import json
import os
import re
import time
from datetime import datetime, timezone
from typing import Optional

from fastapi.responses import JSONResponse
from sqlalchemy import Column, Integer, Text, create_engine, text
from sqlalchemy.orm import declarative_base, sessionmaker
from sqlalchemy.pool import QueuePool

ISSUER = "user-edge-api"
ITERATIONS = 100_000
ACCESS_TTL = 900
REFRESH_TTL = 2_592_000
LOCKOUT_MS = 15 * 60 * 1000
MAX_FAILED = 5
SECRET = os.environ["JWT_SECRET"].encode()
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
USERNAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,30})[A-Za-z0-9]$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
BEARER_RE = re.compile(r"^Bearer +([A-Za-z0-9._~+/-]+=*) *$", re.I)

engine = create_engine(
    f"sqlite:///{os.environ['DATABASE_PATH']}",
    connect_args={"check_same_thread": False, "timeout": 30},
    poolclass=QueuePool,
    pool_size=8,
    max_overflow=40,
)
SessionLocal = sessionmaker(bind=engine, autoflush=False)
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Text, primary_key=True)
    username = Column(Text, nullable=False)
    email = Column(Text, nullable=False)
    password_hash = Column(Text, nullable=False)
    role = Column(Text, nullable=False, default="user")
    status = Column(Text, nullable=False, default="active")
    failed_login_count = Column(Integer, nullable=False, default=0)
    locked_until = Column(Integer)
    last_login_at = Column(Integer)
    created_at = Column(Integer, nullable=False)
    updated_at = Column(Integer, nullable=False)
    deleted_at = Column(Integer)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    id = Column(Text, primary_key=True)
    user_id = Column(Text, nullable=False)
    family_id = Column(Text, nullable=False)
    token_hash = Column(Text, nullable=False)
    expires_at = Column(Integer, nullable=False)
    created_at = Column(Integer, nullable=False)
    used_at = Column(Integer)
    revoked_at = Column(Integer)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def iso(ms: Optional[int]) -> Optional[str]:
    if ms is None:
        return None
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def user_output(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "role": user.role,
        "status": user.status,
        "createdAt": iso(user.created_at),
        "updatedAt": iso(user.updated_at),
        "lastLoginAt": iso(user.last_login_at),
    }


def problem(status: int, code: str, title: str) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "code": code}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


class Refused(Exception):
    def __init__(self, response: JSONResponse):
        self.response = response


def jwt_sign(claims: dict) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    return f"{header}.{payload}.{b64url(hmac.new(SECRET, signing_input, hashlib.sha256).digest())}"


def jwt_verify(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused(problem(401, "INVALID_TOKEN", "Invalid token"))
    try:
        header = json.loads(unb64url(parts[0]))
        expected = hmac.new(SECRET, f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        if header.get("alg") != "HS256" or not hmac.compare_digest(expected, unb64url(parts[2])):
            raise ValueError("signature")
        claims = json.loads(unb64url(parts[1]))
    except (ValueError, json.JSONDecodeError):
        raise Refused(problem(401, "INVALID_TOKEN", "Invalid token"))
    if claims.get("exp", 0) <= time.time():
        raise Refused(problem(401, "TOKEN_EXPIRED", "Token expired"))
    if claims.get("iss") != ISSUER or claims.get("aud") != ISSUER:
        raise Refused(problem(401, "INVALID_TOKEN", "Invalid token"))
    return claims


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS, 32)
    return f"pbkdf2-sha256${ITERATIONS}${b64url(salt)}${b64url(key)}"


def verify_password(password: str, encoded: str) -> bool:
    scheme, rounds, salt, key = encoded.split("$")
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), unb64url(salt), int(rounds), 32)
    return scheme == "pbkdf2-sha256" and hmac.compare_digest(derived, unb64url(key))


CLAIM = text(
    """update users set
         failed_login_count = case when locked_until is not null and locked_until <= :now
           then 1 else failed_login_count + 1 end,
         locked_until = case
           when locked_until is not null and locked_until > :now then locked_until
           when (case when locked_until is not null and locked_until <= :now
             then 1 else failed_login_count + 1 end) >= :max then :lock_until
           else null end
       where id = :id and deleted_at is null
       returning failed_login_count, locked_until"""
)
