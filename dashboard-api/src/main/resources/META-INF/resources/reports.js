// Mihari reports: the quarter and year views of the frozen months (定期報告会, penalties per quarter or year) and the
// printable incident report 障害報告書. Loaded after dashboard.js, which hands it the routes #/periods/… and
// #/incident-report/… (window.mihariReports). Every figure comes from the API as computed there; every string shown
// is in both dictionaries below; times in JST as 2026/12/06 12:25:43.
(function () {
  'use strict';

  const L = {
    ja: {
      periods: '四半期・年間の稼働率', period: '期間', quarter: '四半期', year: '年', fiscalYear: '年度',
      show: '表示', csv: 'CSV 出力', print: '印刷', service: 'サービス', vendor: '運用事業者', month: '月',
      planned: '計画時間', downtime: '停止時間', contractual: '契約上の停止時間', availability: '稼働率',
      contractualAvailability: '稼働率（契約上）', coverage: 'データ取得率', minCoverage: '必要な取得率',
      budget: '停止許容時間', left: '残り', status: '判定', tier: '減額区分', revision: '確定版', total: '期間計',
      notFrozen: '未確定', missing: '未確定の月があります（判定は全月の確定後）', complete: '全月確定',
      weighted: '期間の稼働率は各月の計画時間で重み付けした値です（Σ（計画時間 − 停止時間）÷ Σ 計画時間。各月の稼働率の平均ではありません）。',
      prev: '前へ', next: '次へ', none: 'ありません', back: '月次報告へ',
      MET: '達成', AT_RISK: '注意', BREACHED: '未達', INSUFFICIENT_DATA: 'データ不足', INCOMPLETE: '未確定',
      incidentReport: '障害報告書', issued: '作成日時', incidentId: '障害番号', title: '事象',
      serviceName: '対象サービス', city: '自治体', kind: '種別', severity: '重要度', state: '状態',
      attribution: '責任区分', affected: '影響サーバ', detected: '検知', started: '発生', mitigated: '暫定復旧',
      resolved: '解決', closed: '完了', duration: '停止期間', timeline: '経緯', cause: '原因',
      firstResponse: '一次対処', countermeasures: '恒久対策（再発防止策）', notSubmitted: '未提出',
      slaRecord: 'SLA 記録', due: '期限', made: '作成', sent: 'メールサーバ受理', by: '作成者', late: '遅延',
      automatic: '自動（Mihari）', onTime: '期限内', seconds: '秒', mihariDuty: 'Mihari の送信（事業者の義務外）',
      notWritten: '未作成（Mihari が自動報告）', vendorDuty: '事業者の報告', mihariDelay: 'Mihari の処理・送信遅延', firstReport: '初報', statusReport: '状況報告',
      recoveryReport: '復旧報告', writtenReport: '障害報告書', effect: '当月の稼働率への影響',
      effectDown: 'この障害による停止時間', effectCounted: 'うち契約上の停止時間', effectPoints: '稼働率への影響',
      monthAvailability: '当月の稼働率（契約上）', withoutIt: 'この障害がなかった場合', points: 'ポイント',
      noEffect: 'この障害による停止（サービス停止）は記録されていません。', minutes: '分', printReport: '障害報告書を印刷',
      openIncident: '障害の詳細へ', spansMonths: '障害が月をまたぐため、発生月の分だけを示します。',
      CRITICAL: '重大', MAJOR: '重要', MINOR: '軽微', WARNING: '警告',
      OPEN: '対応中', MITIGATED: '暫定復旧', RESOLVED: '解決', CLOSED: '完了',
      VENDOR: '運用事業者', CLOUD: 'ガバメントクラウド', CITY: '市', EXTERNAL: '外部要因', PLANNED: '計画停止',
      LIVENESS: '死活監視', CHECK: '稼働確認', BATCH: 'バッチ処理', RESOURCE: 'リソース', SERVICE: 'サービス停止',
      OPERATING_STATUS: '稼働状況', LINE_FAILOVER: '回線切替',
      CARRIER: '回線事業者', owedBy: '報告義務者', partyFirstReport: '責任主体の初報', responsibleParty: '責任主体', onBehalfOf: '代理記録',
      APP_VENDOR: 'アプリ開発事業者', CLOUD_PROVIDER: 'クラウド提供事業者'
    },
    en: {
      periods: 'Quarterly and yearly availability', period: 'Period', quarter: 'Quarter', year: 'Year',
      fiscalYear: 'Fiscal year', show: 'Show', csv: 'CSV', print: 'Print', service: 'Service', vendor: 'Vendor',
      month: 'Month', planned: 'Planned time', downtime: 'Downtime', contractual: 'Counted downtime',
      availability: 'Availability', contractualAvailability: 'Availability (counted)', coverage: 'Coverage',
      minCoverage: 'required coverage', budget: 'Downtime budget', left: 'left', status: 'Verdict',
      tier: 'Penalty tier', revision: 'Revision', total: 'Period', notFrozen: 'Not frozen',
      missing: 'A month is not frozen yet (the verdict comes once every month is)', complete: 'Every month frozen',
      weighted: 'The period\'s availability is weighted by planned time: Σ (planned − downtime) ÷ Σ planned over its months, not the mean of the monthly percentages.',
      prev: 'Previous', next: 'Next', none: 'None', back: 'Monthly report',
      MET: 'Met', AT_RISK: 'At risk', BREACHED: 'Breached', INSUFFICIENT_DATA: 'Insufficient data', INCOMPLETE: 'Not final',
      incidentReport: 'Incident report', issued: 'Issued', incidentId: 'Incident', title: 'What happened',
      serviceName: 'Service', city: 'City', kind: 'Kind', severity: 'Severity', state: 'Status',
      attribution: 'Attribution', affected: 'Servers affected', detected: 'Detected', started: 'Started',
      mitigated: 'Provisionally recovered', resolved: 'Resolved', closed: 'Closed', duration: 'Outage',
      timeline: 'Timeline', cause: 'Cause', firstResponse: 'First response',
      countermeasures: 'Permanent countermeasures (recurrence prevention)', notSubmitted: 'not submitted yet',
      slaRecord: 'SLA record', due: 'Due', made: 'Made', sent: 'Accepted by the mail server', by: 'By', late: 'Late',
      automatic: 'automatic (Mihari)', onTime: 'on time', seconds: 's', mihariDuty: 'sent by Mihari (not the vendor\'s duty)',
      notWritten: 'not written (Mihari reported automatically)', vendorDuty: 'The party\'s report', mihariDelay: 'Mihari\'s processing and mail delay', firstReport: 'First report', statusReport: 'Status report',
      recoveryReport: 'Recovery report', writtenReport: 'Written report', effect: 'Effect on the month\'s availability',
      effectDown: 'Downtime of this incident', effectCounted: 'of which counted', effectPoints: 'Effect on availability',
      monthAvailability: 'The month\'s availability (counted)', withoutIt: 'Without this incident', points: 'points',
      noEffect: 'No service downtime is recorded for this incident.', minutes: 'min', printReport: 'Print the incident report',
      openIncident: 'Incident details', spansMonths: 'The incident spans months: only the month it started in is shown.',
      CRITICAL: 'Critical', MAJOR: 'Major', MINOR: 'Minor', WARNING: 'Warning',
      OPEN: 'Open', MITIGATED: 'Mitigated', RESOLVED: 'Resolved', CLOSED: 'Closed',
      VENDOR: 'Vendor', CLOUD: 'Government cloud', CITY: 'City', EXTERNAL: 'External', PLANNED: 'Planned maintenance',
      LIVENESS: 'Liveness', CHECK: 'Service check', BATCH: 'Batch job', RESOURCE: 'Resources', SERVICE: 'Service down',
      OPERATING_STATUS: 'Operating status', LINE_FAILOVER: 'Line failover',
      CARRIER: 'Network carrier', owedBy: 'Owed by', partyFirstReport: 'First report of the responsible party', onBehalfOf: 'recorded for',
      responsibleParty: 'Responsible party', APP_VENDOR: 'Application vendor', CLOUD_PROVIDER: 'Cloud provider'
    }
  };

  let lang = 'ja';
  // an unknown key or enum is shown as '—' rather than raw (the browser test looks for raw enums)
  const t = (k) => (L[lang][k] !== undefined ? L[lang][k] : (k == null ? '—' : String(k)));
  const tEnum = (k) => (k == null ? '—' : (L[lang][k] !== undefined ? L[lang][k] : '—'));
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const pad = (n) => String(n).padStart(2, '0');
  // JST as 2026/12/06 12:25:43 (both languages)
  function time(iso) {
    if (!iso) { return '—'; }
    const d = new Date(Date.parse(iso) + 9 * 3600 * 1000);
    if (isNaN(d.getTime())) { return '—'; }
    return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
      + (lang === 'en' ? ' JST' : '');
  }
  const minutes = (ms) => ms == null ? '—' : (ms / 60000).toFixed(1) + ' ' + t('minutes');
  const pct = (p) => p == null ? '—' : Number(p).toFixed(3) + '%';
  const verdictClass = (s) => ({ MET: 'UP', AT_RISK: 'DEGRADED', INSUFFICIENT_DATA: 'UNKNOWN', BREACHED: 'DOWN' })[s] || 'UNKNOWN';
  const verdict = (s) => `<span class="status ${verdictClass(s)}" data-status="${esc(s || 'INCOMPLETE')}">${esc(t(s || 'INCOMPLETE'))}</span>`;
  const view = () => document.getElementById('view');
  const token = () => sessionStorage.getItem('mihari.token');

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json', Authorization: 'Bearer ' + token() } });
    if (response.status === 401) {
      sessionStorage.removeItem('mihari.token');
      location.hash = '#/login';
      throw new Error('login required');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) { throw new Error((body && body.detail) || path + ': ' + response.status); }
    return body;
  }

  async function download(path, filename) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await response.blob());
    a.download = filename;
    a.click();
  }

  // ---- periods: 2026-Q3, 2026, FY2026-Q1, FY2026 ----
  const isQuarter = (p) => /^(FY)?\d{4}-Q[1-4]$/.test(p);
  function currentQuarter() {
    const jst = new Date(Date.now() + 9 * 3600 * 1000);
    return jst.getUTCFullYear() + '-Q' + (Math.floor(jst.getUTCMonth() / 3) + 1);
  }
  // the period before or after: quarters step by one quarter, years by one year
  function step(p, by) {
    const m = /^(FY)?(\d{4})(?:-Q([1-4]))?$/.exec(p);
    if (!m) { return p; }
    const fy = m[1] || '';
    if (!m[3]) { return fy + (Number(m[2]) + by); }
    const index = Number(m[2]) * 4 + Number(m[3]) - 1 + by;
    return fy + Math.floor(index / 4) + '-Q' + (index % 4 + 1);
  }
  function periodName(p) {
    const m = /^(FY)?(\d{4})(?:-Q([1-4]))?$/.exec(p);
    if (!m) { return p; }
    if (lang === 'ja') {
      return m[1] ? `${m[2]}年度${m[3] ? ' 第' + m[3] + '四半期' : ''}` : `${m[2]}年${m[3] ? ' 第' + m[3] + '四半期' : ''}`;
    }
    return (m[1] ? 'FY' : '') + m[2] + (m[3] ? ' Q' + m[3] : '');
  }

  async function periodsView(period, serviceId) {
    period = period || currentQuarter();
    const kind = isQuarter(period) ? 'quarters' : 'years';
    if (serviceId) { return servicePeriodView(period, kind, serviceId); }
    const o = await api(`/api/availability/${kind}/${encodeURIComponent(period)}`);
    const row = (s) => {
      const a = s.availability;
      const months = a.months.map((m) => {
        const x = (a.monthly || []).find((y) => y.month === m);
        return `<span class="month-chip" title="${esc(m)}">${esc(m.slice(5))} ${x ? verdict(x.status) : `<span class="status UNKNOWN" data-status="NOT_FROZEN">${t('notFrozen')}</span>`}</span>`;
      }).join(' ');
      return `<tr class="clickable" data-period-service="${esc(s.serviceId)}"><td>${esc(s.serviceId)}</td><td>${esc(window.mihariNames ? window.mihariNames.vendor(s.vendor) : (lang === 'ja' ? s.vendorName : s.vendor))}</td>
        <td>${months}</td><td class="num">${minutes(a.plannedMs)}</td><td class="num">${minutes(a.contractualDowntimeMs)}</td>
        <td class="num">${pct(a.contractualAvailabilityPercent)}</td><td class="num">${pct(a.coveragePercent)}</td>
        <td class="num">${minutes(a.budgetLeftMs)}</td><td>${verdict(a.status)}</td><td>${esc(a.penaltyTier ? a.penaltyTier.name : '—')}</td></tr>`;
    };
    view().innerHTML = `<section id="periods"><h2>${t('periods')} — ${esc(periodName(period))}</h2>
      <p class="no-print"><a href="#/periods/${esc(step(period, -1))}" id="period-prev">← ${t('prev')}</a>
        <input id="period" value="${esc(period)}" size="10" aria-label="${t('period')}"> <button type="button" id="period-show">${t('show')}</button>
        <a href="#/periods/${esc(step(period, 1))}" id="period-next">${t('next')} →</a> ·
        <a href="#/periods/${esc(isQuarter(period) ? period.replace(/-Q[1-4]$/, '') : period + '-Q1')}" id="period-other">${t(isQuarter(period) ? 'year' : 'quarter')}</a> ·
        <a href="/api/reports/availability/${kind}/${esc(period)}.csv" id="period-csv">${t('csv')}</a>
        <button type="button" id="period-print">${t('print')}</button></p>
      <p class="muted">${t('weighted')}</p>
      <p id="period-complete" class="${o.complete ? '' : 'OPEN'}">${o.complete ? t('complete') : t('missing')}</p>
      ${o.services.length ? `<table class="list" id="period-table"><tr><th>${t('service')}</th><th>${t('vendor')}</th><th>${t('month')}</th>
        <th class="num">${t('planned')}</th><th class="num">${t('contractual')}</th><th class="num">${t('contractualAvailability')}</th>
        <th class="num">${t('coverage')}</th><th class="num">${t('budget')} ${t('left')}</th><th>${t('status')}</th><th>${t('tier')}</th></tr>
        ${o.services.map(row).join('')}</table>` : `<p>${t('none')}</p>`}</section>`;
    bindPeriodControls(period, kind, 'mihari-availability-' + period + '.csv');
    view().querySelectorAll('tr[data-period-service]').forEach((r) => r.addEventListener('click',
      () => { location.hash = '#/periods/' + period + '/' + encodeURIComponent(r.dataset.periodService); }));
  }

  function bindPeriodControls(period, kind, filename) {
    const go = () => { location.hash = '#/periods/' + document.getElementById('period').value.trim(); };
    document.getElementById('period-show').addEventListener('click', go);
    document.getElementById('period').addEventListener('keydown', (e) => { if (e.key === 'Enter') { go(); } });
    document.getElementById('period-print').addEventListener('click', () => window.print());
    document.getElementById('period-csv').addEventListener('click', (e) => {
      e.preventDefault();
      download(e.target.href, filename);
    });
  }

  async function servicePeriodView(period, kind, serviceId) {
    const s = await api(`/api/availability/${encodeURIComponent(serviceId)}/${kind}/${encodeURIComponent(period)}`);
    const a = s.availability;
    const rows = a.months.map((m) => {
      const x = (a.monthly || []).find((y) => y.month === m);
      const r = (s.reports || {})[m];
      if (!x) {
        return `<tr data-month="${esc(m)}"><td><a href="#/report/${esc(m)}/${esc(serviceId)}">${esc(m)}</a></td><td colspan="8" class="muted">${t('notFrozen')}</td></tr>`;
      }
      return `<tr data-month="${esc(m)}"><td><a href="#/report/${esc(m)}/${esc(serviceId)}">${esc(m)}</a></td><td>${r ? 'r' + esc(r.revision) : ''}</td>
        <td class="num">${minutes(x.plannedMs)}</td><td class="num">${minutes(x.downtimeMs)}</td><td class="num">${minutes(x.contractualDowntimeMs)}</td>
        <td class="num">${pct(x.contractualAvailabilityPercent)}</td><td class="num">${pct(x.coveragePercent)}</td>
        <td class="num">${minutes(x.budgetLeftMs)}</td><td>${verdict(x.status)}</td></tr>`;
    }).join('');
    view().innerHTML = `<section id="service-period"><h2>${esc(lang === 'ja' ? s.tenantName + ' ' + s.systemName : s.tenantNameEn + ' ' + s.systemNameEn)}
        (${esc(serviceId)}) — ${esc(periodName(period))} ${verdict(a.status)}</h2>
      <p class="no-print"><a href="#/periods/${esc(step(period, -1))}/${esc(serviceId)}" id="period-prev">← ${t('prev')}</a>
        <input id="period" value="${esc(period)}" size="10" aria-label="${t('period')}"> <button type="button" id="period-show">${t('show')}</button>
        <a href="#/periods/${esc(step(period, 1))}/${esc(serviceId)}" id="period-next">${t('next')} →</a> ·
        <a href="#/periods/${esc(period)}">${t('periods')}</a> ·
        <a href="/api/reports/availability/${kind}/${esc(period)}.csv" id="period-csv">${t('csv')}</a>
        <button type="button" id="period-print">${t('print')}</button></p>
      <p class="muted">${t('weighted')}</p>
      ${a.complete ? '' : `<p class="OPEN" id="period-complete">${t('missing')}: ${esc(a.missingMonths.join(', '))}</p>`}
      <table class="list" id="period-months"><tr><th>${t('month')}</th><th>${t('revision')}</th><th class="num">${t('planned')}</th>
        <th class="num">${t('downtime')}</th><th class="num">${t('contractual')}</th><th class="num">${t('contractualAvailability')}</th>
        <th class="num">${t('coverage')}</th><th class="num">${t('budget')} ${t('left')}</th><th>${t('status')}</th></tr>${rows}
        <tr class="total" id="period-total"><th>${t('total')}</th><th></th><th class="num">${minutes(a.plannedMs)}</th><th class="num">${minutes(a.downtimeMs)}</th>
        <th class="num">${minutes(a.contractualDowntimeMs)}</th><th class="num">${pct(a.contractualAvailabilityPercent)}</th>
        <th class="num">${pct(a.coveragePercent)}${a.status === 'INSUFFICIENT_DATA' ? ` <small>(${t('minCoverage')} ${esc(a.minCoveragePercent)}%)</small>` : ''}</th>
        <th class="num">${minutes(a.budgetLeftMs)}</th><th>${verdict(a.status)}</th></tr></table>
      <p>${t('tier')}: ${esc(a.penaltyTier ? a.penaltyTier.name + (a.penaltyTier.description ? ' (' + a.penaltyTier.description + ')' : '') : '—')}</p></section>`;
    bindPeriodControls(period, kind, 'mihari-availability-' + period + '.csv');
    document.getElementById('period-show').addEventListener('click', () => {
      location.hash = '#/periods/' + document.getElementById('period').value.trim() + '/' + encodeURIComponent(serviceId);
    });
  }

  // ---- the incident report 障害報告書, printable ----
  const localized = (ja, en, fallback) => (lang === 'ja' ? ja : en) || fallback;
  function overlap(line, from, to) {
    const s = Math.max(Date.parse(line.start), from);
    const e = Math.min(Date.parse(line.end), to);
    return Math.max(0, e - s);
  }
  const monthOf = (iso) => new Date(Date.parse(iso) + 9 * 3600 * 1000).toISOString().slice(0, 7);

  // what the incident took from its month: its DOWN lines (by incident id, else by time within the incident)
  function effect(i, m) {
    const a = m.availability;
    const from = Date.parse(i.startedAt || i.detectedAt);
    const end = i.mitigatedAt || i.resolvedAt || i.closedAt;
    const to = end ? Date.parse(end) : Date.parse(a.to);
    let down = 0;
    let counted = 0;
    for (const l of a.intervals || []) {
      if (l.kind !== 'DOWN') { continue; }
      const ms = l.incidentId === i.id ? l.ms : (l.incidentId ? 0 : overlap(l, from, to));
      down += ms;
      if (l.counted) { counted += ms; }
    }
    const planned = a.plannedMs;
    const without = planned > 0 && a.contractualAvailabilityPercent != null
      ? Math.floor((planned - (a.contractualDowntimeMs - counted)) * 100000 / planned) / 1000 : null;
    const points = planned > 0 ? Math.floor(counted * 100000 / planned) / 1000 : null;
    return { down, counted, without, points, a, spans: end && monthOf(end) !== a.month };
  }

  // Who owed each report (docs/sla.md): the first and recovery reports are Mihari's, so only Mihari's delay is shown;
  // a status report or the written report is the vendor's: on time, late by how much, or not written (Mihari then made
  // an automatic report as of the deadline).
  function slaRows(sla) {
    const secs = (n) => n + ' ' + t('seconds');
    const row = (label, r, owner) => {
      if (!r) { return ''; }
      const made = r.madeAt || r.createdAt || r.submittedAt;
      let verdict;
      if (owner === 'mihari') {
        verdict = t('mihariDuty');
      } else if (r.automatic) {
        verdict = t('notWritten');
      } else if (!made) {
        verdict = '—';
      } else {
        verdict = r.lateBySeconds ? t('late') + ' ' + secs(r.lateBySeconds) : t('onTime');
      }
      // recorded by the city (or an administrator) for the party, as made when the party reported
      const by = owner === 'mihari' || r.automatic ? t('automatic') : esc(r.author || '')
        + (r.onBehalfOf ? ` <small class="on-behalf">(${esc(t('onBehalfOf'))}: ${esc(owedBy(r.onBehalfOf))})</small>` : '');
      const delay = r.mihariDelaySeconds != null ? secs(r.mihariDelaySeconds) : '—';
      return `<tr><td>${esc(label)}</td><td>${esc(time(r.dueAt))}</td><td>${esc(owedBy(r.owedBy))}</td><td>${esc(time(made))}</td><td>${esc(time(r.sentAt))}</td>
        <td>${by}</td><td>${esc(verdict)}</td><td class="num">${esc(delay)}</td></tr>`;
    };
    // a status report whose deadline was a newly responsible party's 初報 (the incident moved to it) is named so
    return [row(t('firstReport'), sla.firstReport, 'mihari')]
      .concat((sla.statusReports || []).map((r) => row(t(r.partyFirstReport ? 'partyFirstReport' : 'statusReport') + ' #' + (r.seq || ''), r, 'vendor')))
      .concat([row(t('recoveryReport'), sla.recoveryReport, 'mihari'),
        row(t('writtenReport'), sla.postIncidentReport, 'vendor')]).join('');
  }

  // who owed a report: a party's id (or {id, kind}), named as the catalog names it; '—' when nobody did
  function owedBy(o) {
    const id = o && typeof o === 'object' ? o.id : o;
    if (!id) { return '—'; }
    const n = window.mihariNames || {};
    const name = n.vendor ? n.vendor(id) : id;
    return name === id && n.tenant ? n.tenant(id) : name;
  }

  /** The SLA record as one table: the same on the incident page (dashboard.js) and in the printable report. */
  function slaTable(sla, id) {
    return `<table class="list" id="${esc(id)}"><tr><th></th><th>${t('due')}</th><th>${t('owedBy')}</th><th>${t('made')}</th><th>${t('sent')}</th><th>${t('by')}</th><th>${t('vendorDuty')}</th><th class="num">${t('mihariDelay')}</th></tr>
        ${slaRows(sla || {})}</table>`;
  }

  async function incidentReportView(id) {
    const i = await api('/api/incidents/' + encodeURIComponent(id));
    const month = monthOf(i.startedAt || i.detectedAt);
    const m = await api('/api/availability/' + encodeURIComponent(i.serviceId) + '?month=' + month).catch(() => null);
    const services = await api('/api/services/' + encodeURIComponent(i.serviceId)).catch(() => null);
    const w = i.writtenReport;
    const sla = i.sla || {};
    const e = m ? effect(i, m) : null;
    const effectHtml = !e ? '' : `<h3>${t('effect')} (${esc(month)})</h3>
      ${e.down === 0 ? `<p id="effect-none">${t('noEffect')}</p>` : ''}
      <dl id="effect"><dt>${t('effectDown')}</dt><dd>${minutes(e.down)}</dd><dt>${t('effectCounted')}</dt><dd>${minutes(e.counted)}</dd>
        <dt>${t('effectPoints')}</dt><dd>${e.points == null ? '—' : '−' + e.points.toFixed(3) + ' ' + t('points')}</dd>
        <dt>${t('monthAvailability')}</dt><dd>${pct(e.a.contractualAvailabilityPercent)} ${verdict(e.a.status)}</dd>
        <dt>${t('withoutIt')}</dt><dd>${e.without == null ? '—' : e.without.toFixed(3) + '%'}</dd></dl>
      ${e.spans ? `<p class="muted">${t('spansMonths')}</p>` : ''}`;
    const name = services ? localized(services.tenantName + ' ' + services.systemName, services.tenantNameEn + ' ' + services.systemNameEn, i.serviceId) : i.serviceId;
    view().innerHTML = `<article id="incident-report" class="printable">
      <p class="no-print"><a href="#/incidents/${esc(i.id)}">${t('openIncident')}</a> <button type="button" id="report-print">${t('printReport')}</button></p>
      <h2>${t('incidentReport')}</h2>
      <p class="muted">${t('issued')}: ${esc(time(new Date().toISOString()))}</p>
      <dl><dt>${t('incidentId')}</dt><dd>${esc(i.id)}</dd>
        <dt>${t('title')}</dt><dd id="report-title">${esc(localized(i.titleJa, i.titleEn, i.title))}</dd>
        <dt>${t('serviceName')}</dt><dd>${esc(name)} (${esc(i.serviceId)})</dd>
        <dt>${t('vendor')}</dt><dd>${esc(window.mihariNames ? window.mihariNames.vendor(i.vendor) : (services ? services.vendorName : i.vendor))}</dd>
        <dt>${t('kind')}</dt><dd>${esc(tEnum(i.kind))}</dd><dt>${t('severity')}</dt><dd>${esc(tEnum(i.severity))}</dd>
        <dt>${t('state')}</dt><dd>${esc(tEnum(i.status))}</dd><dt>${t('attribution')}</dt><dd>${esc(i.attribution ? tEnum(i.attribution) : '—')}</dd>
        <dt>${t('responsibleParty')}</dt><dd id="report-party">${esc(i.responsibleParty ? owedBy(i.responsibleParty) + ' (' + tEnum(i.responsibleParty.kind) + ')' : '—')}</dd>
        <dt>${t('affected')}</dt><dd>${esc((i.affectedTargets || []).join(', ') || '—')}</dd>
        <dt>${t('started')}</dt><dd>${esc(time(i.startedAt))}</dd><dt>${t('detected')}</dt><dd>${esc(time(i.detectedAt))}</dd>
        <dt>${t('mitigated')}</dt><dd>${esc(time(i.mitigatedAt))}</dd><dt>${t('resolved')}</dt><dd>${esc(time(i.resolvedAt))}</dd>
        <dt>${t('duration')}</dt><dd>${i.startedAt && i.mitigatedAt ? minutes(Date.parse(i.mitigatedAt) - Date.parse(i.startedAt)) : '—'}</dd></dl>
      <h3>${t('timeline')}</h3><table class="list" id="report-timeline">${(i.timeline || []).map((x) => `<tr><td class="nowrap">${esc(time(x.at))}</td>
        <td>${esc(localized(x.ja, x.en, String(x.message || '').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, (m) => time(m))))}${x.author ? ' — ' + esc(x.author) : ''}</td></tr>`).join('') || `<tr><td>${t('none')}</td></tr>`}</table>
      <h3>${t('cause')}</h3><p id="report-cause">${w ? esc(w.cause) : t('notSubmitted')}</p>
      <h3>${t('firstResponse')}</h3><p id="report-first-response">${w ? esc(w.firstResponse) : t('notSubmitted')}</p>
      <h3>${t('countermeasures')}</h3><p id="report-countermeasures">${w ? esc(w.countermeasures) : t('notSubmitted')}</p>
      <h3>${t('slaRecord')}</h3>${slaTable(sla, 'report-sla')}
      ${effectHtml}</article>`;
    document.getElementById('report-print').addEventListener('click', () => window.print());
  }

  // a link from the incident page (rendered by dashboard.js) to its printable report
  function decorate(parts) {
    if (parts[0] !== 'incidents' || !parts[1]) { return; }
    const section = document.getElementById('incident');
    if (!section || document.getElementById('incident-report-link')) { return; }
    const p = document.createElement('p');
    p.className = 'no-print';
    p.innerHTML = `<a id="incident-report-link" href="#/incident-report/${esc(parts[1])}">${t('incidentReport')}</a>`;
    section.insertBefore(p, section.children[1] || null);
  }

  window.mihariReports = {
    /** The incident page's SLA record table, in the viewer's language (one rendering for both pages). */
    slaTable(sla, language, id) {
      lang = language === 'en' ? 'en' : 'ja';
      return slaTable(sla, id);
    },
    handles: (first) => first === 'periods' || first === 'incident-report',
    /** @param parts the hash's path segments; @param language 'ja' or 'en' */
    async show(parts, language) {
      lang = language === 'en' ? 'en' : 'ja';
      if (parts[0] === 'periods') {
        await periodsView(parts[1] && decodeURIComponent(parts[1]), parts[2] && decodeURIComponent(parts[2]));
      } else {
        await incidentReportView(decodeURIComponent(parts[1] || ''));
      }
    },
    decorate(parts, language) {
      lang = language === 'en' ? 'en' : 'ja';
      decorate(parts);
    },
    // for the translation check: every key in both languages
    dictionaries: L
  };
})();
