'use strict';
// Gridledger explorer page: plain JS over the /api routes, no build step, no external assets.
const $ = (sel) => document.querySelector(sel);
let nextCursor = null;

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function gib(bytes) {
  return (bytes / 1073741824).toFixed(1);
}

function link(href, label) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  return a;
}

async function loadStats() {
  const s = await api('/api/stats');
  $('#last-block').textContent = s.lastBlock;
  const list = $('#stat-list');
  list.replaceChildren();
  const c = s.current || {};
  const entries = [['Nodes', c.nodes], ['Farms', c.farms], ['Twins', c.twins], ['Countries', c.countries],
    ['Total CRU', c.totalCru], ['Used CRU', c.usedCru], ['Live contracts', c.contractsCreated],
    ['In grace', c.contractsGrace], ['Deleted', c.contractsDeleted]];
  for (const [k, v] of entries) {
    const d = document.createElement('div');
    d.append(text('dt', k), text('dd', v === undefined ? '0' : String(v)));
    list.append(d);
  }
  drawChart(s.history);
  const tbody = $('#country-table tbody');
  tbody.replaceChildren();
  const total = s.countries.reduce((a, r) => a + r.nodes, 0) || 1;
  for (const r of s.countries) {
    const tr = document.createElement('tr');
    const share = document.createElement('td');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = Math.round(200 * r.nodes / total) + 'px';
    bar.setAttribute('aria-hidden', 'true');
    share.append(bar, ' ' + Math.round(100 * r.nodes / total) + '%');
    tr.append(text('td', r.country || '(none)'), text('td', String(r.nodes), 'num'), share);
    tbody.append(tr);
  }
}

function drawChart(history) {
  const svg = $('#chart');
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren();
  if (!history.length) return;
  const w = 600, h = 160, pad = 20;
  const max = Math.max(1, ...history.map((r) => Math.max(r.nodes, r.contractsCreated)));
  const x0 = history[0].blockNumber, x1 = Math.max(x0 + 1, history[history.length - 1].blockNumber);
  const series = [['nodes', '#3a6ea5'], ['contractsCreated', '#c0661a']];
  for (const [key, color] of series) {
    const pts = history.map((r) =>
      (pad + (w - 2 * pad) * (r.blockNumber - x0) / (x1 - x0)).toFixed(1) + ',' +
      (h - pad - (h - 2 * pad) * r[key] / max).toFixed(1));
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', color);
    line.setAttribute('stroke-width', '2');
    svg.append(line);
  }
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', pad); label.setAttribute('y', 14); label.setAttribute('font-size', '11');
  label.textContent = 'max ' + max + ' · blue: nodes · orange: live contracts · blocks ' + x0 + '–' + x1;
  svg.append(label);
}

function filterQuery() {
  const params = new URLSearchParams();
  for (const el of $('#node-filters').elements) {
    if (el.name && el.value !== '') params.set(el.name, el.value);
  }
  return params;
}

async function loadNodes(append) {
  const params = filterQuery();
  if (append && nextCursor) params.set('cursor', nextCursor);
  $('#node-error').textContent = '';
  let page;
  try {
    page = await api('/api/nodes?' + params);
  } catch (e) {
    $('#node-error').textContent = e.message;
    return;
  }
  const tbody = $('#node-table tbody');
  if (!append) tbody.replaceChildren();
  for (const n of page.items) {
    const tr = document.createElement('tr');
    tr.dataset.nodeId = n.id;
    const id = document.createElement('td');
    id.append(link('#node/' + n.id, 'Node ' + n.id));
    const farm = document.createElement('td');
    farm.append(link('#farm/' + n.farmId, String(n.farmId)));
    tr.append(id, farm, text('td', n.location.country), text('td', n.status, n.status),
      text('td', String(n.free.cru), 'num'), text('td', gib(n.free.mru), 'num'),
      text('td', gib(n.free.sru), 'num'), text('td', String(n.activeContracts), 'num'),
      text('td', n.pricePerHour ?? '?', 'num'));
    tbody.append(tr);
  }
  nextCursor = page.next_cursor;
  $('#more-nodes').hidden = !nextCursor;
}

function fields(obj) {
  const dl = document.createElement('dl');
  for (const [k, v] of Object.entries(obj)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object') continue;
    dl.append(text('dt', k), text('dd', typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  }
  return dl;
}

async function showDetail(kind, id) {
  const section = $('#detail');
  const body = $('#detail-body');
  const path = { node: 'nodes', farm: 'farms', contract: 'contracts', twin: 'twins' }[kind];
  if (!path) return;
  body.replaceChildren();
  try {
    const item = await api('/api/' + path + '/' + encodeURIComponent(id));
    $('#detail-h').textContent = kind[0].toUpperCase() + kind.slice(1) + ' ' + id;
    body.append(fields(item));
    if (kind === 'node' && item.contracts.length) {
      const ul = document.createElement('ul');
      for (const c of item.contracts) {
        const li = document.createElement('li');
        li.append(link('#contract/' + c.id, 'Contract ' + c.id), ' (' + c.kind + ', ' + c.state + ')');
        ul.append(li);
      }
      body.append(text('h3', 'Contracts'), ul);
    }
    if (kind === 'node') body.append(link('#twin/' + item.twinId, 'Owner twin ' + item.twinId));
    if (kind === 'contract') {
      const ol = document.createElement('ol');
      for (const h of item.history) ol.append(text('li', 'block ' + h.block + ': ' + h.event + ' ' + JSON.stringify(h.args)));
      body.append(text('h3', 'History'), ol);
    }
  } catch (e) {
    body.append(text('p', e.message, 'error'));
  }
  section.hidden = false;
  section.scrollIntoView();
  $('#detail-h').tabIndex = -1;
  $('#detail-h').focus();
}

function route() {
  const m = location.hash.match(/^#(node|farm|contract|twin)\/(\d+)$/);
  if (m) showDetail(m[1], m[2]);
  else $('#detail').hidden = true;
}

function live() {
  const source = new EventSource('/api/live');
  let pending = false;
  source.onopen = () => { $('#live-state').textContent = '(live)'; };
  source.onerror = () => { $('#live-state').textContent = '(reconnecting)'; };
  source.addEventListener('block', (ev) => {
    $('#last-block').textContent = JSON.parse(ev.data).block;
    if (pending) return;
    pending = true;
    setTimeout(() => { pending = false; loadStats(); loadNodes(false); }, 300);
  });
}

$('#node-filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadNodes(false); });
$('#more-nodes').addEventListener('click', () => loadNodes(true));
window.addEventListener('hashchange', route);
loadStats();
loadNodes(false);
route();
live();
