// Map of the groups (or events), as a progressive enhancement of the list it draws: the one
// named by the box's data-liste attribute, #groupes-liste by default.
// Without JavaScript (or without a tile server configured) the list alone is the interface;
// this script only adds a picture of it. No library: a Web-Mercator slippy map needs little
// more than one projection formula, and we would rather not ship third-party code.
(function () {
  "use strict";

  const TILE = 256;
  const MIN_ZOOM = 3;
  const MAX_ZOOM = 15;
  const HEIGHT = 360;
  const PADDING = 32; // keeps fitted markers off the edges, where they would be cut in half
  const PAN_STEP = 96; // pixels per arrow key press
  const DRAG_THRESHOLD = 5; // below this a press is a click (on a marker), not a drag
  const MAX_LAT = 85.0511287798; // Web Mercator's square world stops here
  const DOT = 16; // marker diameter, large enough to hit with a finger-ish pointer

  const box = document.getElementById("carte");
  const list = box && document.getElementById(box.getAttribute("data-liste") || "groupes-liste");
  if (!box || !list) return;
  const template = (box.getAttribute("data-tuiles") || "").trim();
  if (!template) return; // no tile server configured: the div stays hidden
  // By default the tile server learns nothing of our pages (their URLs carry the searched place).
  // tile.openstreetmap.org, however, refuses requests without a Referer: for it the page sets
  // data-referrer="strict-origin", which sends our bare origin and still never the path.
  const REFERRER_POLICIES = ["no-referrer", "origin", "strict-origin"];
  const referrer = REFERRER_POLICIES.indexOf(box.getAttribute("data-referrer")) >= 0
    ? box.getAttribute("data-referrer") : "no-referrer";

  // Projects to [0,1) "world" coordinates; multiplying by the world size in pixels
  // (256 * 2^zoom) gives pixel coordinates at that zoom, so zooming never re-projects.
  function project(lat, lon) {
    const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    const s = Math.sin((clamped * Math.PI) / 180);
    return { x: (lon + 180) / 360, y: 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI) };
  }

  function coord(el, name, limit) {
    const raw = el.getAttribute(name);
    if (raw === null || raw.trim() === "") return null;
    const v = Number(raw);
    return Number.isFinite(v) && Math.abs(v) <= limit ? v : null;
  }

  // Items without usable coordinates or without a link are skipped rather than guessed:
  // they remain in the list, which is the authoritative view.
  const groups = [];
  list.querySelectorAll("li[data-lat][data-lon]").forEach(function (li) {
    const lat = coord(li, "data-lat", 90);
    const lon = coord(li, "data-lon", 180);
    const link = li.querySelector("a[href]");
    if (lat === null || lon === null || !link) return;
    const name = (li.getAttribute("data-nom") || link.textContent || "").trim();
    groups.push(Object.assign(project(lat, lon), { href: link.getAttribute("href"), name: name }));
  });
  if (groups.length === 0) return;

  const centreLat = coord(box, "data-centre-lat", 90);
  const centreLon = coord(box, "data-centre-lon", 180);
  const searched = centreLat !== null && centreLon !== null ? project(centreLat, centreLon) : null;

  // Only CSSOM style properties are set (never a style attribute), so a future
  // Content-Security-Policy without 'unsafe-inline' styles keeps working.
  function css(el, props) { Object.assign(el.style, props); return el; }
  function make(tag, props) { return css(document.createElement(tag), props || {}); }

  box.hidden = false;
  css(box, {
    position: "relative", overflow: "hidden", width: "100%", height: HEIGHT + "px",
    background: "#e8e4df", touchAction: "none", userSelect: "none", cursor: "grab",
  });
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Carte des groupes");

  // Tiles and markers live in separate layers so the tiles can be rebuilt freely
  // without disturbing the markers (and the keyboard focus that may be on one).
  const tileLayer = make("div", { position: "absolute", left: "0", top: "0", right: "0", bottom: "0" });
  const markerLayer = make("div", { position: "absolute", left: "0", top: "0", right: "0", bottom: "0" });
  box.appendChild(tileLayer);
  box.appendChild(markerLayer);

  function outlineOnFocus(el) {
    el.addEventListener("focus", function () {
      // Same ring as the site's :focus-visible, but not after a mouse press on the map itself.
      let visible = true;
      try { visible = el.matches(":focus-visible"); } catch (_) { /* older browser: always show */ }
      if (visible) css(el, { outline: "3px solid #1d4ed8", outlineOffset: "2px" });
    });
    el.addEventListener("blur", function () { css(el, { outline: "", outlineOffset: "" }); });
  }

  function button(label, text, top) {
    const b = make("button", {
      position: "absolute", left: "8px", top: top + "px", width: "36px", height: "36px", zIndex: "2",
      padding: "0", font: "bold 1.3rem/1 system-ui, sans-serif", color: "#1a1a1a",
      background: "#fff", border: "1px solid #1a1a1a", borderRadius: "4px", cursor: "pointer",
    });
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    outlineOnFocus(b);
    box.appendChild(b);
    return b;
  }
  const zoomIn = button("Zoomer", "+", 8);
  const zoomOut = button("Dézoomer", "\u2212", 48);

  // DOM order = list order, so tabbing through the markers follows the list.
  const markers = groups.map(function (g) {
    const a = make("a", {
      position: "absolute", width: DOT + "px", height: DOT + "px", borderRadius: "50%",
      background: "#8a0022", border: "2px solid #fff", boxShadow: "0 0 0 1px #1a1a1a", zIndex: "1",
    });
    a.href = g.href;
    a.setAttribute("aria-label", g.name);
    a.title = g.name;
    a.draggable = false; // a dragged link would start a native drag-and-drop instead of panning
    outlineOnFocus(a);
    markerLayer.appendChild(a);
    return { point: g, el: a };
  });
  if (searched) {
    // Decorative (the page states what was searched): hidden from assistive tech, not focusable.
    const ring = make("span", {
      position: "absolute", width: "22px", height: "22px", borderRadius: "50%",
      border: "4px solid #1a1a1a", background: "rgba(255,255,255,.6)", pointerEvents: "none",
    });
    ring.setAttribute("aria-hidden", "true");
    markerLayer.insertBefore(ring, markerLayer.firstChild); // below the group dots
    markers.push({ point: searched, el: ring });
  }

  const credit = make("div", {
    position: "absolute", right: "0", bottom: "0", zIndex: "2", padding: "1px 5px",
    font: "12px/1.4 system-ui, sans-serif", color: "#1a1a1a", background: "rgba(255,255,255,.85)",
  });
  credit.textContent = box.getAttribute("data-attribution") || ""; // text, never HTML
  box.appendChild(credit);

  // View state: zoom level and centre in world coordinates.
  let zoom = MIN_ZOOM;
  let cx = 0.5;
  let cy = 0.5;
  let touched = false; // once the user has moved the map, a resize must not re-fit it
  const tiles = new Map(); // "z/x/y" (x unwrapped) -> img, reused while panning to avoid flicker

  function worldSize() { return TILE * Math.pow(2, zoom); }

  // Largest zoom at which every point fits inside the padded box, centred on their bounds.
  // The antimeridian is ignored: groups of one movement do not straddle the Pacific.
  function fit() {
    const all = groups.concat(searched ? [searched] : []);
    const xs = all.map(function (p) { return p.x; });
    const ys = all.map(function (p) { return p.y; });
    const minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    const minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    const w = Math.max(box.clientWidth - 2 * PADDING, 1);
    const h = Math.max(box.clientHeight - 2 * PADDING, 1);
    cx = (minX + maxX) / 2;
    cy = (minY + maxY) / 2;
    zoom = MIN_ZOOM;
    for (let z = MAX_ZOOM; z >= MIN_ZOOM; z--) {
      const size = TILE * Math.pow(2, z);
      if ((maxX - minX) * size <= w && (maxY - minY) * size <= h) { zoom = z; break; }
    }
  }

  function tileUrl(z, x, y) {
    return template.replace(/\{z\}/g, z).replace(/\{x\}/g, x).replace(/\{y\}/g, y);
  }

  function render() {
    const w = box.clientWidth, h = box.clientHeight, size = worldSize(), n = Math.pow(2, zoom);
    // Wrap horizontally (the world repeats); clamp vertically so no grey band appears past the poles.
    cx -= Math.floor(cx);
    const half = h / 2 / size;
    cy = half >= 0.5 ? 0.5 : Math.max(half, Math.min(1 - half, cy));
    // Whole pixels, otherwise sub-pixel tile positions show hairline seams between tiles.
    const left = Math.round(cx * size - w / 2);
    const top = Math.round(cy * size - h / 2);

    const wanted = new Set();
    const y0 = Math.max(0, Math.floor(top / TILE)), y1 = Math.min(n - 1, Math.floor((top + h - 1) / TILE));
    const x0 = Math.floor(left / TILE), x1 = Math.floor((left + w - 1) / TILE);
    for (let ty = y0; ty <= y1; ty++) {
      for (let tx = x0; tx <= x1; tx++) {
        const key = zoom + "/" + tx + "/" + ty;
        wanted.add(key);
        let img = tiles.get(key);
        if (!img) {
          img = make("img", {
            position: "absolute", width: TILE + "px", height: TILE + "px",
            maxWidth: "none", maxHeight: "none", pointerEvents: "none", userSelect: "none",
          });
          img.alt = "";
          img.draggable = false;
          img.referrerPolicy = referrer; // before src, or the first request would ignore it
          img.decoding = "async";
          img.addEventListener("error", function () { img.style.visibility = "hidden"; }); // no broken-image icons
          img.src = tileUrl(zoom, ((tx % n) + n) % n, ty);
          tiles.set(key, img);
          tileLayer.appendChild(img);
        }
        css(img, { left: tx * TILE - left + "px", top: ty * TILE - top + "px" });
      }
    }
    tiles.forEach(function (img, key) {
      if (!wanted.has(key)) { img.remove(); tiles.delete(key); }
    });

    markers.forEach(function (m) {
      // Draw each marker on the copy of the world nearest the centre of the view.
      let d = m.point.x * size - left - w / 2;
      d -= size * Math.round(d / size);
      const r = m.el.offsetWidth / 2;
      css(m.el, { left: Math.round(w / 2 + d - r) + "px", top: Math.round(m.point.y * size - top - r) + "px" });
    });

    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    zoomIn.setAttribute("aria-disabled", String(zoom >= MAX_ZOOM));
    zoomOut.setAttribute("aria-disabled", String(zoom <= MIN_ZOOM));
    zoomIn.style.opacity = zoom >= MAX_ZOOM ? "0.5" : "1";
    zoomOut.style.opacity = zoom <= MIN_ZOOM ? "0.5" : "1";
  }

  // Pointer moves arrive much faster than frames; draw at most once per frame.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }

  // Zooms by one level keeping the point under (px, py) — box pixels — in place.
  function zoomBy(step, px, py) {
    const next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom + step));
    if (next === zoom) return;
    touched = true;
    const w = box.clientWidth, h = box.clientHeight;
    const ox = px === undefined ? 0 : px - w / 2;
    const oy = py === undefined ? 0 : py - h / 2;
    const before = worldSize();
    const ax = cx + ox / before, ay = cy + oy / before;
    zoom = next;
    const after = worldSize();
    cx = ax - ox / after;
    cy = ay - oy / after;
    schedule();
  }

  function panBy(dx, dy) {
    const size = worldSize();
    touched = true;
    cx += dx / size;
    cy += dy / size;
    schedule();
  }

  zoomIn.addEventListener("click", function () { zoomBy(1); });
  zoomOut.addEventListener("click", function () { zoomBy(-1); });

  // Dragging. Pointer capture is taken only once the pointer has really moved: capturing on
  // press would retarget the click and stop a simple tap on a marker from following its link.
  let drag = null;
  let swallowClick = false;
  box.addEventListener("pointerdown", function (e) {
    if (drag || (e.pointerType === "mouse" && e.button !== 0) || e.target.closest("button")) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moving: false };
  });
  box.addEventListener("pointermove", function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moving) {
      if (Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) return;
      drag.moving = true;
      try { box.setPointerCapture(e.pointerId); } catch (_) { /* pointer already gone */ }
      box.style.cursor = "grabbing";
    }
    drag.x = e.clientX;
    drag.y = e.clientY;
    panBy(-dx, -dy);
  });
  function endDrag(e) {
    if (!drag || e.pointerId !== drag.id) return;
    if (drag.moving) {
      swallowClick = true; // the click that follows a drag must not open a group
      setTimeout(function () { swallowClick = false; }, 0); // touch may fire no click at all
      box.style.cursor = "grab";
    }
    drag = null;
  }
  box.addEventListener("pointerup", endDrag);
  box.addEventListener("pointercancel", endDrag);
  box.addEventListener("click", function (e) {
    if (swallowClick) { e.preventDefault(); e.stopPropagation(); swallowClick = false; }
  }, true);
  box.addEventListener("dragstart", function (e) { e.preventDefault(); });

  // The wheel zooms only once the map has the focus (or with Ctrl, which is also what a
  // trackpad pinch sends): otherwise scrolling the page over the map would hijack it.
  let lastWheel = 0;
  box.addEventListener("wheel", function (e) {
    if (!(e.ctrlKey || e.metaKey || box.contains(document.activeElement))) return;
    e.preventDefault();
    const now = Date.now();
    if (now - lastWheel < 200 || e.deltaY === 0) return; // one level per gesture, not per event
    lastWheel = now;
    const rect = box.getBoundingClientRect();
    zoomBy(e.deltaY < 0 ? 1 : -1, e.clientX - rect.left, e.clientY - rect.top);
  }, { passive: false });

  // Keys act only when the container itself is focused, so they never fight a focused
  // button or link (where Enter/Space keep their usual meaning).
  box.addEventListener("keydown", function (e) {
    if (e.target !== box || e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = { ArrowLeft: [-PAN_STEP, 0], ArrowRight: [PAN_STEP, 0], ArrowUp: [0, -PAN_STEP], ArrowDown: [0, PAN_STEP] };
    if (moves[e.key]) panBy(moves[e.key][0], moves[e.key][1]);
    else if (e.key === "+" || e.key === "=") zoomBy(1);
    else if (e.key === "-" || e.key === "_") zoomBy(-1);
    else return;
    e.preventDefault(); // arrows would otherwise also scroll the page
  });
  outlineOnFocus(box);

  // Tabbing to a marker outside the view: the browser would scroll the overflow:hidden box
  // to reveal it and desynchronise the layers. Undo that scroll and bring the marker in view.
  box.addEventListener("scroll", function () { box.scrollLeft = 0; box.scrollTop = 0; });
  box.addEventListener("focusin", function (e) {
    const m = markers.find(function (mk) { return mk.el === e.target; });
    if (!m) return;
    const r = m.el.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.left < b.left || r.right > b.right || r.top < b.top || r.bottom > b.bottom) {
      cx = m.point.x;
      cy = m.point.y;
      render(); // synchronously, so the focus ring is drawn at the new place
    }
  });

  // Re-fit on resize (phone rotation, or a box first measured at width 0 inside a hidden
  // parent) until the user takes over.
  function resized() { if (!touched) fit(); schedule(); }
  if (typeof ResizeObserver === "function") new ResizeObserver(resized).observe(box);
  else window.addEventListener("resize", resized);

  fit();
  render();
})();
