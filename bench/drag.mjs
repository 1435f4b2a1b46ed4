// Drag responsiveness of the map app: opens the app on a generated district of N residents
// (default 200,000) in headless Chromium, drags one station of each kind with the mouse at ~60
// pointer events a second, and reports per pointer move what does not depend on the rasteriser —
// the page's script time (CDP Performance.getMetrics ScriptDuration, delta ÷ moves), the bytes
// handed to WebGL (bufferData / bufferSubData / texImage2D / texSubImage2D, wrapped before the
// page loads), draw calls per frame, whether the figures followed the drag — and the engine
// worker's round trip and the frame intervals (SwiftShader renders WebGL on the CPU here, so those
// are an upper bound of what a machine with a GPU shows).
// Run: node bench/drag.mjs [residents] [--smoke] [--profile (PROFILE_DIR=dir keeps them)] [--alloc] [--trace] [--csv FILE] [--www DIR] (after ./scripts/build.sh); --smoke drags 10
// steps of one kind (CI runs it on a small district to keep the script working; no timing is
// asserted).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** --csv FILE: the demo opened, then FILE imported as residents with the page's import button
 * (a planner's route for a large district), instead of a generated district of N residents. */
const csvAt = process.argv.indexOf('--csv');
const csv = csvAt > 0 ? process.argv[csvAt + 1] : null;
let residents = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a))) || 200000;
const smoke = process.argv.includes('--smoke');
/** --profile: the page's CPU profile during each drag, its heaviest functions (self time). */
const profile = process.argv.includes('--profile');
/** --alloc: where the page allocates during each drag (V8's sampling heap profiler), by function. */
const alloc = process.argv.includes('--alloc');
/** --trace: a Chrome trace of each drag; the page's main thread's time by trace event (self time). */
const trace = process.argv.includes('--trace');
/** --www DIR: serve another build of the page (a before/after comparison); default www/. */
const wwwAt = process.argv.indexOf('--www');
const www = wwwAt > 0 ? process.argv[wwwAt + 1] : join(root, 'www');

/** Wraps the WebGL calls that hand data to the GPU and that draw, counting bytes and calls
 * (`window.glCount`); runs in the page before its own scripts. */
function countGl() {
  const count = { bytes: 0, draws: 0, glMs: 0, by: {} };
  /** @type {any} */ (window).glCount = count;
  const size = (v) => (v && typeof v === 'object' ? (v.byteLength ?? (v.width && v.height ? v.width * v.height * 4 : 0)) : 0);
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
    if (!C) continue;
    const p = C.prototype;
    const wrap = (name, bytes) => {
      const f = p[name];
      if (!f) return;
      p[name] = function (...a) { const b = bytes(a); count.bytes += b; count.by[name] = (count.by[name] ?? 0) + b; return f.apply(this, a); };
    };
    wrap('bufferData', (a) => (typeof a[1] === 'number' ? a[1] : size(a[1])));
    // bufferSubData(target, offset, data, srcOffset?, length?): the length when given.
    wrap('bufferSubData', (a) => (a[4] ? a[4] * (a[2]?.BYTES_PER_ELEMENT ?? 1) : size(a[2])));
    // texImage2D/texSubImage2D: width × height × 4 of the data given (pixels or an image).
    wrap('texImage2D', (a) => (a.length >= 8 ? (a[8] ? a[3] * a[4] * 4 : 0) : size(a[5])));
    wrap('texSubImage2D', (a) => (a.length >= 8 ? (a[8] ? a[4] * a[5] * 4 : 0) : size(a[6])));
    for (const d of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const f = p[d];
      if (f) p[d] = function (...a) { count.draws++; return f.apply(this, a); };
    }
    // The time the page's script spends inside WebGL calls: where it waits for the GPU process
    // (an upload waits while SwiftShader, rasterising on the CPU, has not taken the last ones).
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name === 'constructor' || typeof d?.value !== 'function') continue;
      const f = d.value;
      p[name] = function (...a) { const t0 = performance.now(); try { return f.apply(this, a); } finally { count.glMs += performance.now() - t0; } };
    }
  }
}
/** Resident memory of Chromium's renderer processes (the page and its workers, the engine's
 * WebAssembly included) and of its GPU process, from /proc (Linux). */
function memory() {
  const mb = { renderer: 0, gpu: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const kind = cmd.includes('--type=renderer') ? 'renderer' : cmd.includes('--type=gpu-process') ? 'gpu' : null;
      if (!kind) continue;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      mb[kind] += rss / 1024;
    } catch { /* a process that ended */ }
  }
  return `renderer processes (page + workers) ${mb.renderer.toFixed(0)} MB RSS, GPU process ${mb.gpu.toFixed(0)} MB RSS`;
}

/** Prints the 12 functions of `p` (a CDP profile) with the most self time. */
function heaviest(label, p) {
  const self = new Map();
  const dt = new Map();
  for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  for (const n of p.nodes) {
    const c = n.callFrame;
    if (['(idle)', '(program)', '(root)'].includes(c.functionName)) continue;
    const key = `${c.functionName || '(anonymous)'} ${c.url.split('/').pop()}:${c.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
  }
  // Self time by the script it ran in: a native call is counted to the script that called it.
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const files = new Map();
  for (const [id, t] of dt) {
    let n = byId.get(id);
    if (!n || ['(idle)', '(program)', '(root)'].includes(n.callFrame.functionName)) continue;
    while (n && !n.callFrame.url && parent.get(n.id)) n = parent.get(n.id);
    const f = n?.callFrame.url.split('/').pop() || n?.callFrame.functionName || '?';
    files.set(f, (files.get(f) ?? 0) + t / 1000);
  }
  console.log(`profile of ${label} by script (ms):`, [...files].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' · '));
  console.log(`profile of ${label} (self ms):`, [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' · '));
}
/** Prints where the page's main thread spent the traced moves: self time a move by trace event
 * (a script's call by its function, an event dispatch by its type), the 14 largest. */
function traced(label, buffer, moves) {
  const events = JSON.parse(buffer.toString()).traceEvents ?? [];
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || typeof e.dur !== 'number') continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  const self = new Map();
  let tasks = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    /** @type {{ end: number, key: string, self: number }[]} */
    const stack = [];
    const close = (until) => {
      while (stack.length && stack[stack.length - 1].end <= until) {
        const top = stack.pop();
        self.set(top.key, (self.get(top.key) ?? 0) + top.self);
      }
    };
    for (const e of list) {
      close(e.ts);
      const d = e.args?.data ?? {};
      const what = d.functionName ? ` ${d.functionName} ${String(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''}` : d.type ? ` ${d.type}` : '';
      if (stack.length) stack[stack.length - 1].self -= e.dur;
      else tasks += e.dur;
      stack.push({ end: e.ts + e.dur, key: e.name + what, self: e.dur });
    }
    close(Infinity);
  }
  const ms = (us) => (us / 1000 / moves).toFixed(2);
  console.log(`trace of ${label}: main thread's tasks ${ms(tasks)} ms a move; self time a move (ms):`, [...self].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${ms(v)} ${k}`).join(' · '));
}
const port = 19000 + Math.floor(Math.random() * 500);
const origin = `http://127.0.0.1:${port}`;

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : NaN;
};
const f = (v) => v.toFixed(1);

const server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', www], { stdio: 'ignore' });
try {
  for (let i = 0; i < 50; i++) {
    try { await fetch(origin + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
  await page.addInitScript(countGl);
  // Editing 现状 asks once whether to start a proposal: answered 修改现状, so every drag moves.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const d = document.getElementById('baseline-dialog');
      if (d) new MutationObserver(() => { if (d.open) d.querySelector('[data-testid=baseline-edit]')?.click(); }).observe(d, { attributes: true, attributeFilter: ['open'] });
      // A stations file replacing the plan's (--csv): 替换, with the kinds it suggests.
      const st = document.getElementById('stations-dialog');
      if (st) new MutationObserver(() => { if (st.open) st.querySelector('[data-testid=stations-ok]')?.click(); }).observe(st, { attributes: true, attributeFilter: ['open'] });
    });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? NaN;
  const scriptSeconds = () => metric('ScriptDuration');
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let t0 = Date.now();
  await page.goto(csv ? `${origin}/` : `${origin}/?residents=${residents}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 180000 });
  if (csv) {
    await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 180000 });
    const before = await page.textContent('[data-testid=dataset]');
    t0 = Date.now();
    await page.setInputFiles('[data-testid=import-residents]', csv);
    await page.waitForFunction((b) => document.querySelector('[data-testid=dataset]').textContent !== b, before, { timeout: 600000 });
    residents = await page.evaluate(() => window.lifecircleProbe.residentValues().length);
    console.log(`# imported ${csv} with the import button: ${residents.toLocaleString('en')} residents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Its district's stations (stations.csv beside it), when there are.
    const stationsCsv = join(dirname(csv), 'stations.csv');
    if (existsSync(stationsCsv)) {
      const n = await page.evaluate(() => window.lifecircleProbe.stations().length);
      await page.setInputFiles('[data-testid=import-stations]', stationsCsv);
      await page.waitForFunction((k) => window.lifecircleProbe.stations().length !== k, n, { timeout: 600000 });
    }
  }
  const loadS = (Date.now() - t0) / 1000;
  // The first autosave (the whole district) is written before anything is measured.
  await page.waitForSelector('[data-testid=autosave][data-state=saved]', { timeout: 180000 });
  const count = await page.$$eval('[data-testid=coverage-row]', (trs) => trs.length);
  const heap = async () => `page JS heap ${((await metric('JSHeapUsedSize')) / 1e6).toFixed(0)} MB`;
  console.log(`# memory after load: ${memory()}; ${await heap()}`);
  console.log(`# drag benchmark: ${residents.toLocaleString('en')} residents, ${count} kinds; page ready in ${loadS.toFixed(1)} s`);
  console.log('| what is dragged | pointer moves | engine updates | figures followed | page script per move (ms) | of which inside WebGL calls (ms) | repaint here, nothing changed (ms script a frame; frames drawn of 20 asked) | main thread CPU per move (ms) | bytes to WebGL per move (per resident) | draw calls per frame | frames per move (MapLibre + composed) | duration of the moves (s) | engine move / figures (ms, median) | worker reply (ms, median / p95) | page update (ms, median) | map frame interval median / p95 / max (ms, SwiftShader) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const stations = await page.evaluate(() => window.lifecircleProbe.stations());
  // '(repaint …)': the map redrawn once per "move" with nothing changed — MapLibre's own cost of
  // a frame, the floor under any drag step.
  const kinds = smoke ? ['red_bee_station'] : ['(repaint, nothing changes)', '(map pan, no station)', 'party_service_station', 'red_bee_station', 'commercial_hub'];
  for (const kind of kinds) {
    const s = stations.find((x) => x.kind === kind) ?? stations[0];
    if (!s) continue;
    if (kind.startsWith('(')) await page.selectOption('[data-testid=kind-select]', stations[0].kind);
    else await page.selectOption('[data-testid=kind-select]', kind);
    await page.evaluate(([lon, lat]) => window.lifecircleProbe.jumpTo(lon, lat, 14), [s.lon, s.lat]);
    await page.waitForTimeout(1500);
    const at = await page.evaluate(([lon, lat]) => window.lifecircleProbe.pixel(lon, lat), [s.lon, s.lat]);
    // The map's frames: when each was drawn — MapLibre's frames (its render event) and a drag's
    // composed ones (the residents redrawn over the kept map, map/compose-gl.js); a move of the
    // dragged station alone (the page's overlay, no WebGL) is not counted.
    await page.evaluate(() => {
      window.lifecircleFrames.drag.length = 0;
      window.benchFrames = [];
      window.benchComposed = 0;
      if (!window.benchHooked) {
        window.lifecircleProbe.onMapFrame(() => window.benchFrames.push(performance.now()));
        window.lifecircleProbe.onComposedFrame?.(() => { window.benchFrames.push(performance.now()); window.benchComposed++; });
      }
      window.benchHooked = true;
    });
    // The map's own frame at this view (20 repaints asked, nothing changed; divided by the frames
    // drawn, which SwiftShader may make fewer): the floor under a MapLibre frame here.
    let floor = '–';
    if (!kind.startsWith('(')) {
      const frames0 = await page.evaluate(() => window.benchFrames.length);
      const s0 = await scriptSeconds();
      for (let i = 0; i < 20; i++) { await page.evaluate(() => window.lifecircleProbe.repaint()); await page.waitForTimeout(16); }
      await page.waitForTimeout(300);
      const drawn = (await page.evaluate(() => window.benchFrames.length)) - frames0;
      floor = `${f((((await scriptSeconds()) - s0) * 1000) / Math.max(1, drawn))} (${drawn})`;
    }
    // The pan baseline grabs the map beside the station: only MapLibre works, the engine idles.
    const from = kind.startsWith('(') ? { x: at.x + 40, y: at.y - 40 } : at;
    const repaint = kind.startsWith('(repaint');
    // The mouse through CDP's Input domain, as a real pointer: Playwright's page.mouse would
    // run its drag-and-drop detection script in the page on every move with the button down
    // (~0.4 ms of the page's script a move, not the app's).
    let pointer = { x: from.x, y: from.y };
    const mouse = (type, x, y) => {
      pointer = { x, y };
      return cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
    };
    await page.mouse.move(from.x, from.y);
    if (!repaint) await mouse('mousePressed', from.x, from.y);
    const moves = smoke ? 10 : 60;
    const coverage = () => page.$$eval('[data-testid=coverage-row]', (trs) => trs.map((tr) => tr.textContent).join('|'));
    const before = await coverage();
    const gl0 = await page.evaluate(() => ({ ...window.glCount, by: { ...window.glCount.by }, frames: window.benchFrames.length, composed: window.benchComposed }));
    const wall0 = Date.now();
    if (profile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.gc', 'blink', 'gpu', 'cc', 'toplevel'] });
    if (alloc) { await cdp.send('HeapProfiler.enable'); await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }); }
    const script0 = await scriptSeconds();
    const thread0 = await metric('ThreadTime');
    const mainThread = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.filter((m) => /Duration$/.test(m.name)).map((m) => [m.name, m.value]));
    const main0 = await mainThread();
    for (let i = 1; i <= moves; i++) {
      if (repaint) await page.evaluate(() => window.lifecircleProbe.repaint());
      else await mouse('mouseMoved', from.x + 6 * i, from.y + 3 * i);
      await page.waitForTimeout(16);
    }
    const scriptMs = ((await scriptSeconds()) - script0) * 1000;
    const threadMs = ((await metric('ThreadTime')) - thread0) * 1000;
    const main1 = await mainThread();
    // Where the main thread's tasks went (CDP's durations, ms a move): style and layout are the
    // page's DOM work outside script; a layout forced by a script's read is inside script.
    console.log(`# main thread during ${kind}, ms a move:`, Object.keys(main1).map((k) => `${k.replace(/Duration$/, '')} ${f(((main1[k] - main0[k]) * 1000) / moves)}`).join(' · '));
    if (alloc) {
      const { profile: h } = await cdp.send('HeapProfiler.stopSampling');
      const by = new Map();
      const walk = (n) => {
        const c = n.callFrame;
        const key = `${c.functionName || '(anonymous)'} ${c.url.split('/').pop()}:${c.lineNumber + 1}`;
        by.set(key, (by.get(key) ?? 0) + n.selfSize);
        for (const k of n.children) walk(k);
      };
      walk(h.head);
      console.log(`allocated during ${kind} (kB a move, by function):`, [...by].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${(v / 1024 / moves).toFixed(1)} ${k}`).join(' · '));
    }
    if (trace) traced(kind, await browser.stopTracing(), moves);
    if (profile) {
      const { profile: p } = await cdp.send('Profiler.stop');
      heaviest(kind, p);
      if (process.env.PROFILE_DIR) writeFileSync(join(process.env.PROFILE_DIR, `${kind.replace(/\W+/g, '_')}.cpuprofile`), JSON.stringify(p));
    }
    const gl1 = await page.evaluate(() => ({ ...window.glCount, by: { ...window.glCount.by }, frames: window.benchFrames.length, composed: window.benchComposed }));
    const wallMs = Date.now() - wall0;
    if (profile) console.log('bytes per move by call:', Object.entries(gl1.by).map(([k, v]) => `${k} ${Math.round((v - (gl0.by[k] ?? 0)) / moves)}`).join(' · '));
    const during = await coverage();
    if (!repaint) await mouse('mouseReleased', pointer.x, pointer.y);
    await page.waitForTimeout(500);
    const { times, trips } = await page.evaluate(() => ({ times: [...window.benchFrames], trips: [...window.lifecircleFrames.drag] }));
    const drawn = times.slice(gl0.frames, gl1.frames);
    const frames = drawn.slice(1).map((t, i) => t - drawn[i]);
    const bytes = (gl1.bytes - gl0.bytes) / moves;
    const framesDrawn = gl1.frames - gl0.frames;
    const composed = gl1.composed - gl0.composed;
    // Draw calls per frame drawn (MapLibre's and composed ones; the overlay's moves draw nothing).
    const draws = (gl1.draws - gl0.draws) / Math.max(1, framesDrawn);
    // The figures followed when they changed during the drag (a station moved 400 px away changes them).
    const followed = kind.startsWith('(') ? '–' : during !== before ? 'yes' : 'no';
    // A drag the engine did not follow is a failure (the smoke run in CI checks the script, and this).
    if (followed === 'no' || (!kind.startsWith('(') && trips.length === 0)) process.exitCode = 1;
    const col = (k) => trips.map((x) => x[k]);
    const engine = trips.length ? `${f(q(col('move_ms'), 0.5))} / ${f(q(col('update_ms'), 0.5))}` : '–';
    const reply = trips.length ? `${f(q(col('worker'), 0.5))} / ${f(q(col('worker'), 0.95))}` : '–';
    const pageMs = trips.length ? f(q(col('page'), 0.5)) : '–';
    console.log(`| ${kind} | ${moves} | ${trips.length} | ${followed} | ${f(scriptMs / moves)} | ${f((gl1.glMs - gl0.glMs) / moves)} | ${floor} | ${f(threadMs / moves)} | ${Math.round(bytes).toLocaleString('en')} (${(bytes / residents).toFixed(2)}) | ${f(draws)} | ${(framesDrawn / moves).toFixed(2)} (${((framesDrawn - composed) / moves).toFixed(2)} + ${(composed / moves).toFixed(2)}) | ${(wallMs / 1000).toFixed(1)} | ${engine} | ${reply} | ${pageMs} | ${frames.length ? `${f(q(frames, 0.5))} / ${f(q(frames, 0.95))} / ${f(Math.max(...frames))}` : '–'} |`);
  }
  console.log(`# memory after the drags: ${memory()}; ${await heap()}`);
  if (errors.length) {
    console.log('page errors:', errors);
    process.exitCode = 1;
  }
  await browser.close();
} finally {
  server.kill();
}
