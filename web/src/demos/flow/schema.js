// The flow lab's controls in the URL hash. Every key starts with `f` so it never clashes
// with the other labs' keys (the tokenize lab's `text`, the 2-D lab's `seed`, `points`).
import { Type } from '../../lib/state.js';

export const DATASETS = ['moons', 'checkerboard', '8gaussians', 'spiral', 'rings', 'drawn'];
export const METHODS = ['fm', 'meanflow', 'shortcut', 'consistency'];
export const METHOD_CHOICES = ['all', ...METHODS];
/** Where Train starts: random weights, or the loaded (shipped) weights of the dataset. */
export const INIT_CHOICES = ['scratch', 'loaded'];
/** Steps offered by the NFE slider. */
export const NFES = [1, 2, 4, 8, 16, 32, 64, 100];
/** NFEs of the quality chart. */
export const QUALITY_NFES = [1, 2, 4, 8];
/** Datasets with shipped weights: web/public/models/flows/<dataset>-<method>.safetensors. */
export const SHIPPED_DATASETS = ['moons', '8gaussians'];
export const SHIPPED_WIDTH = 128;

export const SCHEMA = [
  { name: 'fdata', type: Type.ENUM, options: DATASETS, default: 'moons' },
  { name: 'fmethod', type: Type.ENUM, options: METHOD_CHOICES, default: 'all' },
  { name: 'fnfe', type: Type.INTEGER, default: 1 },
  { name: 'fseed', type: Type.INTEGER, default: 1 },
  // Empty: each method's own rate (MeanFlow 0.003 with a cosine decay, the others 0.001,
  // core/flow/trainer.hpp's default_train_config); a number is every method's rate.
  { name: 'flr', type: Type.NUMBER, default: null },
  { name: 'fsteps', type: Type.INTEGER, default: 2000 },
  { name: 'fwidth', type: Type.INTEGER, default: 128 },
  { name: 'finit', type: Type.ENUM, options: INIT_CHOICES, default: 'scratch' },
  // Drawn target: "x,y;x,y" with two decimals (added by clicking on the drawing canvas).
  { name: 'fpoints', type: Type.POINTS, default: [] },
];

/** The drawing area (world units); every dataset fits in it. */
export const BOX = Object.freeze({ xmin: -3.6, xmax: 3.6, ymin: -3.6, ymax: 3.6 });

export const LIMITS = Object.freeze({
  maxSeed: 2147483647,
  maxLr: 10, // the module refuses larger learning rates
  maxSteps: 100000,
  minWidth: 4,
  maxWidth: 512,
  minPoints: 10,
  maxPoints: 400,
  maxCoordinate: 100,
  // Sizes of what is drawn and measured.
  qualityN: 2000,
  trajectoryN: 14,
  trajectorySteps: 16,
});

/** Points drawn per method in the scatter (fewer at large NFE: each step is a network pass). */
export function scatterN(nfe) {
  if (nfe <= 8) return 2000;
  if (nfe <= 32) return 1000;
  return 500;
}

export const QUALITY_SEED = 7; // fixed: the chart does not move with the view's seed
