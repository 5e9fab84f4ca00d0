"""Accounts and sessions: argon2 password hashes, lock-out after repeated failures, and
session tokens of which only a hash is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vigil.errors import VigilError
from vigil.store._access import Actor, Role
from vigil.store._models import SessionRecord, UserRecord

__all__ = [
    "LOCKOUT_AFTER_FAILURES",
    "LOCKOUT_MINUTES",
    "SESSION_HOURS",
    "LoginRefusedError",
    "UserRepository",
    "actor_for",
]

LOCKOUT_AFTER_FAILURES = 5
LOCKOUT_MINUTES = 15
SESSION_HOURS = 8

_hasher = PasswordHasher()
# Verifying against a dummy hash for unknown e-mails keeps the timing of a failed login
# the same whether or not the account exists.
_DUMMY_HASH = _hasher.hash("not-a-password")


class LoginRefusedError(VigilError):
    """Sign-in failed. The message never says whether the account exists."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_for(user: UserRecord) -> Actor:
    return Actor(id=user.id, role=Role(user.role), patient_id=user.patient_id)


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes for timezone-aware columns: they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def create(
        self,
        email: str,
        display_name: str,
        role: Role,
        password: str,
        patient_id: str | None = None,
        *,
        is_demo: bool = False,
    ) -> UserRecord:
        user = UserRecord(
            email=email.lower(),
            display_name=display_name,
            role=role.value,
            password_hash=_hasher.hash(password),
            patient_id=patient_id,
            failed_logins=0,
            is_demo=is_demo,
        )
        self._session.add(user)
        self._session.flush()
        return user

    def by_email(self, email: str) -> UserRecord | None:
        return self._session.scalar(select(UserRecord).where(UserRecord.email == email.lower()))

    def authenticate(self, email: str, password: str, now: dt.datetime) -> UserRecord:
        """The user if the password is right and the account is not locked."""
        user = self.by_email(email)
        refused = LoginRefusedError("e-mail or password not recognised, or the account is locked")
        if user is None:
            _verify(_DUMMY_HASH, password)
            raise refused
        if user.locked_until is not None and _aware(user.locked_until) > now:
            raise refused
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= LOCKOUT_AFTER_FAILURES:
                user.locked_until = now + dt.timedelta(minutes=LOCKOUT_MINUTES)
                user.failed_logins = 0
            self._session.flush()
            raise refused
        user.failed_logins = 0
        user.locked_until = None
        self._session.flush()
        return user

    def start_session(self, user: UserRecord, now: dt.datetime) -> tuple[str, SessionRecord]:
        """A new session; returns the cookie token (shown once) and the stored record."""
        token = secrets.token_urlsafe(32)
        record = SessionRecord(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now + dt.timedelta(hours=SESSION_HOURS),
        )
        self._session.add(record)
        self._session.flush()
        return token, record

    def resolve(self, token: str, now: dt.datetime) -> tuple[UserRecord, SessionRecord] | None:
        # One query for the session and its user (this runs on every signed-in request).
        found = self._session.execute(
            select(SessionRecord, UserRecord)
            .join(UserRecord, UserRecord.id == SessionRecord.user_id)
            .where(SessionRecord.token_hash == _token_hash(token))
        ).first()
        if found is None:
            return None
        record, user = found[0], found[1]
        if _aware(record.expires_at) <= now:
            return None
        return user, record

    def end_session(self, token: str) -> None:
        self._session.execute(
            delete(SessionRecord).where(SessionRecord.token_hash == _token_hash(token))
        )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
