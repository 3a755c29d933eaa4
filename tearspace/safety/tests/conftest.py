from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator

from tearspace.accounts.models import Role, User
from tearspace.safety import screening


def with_totp(user: User) -> User:
    """Staff roles must have a second factor before any page opens (RequireStaffMFAMiddleware)."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def mod(moderator: User) -> User:
    return with_totp(moderator)


@pytest.fixture
def operator(db: None) -> User:
    user = User.objects.create_user(
        username="otto", email="otto@example.org", password="x", role=Role.OPERATOR
    )
    return with_totp(user)


@dataclass
class FakeCrisis:
    level: str
    show_help: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.5
    why: list[str] = field(default_factory=list)
    language: str = ""


@dataclass
class FakeReply:
    verdict: str
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


class FakeModels:
    """Stands in for tearspace.ml so tests control every level and verdict."""

    def __init__(self) -> None:
        self.level = "none"
        self.reasons: list[str] = []
        self.why: list[str] = []
        self.language = ""
        self.verdict = "ok"
        self.fail = False

    def assess_crisis(self, text: str) -> FakeCrisis:
        if self.fail:
            raise RuntimeError("model broke")
        return FakeCrisis(
            level=self.level,
            show_help=self.level != "none",
            reasons=list(self.reasons),
            score=0.9 if self.level == "urgent" else 0.1,
            why=list(self.why),
            language=self.language,
        )

    def assess_reply(self, text: str, context: str | None = None) -> FakeReply:
        if self.fail:
            raise RuntimeError("model broke")
        return FakeReply(verdict=self.verdict, reasons=["test"], scores={"unkind": 0.2})

    def detect_emotions(self, text: str, top: int = 5) -> list[tuple[str, float]]:
        if self.fail:
            raise RuntimeError("model broke")
        return [("sadness", 0.8), ("grief", 0.4)][:top]


@pytest.fixture
def models(monkeypatch: pytest.MonkeyPatch) -> FakeModels:
    fake = FakeModels()
    module = SimpleNamespace(
        assess_crisis=fake.assess_crisis,
        assess_reply=fake.assess_reply,
        detect_emotions=fake.detect_emotions,
    )
    monkeypatch.setattr(screening, "ml", lambda: module)
    return fake
