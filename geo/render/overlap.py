"""Symbols that would overlap on screen are merged into one, so nothing is drawn under anything else.

The aggregated map (:mod:`geo.render.aggregation`) bins events into a grid per zoom level and draws
each cell at the mean position of its events. Two cells side by side can then put their symbols a
few pixels apart, one on top of the other, and the lone places drawn between them can sit under a
cluster. :func:`merge_overlapping` takes the symbols of one zoom level (position in screen pixels,
events held, whether it is drawn as a ring) and merges every group of symbols whose boxes would
touch into one, drawn where its largest member is, until no two boxes touch. Clusters are kept
inside their grid cell (:func:`clamp_to_cell`), so two clusters never touch and merges never chain
across the map: only lone places are merged, into the symbol they would sit under. The boxes are those the
map's canvas draws (:data:`SINGLE_HALF`, :func:`ring_half`, :data:`RING_BELOW` mirror the script in
:mod:`geo.render.aggregation`), plus a gap of :data:`GAP` pixels.

Cost: each round looks only at neighbouring buckets of a grid as wide as the largest box, so it is
linear in the number of symbols; merges only grow symbols, so a few rounds settle it.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "GAP",
    "RING_BELOW",
    "SINGLE_HALF",
    "clamp_to_cell",
    "lead_members",
    "merge_overlapping",
    "pixel_xy",
    "ring_half",
    "unproject",
]

SINGLE_HALF = 11.0  # half the box of a one-event shape (drawn 18 px wide, with its white outline)
RING_BELOW = 12.0  # the row of layer shapes drawn under a ring
GAP = 1.0  # pixels kept free between two symbols
_MAX_HALF = 24.0  # ring_half of any count


def ring_half(count: np.ndarray) -> np.ndarray:
    """Half the width of a ring symbol holding ``count`` events (its radius and stroke)."""
    return np.minimum(15.0 + 2.0 * np.log10(np.maximum(count, 1)), 22.0) + 2.0


def pixel_xy(latitude: np.ndarray, longitude: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at ``zoom`` (256-pixel tiles, as Leaflet draws them)."""
    world = 256.0 * 2.0**zoom
    lat = np.radians(np.clip(np.asarray(latitude, dtype=float), -85.0, 85.0))
    x = (np.asarray(longitude, dtype=float) + 180.0) / 360.0 * world
    y = (1.0 - np.log(np.tan(lat) + 1.0 / np.cos(lat)) / np.pi) / 2.0 * world
    return x, y


def unproject(x: np.ndarray, y: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of Web Mercator pixel coordinates at ``zoom`` (the inverse of :func:`pixel_xy`)."""
    world = 256.0 * 2.0**zoom
    longitude = np.asarray(x, dtype=float) / world * 360.0 - 180.0
    latitude = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * np.asarray(y, dtype=float) / world))))
    return latitude, longitude


def clamp_to_cell(x: np.ndarray, y: np.ndarray, cell_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Positions moved, as little as needed, so that a ring's box stays inside the grid cell holding them.

    A ring's box is ``2 * 24`` pixels wide and ``24 + 24 + 12`` high (the layer shapes under it); in cells
    ``cell_px`` wide (at least 64) two such boxes in different cells can then never touch.
    """
    half = _MAX_HALF + GAP / 2
    x0 = np.floor(x / cell_px) * cell_px
    y0 = np.floor(y / cell_px) * cell_px
    return (
        np.clip(x, x0 + half, x0 + cell_px - half),
        np.clip(y, y0 + half, y0 + cell_px - half - RING_BELOW),
    )


def lead_members(labels: np.ndarray, count: np.ndarray) -> np.ndarray:
    """For each group (0..), the member holding the most events (the first of equals): where the group is drawn."""
    order = np.lexsort((np.arange(len(labels)), -np.asarray(count, dtype=float), labels))
    _, first = np.unique(labels[order], return_index=True)
    return order[first]


def _boxes(x, y, count, ring):
    half = np.where(ring, ring_half(count), SINGLE_HALF) + GAP / 2
    below = np.where(ring, RING_BELOW, 0.0)
    return x - half, x + half, y - half, y + half + below


def _touching(x0, x1, y0, y1) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of boxes that intersect, by a grid of buckets as large as any box."""
    size = 2 * (_MAX_HALF + GAP) + RING_BELOW
    bx = np.floor(x0 / size).astype(np.int64)
    by = np.floor(y0 / size).astype(np.int64)
    buckets: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(zip(bx.tolist(), by.tolist(), strict=True)):
        buckets.setdefault(key, []).append(i)
    pairs = []
    left, right, top, bottom = x0.tolist(), x1.tolist(), y0.tolist(), y1.tolist()
    for (cx, cy), members in buckets.items():
        for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
            others = members if (dx, dy) == (0, 0) else buckets.get((cx + dx, cy + dy))
            if not others:
                continue
            for a_pos, i in enumerate(members):
                for j in others[a_pos + 1 :] if (dx, dy) == (0, 0) else others:
                    if left[i] < right[j] and left[j] < right[i] and top[i] < bottom[j] and top[j] < bottom[i]:
                        pairs.append((i, j) if i < j else (j, i))
    return pairs


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def merge_overlapping(
    x: np.ndarray, y: np.ndarray, count: np.ndarray, ring: np.ndarray, max_rounds: int = 50
) -> np.ndarray:
    """The group of each symbol: symbols of one group are drawn as one ring where its largest member is.

    ``x``, ``y``: screen pixels at the level's zoom; ``count``: events per symbol; ``ring``: drawn as a
    ring (several events) rather than a single shape. Groups are numbered 0.. in the order of their
    first symbol; a symbol that touches nothing is a group of its own.
    """
    n = len(x)
    labels = np.arange(n, dtype=np.int64)
    if n < 2:
        return labels
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    weight = np.asarray(count, dtype=float)
    for _ in range(max_rounds):
        groups, inverse = np.unique(labels, return_inverse=True)
        events = np.bincount(inverse, weights=weight)
        members = np.bincount(inverse)
        lead = lead_members(inverse, weight)
        gx, gy = x[lead], y[lead]
        gring = (members > 1) | (np.bincount(inverse, weights=np.asarray(ring, dtype=float)) > 0)
        pairs = _touching(*_boxes(gx, gy, events, gring))
        if not pairs:
            break
        parent = list(range(len(groups)))
        for i, j in pairs:
            a, b = _root(parent, i), _root(parent, j)
            if a != b:
                parent[max(a, b)] = min(a, b)
        merged = np.array([_root(parent, i) for i in range(len(groups))], dtype=np.int64)
        labels = groups[merged][inverse]
    _, first, compact = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first, kind="stable"), kind="stable")
    return order[compact.reshape(-1)]
