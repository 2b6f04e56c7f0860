// Models trained with spm_train on the English fortune files (Debian fortunes, installed
// by bootstrap), for the conformance tests: e.g. identity normalization, byte fallback.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Trains `name`.model with the extra spm_train flags; returns its path.
export function trainModel(name, flags) {
  const dir = mkdtempSync(join(tmpdir(), `spm-${name}-`));
  const fortunes = '/usr/share/games/fortunes';
  const files = readdirSync(fortunes).filter((f) => !f.includes('.') && !['chinese', 'tang300', 'song100', 'ascii-art'].includes(f));
  const text = files.map((f) => readFileSync(join(fortunes, f), 'latin1')).join('\n')
    .split('\n').filter((l) => l.trim() && l !== '%').join('\n');
  writeFileSync(join(dir, 'train.txt'), text);
  const train = spawnSync('spm_train', ['--input=train.txt', `--model_prefix=${name}`, '--model_type=unigram',
    '--vocab_size=3000', '--num_threads=1', '--shuffle_input_sentence=false', ...flags], { cwd: dir, encoding: 'utf8' });
  assert.equal(train.status, 0, train.stderr);
  return join(dir, `${name}.model`);
}
