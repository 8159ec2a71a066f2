// Tells the page (web.geomap.after_the_map) that this browser has drawn a map, or failed to:
// geomap.js sets the flag and sends the event once its first map is done.
export default function ({ setStateValue }) {
  const drawn = () => setStateValue("drawn", true);
  if (window.__dashboardMapDrawn) {
    drawn();
    return undefined;
  }
  window.addEventListener("dashboard-map-drawn", drawn, { once: true });
  return () => window.removeEventListener("dashboard-map-drawn", drawn);
}
