// Screenshots of the running local dashboard for README and docs: the board, an incident, the monthly report and the
// incident's printable report 障害報告書, each in Japanese and English. Run by `deploy/local/mihari screenshots [dir]`, which installs playwright-core (no
// browser download: Debian's /usr/bin/chromium is driven) and passes the settings below as environment variables:
//   MIHARI_SHOT_URL   the dashboard, e.g. http://localhost:8080
//   MIHARI_SHOT_USER / MIHARI_SHOT_PASSWORD / MIHARI_SHOT_CODE   a login (the code: a one-time code, used once)
//   MIHARI_SHOT_DIR   where the PNGs go
//   MIHARI_SHOT_CHROMIUM [/usr/bin/chromium]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') { throw new Error(`${name} is not set`); }
  return value;
};
const base = env('MIHARI_SHOT_URL').replace(/\/$/, '');
const dir = env('MIHARI_SHOT_DIR');
const secure = base.startsWith('https:');
mkdirSync(dir, { recursive: true });

const browser = await chromium.launch({
  executablePath: env('MIHARI_SHOT_CHROMIUM', '/usr/bin/chromium'),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=ja']
});
const shots = [];
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1,
    locale: 'ja-JP', timezoneId: 'Asia/Tokyo', ignoreHTTPSErrors: secure });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));

  // log in through the page itself, as a person does
  await page.goto(`${base}/#/login`);
  await page.fill('input[name=username]', env('MIHARI_SHOT_USER'));
  await page.fill('input[name=password]', env('MIHARI_SHOT_PASSWORD'));
  if (process.env.MIHARI_SHOT_CODE) { await page.fill('input[name=code]', process.env.MIHARI_SHOT_CODE); }
  await page.click('#login-form button[type=submit], #login-form button:not([type])');
  await page.waitForFunction(() => sessionStorage.getItem('mihari.token'), null, { timeout: 20000 });

  // what to show: the latest incident, this month (JST)
  const api = async (path) => page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('mihari.token'), Accept: 'application/json' } });
    return r.ok ? r.json() : null;
  }, path);
  const incidents = await api('/api/incidents?size=1');
  const incident = incidents && incidents.items && incidents.items[0] ? incidents.items[0].id : null;
  const month = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 7);

  const views = [['board', '#/'], ['report', `#/report/${month}`]];
  if (incident) {
    views.splice(1, 0, ['incident', `#/incidents/${encodeURIComponent(incident)}`]);
    views.push(['incident-report', `#/incident-report/${encodeURIComponent(incident)}`]); // the printable 障害報告書
  }
  else { console.warn('no incident yet: run deploy/local/mihari demo-outage first for the incident screenshot'); }

  for (const lang of ['ja', 'en']) {
    await page.evaluate((l) => localStorage.setItem('mihari.lang', l), lang);
    for (const [name, hash] of views) {
      await page.goto(`${base}/${hash}`);
      await page.reload(); // the page reads the language once, at load
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500); // the last render after the data came
      const file = join(dir, `${name}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      shots.push(file);
    }
  }
  if (problems.length) { console.warn('errors in the page:\n  ' + problems.join('\n  ')); }
} finally {
  await browser.close();
}
console.log(shots.join('\n'));
