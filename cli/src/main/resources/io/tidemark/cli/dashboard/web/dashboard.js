// The Tidemark dashboard: renders /api/snapshot, live from /api/events (server-sent events), polling as a fallback.
// Every string from the data is put into the page as text (textContent), never as markup.
(function () {
  'use strict';

  const integer = new Intl.NumberFormat('en-US');
  const charts = {};
  let latest = null;

  // ---- formatting (UTC, thousands separators, money exact with at least two decimals)
  function count(n) { return n === null || n === undefined ? '–' : integer.format(n); }
  function money(s) {
    if (s === null || s === undefined) { return '–'; }
    const negative = s.startsWith('-');
    const [whole, fraction = ''] = (negative ? s.slice(1) : s).split('.');
    return (negative ? '-' : '') + integer.format(BigInt(whole)) + '.' + fraction.padEnd(2, '0');
  }
  function percent(ratio) { return ratio === null ? '–' : (Number(ratio) * 100).toFixed(2) + ' %'; }
  function hhmm(iso) { return iso ? iso.substring(11, 16) : '–'; }
  function dayHour(iso) { return iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 16) : '–'; }
  function stamp(iso) { return iso ? iso.substring(0, 10) + ' ' + iso.substring(11, 19) : '–'; }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m > 0 ? m + ' min ' + s + ' s' : s + ' s';
  }
  function lag(seconds) {
    if (seconds === null) { return '–'; }
    const a = Math.abs(seconds);
    const text = a >= 86400 ? (a / 86400).toFixed(1) + ' d' : a >= 3600 ? (a / 3600).toFixed(1) + ' h' : a >= 60 ? Math.floor(a / 60) + ' min' : a + ' s';
    return seconds < 0 ? 'ahead ' + text : text;
  }

  // ---- DOM helpers: text only
  function byId(id) { return document.getElementById(id); }
  function setText(id, text) { byId(id).textContent = text; }
  function cell(row, text, numeric) {
    const td = document.createElement('td');
    td.textContent = text;
    if (numeric) { td.className = 'num'; }
    row.appendChild(td);
    return td;
  }
  function fillTable(id, items, columns, rowClass) {
    const body = byId(id).tBodies[0];
    const rows = items.map(item => {
      const tr = document.createElement('tr');
      columns.forEach(([value, numeric]) => cell(tr, value(item), numeric));
      const c = rowClass ? rowClass(item) : '';
      if (c) { tr.className = c; }
      return tr;
    });
    body.replaceChildren(...rows);
  }

  // ---- charts (uPlot); numbers and times only, so no data string reaches a chart
  function colour(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function seconds(iso) { return Date.parse(iso) / 1000; }

  function chart(id, series, bars) {
    const el = byId(id);
    const axis = { stroke: colour('--muted'), grid: { stroke: colour('--line') }, ticks: { stroke: colour('--line') } };
    const opts = {
      width: Math.max(200, el.clientWidth), height: el.classList.contains('small') ? 180 : 220,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      // 24-hour UTC tick labels: hh:mm, with the date under the first tick of a day.
      axes: [Object.assign({ label: 'UTC', values: (u, ticks) => ticks.map((t, i) => {
        const iso = new Date(t * 1000).toISOString();
        return i === 0 || iso.substring(11, 16) === '00:00' ? iso.substring(11, 16) + '\n' + iso.substring(5, 10) : iso.substring(11, 16);
      }) }, axis), axis],
      series: [{}].concat(series.map(s => Object.assign({ points: { show: !!bars } }, s, bars ? { paths: uPlot.paths.bars({ size: [0.8, 40] }) } : {}))),
      hooks: { setCursor: [u => tooltip(u, id)] },
    };
    const u = new uPlot(opts, [[]].concat(series.map(() => [])), el);
    new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: opts.height })).observe(el);
    return u;
  }

  function tooltip(u, id) {
    const tip = byId('tooltip');
    const i = u.cursor.idx;
    if (i === null || i === undefined || !latest) { tip.hidden = true; return; }
    const lines = chartText[id](latest, i);
    if (!lines) { tip.hidden = true; return; }
    tip.textContent = lines;
    const box = u.over.getBoundingClientRect();
    tip.style.left = (box.left + u.cursor.left + 12) + 'px';
    tip.style.top = (box.top + u.cursor.top + 12) + 'px';
    tip.hidden = false;
  }

  const chartText = {
    'active-users-chart': (s, i) => { const w = s.active_users.minutes[i]; return w && hhmm(w.window_start) + '–' + hhmm(w.window_end) + ' UTC: ' + count(w.users) + ' users' + (w.provisional ? ' (provisional)' : ''); },
    'revenue-chart': (s, i) => { const h = s.revenue_per_hour[i]; return h && dayHour(h.window_start) + ' UTC: ' + money(h.revenue) + ', ' + count(h.orders) + ' orders' + (h.provisional ? ' (provisional)' : ''); },
    'sessions-chart': (s, i) => { const h = s.sessions_per_hour[i]; return h && dayHour(h.window_start) + ' UTC: ' + count(h.sessions) + ' sessions, median ' + duration(h.median_length_seconds); },
  };

  function ensureCharts() {
    if (charts.users || typeof uPlot === 'undefined') { return; }
    const final = colour('--final');
    const provisional = colour('--provisional');
    charts.users = chart('active-users-chart', [
      { label: 'final', stroke: final, width: 2 },
      { label: 'provisional', stroke: provisional, width: 2, dash: [6, 4] }]);
    charts.revenue = chart('revenue-chart', [
      { label: 'final', fill: final, stroke: final },
      { label: 'provisional', fill: provisional + '88', stroke: provisional }], true);
    charts.sessions = chart('sessions-chart', [{ label: 'sessions', fill: final, stroke: final }], true);
  }

  // ---- rendering
  function render(s) {
    latest = s;
    byId('error').hidden = !s.error;
    if (s.error) { setText('error', s.error); }
    if (!s.active_users) { return; }
    setText('status', 'Data as of ' + stamp(s.as_of) + ' UTC (' + ({ watermark: 'the latest watermark', last_event: 'the last event: the input ended', none: 'no data yet' })[s.as_of_source]
      + ') · ' + (s.all_final ? 'every window final' : s.final_before ? 'final before ' + stamp(s.final_before) + ' UTC' : 'no window final yet')
      + ' · read ' + stamp(s.generated_at) + ' UTC');

    const head = s.active_users.headline;
    const now = byId('active-users-now');
    now.textContent = count(head.users);
    now.classList.toggle('provisional-value', head.provisional);
    setText('active-users-window', hhmm(head.window_start) + '–' + hhmm(head.window_end) + ' UTC, ' + (head.provisional ? 'provisional' : 'final'));
    fillTable('active-users-table', s.active_users.minutes.slice().reverse(), [
      [w => hhmm(w.window_start) + '–' + hhmm(w.window_end)], [w => count(w.users), true], [w => w.provisional ? 'provisional' : 'final']],
      w => w.provisional ? 'provisional' : '');

    fillTable('revenue-table', s.revenue_per_hour.slice().reverse(), [
      [h => dayHour(h.window_start)], [h => money(h.revenue), true], [h => count(h.orders), true], [h => h.provisional ? 'provisional' : 'final']],
      h => h.provisional ? 'provisional' : '');

    setText('open-carts', count(s.carts.open_carts));
    setText('abandoned', count(s.carts.abandoned));
    setText('abandonment-rate', percent(s.carts.abandonment_rate));
    fillTable('alerts-table', s.carts.latest_alerts, [
      [a => a.user_id], [a => a.products.join(', ')], [a => stamp(a.cart_opened)], [a => stamp(a.last_activity)]]);

    fillTable('sessions-table', s.sessions_per_hour.slice().reverse(), [
      [h => dayHour(h.window_start)], [h => count(h.sessions), true], [h => duration(h.median_length_seconds), true]]);
    fillTable('ads-table', s.ad_attribution, [
      [a => a.ad_id], [a => count(a.impressions), true], [a => count(a.clicks), true], [a => count(a.attributed_clicks), true],
      [a => a.ctr === null ? '–' : percent(a.ctr), true]]);
    fillTable('tiers-table', s.revenue_by_tier, [[t => t.tier], [t => money(t.revenue), true], [t => count(t.orders), true]]);

    const h = s.health;
    setText('count-accepted', count(h.counts.accepted));
    setText('count-duplicates', count(h.counts.duplicates));
    setText('count-rejected', count(h.counts.rejected));
    setText('count-late', count(h.counts.late));
    setText('quarantined', count(h.quarantined));
    setText('failure-queue', h.failure_queue_depth === null ? 'not configured' : count(h.failure_queue_depth));
    byId('stale').hidden = !h.stale;
    if (h.stale) { setText('stale', 'Stale: no shard took a step for longer than the idle timeout (' + duration(h.idle_timeout_seconds) + ').'); }
    fillTable('shards-table', h.shards, [
      [x => x.shard_id], [x => stamp(x.watermark)], [x => lag(x.lag_seconds), true], [x => stamp(x.last_step_at)],
      [x => x.ended ? 'ended (resharded)' : x.stale ? 'stale' : 'live']], x => x.stale ? 'stale' : '');

    ensureCharts();
    if (charts.users) {
      const m = s.active_users.minutes;
      const xs = m.map(w => seconds(w.window_end));
      // The provisional line starts at the last final point, so the two join.
      const firstProvisional = m.findIndex(w => w.provisional);
      charts.users.setData([xs, m.map(w => w.provisional ? null : w.users),
        m.map((w, i) => w.provisional || i === firstProvisional - 1 ? w.users : null)]);
      const r = s.revenue_per_hour;
      charts.revenue.setData([r.map(x => seconds(x.window_start)), r.map(x => x.provisional ? null : Number(x.revenue)),
        r.map(x => x.provisional ? Number(x.revenue) : null)]);
      const q = s.sessions_per_hour;
      charts.sessions.setData([q.map(x => seconds(x.window_start)), q.map(x => x.sessions)]);
    }
    document.body.dataset.version = String((Number(document.body.dataset.version) || 0) + 1);
  }

  // ---- data: one snapshot now, then server-sent events; polling every 2 s if the stream fails
  let polling = null;
  function fetchOnce() {
    return fetch('/api/snapshot', { credentials: 'same-origin', cache: 'no-store' })
      .then(r => { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(e => { byId('error').hidden = false; setText('error', 'Cannot reach the dashboard server: ' + e.message); });
  }
  function listen() {
    if (typeof EventSource === 'undefined') { polling = setInterval(fetchOnce, 2000); return; }
    const events = new EventSource('/api/events');
    events.addEventListener('snapshot', e => {
      if (polling) { clearInterval(polling); polling = null; }
      render(JSON.parse(e.data));
    });
    events.onerror = () => { if (!polling) { polling = setInterval(fetchOnce, 2000); } };
  }
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    Object.keys(charts).forEach(k => { charts[k].destroy(); delete charts[k]; });
    if (latest) { render(latest); }
  });
  fetchOnce().then(listen);
})();
