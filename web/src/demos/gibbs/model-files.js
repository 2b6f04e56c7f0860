// The user's own HF BERT folder: config.json, vocab.txt and one .safetensors file, picked
// with a file input or dropped (files or the folder itself). Checks what is missing and
// the total size before anything is read; the core checks the contents.
import { problem } from '../../lib/checks.js';

const MB = 1024 * 1024;

function failure(p) {
  const e = new Error(p.key);
  e.problem = p;
  return e;
}

/** Which file plays which part: { config, vocab, weights } (File or undefined). */
export function pickModelFiles(list) {
  const byName = (name) => list.find((f) => f.name === name);
  const weights = byName('model.safetensors') ?? list.find((f) => f.name.endsWith('.safetensors'));
  return { config: byName('config.json'), vocab: byName('vocab.txt'), weights };
}

/**
 * Reads the three files as bytes. Throws an Error with `problem` (an i18n key and
 * parameters) when one is missing or they are larger than maxBytes together.
 */
export async function readModelFiles(list, maxBytes) {
  const picked = pickModelFiles(list);
  const missing = [];
  if (!picked.config) missing.push('config.json');
  if (!picked.vocab) missing.push('vocab.txt');
  if (!picked.weights) missing.push('model.safetensors');
  if (missing.length) throw failure(problem('gibbs.err.missing', { names: missing.join(', ') }));
  const size = picked.config.size + picked.vocab.size + picked.weights.size;
  if (size > maxBytes) {
    throw failure(problem('gibbs.err.tooBig', { size: (size / MB).toFixed(1), max: maxBytes / MB }));
  }
  const bytes = async (file) => new Uint8Array(await file.arrayBuffer());
  return {
    names: [picked.config.name, picked.vocab.name, picked.weights.name],
    files: {
      config: await bytes(picked.config),
      vocab: await bytes(picked.vocab),
      weights: await bytes(picked.weights),
    },
  };
}

/** Every file of a drop, the files inside a dropped folder included (one level deep). */
export async function filesFromDrop(dataTransfer) {
  if (!dataTransfer) return [];
  const entries = [...(dataTransfer.items ?? [])]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter(Boolean);
  if (entries.length === 0) return [...(dataTransfer.files ?? [])];
  const file = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
  const out = [];
  for (const entry of entries) {
    if (entry.isFile) {
      out.push(await file(entry));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) if (child.isFile) out.push(await file(child));
      }
    }
  }
  return out;
}
