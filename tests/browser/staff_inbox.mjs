// staff_inbox.mjs — a caseworker in Debian's chromium (puppeteer-core):
// logs in to the staff console, finds the message a kiosk sent by its
// reference code, opens it and reads the resident's words; a heartbeat's
// script shows as text on the kiosks page; screenshots of each page, on a
// desktop and a phone, in Arabic (right to left) too.
// usage: WELKOM_NODE_MODULES=build/node_modules node staff_inbox.mjs URL REF MARKER OUTDIR
// (puppeteer-core is installed into the build tree, not beside this file).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(process.env.WELKOM_NODE_MODULES || 'build/node_modules') + '/');
const puppeteer = require('puppeteer-core');

const [url, ref, marker, out] = process.argv.slice(2);
const fail = (why) => { console.error(`  ${why}`); process.exit(1); };

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  userDataDir: `${out}/profile`,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const alerts = [];
try {
  const page = await browser.newPage();
  page.on('dialog', async (d) => { alerts.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A 401 while logged out is the console asking; anything else is a fault.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
  });
  await page.setViewport({ width: 1100, height: 760 });
  await page.goto(`${url}/staff/`, { waitUntil: 'networkidle0' });
  await page.select('#lang', 'en');
  await page.waitForSelector('#login:not([hidden])');
  await page.type('#login input[name=name]', 'cas');
  await page.type('#login input[name=password]', 'correct horse battery');
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#inbox:not([hidden]) #inbox-table tbody tr');
  await page.screenshot({ path: `${out}/inbox.png` });

  // Search by the code the resident holds, typed as people do.
  await page.type('#inbox-filter input[name=ref]', ref.toLowerCase().replace('-', ' '));
  await page.click('#inbox-filter button[type=submit]');
  await page.waitForFunction((r) => {
    const rows = document.querySelectorAll('#inbox-table tbody tr');
    return rows.length === 1 && rows[0].querySelector('.ref').textContent === r;
  }, { timeout: 10000 }, ref);
  // Clicked inside the page, at once: the list may be drawn again meanwhile.
  await page.$eval('#inbox-table tbody tr', (row) => row.click());
  await page.waitForSelector('#detail:not([hidden])');
  await page.waitForFunction((m) => document.querySelector('#detail-answers').textContent.includes(m),
                             { timeout: 10000 }, marker);
  const title = await page.$eval('#detail-title', (e) => e.textContent);
  if (!title.includes(ref)) fail(`the opened request is titled ${title}, not ${ref}`);
  await page.screenshot({ path: `${out}/detail.png`, fullPage: true });

  // Take it in hand: the inbox shows the new state.
  await page.click('#detail button[data-state=in_hand]');
  await page.waitForFunction(() => document.querySelector('#inbox-table tbody tr td:last-child').textContent === 'in hand',
                             { timeout: 10000 });

  // A phone, in Arabic: right to left, and nothing wider than the screen.
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await page.select('#lang', 'ar');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  await page.screenshot({ path: `${out}/inbox-ar-phone.png`, fullPage: true });
  const wide = await page.evaluate(() => document.querySelector('header').scrollWidth > window.innerWidth + 1);
  if (wide) fail('the header is wider than a phone');
  await page.select('#lang', 'en');

  // Log out: the session is gone on the server too.
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  const after = await page.evaluate(async () => (await fetch('/api/staff/session')).status);
  if (after !== 401) fail(`after logout the session answers ${after}`);

  // An admin sees the kiosk's last error, a script, as text.
  await page.setViewport({ width: 1100, height: 760 });
  await page.type('#login input[name=name]', 'ada');
  await page.type('#login input[name=password]', 'correct horse battery');
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#kiosks:not([hidden]) #kiosks-table tbody tr');
  const error = await page.$eval('#kiosks-table tbody tr .error', (e) => e.textContent);
  if (!error.includes('<script>')) fail(`the last error shows as "${error}"`);
  const injected = await page.evaluate(() => document.querySelectorAll('main script, main img').length);
  if (injected) fail('markup from a kiosk became elements');
  await page.screenshot({ path: `${out}/kiosks.png` });
  if (alerts.length) fail(`a script ran: ${alerts.join(', ')}`);
  if (errors.length) fail(`errors in the page: ${errors.join('; ')}`);
} finally {
  await browser.close();
}
console.log('ok');
