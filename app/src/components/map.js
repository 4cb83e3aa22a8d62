// Glue between the Leptos map component (components/map.rs) and Leaflet, vendored from
// npm into /vendor/leaflet/ by the build. Leaflet is loaded on first use, so only pages
// showing a map download it. Everything shown comes from the JSON of /api/v1/map and is
// put in the page as text (textContent), never as HTML.

let leafletLoading = null;

function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (leafletLoading) return leafletLoading;
  leafletLoading = new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/vendor/leaflet/leaflet.css';
    document.head.appendChild(css);
    const js = document.createElement('script');
    js.src = '/vendor/leaflet/leaflet.js';
    js.onload = () => resolve(window.L);
    js.onerror = () => reject(new Error('leaflet'));
    document.head.appendChild(js);
  });
  return leafletLoading;
}

const SYMBOL = { need: '!', offer: '+', structure: '⌂', resource: '▦' };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function pointIcon(L, f, labels) {
  const p = f.properties;
  const html = el('span', 'map-pin map-pin-' + p.kind);
  html.appendChild(el('span', 'map-pin-symbol', SYMBOL[p.kind] || '•'));
  html.setAttribute('aria-hidden', 'true');
  return L.divIcon({ html, className: 'map-pin-wrap', iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -14] });
}

function clusterIcon(L, f) {
  const n = f.properties.point_count;
  const size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 48 : 56;
  const html = el('span', 'map-cluster');
  html.style.width = html.style.height = size + 'px';
  html.appendChild(el('span', 'map-cluster-count', n >= 10000 ? Math.round(n / 1000) + 'k' : String(n)));
  return L.divIcon({ html, className: 'map-cluster-wrap', iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
}

function popup(f, labels) {
  const p = f.properties;
  const box = el('div', 'map-popup');
  box.appendChild(el('p', 'map-popup-kind', labels.kinds[p.kind] || p.kind));
  box.appendChild(el('p', 'map-popup-title', p.title));
  const meta = [];
  if (p.category) meta.push(labels.categories[p.category] || p.category);
  if (p.structure) meta.push(p.structure);
  if (p.status === 'in_progress') meta.push(labels.inProgress);
  if (p.status === 'stale') meta.push(labels.stale);
  if (meta.length) box.appendChild(el('p', 'map-popup-meta', meta.join(' · ')));
  const open = { structure: labels.openStructure, resource: labels.openResource };
  const a = el('a', 'map-popup-link', open[p.kind] || labels.openPost);
  a.href = p.url;
  box.appendChild(a);
  return box;
}

// Creates the map in `container`. `optsJson`: { lat, lon, zoom, tileUrl, attribution,
// labels }. `onMove(west, south, east, north, zoom, lat, lon)` is called after each move.
export function mapCreate(container, optsJson, onMove) {
  const opts = JSON.parse(optsJson);
  return loadLeaflet().then((L) => {
    const map = L.map(container, { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 19 });
    map.attributionControl.setPrefix(false);
    L.tileLayer(opts.tileUrl, { attribution: opts.attribution, maxZoom: 19 }).addTo(map);
    const layer = L.layerGroup().addTo(map);
    const handle = { L, map, layer, labels: opts.labels };
    map.on('moveend', () => {
      const b = map.getBounds();
      const c = map.getCenter();
      onMove(b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), map.getZoom(), c.lat, c.lng);
    });
    map.setView([opts.lat, opts.lon], opts.zoom);
    return handle;
  });
}

// Where to draw each feature: items sharing one point (a structure and its posts at one
// address, shown one by one at street level) are spread on a small circle around it.
function positions(map, features) {
  const groups = new Map();
  features.forEach((f, i) => {
    const key = f.geometry.coordinates.join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  });
  const out = new Array(features.length);
  for (const members of groups.values()) {
    const [lon, lat] = features[members[0]].geometry.coordinates;
    if (members.length === 1) {
      out[members[0]] = [lat, lon];
      continue;
    }
    const centre = map.project([lat, lon]);
    const radius = 18 + 4 * members.length;
    members.forEach((i, k) => {
      const angle = (2 * Math.PI * k) / members.length;
      const p = centre.add([radius * Math.cos(angle), radius * Math.sin(angle)]);
      const ll = map.unproject(p);
      out[i] = [ll.lat, ll.lng];
    });
  }
  return out;
}

// « Groupe de 12 : 3 besoins, 8 ressources, 1 structure » (kinds with none left out;
// the same words as i18n::map_cluster).
function clusterLabel(p, labels) {
  const parts = [[p.needs, 0], [p.offers, 1], [p.structures, 2], [p.resources || 0, 3]]
    .filter(([n]) => n > 0)
    .map(([n, k]) => n + ' ' + labels.clusterWords[k][n === 1 ? 0 : 1]);
  return labels.clusterPrefix.replace('{n}', p.point_count) + ' : ' + parts.join(', ');
}

// Draws the features of a /api/v1/map answer (GeoJSON text).
export function mapDraw(handle, text) {
  const { L, map, layer, labels } = handle;
  const data = JSON.parse(text);
  layer.clearLayers();
  const where = positions(map, data.features);
  data.features.forEach((f, i) => {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    if (p.cluster) {
      const label = clusterLabel(p, labels);
      const m = L.marker([lat, lon], { icon: clusterIcon(L, f), title: label, alt: label, keyboard: true, riseOnHover: true });
      m.on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 19)));
      m.addTo(layer);
    } else {
      const label = (labels.kinds[p.kind] || p.kind) + ' : ' + p.title;
      const m = L.marker(where[i], { icon: pointIcon(L, f, labels), title: label, alt: label, keyboard: true, riseOnHover: true });
      m.bindPopup(() => popup(f, labels));
      m.addTo(layer);
    }
  });
}

export function mapSetView(handle, lat, lon, zoom) {
  handle.map.setView([lat, lon], zoom);
}

export function mapInvalidate(handle) {
  handle.map.invalidateSize();
}

// Fetches the map data (the browser revalidates with the ETag: 304 when unchanged).
export function mapFetch(url) {
  return fetch(url, { headers: { Accept: 'application/geo+json' } }).then((r) =>
    r.text().then((t) => {
      if (!r.ok) throw new Error(t);
      return t;
    }),
  );
}

export function toggleFullscreen(element) {
  if (document.fullscreenElement) return document.exitFullscreen();
  return element.requestFullscreen ? element.requestFullscreen() : Promise.resolve();
}

// The point picker of the publish form: a map where a click, or dragging the marker,
// chooses a point. `optsJson`: { lat, lon, zoom, tileUrl, attribution, marker: [lat, lon]
// or null, label }. `onPick(lat, lon)` hears each choice (longitude wrapped to ±180).
export function pickerCreate(container, optsJson, onPick) {
  const opts = JSON.parse(optsJson);
  return loadLeaflet().then((L) => {
    const map = L.map(container, { zoomControl: true, minZoom: 2, maxZoom: 19 });
    map.attributionControl.setPrefix(false);
    L.tileLayer(opts.tileUrl, { attribution: opts.attribution, maxZoom: 19 }).addTo(map);
    const html = el('span', 'map-pin map-pin-pick');
    html.appendChild(el('span', 'map-pin-symbol', '◉'));
    html.setAttribute('aria-hidden', 'true');
    const icon = L.divIcon({ html, className: 'map-pin-wrap', iconSize: [30, 30], iconAnchor: [15, 15] });
    let marker = null;
    const pick = (ll) => {
      const w = L.latLng(ll).wrap();
      onPick(w.lat, w.lng);
    };
    const place = (ll) => {
      if (!marker) {
        marker = L.marker(ll, { icon, draggable: true, keyboard: true, title: opts.label, alt: opts.label }).addTo(map);
        marker.on('dragend', () => pick(marker.getLatLng()));
      } else {
        marker.setLatLng(ll);
      }
    };
    if (opts.marker) place(opts.marker);
    map.on('click', (e) => {
      place(e.latlng);
      pick(e.latlng);
    });
    map.setView([opts.lat, opts.lon], opts.zoom);
    return {
      map,
      place,
      clear: () => {
        if (marker) marker.remove();
        marker = null;
      },
    };
  });
}

// Puts the picker's marker at a point and shows it (an address chosen in the list).
export function pickerSet(handle, lat, lon, zoom) {
  handle.place([lat, lon]);
  handle.map.setView([lat, lon], zoom);
}

// Shows a place without choosing it (the commune typed).
export function pickerView(handle, lat, lon, zoom) {
  handle.map.setView([lat, lon], zoom);
}

export function pickerClear(handle) {
  handle.clear();
}

// A map of given points (the dashboard's unanswered needs), framed to show them all.
// `optsJson`: { tileUrl, attribution, label, points: [[lat, lon, title, url], …] }.
export function pointsCreate(container, optsJson) {
  const opts = JSON.parse(optsJson);
  return loadLeaflet().then((L) => {
    const map = L.map(container, { zoomControl: true, minZoom: 2, maxZoom: 19 });
    map.attributionControl.setPrefix(false);
    L.tileLayer(opts.tileUrl, { attribution: opts.attribution, maxZoom: 19 }).addTo(map);
    const html = el('span', 'map-pin map-pin-need');
    html.appendChild(el('span', 'map-pin-symbol', '!'));
    html.setAttribute('aria-hidden', 'true');
    const icon = L.divIcon({ html, className: 'map-pin-wrap', iconSize: [30, 30], iconAnchor: [15, 15] });
    const bounds = [];
    opts.points.forEach(([lat, lon, title, url]) => {
      const m = L.marker([lat, lon], { icon, title: opts.label + ' : ' + title, alt: title, keyboard: true });
      const box = el('div', 'map-popup');
      const a = el('a', 'map-popup-title', title);
      a.href = url;
      box.appendChild(a);
      m.bindPopup(box);
      m.addTo(map);
      bounds.push([lat, lon]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    return map;
  });
}
