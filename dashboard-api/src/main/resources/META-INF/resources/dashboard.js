// Mihari web dashboard: a board of cities × services against their availability target, open incidents with their
// SLA countdowns, warnings at a glance, incident history and detail, the monthly report. Japanese and English.
// Reads the REST API with the login token (sessionStorage); every figure comes from the API as computed there.
(function () {
  'use strict';

  let lang = localStorage.getItem('mihari.lang') || 'ja';
  const L = {
    ja: {
      board: 'ボード', incidents: '障害', report: '月次報告', sla: 'SLA 遵守', logout: 'ログアウト', login: 'ログイン',
      username: 'ユーザー', password: 'パスワード', code: 'ワンタイムコード（または回復コード）', city: '自治体',
      enrolTitle: '二要素認証の登録', enrolIntro: 'この利用者にはパスワードに加えて二要素目（ワンタイムコード）が必要です。認証アプリ（Google Authenticator、Microsoft Authenticator など）で QR コードを読み取るか、秘密鍵を入力し、表示された 6 桁のコードで確認してください。',
      secret: '秘密鍵', confirm: '確認', recoveryTitle: '回復コード', recoveryIntro: '認証アプリを失くしたときに、ワンタイムコードの代わりに一度だけ使えるコードです。今だけ表示します。安全な場所に保管してください。',
      saved: '保管しました', recoveryLeft: '回復コードでログインしました。残り', loginFailed: 'ログインできませんでした',
      passkeys: 'パスキー', passkeyLogin: 'パスキーでログイン', passkeyOr: 'ワンタイムコードの代わりに、登録したパスキー（指紋・顔認証、PIN、セキュリティキー）も使えます。',
      passkeyName: 'パスキーの名前（例: ノート PC、YubiKey）', registerPasskey: 'パスキーを登録',
      enrolPasskey: 'または: パスキーを登録', enrolPasskeyIntro: 'この端末の指紋・顔認証や PIN、またはセキュリティキーをパスキーとして登録し、二要素目にします。登録後に回復コードを一度だけ表示します。',
      passkeysIntro: 'ログインの二要素目に使えるパスキーです。端末をなくしたときは、別のパスキーか回復コードでログインし、なくしたものを削除してください（すべてなくしたときは管理者がリセットします）。',
      name: '名前', created: '登録', lastUsed: '最終使用', synced: '同期', remove: '削除', noPasskeys: 'パスキーはまだありません',
      noPasskeySupport: 'このブラウザ（またはこのアドレス）ではパスキーを使えません。https:// か http://localhost で開いてください。',
      passkeyFailed: 'パスキーの操作が取り消されたか、失敗しました', passkeyAdded: 'パスキーを登録しました',
      MET: '達成', AT_RISK: '注意', BREACHED: '未達', NO_DATA: 'データなし',
      INSUFFICIENT_DATA: 'データ不足', minCoverage: '必要な取得率', quarterly: '四半期・年間', incidentReport: '障害報告書（印刷用）',
      UP: '稼働', DEGRADED: '一部停止', DOWN: '停止', UNKNOWN: 'データなし',
      OPEN: '対応中', MITIGATED: '暫定復旧', RESOLVED: '解決', CLOSED: '完了',
      availability: '稼働率（当月）', availabilityMonth: '稼働率（全体 / 契約上）', budget: '停止許容時間', used: '使用', left: '残り', target: '目標',
      openIncidents: '対応中の障害', none: 'ありません', warnings: '警告', id: '障害番号', service: 'サービス',
      status: '状態', title: '事象', started: '発生', nextReport: '次回報告まで', firstReport: '初報',
      due: '期限', sent: '送信', automatic: '自動', late: '遅延', timeline: '経緯', slaRecord: 'SLA 記録',
      statusReports: '状況報告', recovery: '復旧報告', writtenReport: '障害報告書', cause: '原因',
      firstResponse: '一次対処', countermeasures: '恒久対策', postUpdate: '状況報告を登録', mitigate: '暫定復旧にする',
      resolve: '解決にする', acknowledge: '対応開始', submit: '障害報告書を提出', severity: '重要度',
      kind: '種別', vendor: '運用事業者', planned: '計画時間', downtime: '停止時間', contractual: '契約上の停止時間',
      excluded: '責任外', coverage: 'データ取得率', tier: '減額区分', day: '日', intervals: '内訳', csv: 'CSV 出力',
      print: '印刷', month: '月', search: '検索', targets: '監視対象サーバ', resources: 'リソース', accepted: '受け付けました',
      targetDown: 'サーバ停止', noData: 'データなし', reportMissing: '未提出', worstGap: '最大報告間隔',
      firstOnTime: '初報期限内', statusOnTime: '状況報告期限内', writtenOnTime: '報告書期限内', overdue: '期限超過',
      since: 'から', prev: '前へ', next: '次へ', attribution: '責任区分', kinds: '種別', counted: '計上',
      frozen: '確定報告', changed: '確定後にデータが変わりました（改訂が必要です）',
      maintenance: '計画停止', pendingMaintenance: '承認待ちの計画停止', windowTitle: '作業内容', when: '日時',
      REQUESTED: '承認待ち', APPROVED: '承認済み', REJECTED: '却下', WITHDRAWN: '取り下げ', LEGACY: '旧形式（計上なし）',
      urgent: '緊急', requestedBy: '申請', decidedBy: '承認・却下', withdrawnBy: '取り下げ', note: 'コメント・理由',
      requestWindow: '計画停止を申請', registerWindow: '計画停止を登録（承認済み）', approve: '承認', reject: '却下',
      withdraw: '取り下げ', start: '開始（JST）', end: '終了（JST）', servers: '対象サーバ（空欄 = サービス全体、空白区切り）',
      urgentHelp: '事前通知期間に満たない（市の承認が必要です）', wholeService: 'サービス全体', weekly: '毎週',
      onlyApproved: '承認された計画停止だけが計画時間から除かれます（✔）。承認待ち・却下・開始後に承認されなかった申請は計上されません。',
      maintenanceIntro: '計画停止は事前に合意されたものだけです。運用事業者が申請し、市（または管理者）が開始前に承認したときだけ稼働率の計画時間から除かれます。',
      MAINTENANCE: '計画停止', mitigatedAt: '暫定復旧',
      role_admin: '管理者', role_operator: '自治体担当', role_vendor: '運用事業者',
      kind_LIVENESS: '死活監視（応答なし）', kind_CHECK: '稼働確認の失敗', kind_RESOURCE: 'リソース', kind_BATCH: 'バッチ処理',
      kind_OPERATING_STATUS: '稼働状況',
      kind_LINE_FAILOVER: '回線切替', title_LINE_FAILOVER: '回線障害（予備回線へ切替）',
      sev_WARNING: '警告', sev_MAJOR: '重大', sev_CRITICAL: '緊急（サービス停止）',
      att_VENDOR: '運用事業者の責任', att_CLOUD: 'ガバメントクラウド', att_CITY: '市の責任', att_EXTERNAL: '外部要因', att_PLANNED: '計画停止',
      title_LIVENESS: '死活監視で応答なし', title_CHECK: '死活監視（稼働確認）の失敗', title_RESOURCE: 'リソース使用率の閾値超過',
      title_BATCH: 'バッチ処理の異常', title_OPERATING_STATUS: 'アプリケーションの稼働状況が正常でない',
      tl_INCIDENT_OPENED: '障害を起票', tl_REOPENED: '再発', tl_MITIGATED: '暫定復旧', tl_SERVICE_DOWN: 'サービス停止',
      tl_FIRST_REPORT_SENT: '初報を送信', tl_RECOVERY_REPORT_SENT: '復旧報告を送信', tl_AUTOMATIC_STATUS_REPORT: '自動状況報告',
      tl_STATUS_UPDATE: '状況報告', tl_STATUS_REMINDER: '状況報告の督促', tl_STATUS_REPORT_SENT: '状況報告を送信', tl_RESOLVED: '解決',
      tl_ACKNOWLEDGED: '対応開始', tl_ATTRIBUTION: '責任区分の変更', tl_REPORT_SUBMITTED: '障害報告書の提出',
      tl_REPORT_REQUESTED: '障害報告書の依頼', tl_REPORT_REMINDER: '障害報告書の督促', tl_MAINTENANCE_OVERRUN: '計画停止の超過',
      env_test: '検証系', env_temporary: '一時的', envQuiet: '可用性に数えず、通知しません（画面のみ）', envNotified: '可用性に数えません（通知はします）',
      tl_ESCALATED: 'エスカレーション', tl_ESCALATION_SENT: 'エスカレーション送信', tl_NOT_NOTIFIED: '検証系のため通知なし', tl_NOTIFIED: '通知を開始', tl_RESPONSIBILITY: '責任の所在',
      tl_CLOSED: '完了', tl_TARGET_DOWN: 'サーバ停止', tl_TARGET_UP: 'サーバ復旧', tl_ALERT: '検知', tl_RESOLVED_ALERT: '解消',
      op_RUNNING: '稼働中', op_DEGRADED: '縮退', op_STOPPED: '停止中', operating: '稼働状況（アプリケーション報告）',
      application: 'アプリケーション', server: 'サーバ', message: '内容', reportedAt: '報告時刻',
      noDataServers: 'データなし', unitServers: '台', unitServer: '台', countCritical: '要対応', countWarning: '警告',
      m_CPU: 'CPU', m_MEMORY: 'メモリ', m_SWAP: 'スワップ', m_DISK: 'ディスク', threshold: '閾値', usePct: '使用率',
      minUnit: '分', dow_MONDAY: '月', dow_TUESDAY: '火', dow_WEDNESDAY: '水', dow_THURSDAY: '木', dow_FRIDAY: '金',
      dow_SATURDAY: '土', dow_SUNDAY: '日',
      btn_postUpdate: '登録', btn_acknowledge: '対応開始', btn_mitigate: '暫定復旧にする', btn_resolve: '解決にする',
      btn_submit: '提出', btn_request: '申請', btn_register: '登録', lvl_CRITICAL: '危険', lvl_WARNING: '警告',
      att_CARRIER: '回線事業者', parties: '責任主体別', partiesTitle: '責任主体別の稼働率', cloudAndLines: 'クラウド基盤・回線',
      responsibleParty: '責任主体',
      attribute: '責任区分を変更', btn_attribute: '変更', onBehalf: '責任主体に代わって記録する報告の時刻（JST。報告を受けた時刻。空欄 = 自分の報告として今）',
      nobody: '責任主体なし', owedBy: '報告義務者', partyFirstReport: '責任主体の初報',
      jobsTitle: 'バッチ（今後 7 日間）', jobsCaption: '開庁日カレンダーに基づく実行予定（JST）。閉庁日は理由を表示します。',
      jobsDate: '日付', jobsCalendar: '開庁日', openDay: '開庁日', noRunExpected: '実行予定なし', notScheduled: '予定なし',
      movedTo: '振替先', noJobs: 'バッチの定義はありません', jobRule: '実行条件', startWithin: '開始猶予',
      maxRunTime: '最大実行時間', lastRun: '最終実行', jobProblem: 'スケジュールを解釈できません',
      run_STARTED: '実行中', run_SUCCEEDED: '正常終了', run_FAILED: '異常終了', run_TIMED_OUT: 'タイムアウト',
      ranRuns: '実行結果', records: '件', countUnknown: '件数不明', expectedCount: '想定件数', countOut: '件数が想定外',
      filesTitle: '連携ファイル（今後 7 日間）', filesCaption: '開庁日カレンダーに基づく受領期限（JST）と、各期限までに届いたファイル。',
      noFileExpected: '受領予定なし', deadline: '期限', minBytes: '最小サイズ', bytes: 'バイト',
      partial: '実行結果・到着の件数が多いため、新しいものだけを表示しています。',
      fd_ARRIVED: '到着', fd_DUPLICATE: '重複到着', fd_EMPTY: '空ファイル', fd_CHECKSUM_MISMATCH: 'チェックサム不一致',
      fd_MISSING: '未着', fd_WAITING: '到着待ち',
      fa_EMPTY: '空ファイル', fa_CHECKSUM_MISMATCH: 'チェックサム不一致', fa_DUPLICATE: '重複',
      kind_CLOCK_SKEW: '時刻ずれ', title_CLOCK_SKEW: 'エージェントの時刻ずれ',
      kind_LATENCY: '応答時間', title_LATENCY: '応答時間の閾値超過',
      serversIntro: '各サーバの状態と、エージェントの時計のずれ（Mihari の受信時刻との差。＋は進み、−は遅れ）。時刻ずれの警告・重大の閾値は alert-service の時刻ずれ警報と同じです（既定 2 秒・30 秒）。',
      role: '役割', clockOffset: '時刻ずれ', estimatedAt: '推定', clockWarnings: '時刻ずれのあるエージェント',
      off_OK: '正常', off_WARNING: '警告', off_MAJOR: '重大',
      latency: '応答時間（稼働確認）', latencyAvg: '平均', latencyMax: '最大', noChecks: 'この期間の稼働確認の結果はありません',
      latencyCaption: '稼働確認ごとの応答時間: 実線は平均、薄い線は最大、▲は失敗した結果を含む区間。1 点の区間:', checkDown: '失敗', secUnit: '秒', hourUnit: '時間'
    },
    en: {
      board: 'Board', incidents: 'Incidents', report: 'Monthly report', sla: 'SLA compliance', logout: 'Log out',
      login: 'Log in', username: 'User', password: 'Password', code: 'One-time code (or a recovery code)', city: 'City',
      enrolTitle: 'Set up a second factor', enrolIntro: 'This user needs a second factor (a one-time code) besides the password. Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, …) or type in the secret, then confirm with the 6-digit code it shows.',
      secret: 'Secret', confirm: 'Confirm', recoveryTitle: 'Recovery codes', recoveryIntro: 'Each can be used once instead of a one-time code if the authenticator is lost. They are shown only now: keep them somewhere safe.',
      saved: 'I have saved them', recoveryLeft: 'Logged in with a recovery code; left:', loginFailed: 'Login failed',
      passkeys: 'Passkeys', passkeyLogin: 'Log in with a passkey', passkeyOr: 'Instead of a one-time code you may use a passkey you registered (fingerprint or face, PIN, security key).',
      passkeyName: 'Name of the passkey (e.g. laptop, YubiKey)', registerPasskey: 'Register a passkey',
      enrolPasskey: 'Or: register a passkey', enrolPasskeyIntro: 'Register this device\'s fingerprint, face or PIN, or a security key, as a passkey: your second factor. The recovery codes are shown once afterwards.',
      passkeysIntro: 'Passkeys you can give as the second factor when you log in. If you lose a device, log in with another passkey or a recovery code and remove the lost one (if all are lost, an administrator resets them).',
      name: 'Name', created: 'Registered', lastUsed: 'Last used', synced: 'Synced', remove: 'Remove', noPasskeys: 'No passkeys yet',
      noPasskeySupport: 'Passkeys cannot be used in this browser or at this address: open the page at https:// or http://localhost.',
      passkeyFailed: 'The passkey was cancelled or failed', passkeyAdded: 'Passkey registered',
      MET: 'Met', AT_RISK: 'At risk', BREACHED: 'Breached', NO_DATA: 'No data',
      INSUFFICIENT_DATA: 'Insufficient data', minCoverage: 'required coverage', quarterly: 'Quarter / year', incidentReport: 'Incident report (printable)',
      UP: 'Up', DEGRADED: 'Degraded', DOWN: 'Down', UNKNOWN: 'No data',
      OPEN: 'Open', MITIGATED: 'Mitigated', RESOLVED: 'Resolved', CLOSED: 'Closed',
      availability: 'Availability (month)', availabilityMonth: 'Availability (all / counted)', budget: 'Downtime budget', used: 'used', left: 'left', target: 'target',
      openIncidents: 'Open incidents', none: 'None', warnings: 'Warnings', id: 'Incident', service: 'Service',
      status: 'Status', title: 'What', started: 'Started', nextReport: 'Next report in', firstReport: 'First report',
      due: 'due', sent: 'sent', automatic: 'automatic', late: 'late', timeline: 'Timeline', slaRecord: 'SLA record',
      statusReports: 'Status reports', recovery: 'Recovery report', writtenReport: 'Post-incident report',
      cause: 'Cause', firstResponse: 'First response', countermeasures: 'Permanent countermeasures',
      postUpdate: 'Post a status update', mitigate: 'Mark provisionally recovered', resolve: 'Mark resolved',
      acknowledge: 'Acknowledge', submit: 'Submit the written report', severity: 'Severity',
      kind: 'Kind', vendor: 'Vendor', planned: 'Planned time', downtime: 'Downtime', contractual: 'Counted downtime',
      excluded: 'Not the vendor\'s', coverage: 'Coverage', tier: 'Penalty tier', day: 'Day', intervals: 'Intervals',
      csv: 'CSV', print: 'Print', month: 'Month', search: 'Search', targets: 'Servers', resources: 'Resources',
      accepted: 'Accepted', targetDown: 'server down', noData: 'no data', reportMissing: 'missing',
      worstGap: 'Worst gap between reports', firstOnTime: 'First reports on time', statusOnTime: 'Status reports on time',
      writtenOnTime: 'Written reports on time', overdue: 'overdue', since: 'since', prev: 'Previous', next: 'Next',
      attribution: 'Attribution', kinds: 'Kind', counted: 'counted', frozen: 'Report of record',
      changed: 'the data changed since it was frozen (a revision is due)',
      maintenance: 'Maintenance', pendingMaintenance: 'Maintenance awaiting approval', windowTitle: 'Work', when: 'When',
      REQUESTED: 'Awaiting approval', APPROVED: 'Approved', REJECTED: 'Rejected', WITHDRAWN: 'Withdrawn', LEGACY: 'Old (not counted)',
      urgent: 'Urgent', requestedBy: 'Requested', decidedBy: 'Approved / rejected', withdrawnBy: 'Withdrawn', note: 'Note / reason',
      requestWindow: 'Request maintenance', registerWindow: 'Register maintenance (approved)', approve: 'Approve', reject: 'Reject',
      withdraw: 'Withdraw', start: 'Start (JST)', end: 'End (JST)', servers: 'Servers (empty = the whole service, space-separated)',
      urgentHelp: 'with less than the contract\'s notice (the city must approve it)', wholeService: 'whole service', weekly: 'weekly',
      onlyApproved: 'Only approved maintenance leaves the planned time (✔). Requests awaiting approval, rejected ones and requests not approved before they started count for nothing.',
      maintenanceIntro: 'Planned maintenance is only what was agreed in advance: the vendor requests it, and it leaves the availability\'s planned time only once the city (or an administrator) approved it before it started.',
      MAINTENANCE: 'Maintenance', mitigatedAt: 'Provisionally recovered',
      role_admin: 'administrator', role_operator: 'city operator', role_vendor: 'vendor',
      kind_LIVENESS: 'Liveness (no heartbeat)', kind_CHECK: 'Check failing', kind_RESOURCE: 'Resources', kind_BATCH: 'Batch job',
      kind_OPERATING_STATUS: 'Operating status',
      kind_LINE_FAILOVER: 'Line failover', title_LINE_FAILOVER: 'Line failed (traffic on the other line)',
      sev_WARNING: 'Warning', sev_MAJOR: 'Major', sev_CRITICAL: 'Critical (service down)',
      att_VENDOR: 'the vendor\'s', att_CLOUD: 'government cloud', att_CITY: 'the city\'s', att_EXTERNAL: 'external', att_PLANNED: 'planned',
      title_LIVENESS: 'No heartbeat', title_CHECK: 'Liveness check failing', title_RESOURCE: 'Resource use above threshold',
      title_BATCH: 'Batch job problem', title_OPERATING_STATUS: 'Application reports it is not running normally',
      tl_INCIDENT_OPENED: 'Incident opened', tl_REOPENED: 'Reopened', tl_MITIGATED: 'Provisionally recovered', tl_SERVICE_DOWN: 'Service down',
      tl_FIRST_REPORT_SENT: 'First report mailed', tl_RECOVERY_REPORT_SENT: 'Recovery report mailed', tl_AUTOMATIC_STATUS_REPORT: 'Automatic status report',
      tl_STATUS_UPDATE: 'Status report', tl_STATUS_REMINDER: 'Status report reminder', tl_STATUS_REPORT_SENT: 'Status report mailed', tl_RESOLVED: 'Resolved',
      tl_ACKNOWLEDGED: 'Acknowledged', tl_ATTRIBUTION: 'Attribution changed', tl_REPORT_SUBMITTED: 'Post-incident report submitted',
      tl_REPORT_REQUESTED: 'Post-incident report requested', tl_REPORT_REMINDER: 'Post-incident report reminder', tl_MAINTENANCE_OVERRUN: 'Maintenance overran',
      env_test: 'test', env_temporary: 'temporary', envQuiet: 'not counted in availability, not notified (dashboard only)', envNotified: 'not counted in availability (notified)',
      tl_ESCALATED: 'Escalated', tl_ESCALATION_SENT: 'Escalation mailed', tl_NOT_NOTIFIED: 'Not notified (test environment)', tl_NOTIFIED: 'Notification started', tl_RESPONSIBILITY: 'Responsibility',
      tl_CLOSED: 'Closed', tl_TARGET_DOWN: 'Server down', tl_TARGET_UP: 'Server up again', tl_ALERT: 'detected', tl_RESOLVED_ALERT: 'ended',
      op_RUNNING: 'Running', op_DEGRADED: 'Degraded', op_STOPPED: 'Stopped', operating: 'Operating status (reported by the applications)',
      application: 'Application', server: 'Server', message: 'Message', reportedAt: 'Reported',
      noDataServers: 'No data', unitServers: 'servers', unitServer: 'server', countCritical: 'to act on', countWarning: 'warnings',
      m_CPU: 'CPU', m_MEMORY: 'Memory', m_SWAP: 'Swap', m_DISK: 'Disk', threshold: 'threshold', usePct: 'use',
      minUnit: 'min', dow_MONDAY: 'Mon', dow_TUESDAY: 'Tue', dow_WEDNESDAY: 'Wed', dow_THURSDAY: 'Thu', dow_FRIDAY: 'Fri',
      dow_SATURDAY: 'Sat', dow_SUNDAY: 'Sun',
      btn_postUpdate: 'Post', btn_acknowledge: 'Acknowledge', btn_mitigate: 'Mark provisionally recovered', btn_resolve: 'Mark resolved',
      btn_submit: 'Submit', btn_request: 'Request', btn_register: 'Register', lvl_CRITICAL: 'critical', lvl_WARNING: 'warning',
      att_CARRIER: 'network carrier', parties: 'By party', partiesTitle: 'Availability by responsible party', cloudAndLines: 'Cloud platform and lines',
      responsibleParty: 'Responsible party',
      attribute: 'Change the attribution', btn_attribute: 'Change', onBehalf: 'Record a report on the party\'s behalf: the instant it reported (JST; empty = your own report, now)',
      nobody: 'no party', owedBy: 'owed by', partyFirstReport: 'the responsible party\'s first report',
      jobsTitle: 'Batch jobs (next 7 days)', jobsCaption: 'Expected runs on the business calendar (JST). Closed days show their reason.',
      jobsDate: 'Date', jobsCalendar: 'Business calendar', openDay: 'business day', noRunExpected: 'no run expected', notScheduled: 'not scheduled',
      movedTo: 'moved to', noJobs: 'No batch jobs defined', jobRule: 'Rule', startWithin: 'start within',
      maxRunTime: 'max run time', lastRun: 'Last run', jobProblem: 'the schedule cannot be read',
      run_STARTED: 'running', run_SUCCEEDED: 'succeeded', run_FAILED: 'failed', run_TIMED_OUT: 'timed out',
      ranRuns: 'Runs', records: ' records', countUnknown: 'count unknown', expectedCount: 'expected count', countOut: 'count out of range',
      filesTitle: 'Linkage files (next 7 days)', filesCaption: 'Deadlines on the business calendar (JST) and what arrived for each.',
      noFileExpected: 'no file expected', deadline: 'due', minBytes: 'min size', bytes: ' bytes',
      partial: 'Too many runs and arrivals for this range: only the newest are shown.',
      fd_ARRIVED: 'arrived', fd_DUPLICATE: 'arrived twice', fd_EMPTY: 'empty', fd_CHECKSUM_MISMATCH: 'bad checksum',
      fd_MISSING: 'missing', fd_WAITING: 'not yet due',
      fa_EMPTY: 'empty', fa_CHECKSUM_MISMATCH: 'bad checksum', fa_DUPLICATE: 'duplicate',
      kind_CLOCK_SKEW: 'Clock skew', title_CLOCK_SKEW: 'Agent clock skew',
      kind_LATENCY: 'Response time', title_LATENCY: 'Response time above threshold',
      serversIntro: 'Each server\'s status and how far its agent\'s clock is off (against Mihari\'s receive time: + ahead, − behind). The warning and major levels are those of alert-service\'s clock-skew alert (2 s and 30 s by default).',
      role: 'Role', clockOffset: 'Clock offset', estimatedAt: 'estimated', clockWarnings: 'Agents with a clock offset',
      off_OK: 'ok', off_WARNING: 'warning', off_MAJOR: 'major',
      latency: 'Response time (checks)', latencyAvg: 'avg', latencyMax: 'max', noChecks: 'No check results in this period',
      latencyCaption: 'Response time per check: solid line the average, faint line the largest, ▲ a bucket with failed (DOWN) results. One point per', checkDown: 'DOWN', secUnit: 's', hourUnit: 'h'
    }
  };
  const t = (k) => (L[lang][k] !== undefined ? L[lang][k] : k);
  // an enum value in the viewer's language (prefix_VALUE); one not in the dictionary shows as '—', never raw
  const te = (prefix, v) => (v == null || v === '' ? '—' : (L[lang][prefix + v] !== undefined ? L[lang][prefix + v] : '—'));
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  // every instant in JST, the same way in both languages: 2026/12/06 12:25:43 JST
  const jst = (at) => {
    const d = new Date(typeof at === 'number' ? at : String(at));
    if (isNaN(d.getTime())) { return String(at); }
    const x = new Date(d.getTime() + 9 * 3600 * 1000).toISOString();
    return x.slice(0, 10).replace(/-/g, '/') + ' ' + x.slice(11, 19);
  };
  const time = (iso) => iso ? jst(iso) + ' JST' : '—';
  // ISO instants inside free text (older timeline lines, messages) as JST too
  const jstText = (s) => String(s == null ? '' : s).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, (m) => time(m));
  // names from the catalog, in the viewer's language (filled from /api/services)
  let names = { services: {}, vendors: {}, tenants: {}, loaded: 0 };
  async function loadNames() {
    if (Date.now() - names.loaded < 300000) { return; }
    const list = await api('/api/services');
    const next = { services: {}, vendors: {}, tenants: {}, loaded: Date.now() };
    list.forEach((x) => {
      next.tenants[x.tenant] = { ja: x.tenantName, en: x.tenantNameEn };
      next.services[x.id] = { ja: x.tenantName + ' ' + x.systemName, en: x.tenantNameEn + ' ' + x.systemNameEn };
      next.vendors[x.vendor] = { ja: x.vendorName, en: x.vendorNameEn || x.vendorName };
    });
    names = next;
  }
  const serviceName = (id) => (names.services[id] ? names.services[id][lang] : id);
  const vendorName = (id) => (names.vendors[id] ? names.vendors[id][lang] : id);
  // reports.js names services and vendors the same way (loaded before its pages are shown)
  const tenantName = (id) => (names.tenants[id] ? names.tenants[id][lang] : id);
  window.mihariNames = { service: (id) => serviceName(id), vendor: (id) => vendorName(id), tenant: (id) => tenantName(id) };
  // a party by id: an app vendor, the cloud provider or the carrier (each operates a service), or a city
  const partyName = (id) => (id == null ? t('nobody') : (names.vendors[id] ? vendorName(id) : tenantName(id)));
  const since = (at) => (lang === 'ja' ? esc(time(at)) + ' ' + t('since') : t('since') + ' ' + esc(time(at)));
  const minutes = (ms) => ms == null ? '—' : (ms / 60000).toFixed(1) + ' ' + t('minUnit');
  const pct = (p) => p == null ? '—' : Number(p).toFixed(3) + '%';
  const view = () => document.getElementById('view');
  const thisMonth = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 7);
  let timer = null;

  // ---- API ----
  const token = () => sessionStorage.getItem('mihari.token');
  function keep(session) {
    sessionStorage.setItem('mihari.token', session.token);
    sessionStorage.setItem('mihari.expires', session.expiresAt);
    sessionStorage.setItem('mihari.me', JSON.stringify(session.user));
  }
  // tokens last an hour: renewed while the page is open, a few minutes before they run out
  async function renew() {
    const expires = Date.parse(sessionStorage.getItem('mihari.expires') || '');
    if (!token() || !expires || expires - Date.now() > 10 * 60 * 1000) { return; }
    const response = await fetch('/api/auth/refresh', { method: 'POST', headers: { Authorization: 'Bearer ' + token() } });
    if (response.ok) { keep(await response.json()); }
  }
  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: {} }, options, {
      headers: Object.assign({ Accept: 'application/json', Authorization: 'Bearer ' + token() },
        options && options.body ? { 'Content-Type': 'application/json' } : {})
    }));
    if (response.status === 401) {
      sessionStorage.removeItem('mihari.token');
      location.hash = '#/login';
      throw new Error('login required');
    }
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) { throw new Error((body && body.detail) || path + ': ' + response.status); }
    return body;
  }
  function showError(e) {
    const box = document.getElementById('error');
    box.textContent = e ? String(e.message || e) : '';
    box.hidden = !e;
  }

  // ---- chrome ----
  function renderChrome(me) {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.getElementById('lang').textContent = lang === 'ja' ? 'English' : '日本語';
    document.getElementById('nav').hidden = !token();
    document.getElementById('logout').hidden = !token();
    document.getElementById('who').textContent = me ? me.name + ' (' + te('role_', me.role) + ')' : '';
  }

  // ---- login ----
  function loginView() {
    view().innerHTML = `<section><h2>${t('login')}</h2>
      <form class="login" id="login-form">
        <label>${t('username')} <input name="username" autocomplete="username" required></label>
        <label>${t('password')} <input name="password" type="password" autocomplete="current-password" required></label>
        <label>${t('code')} <input name="code" autocomplete="one-time-code" maxlength="24"></label>
        <button type="submit">${t('login')}</button>
        <p class="muted">${t('passkeyOr')}</p>
        <button type="button" id="passkey-login">${t('passkeyLogin')}</button>
      </form></section>`;
    document.getElementById('passkey-login').addEventListener('click', () => passkeyLogin(document.getElementById('login-form')));
    document.getElementById('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = new FormData(ev.target);
      try {
        const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: f.get('username'), password: f.get('password'), code: f.get('code') }) });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) { throw new Error(body.detail || t('loginFailed')); }
        if (body.mustEnrol) { await enrolView(body.token); return; }
        keep(body);
        showError(body.recoveryCodesLeft != null ? t('recoveryLeft') + ' ' + body.recoveryCodesLeft : null);
        location.hash = '#/';
      } catch (e) { showError(e); }
    });
  }

  // ---- passkeys: log in with the password and a passkey in one request, after the server's challenge ----
  async function passkeyLogin(form) {
    if (!form.reportValidity()) { return; }
    const f = new FormData(form);
    try {
      if (!window.MihariPasskeys.supported()) { throw new Error(t('noPasskeySupport')); }
      const options = await (await fetch('/api/auth/passkey/login/challenge', { method: 'POST' })).json();
      const credential = await window.MihariPasskeys.get(options).catch(() => { throw new Error(t('passkeyFailed')); });
      const response = await fetch('/api/auth/passkey/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: f.get('username'), password: f.get('password'), credential }) });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) { throw new Error(body.detail || t('loginFailed')); }
      keep(body);
      showError(null);
      location.hash = '#/';
    } catch (e) { showError(e); }
  }

  /** Registers a passkey of this device with the token given (a session, or one that may only enrol). */
  async function registerPasskey(token, name) {
    if (!window.MihariPasskeys.supported()) { throw new Error(t('noPasskeySupport')); }
    const auth = { Authorization: 'Bearer ' + token };
    const r = await fetch('/api/auth/passkeys/registration/challenge', { method: 'POST', headers: auth });
    const options = await r.json().catch(() => ({}));
    if (!r.ok) { throw new Error(options.detail || r.status); }
    const credential = await window.MihariPasskeys.create(options).catch(() => { throw new Error(t('passkeyFailed')); });
    const done = await fetch('/api/auth/passkeys/registration', { method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json' }, auth), body: JSON.stringify({ name, credential }) });
    const body = await done.json().catch(() => ({}));
    if (!done.ok) { throw new Error(body.detail || done.status); }
    return body;
  }

  function passkeyForm(id) {
    return `<form class="login" id="${id}"><label>${t('passkeyName')} <input name="name" required maxlength="60"></label>
      <button type="submit">${t('registerPasskey')}</button></form>`;
  }

  async function passkeysView() {
    const list = await api('/api/auth/passkeys');
    const rows = list.map((p) => `<tr data-passkey="${esc(p.id)}"><td>${esc(p.name)}</td><td>${esc(time(p.createdAt))}</td>
      <td>${esc(time(p.lastUsedAt))}</td><td>${p.synced ? '✔' : ''}</td>
      <td><button type="button" class="remove-passkey" data-id="${esc(p.id)}">${t('remove')}</button></td></tr>`).join('');
    view().innerHTML = `<section id="passkeys"><h2>${t('passkeys')}</h2><p class="muted">${t('passkeysIntro')}</p>
      ${list.length ? `<table class="list" id="passkey-list"><tr><th>${t('name')}</th><th>${t('created')}</th>
        <th>${t('lastUsed')}</th><th>${t('synced')}</th><th></th></tr>${rows}</table>` : `<p id="passkey-list">${t('noPasskeys')}</p>`}
      <h3>${t('registerPasskey')}</h3>${passkeyForm('passkey-form')}</section>`;
    document.getElementById('passkey-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await registerPasskey(token(), new FormData(ev.target).get('name'));
        await passkeysView();
        showError(null);
      } catch (e) { showError(e); }
    });
    view().querySelectorAll('.remove-passkey').forEach((b) => b.addEventListener('click', async () => {
      try {
        await api('/api/auth/passkeys/' + encodeURIComponent(b.dataset.id), { method: 'DELETE' });
        await passkeysView();
        showError(null);
      } catch (e) { showError(e); }
    }));
  }

  // ---- second factor: enrolment (QR code, confirmation, recovery codes shown once; or a passkey) ----
  async function enrolView(enrolToken) {
    const auth = { Authorization: 'Bearer ' + enrolToken };
    const response = await fetch('/api/auth/enrolment/totp', { method: 'POST', headers: auth });
    const offer = await response.json().catch(() => ({}));
    if (!response.ok) { throw new Error(offer.detail || t('loginFailed')); }
    showError(null);
    view().innerHTML = `<section id="enrol"><h2>${t('enrolTitle')}</h2><p>${t('enrolIntro')}</p>
      <div id="qr"></div><p>${t('secret')}: <code id="secret">${esc(offer.secret)}</code></p>
      <form class="login" id="enrol-form"><label>${t('code')} <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required></label>
      <button type="submit">${t('confirm')}</button></form>
      <h3>${t('enrolPasskey')}</h3><p>${t('enrolPasskeyIntro')}</p>${passkeyForm('enrol-passkey-form')}</section>`;
    document.getElementById('qr').innerHTML = offer.qrSvg; // made by the server: one SVG path, no script
    document.getElementById('enrol-passkey-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const enrolled = await registerPasskey(enrolToken, new FormData(ev.target).get('name'));
        showError(null);
        recoveryView(enrolled); // the same shape as a TOTP enrolment: recovery codes and the session
      } catch (e) { showError(e); }
    });
    document.getElementById('enrol-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const r = await fetch('/api/auth/enrolment/totp/confirm', { method: 'POST',
          headers: Object.assign({ 'Content-Type': 'application/json' }, auth),
          body: JSON.stringify({ code: new FormData(ev.target).get('code') }) });
        const body = await r.json().catch(() => ({}));
        if (!r.ok) { throw new Error(body.detail || t('loginFailed')); }
        showError(null);
        recoveryView(body);
      } catch (e) { showError(e); }
    });
  }

  function recoveryView(enrolled) {
    view().innerHTML = `<section id="recovery"><h2>${t('recoveryTitle')}</h2><p>${t('recoveryIntro')}</p>
      <ol id="recovery-codes">${enrolled.recoveryCodes.map((c) => `<li><code>${esc(c)}</code></li>`).join('')}</ol>
      <button type="button" id="saved">${t('saved')}</button></section>`;
    document.getElementById('saved').addEventListener('click', () => {
      keep(enrolled.session);
      location.hash = '#/';
      route();
    });
  }

  // ---- board ----
  async function boardView(requested) {
    const month = requested || thisMonth();
    const [services, overview, open, mitigated, pending, warned] = await Promise.all([
      api('/api/services'), api('/api/availability?month=' + month),
      api('/api/incidents?status=OPEN&size=100'), api('/api/incidents?status=MITIGATED&size=20'),
      api('/api/maintenance?status=REQUESTED&size=50'), api('/api/warnings')]);
    const byService = new Map(overview.services.map((s) => [s.serviceId, Object.assign({ month }, s)]));
    const tenants = [...new Map(services.map((s) => [s.tenant, lang === 'ja' ? s.tenantName : s.tenantNameEn]))];
    const systems = [...new Map(services.map((s) => [s.system, lang === 'ja' ? s.systemName : s.systemNameEn]))];
    let board = `<tr><th>${t('city')}</th>${systems.map(([, n]) => `<th>${esc(n)}</th>`).join('')}</tr>`;
    for (const [tenant, name] of tenants) {
      board += `<tr><th>${esc(name)}</th>`;
      for (const [system] of systems) {
        const s = services.find((x) => x.tenant === tenant && x.system === system);
        board += s ? `<td>${cell(s, byService.get(s.id))}</td>` : '<td>—</td>';
      }
      board += '</tr>';
    }
    const warnings = warningGroups(warned, overview);
    const operating = services.flatMap((x) => (x.operating || []));
    const incidents = open.items.concat(mitigated.items);
    view().innerHTML = `
      <section><h2>${t('availability')} — ${esc(month)}</h2><table class="board" id="board">${board}</table></section>
      <section id="cloud-lines-section" hidden></section>
      <section><h2>${t('openIncidents')}</h2>${incidentTable(incidents, true)}</section>
      <section><h2>${t('warnings')}</h2>${warnings || `<p id="warnings">${t('none')}</p>`}</section>
      <section><h2>${t('operating')}</h2>${operating.length ? operatingTable(operating) : `<p id="operating">${t('none')}</p>`}</section>
      <section><h2>${t('pendingMaintenance')}</h2>${pending.length ? windowTable(pending, true, null, 'pending-maintenance')
        : `<p id="pending-maintenance">${t('none')}</p>`}</section>`;
    // widths set through the DOM, not style attributes: the Content Security Policy allows no inline style
    view().querySelectorAll('[data-width]').forEach((el) => { el.style.width = el.dataset.width + '%'; });
    bindRows();
    tick();
    timer = setInterval(tick, 1000);
    // the cloud provider's and the carrier's components per city (parties.js), filled in when they come (without
    // holding the board up) and only into this board; nothing if they are not there
    const panel = document.getElementById('cloud-lines-section');
    const shown = lang;
    if (window.mihariParties) {
      window.mihariParties.boardPanel(month, lang).then((html) => {
        if (html && panel.isConnected && shown === lang) {
          panel.innerHTML = `<h2>${t('cloudAndLines')} — ${esc(month)}</h2>${html}`;
          panel.hidden = false;
        }
      }).catch(() => null);
    }
  }

  /**
   * What is wrong now, one group per service (as /api/warnings orders them, the month's availability joined in): real
   * problems in red first, warnings next, servers without data folded into one line per service.
   */
  function warningGroups(groups, overview) {
    const byService = new Map(groups.map((g) => [g.serviceId, Object.assign({}, g, { warnings: g.warnings.slice(),
      counts: Object.assign({}, g.counts) })]));
    for (const m of overview.services.filter((x) => x.status === 'BREACHED' || x.status === 'AT_RISK')) {
      const g = byService.get(m.serviceId) || { serviceId: m.serviceId, level: 'NO_DATA', warnings: [], noData: null,
        counts: { critical: 0, warning: 0, noData: 0 } };
      const critical = m.status === 'BREACHED';
      g.warnings.unshift({ level: critical ? 'CRITICAL' : 'WARNING', kind: 'AVAILABILITY',
        text: `${t('availability')} ${t(m.status)}: ${pct(m.contractualAvailabilityPercent)} (${t('target')} ${m.target}%, ${t('budget')} ${t('left')} ${minutes(m.budgetLeftMs)})` });
      g.counts[critical ? 'critical' : 'warning']++;
      g.level = g.counts.critical ? 'CRITICAL' : 'WARNING';
      byService.set(m.serviceId, g);
    }
    const rank = { CRITICAL: 0, WARNING: 1, NO_DATA: 2 };
    const list = [...byService.values()].sort((a, b) => rank[a.level] - rank[b.level]
      || b.counts.critical - a.counts.critical || b.counts.warning - a.counts.warning);
    if (!list.length) { return ''; }
    return `<div id="warnings">${list.map((g) => {
      const summary = [g.counts.critical ? `<strong class="bad">${t('countCritical')} ${g.counts.critical}</strong>` : '',
        g.counts.warning ? `${t('countWarning')} ${g.counts.warning}` : '',
        g.noData ? `${noDataCount(g.noData.count)}` : ''].filter(Boolean).join(' · ');
      const items = g.warnings.map((w) => `<li class="${esc(w.level)}" data-kind="${esc(w.kind)}">${esc(w.text
        || (lang === 'ja' ? w.textJa : w.textEn))}${w.since ? ' <small>' + since(w.since) + '</small>' : ''}</li>`);
      if (g.noData) {
        items.push(`<li class="UNKNOWN no-data" data-kind="NO_DATA"><details><summary>${noDataCount(g.noData.count)}</summary>
          ${g.noData.targets.map((id) => `<a href="#/targets/${esc(id)}">${esc(id)}</a>`).join(', ')}</details></li>`);
      }
      return `<div class="warning-group ${esc(g.level)}" data-service="${esc(g.serviceId)}" data-level="${esc(g.level)}">
        <h3>${esc(serviceName(g.serviceId))} <small>${summary}</small></h3><ul class="warning-list">${items.join('')}</ul></div>`;
    }).join('')}</div>`;
  }

  /** The operating status each application reports, per service: not running first. */
  function operatingTable(list) {
    const rank = { STOPPED: 0, DEGRADED: 1, RUNNING: 2 };
    const rows = list.slice().sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3))
      .map((o) => `<tr data-application="${esc(o.application)}" data-status="${esc(o.status)}"><td>${esc(serviceName(o.serviceId))}</td>
        <td>${esc(o.application)}</td><td><a href="#/targets/${esc(o.targetId)}">${esc(o.targetId)}</a></td>
        <td><span class="status op-${esc(o.status)}">${esc(te('op_', o.status))}</span></td><td>${esc(o.message || '')}</td>
        <td>${esc(time(o.at))}</td></tr>`).join('');
    return `<table class="list" id="operating"><tr><th>${t('service')}</th><th>${t('application')}</th><th>${t('server')}</th>
      <th>${t('status')}</th><th>${t('message')}</th><th>${t('reportedAt')}</th></tr>${rows}</table>`;
  }

  function cell(service, month) {
    // the API's verdict is the one rule (event-model), shown as the monthly report shows it: INSUFFICIENT_DATA below
    // the catalog's minimum coverage; nothing planned yet (e.g. a weekday service on a Sunday) is MET with '—'
    const status = month ? month.status : 'NO_DATA';
    const used = month && month.budgetMs > 0 ? Math.min(100, 100 * month.budgetUsedMs / month.budgetMs) : 0;
    return `<div class="cell ${esc(status)}" data-service="${esc(service.id)}" data-status="${esc(status)}">
      <a href="#/report/${esc((month && month.month) || thisMonth())}/${esc(service.id)}"><span class="pct">${month ? pct(month.contractualAvailabilityPercent) : '—'}</span>
      <span class="label">${esc(t(status))}</span></a>
      <div class="budget" title="${t('budget')}: ${minutes(month && month.budgetUsedMs)} / ${minutes(month && month.budgetMs)}"><span data-width="${used.toFixed(1)}"></span></div>
      <small>${t('budget')} ${t('left')} ${minutes(month && month.budgetLeftMs)} · ${t('target')} ${esc(service.availabilityTarget)}%</small><br>
      <span class="status ${esc(service.status)}">${esc(t(service.status))}</span> <small>${esc(lang === 'ja' ? service.vendorName : service.vendorNameEn || service.vendorName)}</small></div>`;
  }

  function incidentTable(items, countdown) {
    if (!items.length) { return `<p>${t('none')}</p>`; }
    return `<table class="list" id="incident-list"><tr><th>${t('id')}</th><th>${t('service')}</th><th>${t('status')}</th>
      <th>${t('title')}</th><th>${t('started')}</th>${countdown ? `<th>${t('nextReport')}</th>` : ''}</tr>
      ${items.map((i) => `<tr class="clickable" data-incident="${esc(i.id)}"><td>${esc(i.id)}</td><td>${esc(serviceName(i.serviceId))}</td>
        <td class="${esc(i.status)}">${esc(t(i.status))}</td><td>${esc(incidentTitle(i))}</td><td>${esc(time(i.startedAt))}</td>
        ${countdown ? `<td><span class="countdown" data-due="${esc(i.status === 'OPEN' ? i.nextStatusReportDue || '' : '')}"></span></td>` : ''}</tr>`).join('')}</table>`;
  }

  function bindRows() {
    view().querySelectorAll('tr[data-incident]').forEach((row) =>
      row.addEventListener('click', () => { location.hash = '#/incidents/' + row.dataset.incident; }));
  }

  // the SLA countdowns: "next report due in mm:ss" (negative = late)
  function tick() {
    document.querySelectorAll('.countdown').forEach((el) => {
      if (!el.dataset.due) { el.textContent = '—'; return; }
      const left = Math.round((new Date(el.dataset.due).getTime() - Date.now()) / 1000);
      const a = Math.abs(left);
      const text = (a >= 3600 ? Math.floor(a / 3600) + ':' : '') + String(Math.floor(a % 3600 / 60)).padStart(2, '0') + ':'
        + String(a % 60).padStart(2, '0');
      el.textContent = left < 0 ? '-' + text + ' ' + t('late') : text;
      el.classList.toggle('late', left < 0);
    });
  }

  // ---- incidents ----
  async function incidentsView(params) {
    const q = new URLSearchParams(params);
    const page = Number(q.get('page') || 0);
    const data = await api('/api/incidents?' + q.toString());
    view().innerHTML = `<section><h2>${t('incidents')}</h2>
      <form class="no-print" id="filter">
        <input name="q" placeholder="${t('search')}" value="${esc(q.get('q') || '')}">
        <select name="status"><option value="">${t('status')}</option>
          ${['OPEN', 'MITIGATED', 'RESOLVED', 'CLOSED'].map((s) => `<option value="${s}" ${q.get('status') === s ? 'selected' : ''}>${t(s)}</option>`).join('')}</select>
        <input name="service" placeholder="${t('service')}" value="${esc(q.get('service') || '')}">
        <button type="submit">${t('search')}</button></form>
      ${incidentTable(data.items, false)}
      <p class="muted">${data.total} · <a href="#" id="prev">${t('prev')}</a> · <a href="#" id="next">${t('next')}</a></p></section>`;
    bindRows();
    const go = (p) => { q.set('page', p); location.hash = '#/incidents?' + q.toString(); };
    document.getElementById('prev').onclick = (e) => { e.preventDefault(); if (page > 0) { go(page - 1); } };
    document.getElementById('next').onclick = (e) => { e.preventDefault(); if ((page + 1) * data.size < data.total) { go(page + 1); } };
    document.getElementById('filter').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = new URLSearchParams(new FormData(e.target));
      [...f.keys()].forEach((k) => { if (!f.get(k)) { f.delete(k); } });
      location.hash = '#/incidents?' + f.toString();
    });
  }

  // parties that operate no service (e.g. a cloud provider in a catalog without {city}-cloud services) are named
  // from /api/parties, once, when a page needs them; an id stays as it is if that is not there
  async function loadPartyNames(ids) {
    if (!ids.some((id) => id && !names.vendors[id] && !names.tenants[id]) || names.partiesLoaded) { return; }
    names.partiesLoaded = true;
    const p = await api('/api/parties?month=' + thisMonth()).catch(() => null);
    ((p && p.parties) || []).forEach((x) => {
      if (!names.vendors[x.id] && x.name) { names.vendors[x.id] = { ja: x.name.ja || x.name.en, en: x.name.en || x.name.ja }; }
    });
  }

  async function incidentView(id) {
    const i = await api('/api/incidents/' + encodeURIComponent(id));
    const sla = i.sla || {};
    await loadPartyNames([i.responsibleParty && i.responsibleParty.id, sla.nextStatusReportOwedBy,
      sla.postIncidentReport && sla.postIncidentReport.owedBy]
      .concat((i.responsibility || []).map((r) => r.party), (sla.statusReports || []).map((r) => r.owedBy)));
    // the responsible party 責任主体 and the responsibility history (parties.js)
    const party = window.mihariParties ? window.mihariParties.incidentParty(i, lang) : { party: '—', history: '' };
    const report = (label, r) => r ? `<tr><td>${esc(label)}</td><td>${esc(time(r.dueAt))}</td><td>${esc(time(r.sentAt))}</td>
      <td>${r.automatic ? t('automatic') : esc(r.author || '')}</td><td class="num">${r.lateBySeconds ? r.lateBySeconds + ' s' : (r.sentAt ? '0' : '')}</td></tr>` : '';
    const rows = [report(t('firstReport'), sla.firstReport)]
      .concat((sla.statusReports || []).map((r) => report(t('statusReports') + ' #' + r.seq, r)))
      .concat([report(t('recovery'), sla.recoveryReport)]);
    const written = sla.postIncidentReport;
    const w = i.writtenReport;
    view().innerHTML = `<section id="incident"><h2>${esc(i.id)} <span class="${esc(i.status)}">${esc(t(i.status))}</span></h2>
      <dl><dt>${t('service')}</dt><dd>${esc(serviceName(i.serviceId))} (${esc(vendorName(i.vendor))})</dd><dt>${t('title')}</dt><dd>${esc(incidentTitle(i))}</dd>
        <dt>${t('kind')}</dt><dd>${esc(te('kind_', i.kind))}</dd><dt>${t('severity')}</dt><dd>${esc(te('sev_', i.severity))}</dd>
        <dt>${t('started')}</dt><dd>${esc(time(i.startedAt))}</dd><dt>${t('mitigatedAt')}</dt><dd>${esc(time(i.mitigatedAt))}</dd>
        <dt>${t('attribution')}</dt><dd>${esc(te('att_', i.attribution))}</dd>
        <dt>${t('responsibleParty')}</dt><dd id="responsible-party">${party.party}</dd>
        <dt>${t('nextReport')}</dt><dd><span class="countdown" data-due="${esc(i.status === 'OPEN' ? i.nextStatusReportDue || '' : '')}"></span>
          ${i.status === 'OPEN' && sla.nextStatusReportOwedBy ? `<small id="next-owed-by">${t('owedBy')}: ${esc(partyName(sla.nextStatusReportOwedBy))}${sla.nextStatusReportPartyFirstReport ? ' (' + t('partyFirstReport') + ')' : ''}</small>` : ''}</dd></dl>
      ${party.history}
      <h3>${t('slaRecord')}</h3>${window.mihariReports ? window.mihariReports.slaTable(sla, lang, 'sla') : `<table class="list" id="sla"><tr><th></th><th>${t('due')}</th><th>${t('sent')}</th><th></th><th class="num">${t('late')}</th></tr>${rows.join('')}
        ${written ? `<tr><td>${t('writtenReport')}</td><td>${esc(time(written.dueAt))}</td><td>${esc(time(written.submittedAt))}</td><td></td>
          <td class="num">${written.submittedAt ? (written.lateBySeconds || 0) + ' s' : t('reportMissing')}</td></tr>` : ''}</table>`}
      <h3>${t('timeline')}</h3><ol id="timeline">${(i.timeline || []).map((e) => `<li><time>${esc(time(e.at))}</time>${esc(timelineText(e))}
        ${e.author ? ' — ' + esc(e.author) : ''}</li>`).join('')}</ol>
      ${w ? `<h3>${t('writtenReport')}</h3><dl><dt>${t('cause')}</dt><dd>${esc(w.cause)}</dd><dt>${t('firstResponse')}</dt>
        <dd>${esc(w.firstResponse)}</dd><dt>${t('countermeasures')}</dt><dd>${esc(w.countermeasures)}</dd></dl>` : ''}
      ${actions(i)}</section>`;
    bindActions(i);
    tick();
    timer = setInterval(tick, 1000);
  }

  /** The incident's title in the viewer's language: as written per language, else made from its kind and servers. */
  /** 'データなし 57台' / 'No data: 57 servers' (1 server). */
  function noDataCount(n) {
    return lang === 'ja' ? t('noDataServers') + ' ' + n + t('unitServers')
      : t('noDataServers') + ': ' + n + ' ' + t(n === 1 ? 'unitServer' : 'unitServers');
  }

  function incidentTitle(i) {
    const own = lang === 'ja' ? i.titleJa : i.titleEn;
    if (own) { return own; }
    if (lang === 'en' && i.title) { return jstText(i.title); }
    const targets = (i.affectedTargets || []).join(lang === 'ja' ? '、' : ', ');
    const what = te('title_', i.kind) === '—' ? t('title_LIVENESS') : te('title_', i.kind);
    return targets ? what + (lang === 'ja' ? '（' + targets + '）' : ': ' + targets) : what;
  }

  /** A timeline line in the viewer's language: as written per language, else its kind in words and its text. */
  function timelineText(e) {
    const own = lang === 'ja' ? e.ja : e.en;
    if (own) { return jstText(own); }
    let label = L[lang]['tl_' + e.type];
    const m = /^([A-Z_]+?)_(ALERT|RESOLVED)$/.exec(e.type || '');
    if (label === undefined && m) { label = te('kind_', m[1]) + ' ' + t(m[2] === 'ALERT' ? 'tl_ALERT' : 'tl_RESOLVED_ALERT'); }
    return (label ? '[' + label + '] ' : '') + jstText(e.message);
  }

  function actions(i) {
    if (i.status === 'CLOSED') { return ''; }
    const form = (name, fields) => `<form class="action" data-action="${name}"><strong>${t(name)}</strong>${fields}
      <button type="submit">${t('btn_' + name)}</button></form>`;
    const me = JSON.parse(sessionStorage.getItem('mihari.me') || 'null') || {};
    const city = me.role === 'operator' || me.role === 'admin';
    // the city (or an administrator) records a report the responsible party made elsewhere, with its instant
    let html = form('postUpdate', '<textarea name="message" rows="3" required></textarea>'
      + (city ? `<label>${t('onBehalf')} <input name="reportedAt" type="datetime-local" step="1"></label>` : ''));
    if (city) {
      html += form('attribute', `<select name="attribution" required>${['VENDOR', 'CLOUD', 'CARRIER', 'CITY', 'EXTERNAL', 'PLANNED']
        .map((a) => `<option value="${a}"${i.attribution === a ? ' selected' : ''}>${esc(te('att_', a))}</option>`).join('')}</select>
        <input name="note" maxlength="2000" placeholder="${t('note')}">`);
    }
    if (i.status === 'OPEN') { html += form('acknowledge', '') + form('mitigate', ''); }
    if (i.status === 'MITIGATED') { html += form('resolve', ''); }
    if (i.status !== 'OPEN' && !i.writtenReport) {
      html += form('submit', `<textarea name="cause" placeholder="${t('cause')}" required></textarea>
        <textarea name="firstResponse" placeholder="${t('firstResponse')}" required></textarea>
        <textarea name="countermeasures" placeholder="${t('countermeasures')}" required></textarea>`);
    }
    return `<div class="no-print">${html}</div>`;
  }

  function bindActions(i) {
    const paths = { postUpdate: 'updates', acknowledge: 'acknowledge', mitigate: 'mitigate', resolve: 'resolve', submit: 'report',
      attribute: 'attribution' };
    view().querySelectorAll('form[data-action]').forEach((f) => f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = Object.fromEntries(new FormData(f).entries());
      // the form's instant is read in JST (2026-12-06T12:25 or with seconds); empty = now, as the poster's own report
      if (body.reportedAt) {
        body.reportedAt = new Date(body.reportedAt + (body.reportedAt.length === 16 ? ':00' : '') + '+09:00').toISOString();
      } else {
        delete body.reportedAt;
      }
      if (body.note === '') { delete body.note; }
      try {
        const r = await api(`/api/incidents/${encodeURIComponent(i.id)}/${paths[f.dataset.action]}`,
          { method: f.dataset.action === 'attribute' ? 'PUT' : 'POST', body: JSON.stringify(body) });
        showError(null);
        f.innerHTML = `<em>${t('accepted')}: ${esc(r.commandId)}</em>`;
        setTimeout(route, 2500);
      } catch (err) { showError(err); }
    }));
  }

  // ---- monthly report ----
  // the verdict's colour: INSUFFICIENT_DATA is grey (no evidence), never green or red
  const verdictClass = (s) => ({ MET: 'UP', AT_RISK: 'DEGRADED', INSUFFICIENT_DATA: 'UNKNOWN' })[s] || 'DOWN';
  const coverage = (x) => pct(x.coveragePercent) + (x.minCoveragePercent != null && x.status === 'INSUFFICIENT_DATA'
    ? ` <small>(${t('minCoverage')} ${esc(x.minCoveragePercent)}%)</small>` : '');
  async function reportView(month, serviceId) {
    month = month || thisMonth();
    document.getElementById('nav-report').href = '#/report/' + month;
    if (serviceId) { return serviceReport(month, serviceId); }
    const o = await api('/api/availability?month=' + month);
    const row = (s) => `<tr class="clickable" data-report="${esc(s.serviceId)}"><td>${esc(serviceName(s.serviceId))}</td><td>${esc(vendorName(s.vendor))}</td>
      <td class="num">${minutes(s.plannedMs)}</td><td class="num">${minutes(s.downtimeMs)}</td><td class="num">${minutes(s.contractualDowntimeMs)}</td>
      <td class="num">${pct(s.availabilityPercent)}</td><td class="num">${pct(s.contractualAvailabilityPercent)}</td>
      <td class="num">${minutes(s.budgetLeftMs)}</td><td class="num">${coverage(s)}</td>
      <td><span class="status ${verdictClass(s.status)}" data-status="${esc(s.status)}">${esc(t(s.status))}</span></td>
      <td>${esc(s.penaltyTier ? s.penaltyTier.name : '—')}</td></tr>`;
    const rollup = (r) => `<tr><td>${esc(names.tenants[r.id] ? names.tenants[r.id][lang] : vendorName(r.id))}</td><td class="num">${r.services}</td><td class="num">${pct(r.availabilityPercent)}</td>
      <td class="num">${r.met} / ${r.atRisk} / ${r.breached} / ${r.insufficientData || 0}</td></tr>`;
    view().innerHTML = `<section><h2>${t('report')} ${esc(month)} <small class="muted">${o.complete ? '' : '(' + esc(time(o.asOf)) + ')'}</small></h2>
      <p class="no-print"><input type="month" id="month" value="${esc(month)}"> <a href="/api/reports/availability.csv?month=${esc(month)}" id="csv">${t('csv')}</a>
        <button type="button" id="print">${t('print')}</button> <a href="#/periods/${esc(month.slice(0, 4))}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}" id="periods">${t('quarterly')}</a>
        <a href="#/parties?month=${esc(month)}" id="parties-link">${t('partiesTitle')}</a></p>
      <table class="list" id="report"><tr><th>${t('service')}</th><th>${t('vendor')}</th><th class="num">${t('planned')}</th><th class="num">${t('downtime')}</th>
        <th class="num">${t('contractual')}</th><th class="num">%</th><th class="num">% (${t('contractual')})</th><th class="num">${t('budget')} ${t('left')}</th>
        <th class="num">${t('coverage')}</th><th>${t('status')}</th><th>${t('tier')}</th></tr>${o.services.map(row).join('')}</table>
      <h3>${t('city')}</h3><table class="list">${o.tenants.map(rollup).join('')}</table>
      <h3>${t('vendor')}</h3><table class="list">${o.vendors.map(rollup).join('')}</table><div id="disclosure-slot"></div></section>`;
    // each party's figures and 各種サービスの稼働率の開示 (parties.js), filled in when they come, only into this report
    const slot = document.getElementById('disclosure-slot');
    const shown = lang;
    if (window.mihariParties) {
      window.mihariParties.disclosure(month, lang).then((html) => {
        if (html && slot.isConnected && shown === lang) { slot.innerHTML = html; }
      }).catch(() => null);
    }
    document.getElementById('month').addEventListener('change', (e) => { location.hash = '#/report/' + e.target.value; });
    document.getElementById('print').addEventListener('click', () => window.print());
    view().querySelectorAll('tr[data-report]').forEach((r) => r.addEventListener('click',
      () => { location.hash = '#/report/' + month + '/' + r.dataset.report; }));
    const token = sessionStorage.getItem('mihari.token');
    document.getElementById('csv').addEventListener('click', async (e) => {
      e.preventDefault();
      const response = await fetch(e.target.href, { headers: { Authorization: 'Bearer ' + token } });
      const blob = await response.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'mihari-availability-' + month + '.csv';
      a.click();
    });
  }

  async function serviceReport(month, serviceId) {
    const [m, perTarget] = await Promise.all([
      api('/api/availability/' + encodeURIComponent(serviceId) + '?month=' + month),
      api('/api/availability/' + encodeURIComponent(serviceId) + '/targets?month=' + month)]);
    const a = m.availability;
    const targetRows = Object.entries(perTarget).map(([id, x]) => `<tr><td><a href="#/targets/${esc(id)}">${esc(id)}</a></td>
      <td class="num">${minutes(x.downtimeMs)}</td><td class="num">${minutes(x.noDataMs)}</td><td class="num">${pct(x.availabilityPercent)}</td></tr>`).join('');
    const frozen = m.report ? `<p class="muted" id="frozen">${t('frozen')} r${m.report.revision} · ${esc(time(m.report.frozenAt))} · ${esc(m.report.frozenBy)}
      ${m.report.reason ? ' · ' + esc(m.report.reason) : ''}${m.changedSinceFrozen ? ` <strong class="OPEN">${t('changed')}</strong>` : ''}</p>` : '';
    view().innerHTML = `<section><h2>${esc(serviceId)} — ${esc(month)} <span class="status ${verdictClass(a.status)}" id="verdict" data-status="${esc(a.status)}">${esc(t(a.status))}</span></h2>
      ${frozen}<dl><dt>${t('planned')}</dt><dd>${minutes(a.plannedMs)} / ${minutes(a.plannedMonthMs)}</dd>
        <dt>${t('downtime')}</dt><dd>${minutes(a.downtimeMs)} (${t('excluded')} ${minutes(a.excludedMs)})</dd>
        <dt>${t('contractual')}</dt><dd>${minutes(a.contractualDowntimeMs)}</dd>
        <dt>${t('availabilityMonth')}</dt><dd>${pct(a.availabilityPercent)} / ${pct(a.contractualAvailabilityPercent)} (${t('target')} ${esc(a.target)}%)</dd>
        <dt>${t('budget')}</dt><dd>${minutes(a.budgetMs)} · ${t('used')} ${minutes(a.budgetUsedMs)} · ${t('left')} ${minutes(a.budgetLeftMs)}</dd>
        <dt>${t('coverage')}</dt><dd id="coverage">${coverage(a)}</dd><dt>${t('tier')}</dt><dd>${esc(a.penaltyTier ? a.penaltyTier.name : '—')}</dd></dl>
      <div id="daily" class="chart"></div>
      <h3>${t('targets')}</h3><table class="list" id="per-target"><tr><th></th><th class="num">${t('downtime')}</th>
        <th class="num">${t('noData')}</th><th class="num">%</th></tr>${targetRows}</table>
      <h3>${t('intervals')}</h3><table class="list" id="intervals"><tr><th></th><th>${t('started')}</th><th>→</th><th class="num">${t('minUnit')}</th>
        <th>${t('targets')}</th><th>${t('attribution')}</th><th>${t('counted')}</th></tr>
        ${(a.intervals || []).map((l) => `<tr><td>${esc(t(l.kind))}</td><td>${esc(time(l.start))}</td><td>${esc(time(l.end))}</td>
          <td class="num">${minutes(l.ms)}</td><td>${esc((l.targets || []).join(', '))}</td><td>${l.attribution ? esc(te('att_', l.attribution)) : ''}${l.incidentId ? ` <a href="#/incident-report/${esc(l.incidentId)}">${esc(l.incidentId)}</a>` : ''}</td>
          <td>${l.counted ? '✔' : ''}</td></tr>`).join('')}</table>
      <div id="jobs-section"></div>
      <h3>${t('maintenance')}</h3><p class="muted">${t('onlyApproved')}</p>
      <table class="list" id="report-maintenance"><tr><th>ID</th><th>${t('windowTitle')}</th><th>${t('when')}</th><th>${t('status')}</th>
        <th>${t('urgent')}</th><th>${t('requestedBy')}</th><th>${t('decidedBy')}</th><th>${t('withdrawnBy')}</th><th>${t('counted')}</th></tr>
        ${(m.maintenance || []).map((w) => `<tr data-window="${esc(w.id)}"><td>${esc(w.id)}</td><td>${esc(w.title)}</td><td>${when(w)}</td>
          <td>${esc(t(w.withdrawnAt ? 'WITHDRAWN' : (w.status || 'LEGACY')))}</td><td>${w.urgent ? '✔' : ''}</td>
          <td>${who(w.requestedBy, w.requestedAt)}</td><td>${who(w.decidedBy, w.decidedAt)}</td><td>${who(w.withdrawnBy, w.withdrawnAt)}</td>
          <td>${w.counts ? '✔' : ''}</td></tr>`).join('')}</table></section>`;
    jobsTable(serviceId).catch(() => null); // the jobs are extra: the month's report stands without them
    if (window.echarts) {
      const chart = window.echarts.init(document.getElementById('daily'));
      chart.setOption({
        animation: false, tooltip: { trigger: 'axis' }, legend: { data: [t('downtime'), t('noData')] },
        xAxis: { type: 'category', data: (a.days || []).map((d) => d.date.slice(8)) },
        yAxis: { type: 'value', name: t('minUnit') },
        series: [
          { name: t('downtime'), type: 'bar', stack: 'd', color: '#c62828', data: (a.days || []).map((d) => +(d.downtimeMs / 60000).toFixed(1)) },
          { name: t('noData'), type: 'bar', stack: 'd', color: '#8a94a6', data: (a.days || []).map((d) => +(d.noDataMs / 60000).toFixed(1)) }]
      });
    }
  }

  // ---- batch jobs バッチ: the next 7 days on the city's business calendar (GET /api/services/{id}/jobs) ----
  const shortDay = (date) => { // 2027-01-11 → 1/11 (月) / 1/11 (Mon)
    const dow = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][new Date(date + 'T00:00:00Z').getUTCDay()];
    return Number(date.slice(5, 7)) + '/' + Number(date.slice(8, 10)) + ' (' + te('dow_', dow) + ')';
  };
  const reason = (c) => (c ? (lang === 'ja' ? c.ja : c.en) : '');
  const num = (n) => Number(n).toLocaleString('en-US'); // 182,345 in both languages
  const range = (c) => (c ? (lang === 'ja' ? c.ja : c.en) : '');
  // the processed count 処理件数 a run reported, marked when outside the job's expectedCount (BATCH_COUNT_OUT_OF_RANGE)
  function count(run, job) {
    if (run.processedCount == null) { return run.state === 'STARTED' ? '' : ` · <span class="muted">${t('countUnknown')}</span>`; }
    const text = num(run.processedCount) + t('records');
    if (run.countInRange === false) {
      return ` · <strong class="warn-mark" data-count-out="true">⚠ ${esc(text)} — ${t('countOut')} (${t('expectedCount')} ${esc(range(job.expectedCount))})</strong>`;
    }
    return ' · ' + esc(text);
  }
  const ranLine = (r, job) => `<div class="ran" data-run="${esc(r.runId)}" data-state="${esc(r.state)}">${esc(jst(r.startedAt).slice(11, 16))}
    ${r.state === 'FAILED' || r.state === 'TIMED_OUT' ? `<strong class="OPEN">${esc(te('run_', r.state))}</strong>` : esc(te('run_', r.state))}${count(r, job)}</div>`;
  function jobCell(d, job) {
    const ran = (d.ran || []).map((r) => ranLine(r, job)).join('');
    const out = (d.ran || []).some((r) => r.countInRange === false) ? ' data-count-out="true"' : '';
    if (d.status === 'RUNS') {
      return `<td data-status="RUNS"${out}>${d.runs.map((r) => `<time datetime="${esc(r)}">${esc(jst(r).slice(11, 16))}</time>`).join(', ')}${d.more ? ' …' : ''}${ran}</td>`;
    }
    if (d.status === 'NO_RUN_EXPECTED') {
      const moved = d.movedTo ? ` (${t('movedTo')} ${esc(shortDay(d.movedTo))})` : '';
      const day = d.closedDate && d.closedDate !== d.date ? esc(shortDay(d.closedDate)) + ' ' : '';
      return `<td data-status="NO_RUN_EXPECTED"${out}>${day}${esc(reason(d.closure))} — ${t('noRunExpected')}${moved}${ran}</td>`;
    }
    return `<td data-status="NOT_SCHEDULED" class="muted"${out}><span aria-hidden="true">—</span><span class="sr-only">${t('notScheduled')}</span>${ran}</td>`;
  }
  // a linkage file 連携ファイル's deadline: missing, empty and a bad checksum are MAJOR (red), twice a warning (orange)
  const deadlineClass = (s) => (s === 'MISSING' || s === 'EMPTY' || s === 'CHECKSUM_MISMATCH' ? 'OPEN' : s === 'DUPLICATE' ? 'warn-mark' : '');
  const arrivalLine = (a) => `<li data-problem="${esc(a.problem || '')}">${esc(a.path.replace(/^.*[\\/]/, ''))} · ${esc(num(a.sizeBytes))}${t('bytes')}
    · ${esc(jst(a.arrivedAt).slice(5, 16))}${a.problem ? ` <strong class="${a.problem === 'DUPLICATE' ? 'warn-mark' : 'OPEN'}">${esc(te('fa_', a.problem))}</strong>` : ''}
    ${a.checksumNote ? ` <span class="muted">(${esc(a.checksumNote)})</span>` : ''}</li>`;
  function fileCell(d) {
    if (d.status === 'RUNS') {
      return `<td data-status="RUNS">${d.deadlines.map((x) => `<div class="deadline" data-deadline="${esc(x.deadline)}" data-file-status="${esc(x.status)}">
        ${t('deadline')} <time datetime="${esc(x.deadline)}">${esc(jst(x.deadline).slice(11, 16))}</time>
        <span class="${deadlineClass(x.status)}">${['MISSING', 'EMPTY', 'CHECKSUM_MISMATCH', 'DUPLICATE'].includes(x.status) ? '⚠ ' : ''}${esc(te('fd_', x.status))}</span>
        ${x.arrivals.length ? `<ul class="arrivals">${x.arrivals.map(arrivalLine).join('')}</ul>` : ''}</div>`).join('')}${d.more ? ' …' : ''}</td>`;
    }
    if (d.status === 'NO_RUN_EXPECTED') {
      const moved = d.movedTo ? ` (${t('movedTo')} ${esc(shortDay(d.movedTo))})` : '';
      const day = d.closedDate && d.closedDate !== d.date ? esc(shortDay(d.closedDate)) + ' ' : '';
      return `<td data-status="NO_RUN_EXPECTED">${day}${esc(reason(d.closure))} — ${t('noFileExpected')}${moved}</td>`;
    }
    return `<td data-status="NOT_SCHEDULED" class="muted"><span aria-hidden="true">—</span><span class="sr-only">${t('noFileExpected')}</span></td>`;
  }
  const calendarCell = (day) => `<td>${day.businessDay ? t('openDay') : `<strong>${esc(reason(day.closure))}</strong>`}</td>`;
  async function jobsTable(serviceId) {
    const box = document.getElementById('jobs-section');
    const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10); // the services count days in JST
    const j = await api('/api/services/' + encodeURIComponent(serviceId) + '/jobs?from=' + today);
    if (!box || !document.body.contains(box)) { return; }
    const files = j.files || [];
    const partial = j.partial ? `<p class="muted" id="jobs-partial">${t('partial')}</p>` : '';
    let html = '';
    if (!j.jobs.length) {
      html = `<h3>${t('jobsTitle')}</h3><p class="muted">${t('noJobs')}</p>`;
    } else {
      const rows = j.days.map((day, i) => `<tr data-date="${esc(day.date)}"><th scope="row">${esc(shortDay(day.date))}</th>
        ${calendarCell(day)}
        ${j.jobs.map((job) => (job.days[i] ? jobCell(job.days[i], job) : '<td></td>')).join('')}</tr>`).join('');
      const rules = j.jobs.map((job) => `<li data-job="${esc(job.name)}"><strong>${esc(job.name)}</strong> (${esc(job.targetId)}):
        <code>${esc(job.schedule || '—')}</code>${job.calendarRule ? ' · <code>' + esc(job.calendarRule) + '</code>' : ''} · ${esc(job.timeZone)}
        · ${t('startWithin')} ${esc(job.startWithin)}${job.maxRunTime ? ' · ' + t('maxRunTime') + ' ' + esc(job.maxRunTime) : ''}
        ${job.expectedCount ? ' · ' + t('expectedCount') + ' ' + esc(range(job.expectedCount)) : ''}
        ${job.problem ? ` · <span class="OPEN">${t('jobProblem')}: ${esc(job.problem)}</span>` : ''}
        ${job.lastRun ? ` · ${t('lastRun')}: ${esc(te('run_', job.lastRun.state))} ${esc(time(job.lastRun.occurredAt))}${count(job.lastRun, job)}` : ''}</li>`).join('');
      html = `<h3 id="jobs-title">${t('jobsTitle')}</h3>
        <table class="list" id="job-days"><caption class="muted">${t('jobsCaption')}</caption>
          <tr><th scope="col">${t('jobsDate')}</th><th scope="col">${t('jobsCalendar')}</th>
            ${j.jobs.map((job) => `<th scope="col">${esc(job.name)}</th>`).join('')}</tr>${rows}</table>
        <p class="muted">${t('jobRule')}:</p><ul class="muted" id="job-rules">${rules}</ul>`;
    }
    if (files.length) {
      const rows = j.days.map((day, i) => `<tr data-date="${esc(day.date)}"><th scope="row">${esc(shortDay(day.date))}</th>
        ${calendarCell(day)}
        ${files.map((f) => (f.days[i] ? fileCell(f.days[i]) : '<td></td>')).join('')}</tr>`).join('');
      const rules = files.map((f) => `<li data-file="${esc(f.name)}"><strong>${esc(f.name)}</strong> (${esc(f.targetId)}):
        <code>${esc(f.pattern)}</code> · ${t('deadline')} <code>${esc(f.schedule)}</code>${f.calendarRule ? ' · <code>' + esc(f.calendarRule) + '</code>' : ''}
        · ${esc(f.timeZone)} · ${t('minBytes')} ${esc(num(f.minBytes))}${t('bytes')}${f.checksum ? ' · <code>' + esc(f.checksum) + '</code>' : ''}
        ${f.problem ? ` · <span class="OPEN">${t('jobProblem')}: ${esc(f.problem)}</span>` : ''}</li>`).join('');
      html += `<h3 id="files-title">${t('filesTitle')}</h3>
        <table class="list" id="file-days"><caption class="muted">${t('filesCaption')}</caption>
          <tr><th scope="col">${t('jobsDate')}</th><th scope="col">${t('jobsCalendar')}</th>
            ${files.map((f) => `<th scope="col">${esc(f.name)}</th>`).join('')}</tr>${rows}</table>
        <p class="muted">${t('jobRule')}:</p><ul class="muted" id="file-rules">${rules}</ul>`;
    }
    box.innerHTML = html + partial;
  }

  // ---- planned maintenance 計画停止: requests, decisions, withdrawals ----
  const windowState = (w) => w.cancelledAt ? 'WITHDRAWN' : (w.status || 'LEGACY');
  // a Duration arrives as seconds (10800) or as ISO text (PT3H), depending on who wrote it
  function hours(d) {
    if (d == null) { return ''; }
    if (typeof d === 'number' || /^[0-9.]+$/.test(String(d))) { return +(Number(d) / 3600).toFixed(2) + 'h'; }
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?/.exec(String(d));
    return m ? +((Number(m[1] || 0) + Number(m[2] || 0) / 60).toFixed(2)) + 'h' : String(d);
  }
  function when(w) {
    if (!w.recurrence) { return time(w.start) + ' → ' + time(w.end); }
    const r = w.recurrence;
    return `${t('weekly')} ${esc((r.daysOfWeek || []).map((d) => te('dow_', d)).join(', '))} ${esc(String(r.startTime).slice(0, 5))}
      ${hours(r.duration)} (${esc(r.zone || 'Asia/Tokyo')}), ${time(w.start)} → ${w.end ? time(w.end) : '—'}`;
  }
  function who(name, at) { return name ? `${esc(name)}<br><small>${esc(time(at))}</small>` : '—'; }
  // a table of windows; actions (approve, reject, withdraw) where the viewer may take them
  function windowTable(list, withService, me, id) {
    const rows = list.map((w) => {
      const state = windowState(w);
      let act = '';
      if (me && state === 'REQUESTED' && me.role !== 'vendor' && new Date(w.start).getTime() > Date.now()) {
        act += `<form class="inline" data-decide="approve" data-window="${esc(w.id)}"><button type="submit">${t('approve')}</button></form>
          <form class="inline" data-decide="reject" data-window="${esc(w.id)}"><input name="note" required placeholder="${t('note')}">
          <button type="submit">${t('reject')}</button></form>`;
      }
      if (me && !w.cancelledAt && w.status !== 'REJECTED' && (me.role !== 'vendor' || w.createdByRole === 'vendor')) {
        act += `<form class="inline" data-decide="withdraw" data-window="${esc(w.id)}"><button type="submit">${t('withdraw')}</button></form>`;
      }
      return `<tr data-window="${esc(w.id)}" data-state="${esc(state)}">${withService ? `<td><a href="#/maintenance/${esc(w.serviceId)}">${esc(w.serviceId)}</a></td>` : ''}
        <td>${esc(w.id)}</td><td>${esc(w.title)}</td><td>${when(w)}</td>
        <td>${esc((w.targetIds || []).join(', ') || t('wholeService'))}</td>
        <td><span class="wstate ${esc(state)}">${esc(t(state))}</span>${w.urgent ? ` <strong class="OPEN">${t('urgent')}</strong>` : ''}</td>
        <td>${who(w.createdBy, w.createdAt)}</td><td>${who(w.decidedBy, w.decidedAt)}${w.decisionNote ? '<br><small>' + esc(w.decisionNote) + '</small>' : ''}</td>
        ${me ? `<td class="no-print">${act}</td>` : ''}</tr>`;
    }).join('');
    return `<table class="list" id="${esc(id)}"><tr>${withService ? `<th>${t('service')}</th>` : ''}<th>ID</th><th>${t('windowTitle')}</th>
      <th>${t('when')}</th><th>${t('targets')}</th><th>${t('status')}</th><th>${t('requestedBy')}</th><th>${t('decidedBy')}</th>
      ${me ? '<th class="no-print"></th>' : ''}</tr>${rows}</table>`;
  }

  async function maintenanceView(serviceId) {
    const me = JSON.parse(sessionStorage.getItem('mihari.me') || 'null') || {};
    if (!serviceId) {
      const [services, pending] = await Promise.all([api('/api/services'), api('/api/maintenance?status=REQUESTED&size=100')]);
      view().innerHTML = `<section><h2>${t('maintenance')}</h2><p class="muted">${t('maintenanceIntro')}</p>
        <h3>${t('pendingMaintenance')}</h3>${pending.length ? windowTable(pending, true, null, 'pending-maintenance') : `<p id="pending-maintenance">${t('none')}</p>`}
        <h3>${t('service')}</h3><ul id="maintenance-services">${services.map((x) => `<li><a href="#/maintenance/${esc(x.id)}">${esc(x.id)}</a>
          ${esc(lang === 'ja' ? x.tenantName + ' ' + x.systemName : x.tenantNameEn + ' ' + x.systemNameEn)}</li>`).join('')}</ul></section>`;
      return;
    }
    const windows = await api('/api/services/' + encodeURIComponent(serviceId) + '/maintenance');
    const vendor = me.role === 'vendor';
    view().innerHTML = `<section id="maintenance"><h2>${t('maintenance')} — ${esc(serviceId)}</h2><p class="muted">${t('maintenanceIntro')}</p>
      ${windowTable(windows, false, me, 'windows')}
      <form class="action no-print" id="request-window"><strong>${t(vendor ? 'requestWindow' : 'registerWindow')}</strong>
        <label>${t('windowTitle')} <input name="title" required maxlength="200"></label>
        <label>${t('start')} <input name="start" type="datetime-local" required></label>
        <label>${t('end')} <input name="end" type="datetime-local" required></label>
        <label>${t('servers')} <input name="targetIds"></label>
        <label><input name="urgent" type="checkbox"> ${t('urgent')}: ${t('urgentHelp')}</label>
        <button type="submit">${t(vendor ? 'btn_request' : 'btn_register')}</button></form></section>`;
    const jst = (local) => new Date(local + ':00+09:00').toISOString(); // the form's times are read in JST
    document.getElementById('request-window').addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const targets = String(f.get('targetIds') || '').split(/[\s,]+/).filter(Boolean);
      try {
        const r = await api('/api/services/' + encodeURIComponent(serviceId) + '/maintenance', { method: 'POST',
          body: JSON.stringify({ title: f.get('title'), start: jst(f.get('start')), end: jst(f.get('end')),
            targetIds: targets, urgent: f.get('urgent') === 'on' }) });
        showError(null);
        e.target.innerHTML = `<em id="accepted">${t('accepted')}: ${esc(r.commandId)}</em>`;
        setTimeout(route, 2500);
      } catch (err) { showError(err); }
    });
    view().querySelectorAll('form[data-decide]').forEach((f) => f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const base = '/api/services/' + encodeURIComponent(serviceId) + '/maintenance/' + encodeURIComponent(f.dataset.window);
      const action = f.dataset.decide;
      try {
        const r = action === 'withdraw' ? await api(base, { method: 'DELETE' })
          : await api(base + '/' + action, { method: 'POST', body: JSON.stringify(action === 'reject' ? { note: new FormData(f).get('note') } : {}) });
        showError(null);
        f.innerHTML = `<em class="accepted">${t('accepted')}: ${esc(r.commandId)}</em>`;
        setTimeout(route, 2500);
      } catch (err) { showError(err); }
    }));
  }

  // ---- SLA compliance ----
  async function slaView(month) {
    month = month || thisMonth();
    const c = await api('/api/sla?month=' + month);
    view().innerHTML = `<section><h2>${t('sla')} ${esc(month)}</h2><table class="list" id="sla-compliance">
      <tr><th>${t('vendor')}</th><th class="num">${t('incidents')}</th><th class="num">${t('firstOnTime')}</th>
        <th class="num">${t('statusOnTime')}</th><th class="num">${t('worstGap')}</th><th class="num">${t('writtenOnTime')}</th></tr>
      ${c.vendors.map((v) => `<tr><td>${esc(vendorName(v.vendor))}</td><td class="num">${v.incidents}</td>
        <td class="num">${v.firstReportsOnTime} / ${v.firstReports}</td><td class="num">${v.statusReportsOnTime} / ${v.statusReports}</td>
        <td class="num">${v.worstGapSeconds == null ? '—' : minutes(v.worstGapSeconds * 1000)}</td>
        <td class="num">${v.writtenReportsOnTime} / ${v.writtenReportsRequired}${v.writtenReportsOverdue ? ' (' + v.writtenReportsOverdue + ' ' + t('overdue') + ')' : ''}</td></tr>`).join('')}
      </table></section>`;
  }

  // ---- servers: status and each agent's clock offset ----
  // an offset as the API words it: '+92.4 s' highlighted as warning or major, its meaning in the title
  function offsetCell(o) {
    if (!o) { return '—'; }
    return `<span class="offset ${esc(o.level)}" title="${esc(lang === 'ja' ? o.textJa : o.textEn)}">${esc(o.text)}</span>
      ${o.level !== 'OK' ? `<small class="offset ${esc(o.level)}">${esc(te('off_', o.level))}</small>` : ''}
      <br><small class="muted">${t('estimatedAt')} ${esc(time(o.at))}</small>`;
  }
  /** 検証系 / 一時的 next to a server that is not production (it counts in no availability; quiet unless notified). */
  function envBadge(x) {
    if (!x.environment || x.environment === 'production') { return ''; }
    return ` <span class="env" data-environment="${esc(x.environment)}" title="${esc(t(x.notified ? 'envNotified' : 'envQuiet'))}">${esc(te('env_', x.environment))}</span>`;
  }
  async function serversView() {
    const list = await api('/api/targets');
    const rank = { MAJOR: 0, WARNING: 1 };
    const skewed = list.filter((x) => x.clockOffset && rank[x.clockOffset.level] !== undefined)
      .sort((a, b) => rank[a.clockOffset.level] - rank[b.clockOffset.level]
        || Math.abs(b.clockOffset.seconds) - Math.abs(a.clockOffset.seconds));
    const rows = list.map((x) => `<tr data-target="${esc(x.id)}" data-offset-level="${esc(x.clockOffset ? x.clockOffset.level : '')}">
      <td>${esc(serviceName(x.serviceId))}</td><td><a href="#/targets/${esc(x.id)}">${esc(x.id)}</a></td><td>${esc(x.role || '')}${envBadge(x)}</td>
      <td><span class="status ${esc(x.status)}">${esc(t(x.status))}</span>${x.since ? ' <small>' + since(x.since) + '</small>' : ''}</td>
      <td class="num">${offsetCell(x.clockOffset)}</td></tr>`).join('');
    view().innerHTML = `<section id="servers"><h2>${t('targets')}</h2><p class="muted">${t('serversIntro')}</p>
      ${skewed.length ? `<h3>${t('clockWarnings')}</h3><ul class="warning-list" id="clock-warnings">${skewed.map((x) =>
        `<li class="${esc(x.clockOffset.level)}" data-target="${esc(x.id)}"><a href="#/targets/${esc(x.id)}">${esc(x.id)}</a>
          ${esc(lang === 'ja' ? x.clockOffset.textJa : x.clockOffset.textEn)} <small>${esc(time(x.clockOffset.at))}</small></li>`).join('')}</ul>` : ''}
      <table class="list" id="server-list"><tr><th>${t('service')}</th><th>${t('server')}</th><th>${t('role')}</th>
        <th>${t('status')}</th><th class="num">${t('clockOffset')}</th></tr>${rows}</table></section>`;
  }

  // ---- a server's resources and its checks' response time ----
  const metricName = (m) => (String(m).startsWith('DISK:') ? t('m_DISK') + ' ' + String(m).slice(5) : te('m_', m));
  const bucketText = (s) => (s % 3600 === 0 ? (s / 3600) + ' ' + t('hourUnit')
    : s % 60 === 0 ? (s / 60) + ' ' + t('minUnit') : s + ' ' + t('secUnit'));
  // the axis and the tooltip in JST, whatever the browser's zone
  const timeAxis = () => ({
    tooltip: { trigger: 'axis', axisPointer: { label: { formatter: (p) => jst(p.value) + ' JST' } } },
    xAxis: { type: 'time', name: 'JST', axisLabel: { formatter: (v) => jst(v).slice(5, 16) } } });
  async function targetView(id) {
    const [tenant, host] = id.split('/');
    const base = `/api/targets/${encodeURIComponent(tenant)}/${encodeURIComponent(host)}`;
    // the same period for both charts: the last 24 hours (each endpoint's default)
    const [target, r, lat] = await Promise.all([api(base), api(base + '/resources'), api(base + '/checks/latency')]);
    view().innerHTML = `<section><h2>${esc(id)} — ${t('resources')}</h2>
      <p id="target-status"><span class="status ${esc(target.status)}">${esc(t(target.status))}</span>
        ${target.since ? '<small>' + since(target.since) + '</small>' : ''} · ${t('clockOffset')}
        <span id="clock-offset">${target.clockOffset ? `<span class="offset ${esc(target.clockOffset.level)}">${esc(target.clockOffset.text)}</span>
          <small>${esc(lang === 'ja' ? target.clockOffset.textJa : target.clockOffset.textEn)} (${t('estimatedAt')} ${esc(time(target.clockOffset.at))})</small>` : '—'}</span></p>
      <ul class="warning-list" id="resource-warnings">${r.warnings.map((w) => `<li class="${esc(w.level)}">${esc(metricName(w.metric))} ${t('usePct')} ${w.value}%
        ${lang === 'ja' ? '（' : '('}${esc(te('lvl_', w.level))} ${t('threshold')} ${w.threshold}%${lang === 'ja' ? '）' : ')'}</li>`).join('')}</ul>
      <div id="resources" class="chart"></div>
      <h3>${t('latency')}</h3>${lat.checks.length
        ? `<p class="muted" id="latency-caption">${t('latencyCaption')} ${esc(bucketText(lat.bucketSeconds))}</p><div id="latency" class="chart"></div>`
        : `<p class="muted" id="latency">${t('noChecks')}</p>`}</section>`;
    if (window.echarts) {
      const chart = window.echarts.init(document.getElementById('resources'));
      const line = (name, key) => ({ name, type: 'line', showSymbol: false, data: r.series.map((p) => [p.at, p[key]]) });
      chart.setOption(Object.assign({ animation: false, legend: {}, yAxis: { type: 'value', max: 100, name: '%' },
        series: [line(metricName('CPU'), 'cpu'), line(metricName('MEMORY'), 'memory'), line(metricName('SWAP'), 'swap')] },
      timeAxis()));
      if (lat.checks.length) { latencyChart(lat); }
    }
  }

  /** One colour per check: its average solid, its largest faint, ▲ on the buckets with DOWN results (at their max). */
  function latencyChart(lat) {
    const palette = ['#3b6fb6', '#2e7d32', '#ef8f00', '#7a4fb0', '#00838f', '#c2185b', '#6d4c41', '#5d6d7e'];
    const series = [];
    lat.checks.forEach((c, i) => {
      const color = palette[i % palette.length];
      const label = c.name + (c.kind ? ' (' + c.kind + ')' : '');
      // a gap point (no latency) breaks the line where the check did not run
      series.push({ name: label + ' ' + t('latencyAvg'), type: 'line', showSymbol: false, color, lineStyle: { width: 2 },
        data: c.points.map((p) => [p.at, p.avgMs]) });
      series.push({ name: label + ' ' + t('latencyMax'), type: 'line', showSymbol: false, color,
        lineStyle: { width: 1, opacity: 0.35 }, data: c.points.map((p) => [p.at, p.maxMs]) });
      const down = c.points.filter((p) => p.down > 0);
      if (down.length) {
        series.push({ name: label + ' ' + t('checkDown'), type: 'scatter', symbol: 'triangle', symbolSize: 10, color: '#c62828',
          data: down.map((p) => [p.at, p.maxMs, p.down]) });
      }
    });
    const chart = window.echarts.init(document.getElementById('latency'));
    chart.setOption(Object.assign({ animation: false, legend: { type: 'scroll' }, yAxis: { type: 'value', name: 'ms' }, series },
      timeAxis()));
  }

  // ---- routing ----
  async function route() {
    if (timer) { clearInterval(timer); timer = null; }
    const hash = location.hash.replace(/^#/, '') || '/';
    const me = JSON.parse(sessionStorage.getItem('mihari.me') || 'null');
    renderChrome(token() ? me : null);
    if (!token() && hash !== '/login') { location.hash = '#/login'; return; }
    const [path, query] = hash.split('?');
    const parts = path.split('/').filter(Boolean);
    try {
      if (parts[0] !== 'login') { await loadNames(); }
      // the quarter/year views and the printable incident report are reports.js's (window.mihariReports)
      if (window.mihariParties && window.mihariParties.handles(parts[0])) { await window.mihariParties.show(query || '', lang); showError(null); return; }
      if (window.mihariReports && window.mihariReports.handles(parts[0])) { await window.mihariReports.show(parts, lang); showError(null); return; }
      if (parts[0] === 'login') { loginView(); } else if (parts[0] === 'incidents' && parts[1]) { await incidentView(decodeURIComponent(parts[1])); } else if (parts[0] === 'incidents') { await incidentsView(query || ''); } else if (parts[0] === 'report') { await reportView(parts[1], parts[2] && decodeURIComponent(parts[2])); } else if (parts[0] === 'sla') { await slaView(parts[1]); } else if (parts[0] === 'maintenance') { await maintenanceView(parts[1] && decodeURIComponent(parts[1])); } else if (parts[0] === 'targets' && parts.length > 2) { await targetView(decodeURIComponent(parts.slice(1).join('/'))); } else if (parts[0] === 'targets') { await serversView(); } else if (parts[0] === 'board') { await boardView(parts[1]); } else if (parts[0] === 'passkeys') { await passkeysView(); } else { await boardView(); }
      if (window.mihariReports) { window.mihariReports.decorate(parts, lang); }
      showError(null);
    } catch (e) {
      if (String(e.message) !== 'login required') { showError(e); }
    }
  }

  document.getElementById('lang').addEventListener('click', () => {
    lang = lang === 'ja' ? 'en' : 'ja';
    localStorage.setItem('mihari.lang', lang);
    route();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    // the token is revoked on the server, not only forgotten here
    if (token()) { await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + token() } }).catch(() => null); }
    sessionStorage.clear();
    names = { services: {}, vendors: {}, tenants: {}, loaded: 0 };
    location.hash = '#/login';
  });
  setInterval(() => { renew().catch(() => null); }, 60000);
  window.addEventListener('hashchange', route);
  route();
  setInterval(() => { if (location.hash === '' || location.hash === '#/') { route(); } }, 30000);
})();
