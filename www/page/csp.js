// Narrows the page's Content-Security-Policy before any other module runs. index.html's <meta>
// allows scripts (and WebAssembly) and workers from the origin only, and no inline script; this
// adds a second policy for connections and images: the origin, plus the host of the online basemap
// the planner configured in the settings (none by default), nothing else. A browser enforces
// every policy, so a project file or a layer can never make the page fetch another address.

/** The origin of the configured tile basemap, or '' when there is none. */
function tileOrigin() {
  try {
    const tiles = JSON.parse(localStorage.getItem('lifecircle.tiles') || 'null');
    return tiles?.url ? new URL(String(tiles.url).replace(/\{[a-z]+\}/g, '0')).origin : '';
  } catch {
    return '';
  }
}

const host = tileOrigin();
const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = `connect-src 'self'${host && ` ${host}`}; img-src 'self' data: blob:${host && ` ${host}`}`;
document.head.prepend(meta);
document.documentElement.dataset.tileHost = host;
