// The interactive map. Python builds the figure (maps.figure: plotly's figure schema, the part
// of it this app uses: choropleth and scattergeo traces, a geo layout, a horizontal legend);
// this module draws it as SVG with d3 (d3-geo projects, d3-zoom pans and zooms). The app
// serves both from static/ (./dev installs d3; nothing comes from another host), so the
// browser fetches this code once and keeps it; the map component (web/geomap.py) only loads it.
//
// The component calls draw() again with each rerun's figure. The map's element stays: a layer
// change recolours the units in place, and the geometry (fetched once per file) is projected
// again only when the view or the map's size changes. A click on a map unit or a marker sends
// the clicked point as the trigger "select". Text from data is only ever set as text
// (textContent, SVG text), never parsed as HTML.

const LIBRARIES = (window.__dashboardMapLibraries ||= {});
const GEOMETRY = (window.__dashboardMapGeometry ||= {});
let mapCount = 0;

function d3From(url) {
  if (!LIBRARIES[url]) {
    LIBRARIES[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.d3);
      script.onerror = () => {
        delete LIBRARIES[url];
        reject(new Error(`The map's drawing library could not be loaded from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return LIBRARIES[url];
}

// A boundary file's features by id (the figure's featureidkey is "id"); fetched once per page.
function boundaries(url) {
  if (!GEOMETRY[url]) {
    GEOMETRY[url] = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      })
      .then((json) => new Map(json.features.map((f) => [f.id, f])))
      .catch((error) => {
        delete GEOMETRY[url];
        throw error;
      });
  }
  return GEOMETRY[url];
}

const at = (value, i) => (Array.isArray(value) ? value[i] : value);

// plotly.py sends numeric arrays as base64 typed arrays ({dtype, bdata}); plain arrays here.
const TYPED = {
  f8: Float64Array,
  f4: Float32Array,
  i4: Int32Array,
  u4: Uint32Array,
  i2: Int16Array,
  u2: Uint16Array,
  i1: Int8Array,
  u1: Uint8Array,
  u1c: Uint8ClampedArray,
};

function decoded(value) {
  if (Array.isArray(value)) return value.map(decoded);
  if (!value || typeof value !== "object") return value;
  if (typeof value.bdata === "string" && TYPED[value.dtype]) {
    const bytes = Uint8Array.from(atob(value.bdata), (c) => c.charCodeAt(0));
    return Array.from(new TYPED[value.dtype](bytes.buffer));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decoded(v)]));
}

// ---- Hover text: plotly's template syntax, the few tags this app's templates use ----------

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'" };

function filled(template, point) {
  return template.replace(/<extra>[\s\S]*?<\/extra>/g, "").replace(/%\{([^}]+)\}/g, (_, key) => {
    const index = key.match(/^customdata\[(\d+)\]$/);
    const value = index ? at(point.customdata, Number(index[1])) : point[key];
    return value == null ? "" : String(value);
  });
}

// Lines of {text, bold} runs: <br> breaks a line, <b> makes bold, other tags are dropped, and
// entities (data is escaped in Python) become the characters they stand for, as plain text.
function runs(text) {
  const lines = [[]];
  let bold = false;
  for (const part of text.split(/(<br\s*\/?>|<\/?b>)/i)) {
    const tag = part.toLowerCase();
    if (tag.startsWith("<br")) lines.push([]);
    else if (tag === "<b>") bold = true;
    else if (tag === "</b>") bold = false;
    else if (part) {
      const plain = part
        .replace(/<[^>]*>/g, "")
        .replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e) => ENTITIES[e]);
      if (plain) lines[lines.length - 1].push({ text: plain, bold });
    }
  }
  return lines.filter((line) => line.length);
}

function hoverText(trace, point) {
  if (trace.hoverinfo === "skip" || trace.hoverinfo === "none") return null;
  if (trace.hovertemplate) return filled(at(trace.hovertemplate, point.pointNumber), point);
  const text = at(trace.hovertext, point.pointNumber) ?? point.text;
  return text == null ? null : String(text);
}

// ---- Marker symbols: plotly's names and numbers, the shapes this app uses ------------------

const SYMBOLS = ["circle", "square", "diamond", "cross", "x", "triangle-up"];
SYMBOLS[17] = "star";
const VARIANTS = ["", "-open", "-dot", "-open-dot"];

function symbolName(symbol) {
  if (typeof symbol === "number") {
    return (SYMBOLS[symbol % 100] || "circle") + (VARIANTS[Math.floor(symbol / 100)] || "");
  }
  return symbol || "circle";
}

function shape(base, r) {
  const f = (n) => n.toFixed(2);
  switch (base) {
    case "square":
      return `M${f(r)},${f(r)}H${f(-r)}V${f(-r)}H${f(r)}Z`;
    case "diamond": {
      const d = r * 1.3;
      return `M${f(d)},0L0,${f(d)}L${f(-d)},0L0,${f(-d)}Z`;
    }
    case "triangle-up": {
      const w = (r * 2) / Math.sqrt(3);
      return `M${f(-w)},${f(r / 2)}H${f(w)}L0,${f(-r * Math.SQRT2)}Z`;
    }
    case "star": {
      const points = [];
      for (let k = 0; k < 10; k += 1) {
        const radius = k % 2 ? r * 0.55 : r * 1.35;
        const angle = (Math.PI * k) / 5 - Math.PI / 2;
        points.push(`${f(radius * Math.cos(angle))},${f(radius * Math.sin(angle))}`);
      }
      return `M${points.join("L")}Z`;
    }
    case "x":
    case "x-thin":
      return `M${f(-r)},${f(-r)}L${f(r)},${f(r)}M${f(r)},${f(-r)}L${f(-r)},${f(r)}`;
    case "cross":
      return `M0,${f(-r)}V${f(r)}M${f(-r)},0H${f(r)}`;
    default:
      return `M${f(r)},0A${f(r)},${f(r)} 0 1,1 0,${f(-r)}A${f(r)},${f(r)} 0 0,1 ${f(r)},0Z`;
  }
}

// Draws one marker into the SVG path element `el`: shape, fill and outline as plotly would.
function paintMarker(el, symbol, size, colour, line) {
  const name = symbolName(symbol);
  const open = name.includes("-open") || name.startsWith("x-thin");
  const dot = name.endsWith("-dot");
  const base = name.replace(/-open|-dot/g, "");
  let d = shape(base, size / 2);
  if (dot) d += shape("circle", Math.max(size / 8, 1.5));
  el.setAttribute("d", d);
  const lined = base === "x" || base === "x-thin" || base === "cross";
  el.setAttribute("fill", open || lined ? "none" : colour);
  el.setAttribute("stroke", open || lined ? colour : line.color || "#444444");
  el.setAttribute("stroke-width", open || lined ? line.width || 1.5 : line.width || 0);
  if (dot && open) el.setAttribute("fill-rule", "evenodd");
}

// ---- Colours of a choropleth trace (a plotly colorscale over z) -----------------------------

function unitColours(d3, trace) {
  const scale = trace.colorscale || [
    [0, "#cccccc"],
    [1, "#cccccc"],
  ];
  const z = trace.z || [];
  const zmin = trace.zmin ?? Math.min(...z);
  const zmax = trace.zmax ?? Math.max(...z);
  return (i) => colourAt(d3, scale, zmax > zmin ? (z[i] - zmin) / (zmax - zmin) : 0);
}

// The colour at t (0..1, held to that range, as plotly does) of a colorscale: [[0, c0], ...,
// [1, cn]], its stops in rising order; mixed in RGB between the two stops around t.
function colourAt(d3, scale, t) {
  t = Math.min(1, Math.max(0, t));
  let i = 1;
  while (i < scale.length - 1 && scale[i][0] < t) i += 1;
  const [[t0, c0], [t1, c1]] = [scale[i - 1], scale[i] || scale[i - 1]];
  return d3.interpolateRgb(c0, c1)(t1 > t0 ? (t - t0) / (t1 - t0) : 0);
}

// ---- The legend: under the map, in the SVG (so the picture download has it) ----------------

const FONT_SIZE = 12;
let measure;
function textWidth(text, bold) {
  measure ||= document.createElement("canvas").getContext("2d");
  measure.font = `${bold ? "600 " : ""}${FONT_SIZE}px "Source Sans", sans-serif`;
  return measure.measureText(text).width;
}

function legendEntries(figure, d3) {
  return figure.data.flatMap((trace, index) => {
    const shown = trace.showlegend ?? trace.type === "scattergeo";
    if (!shown || !trace.name) return [];
    const key = trace.legendgroup || `trace-${index}`;
    if (trace.type === "choropleth") {
      const line = trace.marker?.line || {};
      return [{ key, label: trace.name, swatch: unitColours(d3, trace)(0), line }];
    }
    const marker = trace.marker || {};
    return [{ key, label: trace.name, marker }];
  });
}

// Lays the entries out in rows across `width`; returns the legend's height.
function drawLegend(d3, group, title, entries, width, hidden, onToggle) {
  group.selectAll("*").remove();
  if (!entries.length) return 0;
  const row = 22;
  let y = 4;
  if (title) {
    group
      .append("text")
      .attr("class", "legend-title")
      .attr("x", 4)
      .attr("y", y + 13)
      .text(title);
    y += row;
  }
  let x = 4;
  for (const entry of entries) {
    const w = 30 + textWidth(entry.label) + 18;
    if (x > 4 && x + w > width) {
      x = 4;
      y += row;
    }
    const item = group
      .append("g")
      .attr("class", "legend-entry")
      .attr("data-key", entry.key)
      .attr("transform", `translate(${x},${y})`)
      .attr("opacity", hidden.has(entry.key) ? 0.45 : 1)
      .on("click", () => onToggle(entry.key));
    item
      .append("rect")
      .attr("class", "legend-hit")
      .attr("width", w - 8)
      .attr("height", row - 4)
      .attr("fill", "transparent");
    if (entry.swatch) {
      item
        .append("rect")
        .attr("class", "legend-symbol")
        .attr("x", 4)
        .attr("y", 4)
        .attr("width", 18)
        .attr("height", 11)
        .attr("fill", entry.swatch)
        .attr("stroke", entry.line.color || "#ffffff")
        .attr("stroke-width", entry.line.width ?? 0.5);
    } else {
      const m = entry.marker;
      const el = item
        .append("path")
        .attr("class", "legend-symbol")
        .attr("transform", "translate(13,9.5)")
        .node();
      paintMarker(
        el,
        at(m.symbol, 0),
        Math.min(at(m.size, 0) || 8, 12),
        at(m.color, 0) || "#444444",
        m.line || {},
      );
    }
    item.append("text").attr("class", "legend-label").attr("x", 30).attr("y", 14).text(entry.label);
    x += w;
  }
  return y + row + 4;
}

// ---- The toolbar: what plotly's modebar offered, with the app's own words ------------------

const ICONS = {
  zoomIn: "M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z",
  zoomOut: "M19 13H5v-2h14v2z",
  reset: "M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z",
  picture:
    "M12 15.2a3.2 3.2 0 1 0 0-6.4 3.2 3.2 0 0 0 0 6.4zM9 2 7.17 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-3.17L15 2H9z",
  fullscreen: "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z",
};

function toolbar(div, actions, texts) {
  const bar = document.createElement("div");
  bar.className = "map-toolbar";
  for (const [name, action] of Object.entries(actions)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "map-button";
    button.dataset.action = name;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    button.appendChild(svg);
    button.addEventListener("click", action);
    bar.appendChild(button);
  }
  div.appendChild(bar);
  rename(div, texts);
}

// The map as a PNG file: the SVG (map and legend) on white, twice the size on screen.
function downloadPicture(svg, filename, scale) {
  const copy = svg.cloneNode(true);
  const width = svg.clientWidth || Number(svg.getAttribute("width"));
  const height = svg.clientHeight || Number(svg.getAttribute("height"));
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", width);
  copy.setAttribute("height", height);
  copy.setAttribute("font-family", '"Source Sans", sans-serif');
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  Object.entries({ width, height, fill: "#ffffff" }).forEach(([k, v]) =>
    background.setAttribute(k, v),
  );
  copy.insertBefore(background, copy.firstChild);
  const source = new XMLSerializer().serializeToString(copy);
  const url = URL.createObjectURL(new Blob([source], { type: "image/svg+xml" }));
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext("2d");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${filename}.png`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }, "image/png");
  };
  image.src = url;
}

// ---- The map --------------------------------------------------------------------------------

const PROJECTIONS = {
  "natural earth": "geoNaturalEarth1",
  equirectangular: "geoEquirectangular",
  mercator: "geoMercator",
};

// Points along the edges of the lon/lat box the view shows (plotly's lonaxis and lataxis
// ranges), for the projection to fit.
function viewBox(lon, lat) {
  const points = [];
  for (let x = lon[0]; x <= lon[1]; x += Math.max((lon[1] - lon[0]) / 60, 0.25)) {
    points.push([x, lat[0]], [x, lat[1]]);
  }
  for (let y = lat[0]; y <= lat[1]; y += Math.max((lat[1] - lat[0]) / 60, 0.25)) {
    points.push([lon[0], y], [lon[1], y]);
  }
  points.push([lon[1], lat[0]], [lon[1], lat[1]]);
  return { type: "MultiPoint", coordinates: points };
}

function skeleton(d3, div, setTrigger, texts) {
  const id = `dashboard-map-${(mapCount += 1)}`;
  const state = { id, hidden: new Set(), transform: d3.zoomIdentity, setTrigger };
  const svg = d3.select(div).append("svg").attr("class", "map-svg").attr("role", "img");
  const clip = svg.append("clipPath").attr("id", `${id}-clip`).append("rect");
  // A group cut to the map's area (the legend lies outside it).
  const clipped = (name) =>
    svg.append("g").attr("clip-path", `url(#${id}-clip)`).append("g").attr("class", name);
  const zoomed = clipped("map-zoom");
  const ocean = zoomed.append("path").attr("class", "ocean");
  const units = zoomed.append("g").attr("class", "units");
  const markers = clipped("markers"); // over the units, the same size at every zoom
  const legend = svg.append("g").attr("class", "legend");
  const tip = d3.select(div).append("div").attr("class", "map-tip").style("display", "none");
  Object.assign(state, { svg, clip, zoomed, ocean, units, markers, legend, tip });

  state.zoom = d3
    .zoom()
    .scaleExtent([1, 60])
    .filter(
      (event) => (event.type === "wheel" ? state.scrollZoom : !event.button) && !event.ctrlKey,
    )
    .on("zoom", (event) => {
      state.transform = event.transform;
      zoomed.attr("transform", event.transform);
      placeMarkers(state);
    });
  svg.call(state.zoom).on("dblclick.zoom", null);
  const reset = () => svg.call(state.zoom.transform, d3.zoomIdentity);
  svg.on("dblclick", reset);

  const pointOf = (event) => event.target.closest?.(".unit, .point");
  svg.on("pointermove", (event) => showTip(state, pointOf(event), event));
  svg.on("pointerleave", () => tip.style("display", "none"));
  svg.on("click", (event) => {
    const el = pointOf(event);
    if (el && el.__point) {
      const { curveNumber, pointNumber, location, customdata } = el.__point;
      state.setTrigger("select", [
        { curveNumber, pointNumber, location: location ?? null, customdata: customdata ?? null },
      ]);
    }
  });

  toolbar(
    div,
    {
      zoomIn: () => state.zoom.scaleBy(svg, 1.5),
      zoomOut: () => state.zoom.scaleBy(svg, 1 / 1.5),
      reset,
      picture: () => downloadPicture(svg.node(), state.filename, state.scale),
      fullscreen: () =>
        document.fullscreenElement === div ? document.exitFullscreen() : div.requestFullscreen(),
    },
    texts,
  );
  div.addEventListener("fullscreenchange", () => state.redraw?.());
  new ResizeObserver(() => {
    if (div.clientWidth && div.clientWidth !== state.width) state.redraw?.();
  }).observe(div);
  return state;
}

function rename(div, texts) {
  for (const button of div.querySelectorAll(":scope > .map-toolbar > button")) {
    const name = texts[button.dataset.action];
    button.title = name;
    button.setAttribute("aria-label", name);
  }
}

function placeMarkers(state) {
  const t = state.transform;
  state.markers.selectAll("g.marker").attr("transform", function () {
    const [x, y] = t.apply(this.__xy);
    return `translate(${x.toFixed(1)},${y.toFixed(1)})`;
  });
}

function showTip(state, el, event) {
  const tip = state.tip;
  const point = el?.__point;
  const text = point && hoverText(point.trace, point);
  if (!text) {
    tip.style("display", "none");
    return;
  }
  tip.selectAll("*").remove();
  for (const line of runs(text)) {
    const row = tip.append("div");
    for (const run of line) row.append(run.bold ? "b" : "span").text(run.text);
  }
  const box = state.svg.node().getBoundingClientRect();
  const x = event.clientX - box.left;
  const y = event.clientY - box.top;
  const left = x > box.width * 0.6;
  tip
    .style("display", "block")
    .style("left", left ? null : `${x + 14}px`)
    .style("right", left ? `${box.width - x + 14}px` : null)
    .style("top", `${y + 14}px`);
}

function render(d3, div, state, data, features) {
  const { figure, config } = data;
  const { layout } = figure;
  const full = document.fullscreenElement === div;
  const width = full ? window.innerWidth : div.clientWidth || 800;
  const height = full ? window.innerHeight : layout.height || 560;
  state.width = div.clientWidth;
  state.filename = config.toImageButtonOptions?.filename || "map";
  state.scale = config.toImageButtonOptions?.scale || 2;
  state.scrollZoom = config.scrollZoom !== false;

  // Legend first: the map gets the height it leaves (as plotly's bottom margin did).
  const legendTitle = layout.legend?.title?.text || "";
  const entries = legendEntries(figure, d3);
  const keys = entries.map((e) => e.key).join("|");
  if (keys !== state.legendKeys) state.hidden = new Set(); // another layer: all shown again
  state.legendKeys = keys;
  const visible = (trace, index) => !state.hidden.has(trace.legendgroup || `trace-${index}`);
  const toggle = (key) => {
    if (state.hidden.has(key)) state.hidden.delete(key);
    else state.hidden.add(key);
    state.redraw();
  };
  const legendHeight = drawLegend(
    d3,
    state.legend,
    legendTitle,
    entries,
    width,
    state.hidden,
    toggle,
  );
  const mapHeight = Math.max(height - legendHeight, 120);
  state.svg.attr("width", width).attr("height", height).attr("aria-label", legendTitle);
  state.legend.attr("transform", `translate(0,${mapHeight})`);
  state.zoom
    .extent([
      [0, 0],
      [width, mapHeight],
    ])
    .translateExtent([
      [0, 0],
      [width, mapHeight],
    ]);

  // The view: a new one (another region) starts unzoomed; the same keeps the user's zoom.
  const geo = layout.geo || {};
  const lon = geo.lonaxis?.range || [-180, 180];
  const lat = geo.lataxis?.range || [-90, 90];
  const view = `${lon}|${lat}|${width}|${mapHeight}|${geo.projection?.type}`;
  if (layout.uirevision !== state.uirevision) {
    state.uirevision = layout.uirevision;
    state.svg.call(state.zoom.transform, d3.zoomIdentity);
  }
  if (view !== state.view) {
    const kind = PROJECTIONS[geo.projection?.type] || "geoNaturalEarth1";
    state.projection = d3[kind]()
      .rotate([-(lon[0] + lon[1]) / 2, 0])
      .fitExtent(
        [
          [0, 0],
          [width, mapHeight],
        ],
        viewBox(lon, lat),
      );
    state.path = d3.geoPath(state.projection);
    // The whole world is cut at its latitudes (as plotly cuts at its axis ranges); a region
    // fills the map's area, with what lies around it.
    const world = lon[1] - lon[0] >= 359;
    const [[x0, y0], [x1, y1]] = world
      ? state.path.bounds(viewBox(lon, lat))
      : [
          [0, 0],
          [width, mapHeight],
        ];
    state.clip
      .attr("x", Math.max(x0, 0))
      .attr("y", Math.max(y0, 0))
      .attr("width", Math.min(x1, width) - Math.max(x0, 0))
      .attr("height", Math.min(y1, mapHeight) - Math.max(y0, 0));
    state.ocean.attr("d", state.path({ type: "Sphere" }));
    state.units.selectAll("path.unit").attr("d", (d) => state.path(d.feature));
    state.view = view;
  }
  state.ocean.attr("fill", geo.showocean === false ? "none" : geo.oceancolor || "#ffffff");

  // The map units: one path per unit, kept across reruns (a layer change recolours it).
  const items = new Map();
  figure.data.forEach((trace, curveNumber) => {
    if (trace.type !== "choropleth" || !visible(trace, curveNumber)) return;
    const colour = unitColours(d3, trace);
    const line = trace.marker?.line || {};
    (trace.locations || []).forEach((location, pointNumber) => {
      const feature = features.get(trace.geojson)?.get(location);
      if (!feature) return;
      const customdata = at(trace.customdata, pointNumber);
      const point = { trace, curveNumber, pointNumber, location, customdata };
      items.set(location, { id: location, feature, fill: colour(pointNumber), line, point });
    });
  });
  state.units
    .selectAll("path.unit")
    .data([...items.values()], (d) => d.id)
    .join((enter) =>
      enter
        .append("path")
        .attr("class", "unit")
        .attr("d", (d) => state.path(d.feature)),
    )
    .each(function (d) {
      this.__point = d.point;
      this.dataset.id = d.id;
      this.setAttribute("fill", d.fill);
      this.setAttribute("stroke", d.line.color || "#ffffff");
      this.setAttribute("stroke-width", d.line.width ?? 0.5);
    });

  // Markers and their labels: drawn anew (a few hundred at most), kept the same size on zoom.
  state.markers.selectAll("*").remove();
  figure.data.forEach((trace, curveNumber) => {
    if (trace.type !== "scattergeo" || !visible(trace, curveNumber)) return;
    const group = state.markers
      .append("g")
      .attr("class", "trace")
      .attr("data-name", trace.name || "");
    const marker = trace.marker || {};
    const mode = trace.mode || "markers";
    (trace.lon || []).forEach((lonValue, pointNumber) => {
      const latValue = at(trace.lat, pointNumber);
      if (lonValue == null || latValue == null) return;
      const xy = state.projection([lonValue, latValue]);
      if (!xy) return;
      const g = group.append("g").attr("class", "marker").node();
      g.__xy = xy;
      const text = at(trace.text, pointNumber);
      const point = {
        trace,
        curveNumber,
        pointNumber,
        location: null,
        customdata: at(trace.customdata, pointNumber),
        text,
      };
      if (mode.includes("markers")) {
        const el = document.createElementNS("http://www.w3.org/2000/svg", "path");
        el.setAttribute("class", "point");
        const size = at(marker.size, pointNumber) ?? 6;
        paintMarker(
          el,
          at(marker.symbol, pointNumber),
          size,
          at(marker.color, pointNumber) || "#444444",
          marker.line || {},
        );
        el.__point = point;
        g.appendChild(el);
      }
      if (mode.includes("text") && text) {
        const size = at(marker.size, pointNumber) ?? 6;
        const position = at(trace.textposition, pointNumber) || "top center";
        const gap = size / 2 + 3;
        const [dx, dy, anchor] = position.startsWith("middle")
          ? [position.endsWith("left") ? -gap : gap, 4, position.endsWith("left") ? "end" : "start"]
          : [0, position.startsWith("bottom") ? gap + 9 : -gap, "middle"];
        d3.select(g)
          .append("text")
          .attr("class", "label")
          .attr("x", dx)
          .attr("y", dy)
          .attr("text-anchor", anchor)
          .attr("font-size", trace.textfont?.size || FONT_SIZE)
          .attr("fill", trace.textfont?.color || "#262730")
          .text(String(text));
      }
    });
  });
  placeMarkers(state);
}

export function draw({ data, parentElement, setTriggerValue }) {
  const urls = [
    ...new Set(data.figure.data.map((t) => t.geojson).filter((u) => typeof u === "string")),
  ];
  const geometry = Promise.all(urls.map((url) => boundaries(url).then((f) => [url, f])));
  let div = parentElement.querySelector(":scope > .dashboard-map");
  if (!div) {
    div = document.createElement("div");
    div.className = "dashboard-map";
    parentElement.appendChild(div);
  }
  div.dataset.view = data.view; // the drawn view (page, layer, region, language)
  const run = (div.dashboardRun = (div.dashboardRun || 0) + 1);
  Promise.all([d3From(data.library), geometry])
    .then(([d3, files]) => {
      if (div.dashboardRun !== run) return; // a newer figure arrived meanwhile
      if (!d3?.geoPath || !d3?.zoom) throw new Error("The map's drawing library is incomplete");
      div.dashboardMap ||= skeleton(d3, div, setTriggerValue, data.texts);
      const state = div.dashboardMap;
      state.setTrigger = setTriggerValue; // this run's, for the click handler
      rename(div, data.texts);
      const features = new Map(files);
      const shown = { ...data, figure: decoded(data.figure) };
      state.redraw = () => render(d3, div, state, shown, features);
      state.redraw();
      div.figure = shown.figure; // the figure as drawn, for whoever reads the map (tests)
      div.dataset.drawn = data.view;
    })
    .catch((error) => {
      console.error(error);
      div.dashboardMap = undefined; // a later run that can draw starts the map anew
      div.textContent = data.texts.failed;
    });
}
