// The <sampling-*> elements on a host page at another path than the site's, under the
// strict CSP: each starts when scrolled into view and loads only its lab, embeds of one
// lab share one worker, attributes set the state (and re-run when changed), styles stay
// inside the shadow root, data-state mirrors the lab's, the host page's URL is untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { hostPage, waitForEmbed } from './helpers/embed-host.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const shadowText = (page, sel, inner) => page.$eval(sel, (el, q) => el.shadowRoot.querySelector(q)?.textContent ?? null, inner);
const shadowValue = (page, sel, inner) => page.$eval(sel, (el, q) => el.shadowRoot.querySelector(q)?.value ?? null, inner);

test('elements start in view, share a worker per lab, load only their lab', { timeout: 120_000 }, async () => {
  const url = hostPage(session, 'elements', `
<p>Before the embeds.</p>
<sampling-tokenize id="t1" text="hello world" alpha="0.5" draws="300" nbest="4"></sampling-tokenize>
<div class="spacer"></div>
<sampling-tokenize id="t2" text="sampling" draws="200" tseed="7"></sampling-tokenize>
<div class="spacer"></div>
<sampling-mcmc id="m" target="banana" n="200" stepsize="0.8"></sampling-mcmc>`);
  const page = await session.newPage();
  const first = session.server.requests.length;
  await page.goto(url);
  assert.equal(await waitForEmbed(page, '#t1', ['done', 'error']), 'done');
  assert.equal(await page.$eval('#t2', (el) => el.dataset.state), 'pending', 'an embed out of view waits');
  assert.equal(await page.$eval('#m', (el) => el.dataset.state), 'pending');
  const requested = () => session.server.requests.slice(first).join('\n');
  assert.match(requested(), /tokenize\.worker/);
  assert.doesNotMatch(requested(), /mcmc\.worker|flow\.worker|text\.worker/, 'only the tokenize lab is loaded');
  assert.equal(session.server.requests.slice(first).filter((r) => /\/lab-[^/]*\.js$/.test(r)).length, 1, 'one lab module');

  // Attributes are the state: the controls show them, the shadow root holds the lab.
  assert.equal(await shadowText(page, '#t1', '[data-testid="tok-normalized"]'), '▁hello▁world');
  assert.equal(await shadowValue(page, '#t1', '[data-testid="tok-control-alpha"]'), '0.5');
  assert.equal(await shadowValue(page, '#t1', '[data-testid="tok-control-nbest"]'), '4');
  assert.equal(await shadowText(page, '#t1', '[data-testid="tok-progress-text"]'), '1,200 / 1,200');
  // Styles inside the shadow root, none on the host page.
  assert.equal(await page.$eval('#t1', (el) => getComputedStyle(el.shadowRoot.querySelector('.lab')).borderTopStyle), 'solid');
  assert.equal(await page.$$eval('link[rel="stylesheet"]', (links) => links.length), 1, 'no style sheet added to the host page');

  await page.$eval('#t2', (el) => el.scrollIntoView());
  assert.equal(await waitForEmbed(page, '#t2', ['done', 'error']), 'done');
  assert.equal(await shadowValue(page, '#t2', '[data-testid="tok-control-tseed"]'), '7');
  assert.equal(page.workers().filter((w) => /tokenize\.worker/.test(w.url())).length, 1, 'two tokenize embeds, one worker');

  await page.$eval('#m', (el) => el.scrollIntoView());
  assert.equal(await waitForEmbed(page, '#m', ['done', 'error']), 'done');
  assert.equal(await shadowText(page, '#m', '[data-testid="stat-n"]'), '800', '4 chains × n=200');
  assert.equal(await shadowValue(page, '#m', '[data-testid="control-stepSize"]'), '0.8', 'stepsize= sets stepSize');
  assert.equal(await page.$eval('#m', (el) => el.shadowRoot.querySelector('.lab').dataset.heatmap), 'banana');

  // The host page's URL and language are its own.
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assertNoProblems(page);
  await page.close();
});

test('changing an attribute re-runs with the new state', { timeout: 60_000 }, async () => {
  const url = hostPage(session, 'attribute-change', '<sampling-tokenize id="t" text="hello" draws="100"></sampling-tokenize>');
  const page = await session.newPage();
  await page.goto(url);
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'done');
  await page.$eval('#t', (el) => { el.dataset.state = 'stale'; el.setAttribute('text', 'hello world'); });
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'done');
  assert.equal(await shadowText(page, '#t', '[data-testid="tok-normalized"]'), '▁hello▁world');
  assert.equal(await shadowValue(page, '#t', '[data-testid="tok-control-text"]'), 'hello world');
  assertNoProblems(page);
  await page.close();
});

test('lang="zh" translates the element only; taken out and put back it finishes its run', { timeout: 60_000 }, async () => {
  const url = hostPage(session, 'lang-detach', '<div id="box"><sampling-tokenize id="t" text="hello world" draws="200000" lang="zh"></sampling-tokenize></div>');
  const page = await session.newPage();
  await page.goto(url);
  await waitForEmbed(page, '#t', 'running');
  assert.equal(await shadowText(page, '#t', '[data-testid="tok-run"]'), '运行');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the host page keeps its language');
  // Detached mid-run, then back with fewer draws: it runs again and finishes.
  await page.evaluate(() => {
    const t = document.getElementById('t');
    t.remove();
    t.setAttribute('draws', '100');
    document.getElementById('box').append(t);
  });
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'done');
  assert.equal(await shadowText(page, '#t', '[data-testid="tok-progress-text"]'), '400 / 400');
  assertNoProblems(page);
  await page.close();
});

test('a bad attribute shows the lab\'s error state on the element', { timeout: 60_000 }, async () => {
  const url = hostPage(session, 'bad-attribute', '<sampling-tokenize id="t" text="hello" alpha="abc"></sampling-tokenize>');
  const page = await session.newPage();
  await page.goto(url);
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'error');
  assert.notEqual(await shadowText(page, '#t', '[data-testid="tok-error-alpha"]'), '');
  assertNoProblems(page);
  await page.close();
});

test('flow and Gibbs elements run their default computation', { timeout: 150_000 }, async () => {
  const url = hostPage(session, 'flow-gibbs', `<sampling-flow id="f" fdata="moons"></sampling-flow>
<sampling-gibbs id="g" gsteps="4" gchains="2"></sampling-gibbs>`);
  const page = await session.newPage({ viewport: { width: 1200, height: 4000 } });
  await page.goto(url);
  // The flow lab draws its pretrained models (data-view), training waits for a click.
  await page.waitForFunction(() => ['ready', 'error'].includes(document.getElementById('f').dataset.view), null, { timeout: 90_000 });
  assert.equal(await page.$eval('#f', (el) => el.dataset.view), 'ready');
  assert.equal(await page.$eval('#f', (el) => el.dataset.state), 'idle');
  assert.equal(await waitForEmbed(page, '#g', ['done', 'error'], 120_000), 'done');
  assert.equal(await page.$eval('#g', (el) => el.shadowRoot.querySelectorAll('[data-testid="gibbs-chains"] > *').length > 0), true);
  // uPlot's style sheet reaches the charts in both shadow roots (the pointer layer sits
  // over the plot), and nothing was added to the host page's head.
  for (const [id, chart] of [['#f', 'flow-quality-chart'], ['#g', 'gibbs-score-chart']]) {
    const style = await page.$eval(id, (el, testid) => {
      const over = el.shadowRoot.querySelector(`[data-testid="${testid}"] .u-over`);
      return over ? getComputedStyle(over).position : null;
    }, chart);
    assert.equal(style, 'absolute', `${id}: uPlot's styles in the shadow root`);
  }
  assert.deepEqual(await page.$$eval('head link[rel="stylesheet"], head style', (els) => els.map((e) => e.getAttribute('href') ?? 'style')),
    ['host.css'], 'no style sheet added to the host page');
  assertNoProblems(page);
  await page.close();
});
