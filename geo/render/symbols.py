"""The map's visual vocabulary: one colour and one shape per layer, framed for sites, and the legend."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from geo.escaping import escape_html
from geo.schema import CATEGORIES, CATEGORY_COLOURS

__all__ = [
    "CLUSTER_ICON_JS",
    "LAYER_SHAPES",
    "Legend",
    "legend_html",
    "ring_svg",
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


_RING_R = 13.0  # radius of the ring's centre line, in a 36 x 36 box
_RING_WIDTH = 6.0


def ring_svg(counts: dict[str, int]) -> str:
    """Several events at one place (or one cluster): a ring divided by layer, the count in its centre,
    and under it the shape of every layer it holds, so layers read apart without colour.

    The count is dark on white (contrast over 15:1); the same drawing is made in the browser for
    clusters by :data:`CLUSTER_ICON_JS`.
    """
    total = sum(counts.values())
    circumference = 2 * 3.14159265 * _RING_R
    arcs, offset = [], 0.0
    layers = [c for c in CATEGORIES if counts.get(c)] + [c for c in counts if c not in CATEGORIES and counts[c]]
    for category in layers:
        length = circumference * counts[category] / total
        arcs.append(
            f'<circle cx="18" cy="18" r="{_RING_R}" fill="none" stroke="{CATEGORY_COLOURS.get(category, "#555555")}" '
            f'stroke-width="{_RING_WIDTH}" stroke-dasharray="{length:.2f} {circumference:.2f}" '
            f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 18 18)"/>'
        )
        offset += length
    shapes = "".join(
        f'<path d="{LAYER_SHAPES.get(c, LAYER_SHAPES["diplomacy-sanctions"])[1]}" '
        f'transform="translate({18 - 5 * len(layers) + 10 * i + 0.5} 37) scale(0.45)" '
        f'fill="{CATEGORY_COLOURS.get(c, "#555555")}" stroke="#222" stroke-width="1.5"/>'
        for i, c in enumerate(layers)
    )
    label = f"{total:,}" if total < 1000 else f"{total // 1000}k"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="47" viewBox="0 0 36 47">'
        '<circle cx="18" cy="18" r="17" fill="#fff" stroke="#333" stroke-width="1"/>'
        + "".join(arcs)
        + f'<text x="18" y="22" text-anchor="middle" font-family="sans-serif" font-weight="700" '
        f'font-size="{12 if total < 100 else 10}" fill="#111">{label}</text>{shapes}</svg>'
    )


def _cluster_icon_js() -> str:
    import json

    shapes = json.dumps({c: LAYER_SHAPES[c][1] for c in LAYER_SHAPES})
    colours = json.dumps(CATEGORY_COLOURS)
    order = json.dumps(list(CATEGORIES))
    return (
        "function (cluster) {"
        f" var shapes = {shapes}, colours = {colours}, order = {order}, counts = {{}}, total = 0;"
        " cluster.getAllChildMarkers().forEach(function (m) {"
        "  var layers = m.options.geoLayers || {};"
        "  for (var k in layers) { counts[k] = (counts[k] || 0) + layers[k]; total += layers[k]; } });"
        f" var c = 2 * 3.14159265 * {_RING_R}, offset = 0, arcs = '', marks = '', present = [];"
        " order.forEach(function (k) { if (counts[k]) { present.push(k); } });"
        " present.forEach(function (k, i) {"
        "  var length = c * counts[k] / total;"
        f'  arcs += \'<circle cx="18" cy="18" r="{_RING_R}" fill="none" stroke="\' + colours[k] +'
        f"   '\" stroke-width=\"{_RING_WIDTH}\" stroke-dasharray=\"' + length.toFixed(2) + ' ' + c.toFixed(2) +"
        '   \'" stroke-dashoffset="\' + (-offset).toFixed(2) + \'" transform="rotate(-90 18 18)"/>\';'
        "  offset += length;"
        "  marks += '<path d=\"' + shapes[k] + '\" transform=\"translate(' + (18 - 5 * present.length + 10 * i + 0.5) +"
        '   \' 37) scale(0.45)" fill="\' + colours[k] + \'" stroke="#222" stroke-width="1.5"/>\'; });'
        " var label = total < 1000 ? String(total) : Math.floor(total / 1000) + 'k';"
        " var names = present.map(function (k) { return counts[k] + ' ' + (window.geoLayerNames || {})[k]; });"
        " return L.divIcon({className: 'geo-cluster ' + present.map(function (k) { return 'geo-layer-' + k; }).join(' '), iconSize: L.point(36, 47), iconAnchor: L.point(18, 18),"
        '  html: \'<svg xmlns="http://www.w3.org/2000/svg" width="36" height="47" viewBox="0 0 36 47"\''
        "   + ' role=\"img\" aria-label=\"' + total + ' events here: ' + names.join(', ') + '. Click to zoom in.\">'"
        '   + \'<circle cx="18" cy="18" r="17" fill="#fff" stroke="#333" stroke-width="1"/>\' + arcs'
        '   + \'<text x="18" y="22" text-anchor="middle" font-family="sans-serif" font-weight="700"\''
        "   + ' font-size=\"' + (total < 100 ? 12 : 10) + '\" fill=\"#111\">' + label + '</text>' + marks + '</svg>'}); }"
    )


# The MarkerCluster icon: the ring of :func:`ring_svg`, drawn from the layer counts of the cluster's markers.
CLUSTER_ICON_JS = _cluster_icon_js()


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
        '<div class="geo-legend-row"><svg width="16" height="16" viewBox="0 0 36 36"><circle cx="18" cy="18" r="17" '
        'fill="#fff" stroke="#333"/><circle cx="18" cy="18" r="13" fill="none" stroke="#888" stroke-width="6"/></svg>'
        " several events (ring by layer, with the count)</div>"
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
        'font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)"><details><summary style="cursor:pointer">'
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
