// Solves one siting run away from the engine worker, so that the plan stays editable meanwhile
// and a run can be stopped outright (the page terminates this worker). Receives the object the
// engine's sitingInput returned; posts {progress} now and then, then {result, rings} (the radius
// circle of each suggested site, WGS-84) or {error}.
import init, { solveSiting, geodesicCircle } from './pkg/lifecircle.js';

const ready = init();

self.onmessage = async (e) => {
  try {
    await ready;
    let last = 0;
    const result = solveSiting(e.data.input, (fraction) => {
      const now = performance.now();
      if (now - last > 100 || fraction === 1) {
        last = now;
        self.postMessage({ progress: fraction });
      }
    });
    const rings = result.suggestions.map((g) => geodesicCircle(g.lon, g.lat, result.radius_m, 96));
    self.postMessage({ result, rings }, rings.map((r) => r.buffer));
  } catch (err) {
    self.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
