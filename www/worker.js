// The engine's thread: owns the WebAssembly Planner; the page only renders what it posts back.
import init, { Planner } from './pkg/lifecircle.js';

let planner = null;

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

const handlers = {
  async init() {
    await init();
    planner = new Planner();
    return {};
  },
  async loadDemo() {
    const [residents, stations] = await Promise.all([fetchText('demo/residents.csv'), fetchText('demo/stations.csv')]);
    planner.loadResidents(residents, { source: 'demo/residents.csv' });
    planner.loadStations(stations, { source: 'demo/stations.csv' });
    return { summary: planner.summary() };
  },
  summary() {
    return { summary: planner.summary() };
  },
};

self.onmessage = async (e) => {
  const { id, type, args } = e.data;
  try {
    const result = await handlers[type](...(args || []));
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) });
  }
};
