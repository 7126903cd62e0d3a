"""How the map answers a reader: the click channel to the app, stacked-event lists, the map's note and styles.

A click never reads an id from text: markers carry their event's id in an
option (``geoKey``), and :class:`PickChannel` sends it to the app through
streamlit-folium's ``selected_tags`` value. :data:`MAP_STYLE` keeps popups
small (the map stays visible) and tooltips whole. No Streamlit here.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from geo.schema import CATEGORIES

__all__ = ["MAP_STYLE", "FitControl", "PickChannel", "PickOnClick", "PickScript", "ViewBounds", "ViewSummary"]


MAP_STYLE = """
<style>
.leaflet-popup-content { margin: 10px 12px; max-height: 300px; overflow-y: auto; font: 13px/1.4 sans-serif; }
.geo-popup-title { font-weight: 600; font-size: 14px; margin: 2px 0 4px; }
.geo-popup-layer { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
.geo-quote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #888; color: #222; }
.geo-badges { color: #7a3f00; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.geo-links { margin-top: 6px; }
.geo-stack ol { margin: 4px 0 0 0; padding-left: 20px; }
.geo-stack li { margin: 2px 0; }
.geo-stack-date { color: #444; }
.geo-stack-back { display: inline-block; margin-bottom: 4px; font-size: 12px; }
.leaflet-tooltip { white-space: normal; width: max-content; max-width: 260px; font: 12px/1.35 sans-serif; }
.geo-tooltip-extra { display: block; color: #444; }
.geo-marker, .geo-cluster { cursor: pointer; }
.leaflet-marker-icon:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; border-radius: 50%; }
.geo-keys { position: absolute; left: 54px; top: 10px; z-index: 1000; }  /* the aggregated map's keyboard list */
.geo-key { position: absolute; width: 1px; height: 1px; padding: 0; border: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.geo-key:focus { position: static; width: auto; height: auto; clip: auto; white-space: normal; max-width: 320px;
  background: #fff; color: #111; border: 2px solid #0b57d0; border-radius: 4px; padding: 4px 8px;
  font: 13px/1.35 sans-serif; text-align: left; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.geo-view-summary { background: rgba(255,255,255,.94); padding: 3px 8px; border-radius: 4px;
  font: 12px/1.4 sans-serif; color: #111; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  box-sizing: border-box; max-width: calc(100vw - 140px); }  /* wraps before the scale bar (bottom left, <= 100 px + margins) */
.geo-fit a { font: bold 16px/30px sans-serif; text-align: center; }
@media (max-width: 480px) {  /* a phone's map: popups stay inside it, the note leaves the bottom to the legend */
  .leaflet-popup-content { width: auto !important; max-width: calc(100vw - 70px); }
  .geo-view-summary { position: fixed; top: 10px; right: 10px; max-width: calc(100vw - 80px); }
}
</style>
"""


class PickChannel(MacroElement):
    """How a click on the map selects an event in the app, with no id in any text a reader sees.

    ``window.geoPick(key)`` writes ``['geo-pick', key, n]`` into streamlit-folium's
    ``selected_tags`` (a value the component returns and nothing else on this map sets) and
    fires ``moveend``, which makes the component send its value; in a snapshot there is no app
    and it does nothing. The document-level listener runs the lists of stacked events: an item
    opens that event's popup (and selects it), "back" returns to the list. It also gives the
    map frame a real title, and the legend the layers' names.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            window.geoLayerNames = {{ this.names_json }};
            window.geoPick = function (key) {
                window.geoPicks = (window.geoPicks || 0) + 1;
                var data = window.__GLOBAL_DATA__;
                if (!data || !key) { return; }
                data.selected_tags = ['geo-pick', String(key), String(window.geoPicks)];
                map.fire('moveend');
            };
            try { if (window.frameElement) { window.frameElement.title = {{ this.title_json }}; } } catch (e) {}
            map.getContainer().setAttribute('aria-label', {{ this.title_json }});
            if (window.geoStackListener) { return; }
            window.geoStackListener = true;
            document.addEventListener('click', function (ev) {
                var target = ev.target && ev.target.closest ? ev.target : null;
                if (!target) { return; }
                var open = target.closest('[data-geo-open]'), back = target.closest('[data-geo-back]');
                var select = target.closest('[data-geo-select]');
                if (select) { ev.preventDefault(); window.geoPick(select.getAttribute('data-geo-select')); return; }
                if (!open && !back) { return; }
                ev.preventDefault();
                var stack = target.closest('.geo-stack');
                if (!stack) { return; }
                stack.querySelectorAll('[data-geo-item]').forEach(function (el) { el.hidden = true; });
                var list = stack.querySelector('.geo-stack-list');
                if (open) {
                    list.hidden = true;
                    var item = stack.querySelector('[data-geo-item="' + open.getAttribute('data-geo-open') + '"]');
                    item.hidden = false;
                    var focus = item.querySelector('.geo-stack-back');
                    if (focus) { focus.focus(); }
                    window.geoPick(open.getAttribute('data-geo-key'));
                } else {
                    list.hidden = false;
                }
                if (map._popup && map._popup.isOpen()) { map._popup.update(); }
            }, true);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "GeoPickChannel"
        self.title_json = json.dumps(title)
        self.names_json = json.dumps(CATEGORIES)


class PickScript(MacroElement):
    """A click on a marker of the parent layer (a MarkerCluster) selects the marker's event (``geoKey``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on('click', function (e) {
            var layer = e.layer || e.sourceTarget, key = layer && layer.options && layer.options.geoKey;
            if (key && window.geoPick) { window.geoPick(key); }
        });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoPickScript"


class PickOnClick(MacroElement):
    """A click on the parent path (a route line) selects ``key`` in the app."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on('click', function () { if (window.geoPick) { window.geoPick({{ this.key_json }}); } });
        {% endmacro %}
        """
    )

    def __init__(self, key: str) -> None:
        super().__init__()
        self._name = "GeoPickOnClick"
        self.key_json = json.dumps(key).replace("</", "<\\/")


class ViewSummary(MacroElement):
    """A bottom-right note on the map (popups open upwards, so it never covers one) saying what it shows (the count, undated items apart), with its layer group."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }}, control = null;
            function show(map) {
                if (control) { control.remove(); }
                control = L.control({position: 'bottomright'});
                control.onAdd = function () {
                    var div = L.DomUtil.create('div', 'geo-view-summary');
                    div.setAttribute('role', 'status');
                    div.textContent = {{ this.text_json }};
                    return div;
                };
                control.addTo(map);
            }
            group.on('add', function () { show(group._map); });
            group.on('remove', function () { if (control) { control.remove(); control = null; } });
            if (group._map) { show(group._map); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "GeoViewSummary"
        self.text_json = json.dumps(text).replace("</", "<\\/")


class FitControl(MacroElement):
    """A button under the zoom buttons that fits the map to the filtered events (:class:`ViewBounds`), on request.

    Part of the base map (it never changes), so it works whatever layers a filter change sends.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: 'topleft'});
            control.onAdd = function () {
                var bar = L.DomUtil.create('div', 'leaflet-bar geo-fit');
                var button = L.DomUtil.create('a', '', bar);
                button.href = '#';
                button.innerHTML = '&#10530;';
                button.title = 'Zoom to the filtered events';
                button.setAttribute('role', 'button');
                button.setAttribute('aria-label', 'Zoom to the filtered events');
                L.DomEvent.disableClickPropagation(bar);
                L.DomEvent.on(button, 'click', function (e) {
                    L.DomEvent.preventDefault(e);
                    if (map.geoViewBounds) { map.fitBounds(map.geoViewBounds, {padding: [24, 24], maxZoom: 12}); }
                });
                return bar;
            };
            control.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoFitControl"


class ViewBounds(MacroElement):
    """The bounds of the filtered events, published to the map with their layer group, for :class:`FitControl`.

    ``bounds`` is ``[[south, west], [north, east]]`` (Leaflet's ``[lat, lon]`` order), or None when
    no event has coordinates.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }}, bounds = {{ this.bounds_json }};
            function publish() { if (group._map) { group._map.geoViewBounds = bounds; } }
            group.on('add', publish);
            publish();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]] | None) -> None:
        super().__init__()
        self._name = "GeoViewBounds"
        self.bounds_json = json.dumps(bounds)
