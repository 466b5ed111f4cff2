// The Waitless dashboard. The page shell paints first; this script then fetches the numbers from
// /dashboard/data/... (the same JSON as the API) and draws them. Text only through textContent: nothing
// from the server is ever parsed as HTML. When the session has ended, any request sends the page to the login.
'use strict';
(function () {
  const STEPS = ['calls', 'offered', 'accepted', 'sent', 'delivered', 'opened', 'completed'];
  const LIVE_EVERY_MS = 10000;
  const charts = {};

  function $(id) { return document.getElementById(id); }

  function status(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  class SessionEnded extends Error {}

  async function getJson(path) {
    const r = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (r.status === 401) {
      window.location.assign('/dashboard/login');
      throw new SessionEnded('session ended');
    }
    const body = await r.json();
    if (!r.ok) {
      const e = new Error(body.message || ('HTTP ' + r.status));
      e.status = r.status;
      throw e;
    }
    return body;
  }

  function query(extra) {
    const p = new URLSearchParams();
    if ($('from').value) p.set('from', $('from').value);
    if ($('to').value) p.set('to', $('to').value);
    if ($('queue').value) p.set('queue', $('queue').value);
    Object.entries(extra || {}).forEach(([k, v]) => p.set(k, v));
    return p.toString();
  }

  function cell(tr, text, numeric) {
    const td = document.createElement('td');
    td.textContent = text;
    if (numeric) td.className = 'n';
    tr.appendChild(td);
    return td;
  }

  function pct(x) { return (100 * x).toFixed(1) + ' %'; }

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }

  function showFunnel(f) {
    $('from').value = f.from;
    $('to').value = f.to;
    $('range').textContent = f.from + ' to ' + f.to + (f.where.queue ? ', queue ' + f.where.queue : ', all queues');
    const steps = f.total.steps;
    const tbody = $('funnel-table').querySelector('tbody');
    tbody.replaceChildren();
    STEPS.concat(['repeat']).forEach((s) => {
      const tr = document.createElement('tr');
      tr.dataset.step = s;
      cell(tr, s === 'repeat' ? 'repeat calls' : s);
      cell(tr, String(steps[s]), true).className = 'n count';
      cell(tr, steps.calls ? pct(steps[s] / steps.calls) : '–', true);
      tbody.appendChild(tr);
    });
    $('repeat-rate').textContent = steps.accepted ? pct(steps.repeat / steps.accepted) + ' (' + steps.repeat + ' of '
        + steps.accepted + ' accepted)' : 'no accepted offers';
    draw('funnel-chart', {
      type: 'bar',
      data: {
        labels: STEPS.concat(['repeat calls']),
        datasets: [{ label: 'calls', data: STEPS.concat(['repeat']).map((s) => steps[s]),
          backgroundColor: STEPS.map(() => '#0b57d0').concat(['#b3261e']) }],
      },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
    const days = f.rows.map((r) => r.key.day);
    const series = (s, colour) => ({ label: s, data: f.rows.map((r) => r.steps[s]), borderColor: colour,
      backgroundColor: colour, cubicInterpolationMode: 'monotone' }); // a curve that never overshoots the counts
    draw('trend-chart', {
      type: 'line',
      data: { labels: days, datasets: [series('calls', '#5f6368'), series('accepted', '#0b57d0'),
        series('completed', '#188038')] },
      options: { animation: false, maintainAspectRatio: false },
    });
    breakdown('ended-table', f.total.ended);
    breakdown('withheld-table', f.total.withheld);
    breakdown('refused-table', f.total.refused);
    $('csv').href = '/dashboard/funnel.csv?' + query({ by: 'day' });
  }

  function breakdown(id, counts) {
    const tbody = $(id).querySelector('tbody');
    tbody.replaceChildren();
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) {
      const tr = document.createElement('tr');
      cell(tr, 'none');
      tbody.appendChild(tr);
      return;
    }
    entries.forEach(([name, n]) => {
      const tr = document.createElement('tr');
      tr.dataset.key = name;
      cell(tr, name);
      cell(tr, String(n), true);
      tbody.appendChild(tr);
    });
  }

  function showExperiments(x) {
    const tbody = $('ab-table').querySelector('tbody');
    tbody.replaceChildren();
    if (x.experiments.length === 0) {
      const tr = document.createElement('tr');
      cell(tr, 'No experiment had callers in these days.').colSpan = 7;
      tbody.appendChild(tr);
    }
    x.experiments.forEach((e) => {
      e.variants.forEach((v, i) => {
        const c = e.comparisons.find((k) => k.variant === v.variant);
        const tr = document.createElement('tr');
        tr.dataset.experiment = e.experiment;
        tr.dataset.variant = v.variant;
        cell(tr, e.experiment);
        cell(tr, v.variant + (i === 0 ? ' (control)' : ''));
        cell(tr, String(v.offered), true).className = 'n offered';
        cell(tr, String(v.accepted), true).className = 'n accepted';
        cell(tr, pct(v.rate), true).className = 'n rate';
        cell(tr, pct(v.ciLow) + ' – ' + pct(v.ciHigh), true);
        cell(tr, c ? c.verdict : 'control').className = 'verdict';
        tbody.appendChild(tr);
      });
    });
  }

  async function loadLive() {
    try {
      const l = await getJson('/dashboard/data/live');
      $('live-waiting').textContent = String(l.callsWaiting);
      $('live-offers').textContent = String(l.offersLastHour);
      $('live-accepted').textContent = String(l.acceptedLastHour);
      $('live-sent').textContent = String(l.sentLastHour);
      $('live').dataset.updated = new Date().toISOString();
    } catch (e) {
      if (!(e instanceof SessionEnded)) status('Live counters: ' + e.message, true);
    }
  }

  async function loadReports() {
    document.body.dataset.state = 'loading';
    status('Loading the numbers…');
    try {
      const [f, x] = await Promise.all([getJson('/dashboard/data/funnel?' + query({ by: 'day' })),
        getJson('/dashboard/data/experiments?' + query())]);
      showFunnel(f);
      showExperiments(x);
      await loadSurveys();
      status('');
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (e instanceof SessionEnded) return;
      status(e.message, true);
      document.body.dataset.state = 'error';
    }
  }

  async function loadSurveys() {
    if (!$('surveys').dataset.on) return;
    try {
      const [s, a] = await Promise.all([getJson('/dashboard/data/surveys?' + query()),
        getJson('/dashboard/data/alerts')]);
      $('surveys-range').textContent = '(' + s.from + ' to ' + s.to + ')';
      const any = s.answers > 0 || s.counts.sent > 0;
      $('surveys-empty').hidden = any;
      $('surveys-result').hidden = !any;
      $('surveys-mean').textContent = s.mean === null ? '–' : String(s.mean);
      $('surveys-answers').textContent = String(s.answers);
      $('surveys-first-mean').textContent = s.firstTime.mean === null ? '–' : String(s.firstTime.mean);
      $('surveys-first-answers').textContent = String(s.firstTime.answers);
      const tbody = $('surveys-table').querySelector('tbody');
      tbody.replaceChildren();
      Object.entries(s.distribution).forEach(([score, n]) => {
        const tr = document.createElement('tr');
        cell(tr, score);
        cell(tr, String(n), true);
        tbody.appendChild(tr);
      });
      breakdown('surveys-counts', s.counts);
      const rows = $('alerts-table').querySelector('tbody');
      rows.replaceChildren();
      a.open.forEach((x) => {
        const tr = document.createElement('tr');
        cell(tr, x.at.replace('T', ' ').replace('Z', ' UTC'));
        cell(tr, x.reason || '');
        cell(tr, x.score || '', true);
        cell(tr, x.masked || '');
        cell(tr, x.queue || '');
        cell(tr, x.comment || '');
        rows.appendChild(tr);
      });
      $('alerts-empty').hidden = a.open.length > 0;
      $('alerts-table').hidden = a.open.length === 0;
    } catch (e) {
      if (!(e instanceof SessionEnded)) status('Survey scores: ' + e.message, true);
    }
  }

  async function findJourney(event) {
    event.preventDefault();
    const id = $('journey-id').value.trim();
    if (!id) return;
    const result = $('journey-result');
    const list = $('journey-timeline');
    list.replaceChildren();
    result.hidden = true;
    try {
      const j = await getJson('/dashboard/data/journey?id=' + encodeURIComponent(id));
      $('journey-masked').textContent = j.masked || '(number not recorded)';
      $('journey-ref').textContent = 'reference ' + j.callerRef;
      j.events.forEach((e) => {
        const li = document.createElement('li');
        const time = document.createElement('time');
        time.dateTime = e.time;
        time.textContent = e.time.replace('T', ' ').replace('Z', ' UTC');
        const type = document.createElement('strong');
        type.textContent = e.type;
        const attrs = document.createElement('span');
        attrs.className = 'attrs';
        attrs.textContent = Object.entries(e.attributes).map(([k, v]) => k + '=' + v).join(' ');
        li.append(time, type, attrs);
        list.appendChild(li);
      });
      result.hidden = false;
      status('');
    } catch (e) {
      if (e instanceof SessionEnded) return;
      status(e.status === 404 ? 'No journey found for that number, reference or id.' : e.message, true);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); loadReports(); });
    $('journey-form').addEventListener('submit', findJourney);
    loadReports();
    loadLive();
    window.setInterval(loadLive, LIVE_EVERY_MS);
  });
}());
