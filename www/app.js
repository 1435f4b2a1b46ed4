// The page: asks the engine worker for the coverage report and renders it as a table.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = (e) => {
  const { id, ok, result, error } = e.data;
  const p = pending.get(id);
  pending.delete(id);
  if (ok) p.resolve(result); else p.reject(new Error(error));
};
function call(type, ...args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, args });
  });
}

const fmtInt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const fmtPct = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text; // user strings are text, never HTML
  return td;
}

function bar(ratio) {
  const td = document.createElement('td');
  const b = document.createElement('div');
  b.className = ratio < 0.6 ? 'bar low' : 'bar';
  const s = document.createElement('span');
  s.style.width = `${(ratio * 100).toFixed(1)}%`;
  b.append(s);
  td.append(b);
  return td;
}

function render(summary) {
  const body = document.getElementById('coverage-body');
  body.replaceChildren();
  for (const k of summary.kinds) {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'coverage-row';
    tr.dataset.kind = k.kind;
    tr.dataset.coveredPopulation = String(k.covered_population);
    tr.dataset.coverageRatio = String(k.coverage_ratio);
    const name = document.createElement('td');
    name.textContent = k.label;
    tr.append(name, cell(`${fmtInt.format(k.radius_m)} m`), cell(fmtInt.format(k.stations)),
      cell(fmtInt.format(k.covered_population)), cell(fmtPct.format(k.coverage_ratio)), bar(k.coverage_ratio));
    body.append(tr);
  }
  const all = document.getElementById('all-kinds-row');
  const tds = all.querySelectorAll('td');
  tds[2].textContent = fmtInt.format(summary.all_kinds.covered_population);
  tds[3].textContent = fmtPct.format(summary.all_kinds.coverage_ratio);
  tds[4].replaceWith(bar(summary.all_kinds.coverage_ratio));
  all.dataset.coverageRatio = String(summary.all_kinds.coverage_ratio);
  document.getElementById('coverage').hidden = false;
}

async function main() {
  const status = document.getElementById('status');
  try {
    await call('init');
    const { summary } = await call('loadDemo');
    const ds = document.getElementById('dataset');
    ds.textContent = `示例数据：生活圈示例区 · ${fmtInt.format(summary.residents)} 栋住宅 · ${fmtInt.format(summary.total_population)} 人`;
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = '合成数据 Synthetic';
    ds.append(badge);
    render(summary);
    status.textContent = `已计算 ${summary.stations.length} 个站点的覆盖。`;
  } catch (err) {
    status.textContent = `出错了：${err.message}`;
    status.classList.add('error');
  }
}

main();
