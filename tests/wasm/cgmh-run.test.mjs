// CgmhRun, the chunked CGMH chain of the page, on the shipped models: however the steps
// are cut into chunks, the chain is sampling-cli cgmh's with the same options and seed
// (every proposal of its --trace, its statistics, the final and the best sentence); bad
// options are thrown Errors with the core's message, and the module keeps working.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadModule, root, cli } from './load.mjs';

const m = await loadModule();
const bertDir = `${root}web/public/models/poetry-bert`;
const ngramDir = `${root}web/public/models/poetry-ngram`;
const shipped = existsSync(`${bertDir}/model.safetensors`) && existsSync(`${ngramDir}/poetry-ngram.bin`);
const skip = !shipped && 'shipped models absent';
const MOVES = ['replace', 'insert', 'delete'];

function models() {
  const model = new m.TextModel(readFileSync(`${bertDir}/config.json`), readFileSync(`${bertDir}/vocab.txt`),
    readFileSync(`${bertDir}/model.safetensors`));
  const ngram = new m.NgramModel(readFileSync(`${ngramDir}/poetry-ngram.bin`));
  return { model, ngram };
}

/** sampling-cli cgmh --trace: { final, best, trace: one object per step, stats }. */
function native(args) {
  const r = spawnSync(cli, ['cgmh', '--model', bertDir, '--lm', ngramDir, '--trace', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const [final, best] = r.stdout.split('\n');
  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
  return { final, best, trace: lines.slice(0, -1), stats: lines.at(-1) };
}

/** The CLI prints non-finite numbers as null and finite ones with 17 digits (exact). */
const printed = (v) => (Number.isFinite(v) ? v : null);

const CASES = [
  { args: ['--keywords', '月,山', '--steps', '40', '--seed', '3'], options: { keywords: ['月', '山'], seed: 3 }, steps: 40 },
  {
    args: ['--keywords', '明月', '--steps', '60', '--seed', '5', '--anneal', '2:0.1', '--length-bonus', '4', '--top-k', '20',
      '--explore', '0.1', '--moves', '2,1,1', '--max-length', '12'],
    options: { keywords: ['明月'], seed: 5, anneal: { from: 2, to: 0.1, steps: 60 }, lengthBonus: 4, topK: 20, explore: 0.1,
      moves: [2, 1, 1], maxLength: 12 },
    steps: 60,
  },
  { args: ['--keywords', '山', '--template', '五言絕句', '--steps', '30', '--seed', '1'], options: { keywords: ['山'], template: '五言絕句', seed: 1 }, steps: 30 },
];

test('CgmhRun in chunks is sampling-cli cgmh\'s chain, proposal by proposal', { skip }, () => {
  const { model, ngram } = models();
  for (const { args, options, steps } of CASES) {
    const what = args.join(' ');
    const cli = native([...args]);
    const run = new m.CgmhRun(model, ngram, options);
    const start = run.stats();
    assert.equal(start.steps, 0);
    if (!options.template) assert.equal(start.text, options.keywords.join(''), 'the chain starts from the keywords alone');
    const records = [];
    let last = start;
    // Uneven chunks (0 included): the chain must not depend on how it is cut.
    for (let done = 0, i = 0; done < steps; i++) {
      const n = Math.min([1, 0, 6, 13, 2][i % 5], steps - done);
      last = run.step(n);
      assert.equal(last.records.step.length, n);
      for (let j = 0; j < n; j++) {
        const r = last.records;
        records.push({ step: r.step[j], move: MOVES[r.move[j]], proposed: r.proposed[j] === 1, position: r.position[j],
          old_id: r.oldId[j], new_id: r.newId[j], log_q_forward: r.logQForward[j], log_q_reverse: r.logQReverse[j],
          log_pi_old: r.logPiOld[j], log_pi_new: r.logPiNew[j], log_ratio: r.logRatio[j], T: r.temperature[j],
          accepted: r.accepted[j] === 1, score: r.score[j] });
      }
      done += n;
    }
    assert.equal(records.length, cli.trace.length, what);
    records.forEach((r, i) => {
      const c = cli.trace[i];
      const fields = ['step', 'move', 'proposed', 'T', 'accepted', 'score'];
      if (c.proposed) fields.push('position', 'old_id', 'new_id', 'log_q_forward', 'log_q_reverse', 'log_pi_old', 'log_pi_new', 'log_ratio');
      for (const f of fields) assert.equal(typeof r[f] === 'number' ? printed(r[f]) : r[f], c[f], `${what}: step ${i} ${f}`);
    });
    assert.equal(last.steps, steps);
    assert.equal(last.text, cli.final, what);
    assert.equal(last.bestText, cli.best, what);
    assert.equal(printed(last.score), cli.stats.score);
    assert.equal(printed(last.bestScore), cli.stats.best_score);
    for (const name of MOVES) {
      const a = last.moves[name];
      const b = cli.stats.moves[name];
      assert.deepEqual([a.p, a.proposals, a.acceptances, a.rate, a.impossible], [b.p, b.proposals, b.acceptances, b.rate, b.impossible], `${what}: ${name}`);
    }
    // Keyword blocks: every keyword character of the sentence is marked, in order.
    const tokens = model.tokens();
    const marked = [...last.keywordOf].map((k, i) => (k >= 0 ? tokens[last.ids[i]] : '')).join('');
    assert.equal(marked, options.keywords.join(''), what);
    assert.equal(Array.from(last.ids, (id) => tokens[id]).join(''), last.text.replace(/ /g, ''));
    if (options.anneal) assert.equal(last.temperature, options.anneal.to);
    run.delete();
  }
  model.delete();
  ngram.delete();
});

test('CgmhRun: bad options are thrown with the core\'s message; the module keeps working', { skip }, () => {
  const { model, ngram } = models();
  for (const [options, message] of [
    [{ keywords: [] }, /give at least one keyword/],
    [{ keywords: ['月', '鑫'] }, /keyword '鑫' holds a character the model's vocabulary does not have/],
    [{ keywords: ['月', ''] }, /keyword '' is empty/],
    [{ keywords: ['，'] }, /special token or punctuation/],
    [{ keywords: ['月'], template: '春花' }, /template has no free position/],
    [{ keywords: ['月山水風雲'], template: '__，__' }, /the keywords have 5 characters but the template has only 4 free positions/],
    [{ keywords: ['月'], template: '' }, /the template is empty/],
    [{ keywords: ['月'], template: '_____', moves: [1, 1, 1] }, /'moves' is not taken with a template/],
    [{ keywords: ['月'], moves: [1, 1] }, /three weights/],
    [{ keywords: ['月'], moves: [0, 0, 0] }, /at least one move weight/],
    [{ keywords: ['月'], seed: NaN }, /option 'seed' must be a non-negative integer/],
    [{ keywords: ['月'], topK: -3 }, /option 'topK' must be a non-negative integer/],
    [{ keywords: ['月'], explore: 1 }, /explore must be at least 0 and below 1/],
    [{ keywords: ['月'], lengthBonus: Infinity }, /length bonus must be a number from -100 to 100/],
    [{ keywords: ['月'], maxLength: 0 }, /longest sentence must be between 1 and 64 tokens/],
    [{ keywords: ['月'], anneal: { from: 2, to: 0 } }, /temperatures must be between/],
    [{ keywords: ['月'], anneal: '2:0.1' }, /option 'anneal' must be an object/],
    [{ keywords: '月' }, /'keywords' must be an array of strings/],
    [{ keywords: [7] }, /takes an array of strings/],
    [{ keywords: ['\ud800'] }, /lone UTF-16 surrogate/],
    [null, /CgmhRun needs an options object/],
  ]) {
    assert.throws(() => new m.CgmhRun(model, ngram, options), message, JSON.stringify(options));
  }
  assert.throws(() => new m.CgmhRun(null, ngram, { keywords: ['月'] }), /CgmhRun needs a loaded TextModel/);
  assert.throws(() => new m.CgmhRun(model, {}, { keywords: ['月'] }), /CgmhRun needs a loaded NgramModel/);
  const run = new m.CgmhRun(model, ngram, { keywords: ['月'], seed: 2 });
  for (const n of [NaN, -1, 0.5, 2e6]) assert.throws(() => run.step(n), /step\(n\): n must be an integer from 0 to 1000000/);
  // Still working: the run after the errors is the CLI's.
  const after = run.step(25);
  assert.equal(after.text, native(['--keywords', '月', '--steps', '25', '--seed', '2']).final);
  run.delete();
  assert.throws(() => run.step(1), /this object was deleted/);
  model.delete();
  ngram.delete();
});
