// staff_inbox.mjs — a caseworker in Debian's chromium, driven through
// chromedriver's WebDriver protocol (plain HTTP on loopback, so nothing
// comes from npm): logs in to the staff console, finds the message a kiosk
// sent by its reference code, opens it and reads the resident's words; a
// heartbeat's script shows as text on the kiosks page; screenshots of
// each page, on a desktop and a phone, in Arabic (right to left) too.
// usage: node staff_inbox.mjs URL REF MARKER OUTDIR
import { start, fail } from './webdriver.mjs';

const [url, ref, marker, out] = process.argv.slice(2);
const { call, run, waitFor, shown, type, click, choose, size, shot, end, port, s } = await start(out);

try {
  await size(1100, 760);
  await call('POST', `${s}/url`, { url: `${url}/staff/` });
  await choose('#lang', 'en');
  await shown('#login:not([hidden])');
  await type('#login input[name=name]', 'cas');
  await type('#login input[name=password]', 'correct horse battery');
  await click('#login button[type=submit]');
  await shown('#inbox:not([hidden]) #inbox-table tbody tr');
  await shot('inbox');

  // Search by the code the resident holds, typed as people do.
  await type('#inbox-filter input[name=ref]', ref.toLowerCase().replace('-', ' '));
  await click('#inbox-filter button[type=submit]');
  await waitFor(`the one row of ${ref}`, 'const rows = document.querySelectorAll("#inbox-table tbody tr");' +
                'return rows.length === 1 && rows[0].querySelector(".ref").textContent === arguments[0];', ref);
  // Clicked inside the page, at once: the list may be drawn again meanwhile.
  await run('document.querySelector("#inbox-table tbody tr").click();');
  await shown('#detail:not([hidden])');
  await waitFor('the resident\'s words', 'return document.querySelector("#detail-answers").textContent' +
                '.includes(arguments[0]);', marker);
  const title = await run('return document.querySelector("#detail-title").textContent;');
  if (!title.includes(ref)) fail(`the opened request is titled ${title}, not ${ref}`);
  await shot('detail');

  // Take it in hand: the inbox shows the new state.
  await click('#detail button[data-state=in_hand]');
  await waitFor('"in hand" in the inbox', 'return document.querySelector("#inbox-table tbody tr ' +
                'td:last-child").textContent === "in hand";');

  // A phone, in Arabic: right to left, and nothing wider than the screen.
  await size(390, 844);
  await choose('#lang', 'ar');
  await waitFor('right to left', 'return document.documentElement.dir === "rtl";');
  await shot('inbox-ar-phone');
  if (await run('return document.querySelector("header").scrollWidth > window.innerWidth + 1;'))
    fail('the header is wider than a phone');
  await choose('#lang', 'en');

  // Log out: the session is gone on the server too.
  await click('#logout');
  await shown('#login:not([hidden])');
  const after = await call('POST', `${s}/execute/async`, {
    script: 'const done = arguments[0]; fetch("/api/staff/session").then((r) => done(r.status));', args: [] });
  if (after !== 401) fail(`after logout the session answers ${after}`);

  // An admin sees the kiosk's last error, a script, as text.
  await size(1100, 760);
  await type('#login input[name=name]', 'ada');
  await type('#login input[name=password]', 'correct horse battery');
  await click('#login button[type=submit]');
  await shown('#kiosks:not([hidden]) #kiosks-table tbody tr');
  const error = await run('return document.querySelector("#kiosks-table tbody tr .error").textContent;');
  if (!error.includes('<script>')) fail(`the last error shows as "${error}"`);
  if (await run('return document.querySelectorAll("main script, main img").length;'))
    fail('markup from a kiosk became elements');
  await shot('kiosks');

  // No dialog was opened by a script, and the page logged no error (a 401
  // while logged out is the console asking).
  const alert = await fetch(`http://127.0.0.1:${port}${s}/alert/text`);
  if (alert.ok) fail(`a script ran: ${(await alert.json()).value}`);
  const logs = await call('POST', `${s}/se/log`, { type: 'browser' });
  const errors = logs.filter((l) => l.level === 'SEVERE' && !l.message.includes('401'));
  if (errors.length) fail(`errors in the page: ${errors.map((l) => l.message).join('; ')}`);
} finally {
  await end();
}
console.log('ok');
