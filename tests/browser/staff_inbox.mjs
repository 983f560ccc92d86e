// staff_inbox.mjs — a caseworker in Debian's chromium, driven through
// chromedriver's WebDriver protocol (plain HTTP on loopback, so nothing
// comes from npm): logs in to the staff console, finds the message a kiosk
// sent by its reference code, opens it and reads the resident's words; a
// heartbeat's script shows as text on the kiosks page; screenshots of
// each page, on a desktop and a phone, in Arabic (right to left) too.
// With BUDDY_REF, the caseworker also adds a buddy to the roster, opens
// that buddy request, reads why each buddy is suggested, and matches it.
// usage: node staff_inbox.mjs URL REF MARKER OUTDIR [BUDDY_REF]
import { openBrowser, fail } from './webdriver.mjs';

const [url, ref, marker, out, buddyRef] = process.argv.slice(2);
const { call, run, waitFor, shown, type, click, choose, size, shot, close, port, s } = await openBrowser(out);

// The buddy page: Amal added through the form; for the request, Amal
// (a woman, as asked, who speaks Arabic) comes first, then Olena (a
// woman, no language in common), then Karel (who shares more, but the
// resident asked for a woman), each with the reasons;
// matched with two clicks, the request leaves the list.
async function matchBuddy() {
  await click('#nav button[data-view=buddies]');
  await shown('#buddies:not([hidden]) #buddy-requests-table tbody tr[data-uuid]');
  await shot('buddies-roster');
  await type('#buddy-form input[name=first_name]', 'Amal');
  for (const v of ['ar', 'walking', 'mon-evening']) await click(`#buddy-form input[value="${v}"]`);
  await choose('#buddy-form select[name=gender]', 'woman');
  await choose('#buddy-form select[name=age]', '26-40');
  await click('#buddy-form button[type=submit]');
  await waitFor('Amal on the roster', 'return [...document.querySelectorAll("#roster-table tbody td")]' +
                '.some((td) => td.textContent === "Amal");');
  await run('[...document.querySelectorAll("#buddy-requests-table tbody tr")]' +
            '.find((r) => r.querySelector(".ref").textContent === arguments[0]).click();', buddyRef);
  await shown('#suggestions:not([hidden]) #suggestions-list li[data-buddy]');
  const list = await run('return [...document.querySelectorAll("#suggestions-list > li")].map((li) => ' +
                         '[li.querySelector("strong").textContent, li.querySelector(".reasons").textContent]);');
  const order = list.map((x) => x[0]).join(', ');
  if (order !== 'Amal, Olena, Karel') fail(`the suggestions are ${order}`);
  if (!list[0][1].includes('Speaks Arabic')) fail(`Amal's reasons: ${list[0][1]}`);
  if (!list[1][1].includes('No language in common') || !list[1][1].includes('No time in common'))
    fail(`Olena's reasons: ${list[1][1]}`);
  if (!list[2][1].includes('The resident asked for a woman')) fail(`Karel's reasons: ${list[2][1]}`);
  await shot('buddies');
  await size(390, 844);
  await choose('#lang', 'ar');
  await waitFor('the suggestions in Arabic', 'return document.documentElement.dir === "rtl" && ' +
                'document.querySelector("#suggestions-list .match").textContent.includes("ربط");');
  await shot('buddies-ar-phone');
  await run('window.scrollTo(0, document.body.scrollHeight);');
  await shot('buddies-ar-phone-form');
  if (await run('return document.querySelector("#buddy-form").scrollWidth > window.innerWidth + 1;'))
    fail('the buddy form is wider than a phone');
  await choose('#lang', 'en');
  await size(1100, 760);
  await waitFor('the suggestions in English', 'return document.querySelector("#suggestions-list .match")' +
                '.textContent === "Match with Amal";');
  await click('#suggestions-list li:first-child .match');
  await waitFor('a match to confirm', 'return document.querySelector("#suggestions-list li:first-child .match")' +
                '.textContent.startsWith("Confirm");');
  await click('#suggestions-list li:first-child .match');
  await waitFor('the request off the list', 'return document.querySelector("#suggestions").hidden && ' +
                '![...document.querySelectorAll("#buddy-requests-table .ref")].some((r) => r.textContent === arguments[0]);',
                buddyRef);
  // The page lists the requests again, then says what it did: wait for the words.
  await waitFor('the match said', 'const m = document.querySelector("#message").textContent;' +
                'return m.includes("Amal") && m.includes(arguments[0]);', buddyRef);
  await click('#nav button[data-view=inbox]');
  await shown('#inbox:not([hidden]) #inbox-table tbody tr');
}

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
  // When the hub deletes it, as the resident was told (the form's keep_days).
  const meta = await run('return document.querySelector("#detail-meta").textContent;');
  if (!meta.includes('To be deleted on')) fail(`the request does not say when it is deleted: ${meta}`);
  await shot('detail');

  // Take it in hand: the inbox shows the new state.
  await click('#detail button[data-state=in_hand]');
  await waitFor('"in hand" in the inbox', 'return document.querySelector("#inbox-table tbody tr ' +
                'td:last-child").textContent === "in hand";');

  if (buddyRef) await matchBuddy();

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

  // The staff page, and a new password of the admin's own.
  await click('#nav button[data-view=people]');
  await waitFor('cas with a reset button', 'return [...document.querySelectorAll("#people-table tbody tr")]' +
                '.some((r) => r.cells[0].textContent === "cas" && r.textContent.includes("Reset password"));');
  await shot('people');
  await click('#nav button[data-view=account]');
  await type('#password input[name=old]', 'correct horse battery');
  await type('#password input[name=new]', 'a new long password');
  await type('#password input[name=again]', 'a new long password');
  await click('#password button[type=submit]');
  await waitFor('the password changed', 'return document.querySelector("#message").textContent' +
                '.startsWith("Password changed");');

  // No dialog was opened by a script, and the page logged no error (a 401
  // while logged out is the console asking).
  const alert = await fetch(`http://127.0.0.1:${port}${s}/alert/text`);
  if (alert.ok) fail(`a script ran: ${(await alert.json()).value}`);
  const logs = await call('POST', `${s}/se/log`, { type: 'browser' });
  const errors = logs.filter((l) => l.level === 'SEVERE' && !l.message.includes('401'));
  if (errors.length) fail(`errors in the page: ${errors.map((l) => l.message).join('; ')}`);
} finally {
  await close();
}
console.log('ok');
