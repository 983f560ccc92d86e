// staff_paint.mjs — the staff console's inbox painted in Debian's
// chromium (tests/browser/webdriver.mjs): a caseworker logs in, then the
// console is loaded RUNS times; each time, the milliseconds from the
// navigation's start to the first animation frame that has the inbox's
// rows, median printed as a name=value line.
// usage: node bench/staff_paint.mjs URL NAME PASSWORD OUTDIR RUNS
import { openBrowser, fail } from '../tests/browser/webdriver.mjs';

const [url, name, password, out, runs] = process.argv.slice(2);
const b = await openBrowser(out);
try {
  await b.size(1100, 760);
  await b.call('POST', `${b.s}/url`, { url: `${url}/staff/` });
  await b.shown('#login:not([hidden])');
  await b.type('#login input[name=name]', name);
  await b.type('#login input[name=password]', password);
  await b.click('#login button[type=submit]');
  await b.shown('#inbox:not([hidden]) #inbox-table tbody tr');
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    await b.call('POST', `${b.s}/url`, { url: `${url}/staff/` });
    const ms = await b.call('POST', `${b.s}/execute/async`, { args: [], script:
      'const done = arguments[0]; const frame = () => document.querySelector("#inbox-table tbody tr") ?' +
      ' done(performance.now()) : requestAnimationFrame(frame); frame();' });
    times.push(ms);
  }
  if (await b.run('return document.querySelectorAll("#inbox-table tbody tr").length;') !== 50)
    fail('the first page does not hold 50 rows');
  times.sort((x, y) => x - y);
  console.log(`staff_inbox_paint_10000_ms=${Math.round(times[times.length >> 1])}`);
} finally {
  await b.close();
}
