// staff_volunteers.mjs — an admin with the hub key on the console's
// Volunteers page, in Debian's chromium (tests/browser/webdriver.mjs):
// who is here now lists the volunteer checked in (as text, though their
// name is markup) and, polling, no longer once they checked out, the roster shows names and no code, adding a volunteer
// puts a badge with its code and QR code on the sheet, a new code for
// another adds a second one, the sheet prints to an A4 PDF, and the hours
// between two days show; leaving the page forgets the codes. Screenshots
// and the PDF in OUTDIR.
// usage: node staff_volunteers.mjs URL DAY OUTDIR
import { writeFileSync } from 'node:fs';
import { openBrowser, fail } from './webdriver.mjs';

const [url, day, out] = process.argv.slice(2);
const { call, run, waitFor, shown, type, click, choose, size, shot, close, s } = await openBrowser(out);
const CODE = /^\d{4}-\d{8}$/;

try {
  await size(1100, 900);
  await call('POST', `${s}/url`, { url: `${url}/staff/` });
  await choose('#lang', 'en');
  await shown('#login:not([hidden])');
  await type('#login input[name=name]', 'ada');
  await type('#login input[name=password]', 'correct horse battery');
  await click('#login button[type=submit]');
  await shown('#nav:not([hidden])');
  await click('#nav button[data-view=volunteers]');

  // Who is here: Nour, whose name is markup, as text.
  await waitFor('Nour here', 'return document.querySelector("#here-list").textContent.includes("<b>Nour</b>");');
  if (!(await run('return document.querySelector("#here-list h4").textContent;')).startsWith('Always'))
    fail('the event is not named by its title');
  if (await run('return document.querySelectorAll("#volunteers b, #volunteers script").length;'))
    fail('a name became markup');
  // The roster: three names, no code anywhere on the page.
  await waitFor('the roster', 'return document.querySelectorAll("#volunteers-table tbody tr").length === 3;');
  if (await run('return /\\d{4}-\\d{8}/.test(document.querySelector("#volunteers").textContent);'))
    fail('the page shows a code before one was made');
  await shot('volunteers');
  // Nour checks out at the kiosk now (the test posts it on this file):
  // the page, polling, says nobody is here.
  writeFileSync(`${out}/page-ready`, '');
  for (const until = Date.now() + 30000; ;) {
    if (await run('return !document.querySelector("#here-list").textContent.includes("Nour") && ' +
                  'document.querySelector("#here-status").textContent === "Nobody is checked in now.";'))
      break;
    if (Date.now() > until) fail('Nour\'s check-out did not reach the page in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }

  // A new volunteer: the badge with the code, once.
  await type('#volunteer-add input[name=first_name]', 'Olena');
  await type('#volunteer-add input[name=organisation]', 'Rode Kruis');
  await click('#volunteer-add button[type=submit]');
  await waitFor('the badge', 'return document.querySelectorAll("#badge-sheet .badge").length === 1;');
  const badge = await run('const b = document.querySelector("#badge-sheet .badge"); return [' +
                          'b.querySelector(".badge-name").textContent, b.querySelector(".badge-org").textContent,' +
                          'b.querySelector(".badge-code").textContent, b.querySelector("svg.qr path").getAttribute("d").length];');
  if (badge[0] !== 'Olena' || badge[1] !== 'Rode Kruis' || !CODE.test(badge[2]) || badge[3] < 100)
    fail(`the badge: ${JSON.stringify(badge)}`);
  if (!badge[2].startsWith('0004-')) fail(`Olena's number: ${badge[2]}`);
  await waitFor('Olena on the roster', 'return document.querySelectorAll("#volunteers-table tbody tr").length === 4;');

  // A new code for Amina: confirmed, a second badge.
  await run('document.querySelector("#volunteers-table tbody tr[data-number=\\"1\\"] .actions button").click();');
  await call('POST', `${s}/alert/accept`, {});
  await waitFor('the second badge', 'return document.querySelectorAll("#badge-sheet .badge").length === 2;');
  const second = await run('return document.querySelectorAll("#badge-sheet .badge")[1].querySelector(".badge-code").textContent;');
  if (!second.startsWith('0001-') || !CODE.test(second)) fail(`Amina's new code: ${second}`);
  await shot('badges');

  // The sheet as printed: an A4 PDF.
  const pdf = Buffer.from(await call('POST', `${s}/print`, {
    page: { width: 21.0, height: 29.7 }, margin: { top: 1, bottom: 1, left: 1, right: 1 }, background: true }), 'base64');
  if (pdf.subarray(0, 5).toString() !== '%PDF-') fail('the print is no PDF');
  writeFileSync(`${out}/badges.pdf`, pdf);
  // What the print shows, seen as the screen at A4's width: the cards
  // alone, two across.
  await size(794, 1123);
  await call('POST', `${s}/goog/cdp/execute`, { cmd: 'Emulation.setEmulatedMedia', params: { media: 'print' } });
  await run('window.scrollTo(0, 0);');
  const across = await run('const b = [...document.querySelectorAll("#badge-sheet .badge")].map((e) => ' +
                           'e.getBoundingClientRect()); return b.length === 2 && b[0].top === b[1].top;');
  if (!across) fail('the printed cards are not two across');
  await shot('badges-print');
  await call('POST', `${s}/goog/cdp/execute`, { cmd: 'Emulation.setEmulatedMedia', params: { media: '' } });
  await size(1100, 900);

  // The hours of the day.
  await run('const f = document.querySelector("#hours-form"); f.elements.from.value = arguments[0];' +
            'f.elements.to.value = arguments[0];', day);
  await click('#hours-form button[type=submit]');
  await waitFor('the hours', 'return [...document.querySelectorAll("#hours-table tbody tr")].some((r) => ' +
                'r.cells[3].textContent === "Amina" && r.cells[4].textContent === "3.77");');
  if (await run('return document.querySelector("#hours-csv").hidden;')) fail('no CSV link');
  await run('document.querySelector("#hours-table").scrollIntoView();');
  await shot('hours');

  // In Arabic, right to left, on a phone.
  await size(390, 844);
  await choose('#lang', 'ar');
  await waitFor('right to left', 'return document.documentElement.dir === "rtl";');
  await shot('volunteers-ar-phone');
  await choose('#lang', 'en');
  await size(1100, 900);

  // Leaving the page forgets the codes.
  await click('#nav button[data-view=kiosks]');
  await click('#nav button[data-view=volunteers]');
  await waitFor('the roster again', 'return document.querySelectorAll("#volunteers-table tbody tr").length === 4;');
  if (await run('return document.querySelectorAll("#badge-sheet .badge").length || ' +
                '/\\d{4}-\\d{8}/.test(document.body.textContent);'))
    fail('the codes are still on the page after leaving it');
} finally {
  await close();
}
