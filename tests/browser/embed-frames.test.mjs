// embed.html in an <iframe>: with the host page's embed.js the frame is sized to its
// content, growing and shrinking; without it the frame keeps the height the snippet
// gives and scrolls inside. Compact embeds: theme=light|dark, whole sections hidden by
// the hash or the element's attributes, no heading left over when every control is
// hidden, and a compact tokenize embed within 700 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { hostPage, waitForEmbed } from './helpers/embed-host.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

async function frameDone(page, selector = 'iframe') {
  const frame = await (await page.$(selector)).contentFrame();
  await frame.waitForFunction(() => ['done', 'error'].includes(document.querySelector('.lab')?.dataset.state), null, { timeout: 60_000, polling: 50 });
  assert.equal(await frame.$eval('.lab', (el) => el.dataset.state), 'done');
  return frame;
}

/** Waits until the iframe's height equals its content's height (±1 px); returns it. */
async function waitForFit(page, frame, selector = 'iframe') {
  await page.waitForFunction((sel) => {
    const iframe = document.querySelector(sel);
    const content = Math.ceil(iframe.contentDocument.body.getBoundingClientRect().height);
    return Math.abs(iframe.clientHeight - content) <= 1;
  }, selector, { timeout: 10_000, polling: 50 });
  return page.$eval(selector, (el) => el.clientHeight);
}

test('embed.js sizes an embed.html iframe to its content, up and down', { timeout: 90_000 }, async () => {
  const url = hostPage(session, 'frame-sized', '<iframe src="../embed.html#demo=tokenize&amp;draws=200" width="100%" height="300" title="demo"></iframe>');
  const page = await session.newPage();
  await page.goto(url);
  const frame = await frameDone(page);
  const fitted = await waitForFit(page, frame);
  assert.ok(fitted > 1000, `grew from 300 px to the lab's height (${fitted})`);
  // Taller content: the frame grows; content back: the frame shrinks again.
  await frame.evaluate(() => {
    const tall = document.createElement('div');
    tall.id = 'tall';
    tall.style.height = '2500px';
    document.body.append(tall);
  });
  await page.waitForFunction((h) => document.querySelector('iframe').clientHeight > h + 2400, fitted);
  await frame.evaluate(() => document.getElementById('tall').remove());
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe').clientHeight - h) <= 1, fitted);
  // No scroll inside a fitted frame.
  assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1), true);
  assertNoProblems(page);
  await page.close();
});

test('a frame that posted before embed.js ran is sized too', { timeout: 90_000 }, async () => {
  // embed.js added after the frame has finished: it asks the frame to measure again.
  const url = hostPage(session, 'frame-late', '<iframe src="../embed.html#demo=tokenize&amp;draws=100" width="100%" height="300" title="demo"></iframe>', { script: false });
  const page = await session.newPage();
  await page.goto(url);
  const frame = await frameDone(page);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.type = 'module';
    s.src = '../embed.js';
    document.body.append(s);
  });
  const fitted = await waitForFit(page, frame);
  assert.ok(fitted > 1000, `grew from 300 px to the lab's height (${fitted})`);
  assertNoProblems(page);
  await page.close();
});

test('without embed.js the frame keeps its given height and scrolls inside', { timeout: 90_000 }, async () => {
  const url = hostPage(session, 'frame-fixed', '<iframe src="../embed.html#demo=tokenize&amp;draws=200" width="100%" height="720" title="demo"></iframe>', { script: false });
  const page = await session.newPage();
  await page.goto(url);
  const frame = await frameDone(page);
  await page.waitForTimeout(300);
  assert.equal(await page.$eval('iframe', (el) => el.clientHeight), 720);
  assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight) > 720, 'the content is taller than the frame');
  assert.ok(await frame.evaluate(() => { scrollTo(0, 400); return scrollY; }) > 0, 'and scrolls inside it');
  assertNoProblems(page);
  await page.close();
});

const FEW = 'model_hide=1&method_hide=1&nbest_hide=1&draws_hide=1&tseed_hide=1';
const COMPACT = `hide=title,tables,explain&${FEW}`;

test('a compact tokenize embed fits in 700 px; hidden sections are gone', { timeout: 90_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 720, height: 900 } });
  await page.goto(`${session.baseUrl}embed.html#demo=tokenize&text=今天天气不错&model=zh&${COMPACT}`);
  await page.waitForFunction(() => document.querySelector('.lab')?.dataset.state === 'done', null, { timeout: 60_000 });
  const height = await page.evaluate(() => document.body.getBoundingClientRect().height);
  assert.ok(height <= 700, `compact tokenize embed is ${height} px tall`);
  const shown = (sel) => page.$eval(sel, (el) => el.getClientRects().length > 0);
  assert.equal(await shown('.lab-header'), false, 'title hidden');
  assert.equal(await shown('.tok-table'), false, 'tables hidden');
  assert.equal(await shown('.tok-stats'), false);
  assert.equal(await shown('.lab-formula'), false, '"How it works" hidden');
  assert.equal(await shown('[data-testid="tok-chart"]'), true, 'the chart stays');
  assert.equal(await shown('[data-testid="tok-control-text"]'), true, 'the text stays');
  assert.equal(await shown('[data-testid="tok-run"]'), true);
  // The same as an element: the same sections hidden, the same height bound.
  const url = hostPage(session, 'compact-element', `<div class="narrow"><sampling-tokenize id="t" text="今天天气不错" model="zh"
    hide="title tables explain" model_hide="1" method_hide="1" nbest_hide="1" draws_hide="1" tseed_hide="1"></sampling-tokenize></div>`);
  await page.goto(url);
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'done');
  const elementHeight = await page.$eval('#t', (el) => el.getBoundingClientRect().height);
  assert.ok(elementHeight <= 700, `compact element is ${elementHeight} px tall`);
  assert.equal(await page.$eval('#t', (el) => el.shadowRoot.querySelector('.lab-formula').getClientRects().length), 0);
  assertNoProblems(page);
  await page.close();
});

test('hiding every control leaves no empty heading', { timeout: 90_000 }, async () => {
  const page = await session.newPage();
  const all = (keys) => keys.map((k) => `${k}_hide=1`).join('&');
  const mcmc = ['target', 'sampler', 'n', 'chains', 'stepSize', 'burnIn', 'leapfrogSteps', 'schedule', 't0', 'tEnd', 'proposal', 'bound', 'bandwidth', 'seed', 'points'];
  await page.goto(`${session.baseUrl}embed.html#demo=mcmc&n=200&${all(mcmc)}`);
  await page.waitForFunction(() => document.querySelector('.lab')?.dataset.state === 'done', null, { timeout: 60_000 });
  const headings = () => page.$$eval('h2, h3, h4, summary', (els) => els.filter((e) => e.getClientRects().length > 0
    && !e.closest('.visually-hidden') && !e.classList.contains('visually-hidden')).map((e) => e.textContent.trim()));
  assert.ok(!(await headings()).includes('Controls'), `visible headings: ${await headings()}`);
  assert.ok((await headings()).includes('Statistics'));
  // The flow lab: its controls heading and the "advanced" box go too.
  const flow = ['fdata', 'fmethod', 'fnfe', 'fseed', 'flr', 'fsteps', 'fwidth', 'fpoints', 'finit'];
  await page.goto('about:blank');
  await page.goto(`${session.baseUrl}embed.html#demo=flow&${all(flow)}`);
  await page.waitForSelector('[data-testid="flow-lab"]');
  await page.waitForTimeout(500);
  const flowHeadings = await headings();
  assert.ok(!flowHeadings.includes('Controls'), `visible headings: ${flowHeadings}`);
  assertNoProblems(page);
  await page.close();
});

test('theme=dark and theme=light override the system theme, in frames and elements', { timeout: 90_000 }, async () => {
  const page = await session.newPage();
  const panel = (sel = '.lab') => page.$eval(sel, (el) => getComputedStyle(el).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${session.baseUrl}embed.html#demo=mcmc&n=100&theme=dark`);
  await page.waitForFunction(() => document.querySelector('.lab')?.dataset.state === 'done', null, { timeout: 60_000 });
  assert.equal(await panel(), 'rgb(23, 26, 32)', 'dark panel under a light system theme');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('about:blank');
  await page.goto(`${session.baseUrl}embed.html#demo=mcmc&n=100&theme=light`);
  await page.waitForFunction(() => document.querySelector('.lab')?.dataset.state === 'done', null, { timeout: 60_000 });
  assert.equal(await panel(), 'rgb(255, 255, 255)', 'light panel under a dark system theme');

  const url = hostPage(session, 'themes', `<sampling-mcmc id="d" n="100" theme="dark"></sampling-mcmc>
    <sampling-mcmc id="a" n="100"></sampling-mcmc>`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(url);
  assert.equal(await waitForEmbed(page, '#d', ['done', 'error']), 'done');
  assert.equal(await page.$eval('#d', (el) => getComputedStyle(el.shadowRoot.querySelector('.lab')).backgroundColor), 'rgb(23, 26, 32)');
  await page.$eval('#a', (el) => el.scrollIntoView());
  assert.equal(await waitForEmbed(page, '#a', ['done', 'error']), 'done');
  assert.equal(await page.$eval('#a', (el) => getComputedStyle(el.shadowRoot.querySelector('.lab')).backgroundColor), 'rgb(255, 255, 255)', 'auto follows the system');
  assertNoProblems(page);
  await page.close();
});
