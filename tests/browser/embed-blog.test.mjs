// The example post (web/blog/example.html), built with the site: Chinese and English
// prose around a <sampling-tokenize> element and an embed.html iframe of the 2-D lab,
// under the strict CSP. Both embeds finish their default run, size themselves, and the
// page reports no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { distDir } from './helpers/ensure-dist.mjs';
import { waitForEmbed } from './helpers/embed-host.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

test('the built post includes the site\'s embed.js by its stable name', () => {
  const html = readFileSync(join(distDir, 'blog/example.html'), 'utf8');
  assert.match(html, /<script type="module" src="\.\.\/embed\.js"/);
  assert.match(html, /<sampling-tokenize /);
  assert.match(html, /<iframe [^>]*src="\.\.\/embed\.html#demo=mcmc/);
  assert.match(readFileSync(join(distDir, 'embed.js'), 'utf8'), /customElements|sampling-/);
});

test('example post: both embeds run, size themselves, no console error', { timeout: 120_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${session.baseUrl}blog/example.html`);
  const element = '[data-testid="blog-tokenize"]';
  assert.equal(await waitForEmbed(page, element, ['done', 'error'], 90_000), 'done');
  assert.equal(await page.$eval(element, (el) => el.shadowRoot.querySelector('[data-testid="tok-normalized"]').textContent), '今天天气不错');
  // The element is as tall as its lab (no fixed height, nothing cut off).
  const [host, lab] = await page.$eval(element, (el) => [el.getBoundingClientRect().height, el.shadowRoot.querySelector('.lab').getBoundingClientRect().height]);
  assert.ok(lab > 400 && Math.abs(host - lab) <= 2, `element ${host} px, its lab ${lab} px`);
  assert.equal(await page.$eval(element, (el) => el.shadowRoot.querySelector('.lab-formula').getClientRects().length), 0, 'hide="explain"');

  await page.$eval('[data-testid="blog-frame"]', (el) => el.scrollIntoView());
  const frame = await (await page.$('[data-testid="blog-frame"]')).contentFrame();
  await frame.waitForFunction(() => ['done', 'error'].includes(document.querySelector('.lab')?.dataset.state), null, { timeout: 60_000 });
  assert.equal(await frame.$eval('.lab', (el) => el.dataset.state), 'done');
  assert.equal(await frame.$eval('.lab', (el) => el.dataset.heatmap), 'banana');
  await page.waitForFunction(() => {
    const iframe = document.querySelector('[data-testid="blog-frame"]');
    return iframe.dataset.sized === 'true'
      && Math.abs(iframe.clientHeight - Math.ceil(iframe.contentDocument.body.getBoundingClientRect().height)) <= 1;
  }, null, { timeout: 10_000 });
  const frameHeight = await page.$eval('[data-testid="blog-frame"]', (el) => el.clientHeight);
  assert.notEqual(frameHeight, 720, 'the frame left the height the snippet gives');
  assert.equal(await page.evaluate(() => location.hash), '');
  assertNoProblems(page);
  await page.close();
});

test('example post on a phone (360 px): no horizontal scroll, the frame fits', { timeout: 120_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${session.baseUrl}blog/example.html`);
  assert.equal(await waitForEmbed(page, '[data-testid="blog-tokenize"]', ['done', 'error'], 90_000), 'done');
  await page.$eval('[data-testid="blog-frame"]', (el) => el.scrollIntoView());
  await page.waitForFunction(() => document.querySelector('[data-testid="blog-frame"]').dataset.sized === 'true', null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal scroll');
  assert.equal(await page.$eval('[data-testid="blog-frame"]', (el) => el.contentDocument.documentElement.scrollWidth - el.clientWidth), 0,
    'nothing wider than the frame');
  assertNoProblems(page);
  await page.close();
});
