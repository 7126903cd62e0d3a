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
    name: str | None = None  # for a new name: what it stands for ("KIA" -> "Kachin Independence Army")
    reason: str = ""  # why it is this kind ("a place word before it"), for names that are both place and actor
    place_kind: str = ""  # for a new place: the kind its words say ("Nyaung Kone village": village)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.kind != "date":
            data.pop("value")
        for optional in ("candidates", "name", "reason", "place_kind"):
            if not data[optional]:
                data.pop(optional)
        return data
