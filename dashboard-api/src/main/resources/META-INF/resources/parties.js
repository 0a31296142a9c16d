// Mihari parties: availability by responsible party 責任主体別の稼働率 (issue 19). The page #/parties?month=, the
// disclosure block 各種サービスの稼働率の開示 of the monthly report and the board's panel クラウド基盤・回線, all read from
// GET /api/parties?month= (docs/parties.md). Loaded after reports.js and before dashboard.js, which hands it the route
// and asks it for the two blocks (window.mihariParties). Every figure comes from the API as computed there (nothing
// is recomputed here but the ledger's sums, shown to prove that no second vanishes or counts twice); every string shown
// is in both dictionaries below; the render functions are pure (data in, HTML out) so that node can test them.
(function () {
  'use strict';

  const L = {
    ja: {
      parties: '責任主体別の稼働率', month: '月', show: '表示', csv: 'CSV 出力', print: '印刷', report: '月次報告へ',
      target: '目標', services: '担当サービスの稼働率', service: 'サービス', availability: '稼働率',
      contractualAvailability: '稼働率（契約上）', status: '判定', none: 'ありません',
      attributed: '他のサービスの停止のうち、この責任主体に帰属する時間', attributedTotal: '帰属する停止時間の計',
      incident: '障害', time: '時間', components: '各種サービスの稼働率（冗長化を考慮しない構成要素ごとの計測）',
      city: '自治体', componentType: '種類', planned: '計画時間', downtime: '停止時間', counted: '計上する停止時間',
      belowTarget: '目標未達の構成要素', worst: '最も低い構成要素', penaltyTier: '減額区分', items: '構成要素', host: 'ホスト', role: '役割',
      expand: '構成要素を表示', ledger: '停止時間の帰属（台帳）', ledgerIntro: 'サービスごとの停止時間を責任主体に振り分けた内訳です。各行の合計（Σ）は停止時間に一致し、どの停止時間も消えず、二重に数えられていないことを示します。',
      total: '合計', balanced: '一致', unbalanced: '不一致', sum: '計（Σ）', disclosure: '各種サービスの稼働率の開示',
      disclosureIntro: 'クラウド提供事業者・回線事業者の構成要素ごとの稼働率（冗長化を考慮しない、自治体ごと・種類ごと）。',
      detail: '責任主体別の稼働率へ', cloudAndLines: 'クラウド基盤・回線', worstType: '最も低い種類', noParties: '責任主体の稼働率はまだ取得できません',
      minutes: '分', byParty: '責任主体ごとの稼働率', party: '責任主体', targetHead: '目標', componentsHead: '構成要素（目標未達 / 全体）',
      pk_APP_VENDOR: 'アプリ開発事業者', pk_CLOUD_PROVIDER: 'クラウド提供事業者', pk_CARRIER: '回線事業者', pk_CITY: '団体',
      ct_VIRTUAL_SERVER: '仮想サーバ', ct_STORAGE: 'ストレージ', ct_LOAD_BALANCER: '負荷分散装置',
      ct_DATABASE: 'マネージドデータベース', ct_FILE_SERVICE: 'ファイルサービス', ct_REPLICATION: 'レプリケーション', ct_LINE: '回線',
      sh_EXTERNAL: '外部要因', sh_PLANNED: '計画停止',
      st_MET: '達成', st_AT_RISK: '注意', st_BREACHED: '未達', st_INSUFFICIENT_DATA: 'データ不足', st_NO_DATA: 'データなし',
      responsibleParty: '責任主体', responsibility: '責任主体の経緯', attribution: '責任区分', kind: '種別',
      respFrom: '担当開始', respTo: '担当終了', current: '現在', since: 'から', nobody: '責任主体なし',
      att_VENDOR: '運用事業者の責任', att_CLOUD: 'ガバメントクラウド', att_CARRIER: '回線事業者', att_CITY: '市の責任',
      att_EXTERNAL: '外部要因', att_PLANNED: '計画停止'
    },
    en: {
      parties: 'Availability by responsible party', month: 'Month', show: 'Show', csv: 'CSV', print: 'Print',
      report: 'Monthly report', target: 'target', services: 'Availability of its services', service: 'Service',
      availability: 'Availability', contractualAvailability: 'Availability (counted)', status: 'Verdict', none: 'None',
      attributed: 'Downtime of other parties\' services attributed to this party', attributedTotal: 'Attributed downtime in all',
      incident: 'Incident', time: 'Time', components: 'Availability of each service (per component, no redundancy credit)',
      city: 'City', componentType: 'Type', planned: 'Planned time', downtime: 'Downtime', counted: 'Counted downtime',
      belowTarget: 'Components below target', worst: 'Lowest component', penaltyTier: 'Penalty tier', items: 'Components', host: 'Host', role: 'Role',
      expand: 'Show the components', ledger: 'Where the downtime went (ledger)', ledgerIntro: 'Each service\'s downtime split among the responsible parties. Each row\'s sum (Σ) equals its downtime: no second vanishes and none counts twice.',
      total: 'Total', balanced: 'balanced', unbalanced: 'does not add up', sum: 'Σ', disclosure: 'Availability of each cloud service (disclosure)',
      disclosureIntro: 'The cloud provider\'s and the carrier\'s components, per city and type, measured per component with no redundancy credit.',
      detail: 'Availability by responsible party', cloudAndLines: 'Cloud platform and lines', worstType: 'Lowest type', noParties: 'No figures by responsible party yet',
      minutes: 'min', byParty: 'Figures per responsible party', party: 'Party', targetHead: 'Target', componentsHead: 'Components (below target / all)',
      pk_APP_VENDOR: 'Application vendor', pk_CLOUD_PROVIDER: 'Cloud provider', pk_CARRIER: 'Network carrier', pk_CITY: 'City',
      ct_VIRTUAL_SERVER: 'Virtual servers', ct_STORAGE: 'Storage', ct_LOAD_BALANCER: 'Load balancers',
      ct_DATABASE: 'Managed databases', ct_FILE_SERVICE: 'File services', ct_REPLICATION: 'Replication', ct_LINE: 'Lines',
      sh_EXTERNAL: 'External', sh_PLANNED: 'Planned maintenance',
      st_MET: 'Met', st_AT_RISK: 'At risk', st_BREACHED: 'Breached', st_INSUFFICIENT_DATA: 'Insufficient data', st_NO_DATA: 'No data',
      responsibleParty: 'Responsible party', responsibility: 'Responsibility history', attribution: 'Attribution', kind: 'Kind',
      respFrom: 'From', respTo: 'Until', current: 'now', since: 'since', nobody: 'no party',
      att_VENDOR: 'the vendor\'s', att_CLOUD: 'government cloud', att_CARRIER: 'network carrier', att_CITY: 'the city\'s',
      att_EXTERNAL: 'external', att_PLANNED: 'planned'
    }
  };

  let lang = 'ja';
  const t = (k) => (L[lang][k] !== undefined ? L[lang][k] : '—');
  // an enum value in the viewer's language (prefix_VALUE); one not in the dictionary shows as '—', never raw
  const te = (prefix, v) => (v == null || v === '' ? '—' : (L[lang][prefix + v] !== undefined ? L[lang][prefix + v] : '—'));
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const minutes = (ms) => ms == null ? '—' : (ms / 60000).toFixed(1) + ' ' + t('minutes');
  const pct = (p) => p == null ? '—' : Number(p).toFixed(3) + '%';
  // {ja, en} as the API names things; a plain string as it is
  const named = (n, fallback) => (n && typeof n === 'object' ? (n[lang] || n.ja || n.en) : n) || fallback || '—';
  // the type or kind as an enum name whatever the spelling (VIRTUAL_SERVER or virtual-server, cloud-provider)
  const typeKey = (type) => String(type || '').toUpperCase().replace(/-/g, '_');
  const kindKey = typeKey;
  // the parties with their kind as an enum name (GET /api/parties spells it as the catalog does: cloud-provider)
  const partiesOf = (data) => (data.parties || []).map((p) => Object.assign({}, p, { kind: kindKey(p.kind) }));
  const typeName = (c) => (te('ct_', typeKey(c.type)) !== '—' ? te('ct_', typeKey(c.type)) : named(c.typeName));
  const statusClass = (s) => ({ MET: 'UP', AT_RISK: 'DEGRADED', BREACHED: 'DOWN' })[s] || 'UNKNOWN';
  const verdict = (s) => `<span class="status ${statusClass(s)}" data-status="${esc(s || 'NO_DATA')}">${esc(te('st_', s || 'NO_DATA'))}</span>`;
  // the worst first: a breach, then at risk, then no evidence, then met
  const RANK = { BREACHED: 0, AT_RISK: 1, INSUFFICIENT_DATA: 2, NO_DATA: 3, MET: 4 };
  const rank = (s) => (RANK[s] === undefined ? 3 : RANK[s]);
  const thisMonth = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 7);

  // names of services and cities from dashboard.js (the catalog), ids where it has none
  const names = () => window.mihariNames || {};
  const serviceName = (id) => (names().service ? names().service(id) : id);
  const tenantName = (id) => (names().tenant ? names().tenant(id) : id);

  // ---- the page ----
  function partyName(data, id) {
    if (id === 'EXTERNAL' || id === 'PLANNED') { return te('sh_', id); }
    const p = partiesOf(data).find((x) => x.id === id);
    if (p) { return named(p.name, id); }
    return tenantName(id); // a city answers for itself
  }

  function servicesTable(p) {
    const list = p.services || [];
    if (!list.length) { return `<p class="muted">${t('services')}: ${t('none')}</p>`; }
    return `<table class="list party-services"><tr><th>${t('service')}</th><th class="num">${t('availability')}</th>
      <th class="num">${t('contractualAvailability')}</th><th>${t('status')}</th></tr>
      ${list.map((s) => `<tr data-service="${esc(s.serviceId)}"><td><a href="#/report/${esc(currentMonth)}/${esc(s.serviceId)}">${esc(serviceName(s.serviceId))}</a></td>
        <td class="num">${pct(s.availabilityPercent)}</td><td class="num">${pct(s.contractualAvailabilityPercent)}</td>
        <td>${verdict(s.status)}</td></tr>`).join('')}</table>`;
  }

  function attributedTable(p) {
    const list = p.attributed || [];
    return `<h4>${t('attributed')}</h4>
      <p class="party-attributed-total" data-ms="${esc(p.attributedMs || 0)}">${t('attributedTotal')}: ${minutes(p.attributedMs || 0)}</p>
      ${list.length ? `<table class="list party-attributed"><tr><th>${t('service')}</th><th>${t('incident')}</th><th class="num">${t('time')}</th></tr>
        ${list.map((a) => `<tr><td>${esc(serviceName(a.serviceId))}</td>
          <td>${a.incidentId ? `<a href="#/incidents/${esc(a.incidentId)}">${esc(a.incidentId)}</a>` : '—'}</td>
          <td class="num">${minutes(a.ms)}</td></tr>`).join('')}</table>` : ''}`;
  }

  function componentsTable(p) {
    const list = (p.components || []).slice().sort((a, b) => String(a.tenant).localeCompare(String(b.tenant)));
    if (!list.length) { return ''; }
    const rows = list.map((c, n) => {
      const key = esc(p.id + '-' + n);
      const items = (c.items || []).map((x) => `<tr data-target="${esc(x.targetId)}"><td>${esc(x.host || x.targetId)}</td><td>${esc(x.role || '')}</td>
        <td class="num">${minutes(x.plannedMs)}</td><td class="num">${minutes(x.downtimeMs)}</td><td class="num">${minutes(x.countedDowntimeMs)}</td>
        <td class="num">${pct(x.availabilityPercent)}</td></tr>`).join('');
      const worst = c.worst && c.worst.targetId ? `${esc(c.worst.targetId)} ${pct(c.worst.availabilityPercent)}` : '—';
      return `<tr class="component-row clickable" data-expand="${key}" data-tenant="${esc(c.tenant)}" data-type="${esc(typeKey(c.type))}" data-status="${esc(c.status || 'NO_DATA')}">
          <td><button type="button" class="expand no-print" aria-expanded="false" title="${t('expand')}">▸</button> ${esc(tenantName(c.tenant))}</td>
          <td>${esc(typeName(c))}</td><td class="num">${minutes(c.plannedMs)}</td><td class="num">${minutes(c.downtimeMs)}</td>
          <td class="num">${minutes(c.countedDowntimeMs)}</td><td class="num">${pct(c.availabilityPercent)}</td><td>${verdict(c.status)}</td>
          <td class="num">${esc(c.componentsBelowTarget == null ? '—' : c.componentsBelowTarget)} / ${esc((c.items || []).length)}</td><td>${worst}</td>
          <td class="tier"${c.penaltyTier && c.penaltyTier.description ? ` title="${esc(c.penaltyTier.description)}"` : ''}>${c.penaltyTier ? esc(c.penaltyTier.name) : '—'}</td></tr>
        <tr class="component-items" data-items="${key}" hidden><td colspan="10"><table class="list"><tr><th>${t('host')}</th><th>${t('role')}</th>
          <th class="num">${t('planned')}</th><th class="num">${t('downtime')}</th><th class="num">${t('counted')}</th><th class="num">${t('availability')}</th></tr>
          ${items || `<tr><td colspan="6">${t('none')}</td></tr>`}</table></td></tr>`;
    }).join('');
    return `<h4>${t('components')}</h4><table class="list party-components"><tr><th>${t('city')}</th><th>${t('componentType')}</th>
      <th class="num">${t('planned')}</th><th class="num">${t('downtime')}</th><th class="num">${t('counted')}</th>
      <th class="num">${t('availability')} (${t('target')} ${esc(p.target == null ? '—' : p.target + '%')})</th><th>${t('status')}</th>
      <th class="num">${t('belowTarget')}</th><th>${t('worst')}</th><th>${t('penaltyTier')}</th></tr>${rows}</table>`;
  }

  function partySection(p) {
    return `<section class="party" data-party="${esc(p.id)}" data-kind="${esc(p.kind)}">
      <h3><span class="party-kind">${esc(te('pk_', p.kind))}</span> ${esc(named(p.name, p.id))}
        <small class="muted">${t('target')} ${esc(p.target == null ? '—' : p.target + '%')}</small></h3>
      ${servicesTable(p)}${attributedTable(p)}${componentsTable(p)}</section>`;
  }

  /** The ledger: each service's downtime split by party; Σ of the shares against the downtime, per row and in all. */
  function ledgerTable(data) {
    const ledger = data.ledger || [];
    const columns = [];
    const add = (k) => { if (!columns.includes(k)) { columns.push(k); } };
    (data.parties || []).forEach((p) => ledger.some((l) => l.shares && p.id in l.shares) && add(p.id));
    ledger.forEach((l) => Object.keys(l.shares || {}).forEach((k) => { if (k !== 'EXTERNAL' && k !== 'PLANNED') { add(k); } }));
    ['EXTERNAL', 'PLANNED'].forEach((k) => ledger.some((l) => l.shares && k in l.shares) && add(k));
    const totals = Object.fromEntries(columns.map((k) => [k, 0]));
    let down = 0;
    let all = 0;
    const rows = ledger.map((l) => {
      const shares = l.shares || {};
      const sum = Object.values(shares).reduce((a, b) => a + Number(b || 0), 0);
      columns.forEach((k) => { totals[k] += Number(shares[k] || 0); });
      down += Number(l.downtimeMs || 0);
      all += sum;
      const ok = sum === Number(l.downtimeMs || 0);
      return `<tr data-ledger="${esc(l.serviceId)}" data-balanced="${ok}"><td>${esc(serviceName(l.serviceId))}</td><td class="num">${minutes(l.downtimeMs)}</td>
        ${columns.map((k) => `<td class="num" data-share="${esc(k)}">${k in shares ? minutes(shares[k]) : ''}</td>`).join('')}
        <td class="num">${minutes(sum)}</td><td>${ok ? '✔ ' + t('balanced') : `<strong class="bad">${t('unbalanced')}</strong>`}</td></tr>`;
    }).join('');
    const ok = all === down;
    return `<section id="ledger-section"><h3>${t('ledger')}</h3><p class="muted">${t('ledgerIntro')}</p>
      <table class="list" id="ledger"><tr><th>${t('service')}</th><th class="num">${t('downtime')}</th>
        ${columns.map((k) => `<th class="num">${esc(partyName(data, k))}</th>`).join('')}<th class="num">${t('sum')}</th><th></th></tr>
        ${rows || `<tr><td colspan="${columns.length + 4}">${t('none')}</td></tr>`}
        <tr class="total" id="ledger-total" data-balanced="${ok}"><th>${t('total')}</th><th class="num">${minutes(down)}</th>
          ${columns.map((k) => `<th class="num">${minutes(totals[k])}</th>`).join('')}<th class="num">${minutes(all)}</th>
          <th>${ok ? '✔ ' + t('balanced') : `<strong class="bad">${t('unbalanced')}</strong>`}</th></tr></table></section>`;
  }

  let currentMonth = thisMonth();
  /** The whole page as HTML. @param data GET /api/parties?month= */
  function page(data, month) {
    currentMonth = data.month || month;
    const order = { CLOUD_PROVIDER: 0, CARRIER: 1, APP_VENDOR: 2, CITY: 3 };
    const parties = partiesOf(data).sort((a, b) => (order[a.kind] ?? 4) - (order[b.kind] ?? 4));
    return `<section id="parties"><h2>${t('parties')} — ${esc(currentMonth)}</h2>
      <p class="no-print"><input type="month" id="parties-month" value="${esc(currentMonth)}" aria-label="${t('month')}">
        <a href="/api/reports/parties.csv?month=${esc(currentMonth)}" id="parties-csv">${t('csv')}</a>
        <button type="button" id="parties-print">${t('print')}</button>
        <a href="#/report/${esc(currentMonth)}" id="parties-report">${t('report')}</a></p>
      ${parties.length ? parties.map(partySection).join('') : `<p>${t('none')}</p>`}
      ${ledgerTable(data)}</section>`;
  }

  // ---- the monthly report's disclosure: per city × type of the cloud provider's and the carrier's components ----
  function disclosure(data) {
    const all = partiesOf(data);
    if (!all.length) { return ''; }
    return summary(data, all) + componentDisclosure(data, all.filter((p) => (p.components || []).length));
  }

  // each party in one row: its services' counted availability and verdict, the time attributed to it from others'
  // services, its components below target
  function summary(data, all) {
    const count = (p, f) => (p.components || []).reduce((a, c) => a + f(c), 0);
    return `<div id="party-summary-block"><h3>${t('byParty')}</h3><table class="list" id="party-summary"><tr><th>${t('party')}</th>
      <th class="num">${t('targetHead')}</th><th>${t('services')}</th><th class="num">${t('attributedTotal')}</th><th class="num">${t('componentsHead')}</th></tr>
      ${all.map((p) => `<tr data-party="${esc(p.id)}"><td>${esc(te('pk_', p.kind))}<br><strong>${esc(named(p.name, p.id))}</strong></td>
        <td class="num">${esc(p.target == null ? '—' : p.target + '%')}</td>
        <td>${(p.services || []).map((s) => `${esc(serviceName(s.serviceId))} ${pct(s.contractualAvailabilityPercent)} ${verdict(s.status)}`).join('<br>') || '—'}</td>
        <td class="num">${minutes(p.attributedMs || 0)}</td>
        <td class="num">${(p.components || []).length ? count(p, (c) => c.componentsBelowTarget || 0) + ' / ' + count(p, (c) => (c.items || []).length) : '—'}</td></tr>`).join('')}
      </table></div>`;
  }

  function componentDisclosure(data, parties) {
    if (!parties.length) { return ''; }
    const blocks = parties.map((p) => {
      const types = [];
      p.components.forEach((c) => { if (!types.includes(typeKey(c.type))) { types.push(typeKey(c.type)); } });
      const tenants = [...new Set(p.components.map((c) => c.tenant))];
      const rows = tenants.map((tn) => `<tr data-tenant="${esc(tn)}"><td>${esc(tenantName(tn))}</td>${types.map((ty) => {
        const c = p.components.find((x) => x.tenant === tn && typeKey(x.type) === ty);
        return c ? `<td class="num" data-type="${esc(ty)}" data-status="${esc(c.status || 'NO_DATA')}">${pct(c.availabilityPercent)} ${verdict(c.status)}</td>` : '<td class="num">—</td>';
      }).join('')}</tr>`).join('');
      return `<h4>${esc(te('pk_', p.kind))} ${esc(named(p.name, p.id))} <small class="muted">${t('target')} ${esc(p.target == null ? '—' : p.target + '%')}</small></h4>
        <table class="list disclosure" data-party="${esc(p.id)}"><tr><th>${t('city')}</th>${types.map((ty) => `<th class="num">${esc(te('ct_', ty))}</th>`).join('')}</tr>${rows}</table>`;
    }).join('');
    return `<div id="disclosure"><h3>${t('disclosure')}</h3><p class="muted">${t('disclosureIntro')}
      <a href="#/parties?month=${esc(data.month || currentMonth)}" id="disclosure-detail">${t('detail')}</a></p>${blocks}</div>`;
  }

  // ---- the board's panel: per city, the worst component type of the cloud provider and of the carrier ----
  function boardPanel(data) {
    const parties = partiesOf(data).filter((p) => (p.components || []).length);
    if (!parties.length) { return ''; }
    const tenants = [...new Set(parties.flatMap((p) => p.components.map((c) => c.tenant)))];
    const cells = (tn) => parties.map((p) => {
      const list = p.components.filter((c) => c.tenant === tn);
      if (!list.length) { return '<td>—</td>'; }
      const worst = list.slice().sort((a, b) => rank(a.status) - rank(b.status)
        || Number(a.availabilityPercent ?? 101) - Number(b.availabilityPercent ?? 101))[0];
      const status = worst.status || 'NO_DATA';
      return `<td><div class="cell mini ${esc(status)}" data-party="${esc(p.id)}" data-tenant="${esc(tn)}" data-status="${esc(status)}">
        <a href="#/parties?month=${esc(data.month || currentMonth)}"><span class="pct">${pct(worst.availabilityPercent)}</span>
        <span class="label">${esc(te('st_', status))}</span></a><br><small>${t('worstType')}: ${esc(typeName(worst))}</small></div></td>`;
    }).join('');
    return `<table class="board" id="cloud-lines"><tr><th>${t('city')}</th>${parties.map((p) => `<th>${esc(te('pk_', p.kind))}<br><small>${esc(named(p.name, p.id))}</small></th>`).join('')}</tr>
      ${tenants.map((tn) => `<tr><th>${esc(tenantName(tn))}</th>${cells(tn)}</tr>`).join('')}</table>`;
  }

  // ---- the incident page: who answers for it now 責任主体, and who did before (attribution moves it) ----
  // JST as 2026/12/06 12:25:43 JST (both languages, as dashboard.js)
  function time(iso) {
    const d = new Date(iso == null ? NaN : Date.parse(iso));
    if (isNaN(d.getTime())) { return '—'; }
    const x = new Date(d.getTime() + 9 * 3600 * 1000).toISOString();
    return x.slice(0, 10).replace(/-/g, '/') + ' ' + x.slice(11, 19) + ' JST';
  }
  // a party by id: an app vendor, the cloud provider or the carrier as the catalog names them, or a city
  function partyLabel(id) {
    if (id == null || id === '') { return t('nobody'); }
    const n = names();
    const vendor = n.vendor ? n.vendor(id) : id;
    return vendor !== id ? vendor : tenantName(id);
  }
  function incidentParty(i) {
    const p = i.responsibleParty;
    const since = (at) => (lang === 'ja' ? esc(time(at)) + ' ' + t('since') : t('since') + ' ' + esc(time(at)));
    const party = !p ? '—' : `<span data-party="${esc(p.id || '')}" data-kind="${esc(p.kind || '')}">${esc(partyLabel(p.id))}`
      + `${p.kind ? ' (' + esc(te('pk_', kindKey(p.kind))) + ')' : ''}</span>${p.since ? ' <small>' + since(p.since) + '</small>' : ''}`;
    const list = i.responsibility || [];
    const history = !list.length ? '' : `<h3>${t('responsibility')}</h3><table class="list" id="responsibility"><tr>
      <th>${t('responsibleParty')}</th><th>${t('kind')}</th><th>${t('attribution')}</th><th>${t('respFrom')}</th><th>${t('respTo')}</th></tr>
      ${list.map((r) => `<tr data-party="${esc(r.party || '')}"><td>${esc(partyLabel(r.party))}</td><td>${esc(te('pk_', kindKey(r.kind)))}</td>
        <td>${esc(te('att_', r.attribution))}</td><td>${esc(time(r.from))}</td><td>${r.to ? esc(time(r.to)) : t('current')}</td></tr>`).join('')}</table>`;
    return { party, history };
  }

  // ---- fetching, for dashboard.js ----
  const token = () => sessionStorage.getItem('mihari.token');
  async function fetchParties(month) {
    const response = await fetch('/api/parties?month=' + encodeURIComponent(month),
      { headers: { Accept: 'application/json', Authorization: 'Bearer ' + token() } });
    if (response.status === 401) {
      sessionStorage.removeItem('mihari.token');
      location.hash = '#/login';
      throw new Error('login required');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) { throw new Error((body && body.detail) || '/api/parties: ' + response.status); }
    return body;
  }

  async function show(query, language) {
    lang = language === 'en' ? 'en' : 'ja';
    const q = new URLSearchParams(query || '');
    const month = /^\d{4}-\d{2}$/.test(q.get('month') || '') ? q.get('month') : thisMonth();
    const data = await fetchParties(month);
    const view = document.getElementById('view');
    view.innerHTML = page(data, month);
    document.getElementById('nav-report').href = '#/report/' + month;
    document.getElementById('parties-month').addEventListener('change', (e) => { location.hash = '#/parties?month=' + e.target.value; });
    document.getElementById('parties-print').addEventListener('click', () => {
      // printed with every component listed
      view.querySelectorAll('tr.component-items').forEach((r) => { r.hidden = false; });
      window.print();
    });
    document.getElementById('parties-csv').addEventListener('click', async (e) => {
      e.preventDefault();
      const response = await fetch(e.target.href, { headers: { Authorization: 'Bearer ' + token() } });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await response.blob());
      a.download = 'mihari-parties-' + month + '.csv';
      a.click();
    });
    view.querySelectorAll('tr.component-row').forEach((r) => r.addEventListener('click', () => {
      const items = view.querySelector(`tr[data-items="${r.dataset.expand}"]`);
      items.hidden = !items.hidden;
      const b = r.querySelector('button.expand');
      b.textContent = items.hidden ? '▸' : '▾';
      b.setAttribute('aria-expanded', String(!items.hidden));
    }));
  }

  window.mihariParties = {
    handles: (first) => first === 'parties',
    show,
    /** The monthly report's block 各種サービスの稼働率の開示 ('' when there is nothing to disclose or no API yet). */
    async disclosure(month, language) {
      lang = language === 'en' ? 'en' : 'ja';
      return disclosure(await fetchParties(month));
    },
    /** The board's panel クラウド基盤・回線 ('' when there is nothing to show or no API yet). */
    async boardPanel(month, language) {
      lang = language === 'en' ? 'en' : 'ja';
      return boardPanel(await fetchParties(month));
    },
    /** The incident page's responsible party (HTML for its dd) and responsibility history (a table, '' if none). */
    incidentParty(incident, language) {
      lang = language === 'en' ? 'en' : 'ja';
      return incidentParty(incident);
    },
    /** Pure rendering, for the tests: kind 'page', 'disclosure' or 'board'. */
    render(kind, data, language, month) {
      lang = language === 'en' ? 'en' : 'ja';
      return kind === 'page' ? page(data, month || data.month) : kind === 'disclosure' ? disclosure(data) : boardPanel(data);
    },
    dictionaries: L
  };
})();
