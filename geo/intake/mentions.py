"""What an extractor finds in a text: a mention (place, actor, organisation or date) with its character offsets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = [
    "Mention",
]


@dataclass
class Mention:
    """One mention: kind 'place', 'actor' or 'date', its span, and what it resolves to."""

    kind: str
    text: str
    start: int
    end: int
    id: str | None = None
    value: str | None = None
    confidence: float = 0.5
    status: str = "resolved"  # resolved | ambiguous | new (a candidate the store lacks) | unresolved
    candidates: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.kind != "date":
            data.pop("value")
        if not self.candidates:
            data.pop("candidates")
        return data
