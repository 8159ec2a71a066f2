// The interactive map: the figure built in Python (maps.figure), drawn by plotly.js's geo
// bundle, which the app serves itself from static/ (./dev installs it; nothing comes from
// another host). Streamlit calls this function again with each rerun's figure; the map div
// stays, and Plotly.react updates it in place (a layer or region change restyles, it does not
// draw anew). A click on a map unit sends the clicked points as the trigger "select".

const loading = (window.__dashboardMapBundles ||= {});

function plotlyFrom(url) {
  if (!loading[url]) {
    loading[url] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        delete loading[url];
        reject(new Error(`The map's drawing library could not be loaded from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return loading[url];
}

// Geometry plotly would fetch itself once the bundle is running, fetched beside the bundle
// instead and left where plotly looks first (its geo asset store: GeoJSON by URL, topojson by
// name). Whatever is not there in time, plotly fetches as usual.
function prefetch(assets) {
  const store = (window.PlotlyGeoAssets ||= { topojson: {} });
  store.topojson ||= {};
  const started = (window.__dashboardMapPrefetch ||= {});
  for (const { url, topojson } of assets || []) {
    if (started[url]) continue;
    started[url] = true;
    fetch(url)
      .then((response) => (response.ok ? response.json() : null))
      .then((json) => {
        if (!json) return;
        if (topojson) store.topojson[topojson] ??= json;
        else if (typeof store[url] !== "object") store[url] = json;
      })
      .catch(() => {
        delete started[url];
      });
  }
}

// The full-screen button Streamlit's own plotly chart has: the map fills the screen.
const EXPAND = "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z";

function fullscreenButton(title) {
  return {
    name: "fullscreen",
    title,
    icon: { width: 24, height: 24, path: EXPAND },
    click: (gd) =>
      document.fullscreenElement === gd ? document.exitFullscreen() : gd.requestFullscreen(),
  };
}

function fitScreen(Plotly, div) {
  div.addEventListener("fullscreenchange", () => {
    const full = document.fullscreenElement === div;
    const size = full ? [window.innerWidth, window.innerHeight] : [null, div.dashboardHeight];
    Plotly.relayout(div, { width: size[0], height: size[1] }); // null: as wide as the page
  });
}

// What Python needs of a clicked point (plotly's own points hold the whole figure).
function clicked(points) {
  return points.map((p) => ({
    curveNumber: p.curveNumber,
    pointNumber: p.pointNumber,
    location: p.location ?? null,
    customdata: p.customdata ?? null,
  }));
}

export default function ({ data, parentElement, setTriggerValue }) {
  prefetch(data.prefetch);
  let div = parentElement.querySelector(":scope > .dashboard-map");
  if (!div) {
    div = document.createElement("div");
    div.className = "dashboard-map";
    parentElement.appendChild(div);
  }
  div.dataset.view = data.view; // the drawn view (page, layer, region, language)
  div.dashboardSelect = setTriggerValue; // this run's, for the click handler below
  let current = true;
  plotlyFrom(data.plotly)
    .then((Plotly) => {
      if (!current) return; // a newer figure arrived while the bundle loaded
      const first = !div.classList.contains("js-plotly-plot");
      const { data: traces, layout } = data.figure;
      div.dashboardHeight = layout.height;
      if (document.fullscreenElement === div) {
        Object.assign(layout, { width: window.innerWidth, height: window.innerHeight });
      }
      const config = {
        ...data.config,
        modeBarButtonsToAdd: [fullscreenButton(data.texts.fullscreen)],
      };
      return Plotly.react(div, traces, layout, config).then(() => {
        if (first) {
          div.on("plotly_click", (event) => div.dashboardSelect("select", clicked(event.points)));
          fitScreen(Plotly, div);
        }
        div.dataset.drawn = data.view;
      });
    })
    .catch((error) => {
      console.error(error);
      div.textContent = data.texts.failed;
    });
  return () => {
    current = false;
  };
}
