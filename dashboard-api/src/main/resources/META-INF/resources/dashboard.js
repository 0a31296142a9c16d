// Mihari dashboard: reads the REST API and renders the board, incidents and servers (ja/en).
(function () {
  'use strict';
  let lang = localStorage.getItem('mihari.lang') || 'ja';
  const L = {
    ja: { city: '自治体', UP: '稼働', DEGRADED: '一部停止', DOWN: '停止', UNKNOWN: 'データなし', none: '障害はありません',
      id: '障害番号', service: 'サービス', status: '状態', title: '事象', started: '発生', firstReport: '初報',
      due: '期限', sent: '送信', host: 'サーバ', role: '役割', since: 'この状態から', vendor: '運用事業者', targets: '影響サーバ' },
    en: { city: 'City', UP: 'Up', DEGRADED: 'Degraded', DOWN: 'Down', UNKNOWN: 'No data', none: 'No incidents',
      id: 'Incident', service: 'Service', status: 'Status', title: 'What', started: 'Started', firstReport: 'First report',
      due: 'due', sent: 'sent', host: 'Server', role: 'Role', since: 'Since', vendor: 'Vendor', targets: 'Servers' }
  };
  const t = (k) => L[lang][k] || k;
  const time = (iso) => iso ? new Date(iso).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo' }) : '—';
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const badge = (s) => `<span class="status ${esc(s)}">${esc(t(s))}</span>`;
  let services = [];

  async function json(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) { throw new Error(url + ': ' + response.status); }
    return response.json();
  }

  function renderStatic() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-ja]').forEach((el) => { el.textContent = el.dataset[lang]; });
    document.getElementById('lang').textContent = lang === 'ja' ? 'English' : '日本語';
  }

  function renderBoard() {
    const tenants = [...new Map(services.map((s) => [s.tenant, lang === 'ja' ? s.tenantName : s.tenantNameEn]))];
    const systems = [...new Map(services.map((s) => [s.system, lang === 'ja' ? s.systemName : s.systemNameEn]))];
    let html = `<tr><th>${t('city')}</th>${systems.map(([, name]) => `<th>${esc(name)}</th>`).join('')}</tr>`;
    for (const [tenant, name] of tenants) {
      html += `<tr><th>${esc(name)}</th>`;
      for (const [system] of systems) {
        const s = services.find((x) => x.tenant === tenant && x.system === system);
        html += s ? `<td data-service="${esc(s.id)}">${badge(s.status)}<br><small>${esc(s.vendorName)} · ${esc(s.availabilityTarget)}%</small></td>` : '<td>—</td>';
      }
      html += '</tr>';
    }
    document.getElementById('board').innerHTML = html;
  }

  function renderTargets(targets) {
    document.getElementById('targets').innerHTML =
      `<tr><th>${t('host')}</th><th>${t('service')}</th><th>${t('role')}</th><th>${t('status')}</th><th>${t('since')}</th></tr>` +
      targets.map((x) => `<tr data-target="${esc(x.id)}"><td>${esc(x.id)}</td><td>${esc(x.serviceId || '—')}</td><td>${esc(x.role || '')}</td>` +
        `<td>${badge(x.status)}</td><td>${time(x.since)}</td></tr>`).join('');
  }

  function renderIncidents(page) {
    const rows = page.items.map((i) => `<tr class="clickable" data-incident="${esc(i.id)}"><td>${esc(i.id)}</td><td>${esc(i.serviceId)}</td>` +
      `<td class="${esc(i.status)}">${esc(i.status)}</td><td>${esc(i.title)}</td><td>${time(i.startedAt)}</td>` +
      `<td>${t('due')} ${time(i.firstReportDueAt)} / ${t('sent')} ${time(i.firstReportSentAt)}</td></tr>`).join('');
    document.getElementById('incidents').innerHTML =
      `<tr><th>${t('id')}</th><th>${t('service')}</th><th>${t('status')}</th><th>${t('title')}</th><th>${t('started')}</th><th>${t('firstReport')}</th></tr>` +
      (rows || `<tr><td colspan="6">${t('none')}</td></tr>`);
    document.querySelectorAll('[data-incident]').forEach((row) => row.addEventListener('click', () => { location.hash = '#/incidents/' + row.dataset.incident; }));
  }

  async function renderDetail() {
    const match = location.hash.match(/^#\/incidents\/(.+)$/);
    const section = document.getElementById('detail');
    if (!match) { section.hidden = true; return; }
    const i = await json('/api/incidents/' + encodeURIComponent(match[1]));
    section.hidden = false;
    document.getElementById('detail-title').textContent = `${i.id} — ${i.title}`;
    document.getElementById('detail-facts').innerHTML =
      `<dt>${t('status')}</dt><dd class="${esc(i.status)}">${esc(i.status)}</dd><dt>${t('service')}</dt><dd>${esc(i.serviceId)}</dd>` +
      `<dt>${t('targets')}</dt><dd>${i.affectedTargets.map(esc).join(', ')}</dd><dt>${t('started')}</dt><dd>${time(i.startedAt)}</dd>` +
      `<dt>${t('firstReport')}</dt><dd>${t('due')} ${time(i.firstReportDueAt)} / ${t('sent')} ${time(i.firstReportSentAt)}</dd>`;
    document.getElementById('timeline').innerHTML = i.timeline.map((e) => `<li>${time(e.at)} — <b>${esc(e.type)}</b> ${esc(e.message)}</li>`).join('');
  }

  async function refresh() {
    try {
      const [s, targets, incidents] = await Promise.all([json('/api/services'), json('/api/targets'), json('/api/incidents?size=50')]);
      services = s;
      renderStatic(); renderBoard(); renderTargets(targets); renderIncidents(incidents);
      await renderDetail();
      document.getElementById('updated').textContent = time(new Date().toISOString());
    } catch (e) {
      document.getElementById('updated').textContent = '⚠ ' + e.message;
    }
  }

  document.getElementById('lang').addEventListener('click', () => {
    lang = lang === 'ja' ? 'en' : 'ja';
    localStorage.setItem('mihari.lang', lang);
    refresh();
  });
  window.addEventListener('hashchange', renderDetail);
  refresh();
  setInterval(refresh, 5000);
}());
