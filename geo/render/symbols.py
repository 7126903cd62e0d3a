"""The map's visual vocabulary: one colour and one shape per layer, framed for sites, and the legend."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from geo.escaping import escape_html
from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = [
    "LAYER_SHAPES",
    "Legend",
    "legend_html",
    "symbol_svg",
]


# layer id -> shape of its symbol (an SVG path in a 20x20 box).
LAYER_SHAPES: dict[str, tuple[str, str]] = {
    "arms-supply": ("triangle", "M10 2 L18.5 17 L1.5 17 Z"),
    "seizures-combat": ("diamond", "M10 1 L19 10 L10 19 L1 10 Z"),
    "resource-extraction": ("square", "M3 3 H17 V17 H3 Z"),
    "infrastructure": ("hexagon", "M5.5 2.2 H14.5 L19 10 L14.5 17.8 H5.5 L1 10 Z"),
    "territorial-control": ("pentagon", "M10 1.5 L18.6 7.8 L15.3 18 H4.7 L1.4 7.8 Z"),
    "diplomacy-sanctions": ("circle", "M10 2 A8 8 0 1 1 9.99 2 Z"),
}


def symbol_svg(category: str, kind: str = "event", size: int = 20) -> str:
    """The SVG symbol of a layer: its shape in its colour; sites get a white frame with a coloured border."""
    colour = CATEGORY_COLOURS.get(category, "#555555")
    _, path = LAYER_SHAPES.get(category, LAYER_SHAPES["diplomacy-sanctions"])
    if kind == "site":
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 6}" height="{size + 6}" viewBox="-3 -3 26 26">'
            f'<rect x="-2" y="-2" width="24" height="24" rx="3" fill="#fff" stroke="{colour}" stroke-width="2"/>'
            f'<path d="{path}" transform="translate(3 3) scale(0.7)" fill="{colour}"/></svg>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20">'
        f'<path d="{path}" fill="{colour}" stroke="#fff" stroke-width="1.5"/></svg>'
    )


def legend_html() -> str:
    """The map legend: each layer's symbol and colour, sites, precision circles and routes."""
    rows = [
        f'<div class="geo-legend-row">{symbol_svg(category, size=14)} {escape_html(label)}</div>'
        for category, label in CATEGORIES.items()
    ]
    rows.append(
        f'<div class="geo-legend-row">{symbol_svg("infrastructure", "site", size=12)} site (framed symbol)</div>'
    )
    rows.append(
        '<div class="geo-legend-row"><svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="#888" '
        'fill-opacity=".15" stroke="#888" stroke-dasharray="2 2"/></svg> place known only to this radius</div>'
    )
    rows.append(
        '<div class="geo-legend-row"><svg width="22" height="8"><line x1="0" y1="4" x2="22" y2="4" stroke="#2c6fbb" '
        'stroke-width="3"/></svg> route &nbsp;<svg width="22" height="8"><line x1="0" y1="4" x2="22" y2="4" '
        'stroke="#2c6fbb" stroke-width="3" stroke-dasharray="5 4"/></svg> inferred stretch</div>'
    )
    return (
        '<div class="geo-legend" style="background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;'
        'font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)"><details open><summary style="cursor:pointer">'
        "<b>Legend</b></summary>" + "".join(rows) + "</details></div>"
    )


class Legend(MacroElement):
    """A bottom-left Leaflet control holding :func:`legend_html`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'geo-legend-control');
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            // A popup opened near the legend would sit under it (controls are above popups): fold it.
            {{ this._parent.get_name() }}.on('popupopen', function () {
                var details = legend.getContainer().querySelector('details');
                if (details) { details.open = false; }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self._name = "GeoLegend"
        import json

        # json.dumps of HTML: a JS string literal; '</' is split so it cannot close the script.
        self.html_json = json.dumps(html_text).replace("</", "<\\/")
