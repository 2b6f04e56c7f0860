// The main picture: density heatmap, samples, and the recent path of every chain.
//
// Layers: the heatmap (an nx × ny image scaled to the canvas), a points layer drawn
// incrementally as chunks arrive (full redraw only on resize / for importance weights),
// and an overlay redrawn each frame (chain tails, drawn points, best point).
import { fitCanvas } from '../../lib/canvas-size.js';
import { chainColor, cssVar } from '../../lib/theme.js';

const TAIL = 150; // steps of each chain's path drawn as a line
const MAX_IMPORTANCE_POINTS = 20000;
// Points drawn per animation frame: a chunk, a resize or a theme change with a million
// draws is drawn over several frames, so the page never stalls on it.
const POINTS_PER_FRAME = 10000;

export class MainCanvas {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.points = document.createElement('canvas');
    this.pctx = this.points.getContext('2d');
    this.box = { xmin: -4, xmax: 4, ymin: -4, ymax: 4 };
    this.heat = null;
    this.store = null;
    this.drawnUpTo = [];
    this.drawnPoints = [];
    this.showDrawn = false;
    this.best = null;
    this.frameRequested = false;
    this.continuation = 0; // requestAnimationFrame id of the next slice of points, or 0
    this.fit();
    new ResizeObserver(() => this.requestFrame({ resized: true })).observe(canvas);
  }

  fit() {
    const size = fitCanvas(this.canvas);
    if (size.changed || this.points.width !== size.width) {
      this.points.width = size.width;
      this.points.height = size.height;
      this.redrawPoints();
    }
    this.dpr = size.dpr;
    return size;
  }

  setView(box, heat) {
    this.box = box;
    this.heat = heat;
    this.redrawPoints();
    this.requestFrame();
  }

  setStore(store) {
    this.store = store;
    this.best = null;
    this.redrawPoints();
    this.requestFrame();
  }

  setDrawnPoints(points, show) {
    this.drawnPoints = points;
    this.showDrawn = show;
    this.requestFrame();
  }

  setBest(best) {
    this.best = best ?? null;
  }

  /** New draws arrived in the store. */
  update() {
    if (this.store?.kind === 'importance') this.redrawPoints();
    else this.drawNewPoints();
    this.requestFrame();
  }

  toPixel(x, y) {
    const { xmin, xmax, ymin, ymax } = this.box;
    return [((x - xmin) / (xmax - xmin)) * this.points.width, ((ymax - y) / (ymax - ymin)) * this.points.height];
  }

  /** World coordinates of a pointer event. */
  toWorld(event) {
    const rect = this.canvas.getBoundingClientRect();
    const { xmin, xmax, ymin, ymax } = this.box;
    const u = (event.clientX - rect.left) / rect.width;
    const v = (event.clientY - rect.top) / rect.height;
    return [xmin + u * (xmax - xmin), ymax - v * (ymax - ymin)];
  }

  redrawPoints() {
    this.pctx.clearRect(0, 0, this.points.width, this.points.height);
    this.drawnUpTo = [];
    if (this.continuation) cancelAnimationFrame(this.continuation);
    this.continuation = 0;
    if (!this.store) return;
    if (this.store.kind === 'importance') this.drawImportance();
    else this.drawNewPoints();
  }

  pointStyle() {
    const total = this.store.count;
    const r = (total > 20000 ? 0.9 : total > 4000 ? 1.3 : 1.8) * this.dpr;
    const alpha = total > 20000 ? 0.35 : total > 4000 ? 0.55 : 0.8;
    return { r, alpha };
  }

  drawNewPoints() {
    const ctx = this.pctx;
    const store = this.store;
    if (!store) return;
    const { r, alpha } = this.pointStyle();
    // Each chain gets an equal share of this frame's budget; what is left waits a frame.
    const share = Math.max(1, Math.floor(POINTS_PER_FRAME / Math.max(1, store.chainCount)));
    let more = false;
    for (let c = 0; c < store.chainCount; c++) {
      const ch = store.chain(c);
      const from = this.drawnUpTo[c] ?? 0;
      const to = Math.min(ch.x.length, from + share);
      if (to < ch.x.length) more = true;
      const xs = ch.x.data;
      const ys = ch.y.data;
      const acc = ch.accepted.data;
      if (store.kind === 'rejection') {
        ctx.globalAlpha = alpha;
        for (let i = from; i < to; i++) {
          const [px, py] = this.toPixel(xs[i], ys[i]);
          if (acc[i]) {
            ctx.fillStyle = '#12a37f';
            ctx.fillRect(px - r, py - r, 2 * r, 2 * r);
          } else {
            ctx.strokeStyle = '#d43d3d';
            ctx.lineWidth = 0.8 * this.dpr;
            ctx.beginPath();
            ctx.moveTo(px - r, py - r);
            ctx.lineTo(px + r, py + r);
            ctx.moveTo(px - r, py + r);
            ctx.lineTo(px + r, py - r);
            ctx.stroke();
          }
        }
      } else {
        ctx.globalAlpha = alpha;
        ctx.fillStyle = chainColor(c);
        for (let i = from; i < to; i++) {
          const [px, py] = this.toPixel(xs[i], ys[i]);
          ctx.fillRect(px - r / 2, py - r / 2, r, r);
        }
      }
      this.drawnUpTo[c] = to;
    }
    ctx.globalAlpha = 1;
    if (more && !this.continuation) {
      this.continuation = requestAnimationFrame(() => {
        this.continuation = 0;
        if (this.store === store) {
          this.drawNewPoints();
          this.requestFrame();
        }
      });
    }
  }

  /** Importance: area ∝ normalized weight (relative to the largest weight so far). */
  drawImportance() {
    const ctx = this.pctx;
    const store = this.store;
    const ch = store.chain(0);
    if (!ch) return;
    const n = Math.min(ch.x.length, MAX_IMPORTANCE_POINTS);
    const lw = store.logWeight.data;
    const rmax = 7 * this.dpr;
    ctx.fillStyle = '#f26b1d';
    ctx.strokeStyle = '#7a2e05';
    ctx.lineWidth = 0.5 * this.dpr;
    ctx.globalAlpha = 0.6;
    for (let i = 0; i < n; i++) {
      const w = Math.exp(lw[i] - store.maxLogWeight);
      const r = Math.max(0.6 * this.dpr, rmax * Math.sqrt(w));
      const [px, py] = this.toPixel(ch.x.data[i], ch.y.data[i]);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fill();
      if (r > 2 * this.dpr) ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  requestFrame({ resized = false } = {}) {
    if (resized) this.needsFit = true;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (this.needsFit) {
        this.needsFit = false;
        this.fit();
      }
      this.render();
    });
  }

  render() {
    const { ctx, canvas } = this;
    const W = canvas.width;
    const H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    if (this.heat) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.heat, 0, 0, W, H);
    }
    ctx.drawImage(this.points, 0, 0, W, H);
    if (this.store?.kind === 'chains') this.drawTails();
    if (this.showDrawn) this.drawDrawnPoints();
    if (this.best) this.drawBest();
    this.drawAxes();
  }

  drawTails() {
    const ctx = this.ctx;
    const store = this.store;
    ctx.lineWidth = 1.4 * this.dpr;
    ctx.lineJoin = 'round';
    for (let c = 0; c < store.chainCount; c++) {
      const ch = store.chain(c);
      const n = ch.x.length;
      if (n === 0) continue;
      const from = Math.max(0, n - TAIL);
      ctx.strokeStyle = chainColor(c);
      ctx.globalAlpha = 0.9;
      ctx.beginPath();
      for (let i = from; i < n; i++) {
        const [px, py] = this.toPixel(ch.x.data[i], ch.y.data[i]);
        if (i === from) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
      const [hx, hy] = this.toPixel(ch.x.data[n - 1], ch.y.data[n - 1]);
      ctx.globalAlpha = 1;
      ctx.fillStyle = chainColor(c);
      ctx.strokeStyle = '#fff';
      ctx.beginPath();
      ctx.arc(hx, hy, 4 * this.dpr, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  drawDrawnPoints() {
    const ctx = this.ctx;
    ctx.strokeStyle = cssVar('--fg', '#222');
    ctx.lineWidth = 1.5 * this.dpr;
    for (const [x, y] of this.drawnPoints) {
      const [px, py] = this.toPixel(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 3.5 * this.dpr, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  drawBest() {
    const ctx = this.ctx;
    const [px, py] = this.toPixel(this.best.x, this.best.y);
    const s = 8 * this.dpr;
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#ffd400';
    ctx.lineWidth = 1.2 * this.dpr;
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 === 0 ? s : s * 0.45;
      const x = px + rr * Math.cos(a);
      const y = py + rr * Math.sin(a);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }

  drawAxes() {
    const ctx = this.ctx;
    const { xmin, xmax, ymin, ymax } = this.box;
    ctx.font = `${11 * this.dpr}px system-ui, sans-serif`;
    ctx.fillStyle = cssVar('--muted', '#666');
    const pad = 4 * this.dpr;
    const fmt = (v) => String(Number(v.toPrecision(3)));
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(`x ${fmt(xmin)}…${fmt(xmax)}`, pad, this.canvas.height - pad);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`y ${fmt(ymin)}…${fmt(ymax)}`, this.canvas.width - pad, pad);
  }
}
