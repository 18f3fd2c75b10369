/**
 * Progress reporting for long pipeline runs: a redrawn bar on a terminal (items, rate, ETA),
 * plain log lines otherwise (CI, files, pipes).
 */
import type { Effects } from './effects';

/** Formats seconds as h:mm:ss or m:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60; // prettier-ignore
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`
    : `${m}:${String(r).padStart(2, '0')}`;
}

/** Formats a rate with k/M suffixes. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return perSecond.toFixed(0);
}

/** A progress reporter over `total` items (e.g. slides) that also counts objects. */
export class Progress {
  private done = 0;
  private objects = 0;
  private readonly started: number;
  private lastDraw = 0;

  constructor(
    private readonly effects: Effects,
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'objects',
  ) {
    this.started = effects.now();
  }

  /** Records one finished item with `objects` objects and a log line for non-terminal output. */
  tick(objects: number, line: string): void {
    this.done += 1;
    this.objects += objects;
    const elapsed = (this.effects.now() - this.started) / 1000;
    const rate = elapsed > 0 ? this.objects / elapsed : 0;
    const eta = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : Infinity;
    if (!this.effects.isTTY) {
      this.effects.err(`${this.label} ${this.done}/${this.total} ${line}`);
      return;
    }
    const now = this.effects.now();
    if (now - this.lastDraw < 100 && this.done < this.total) return;
    this.lastDraw = now;
    const width = 28;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.effects.status(
      `\r${this.label} ${bar} ${this.done}/${this.total} · ${formatRate(rate)} ${this.unit}/s · ETA ${formatDuration(eta)}   `,
    );
    if (this.done === this.total) this.effects.status('\n');
  }

  /** Seconds since the start. */
  elapsedSeconds(): number {
    return (this.effects.now() - this.started) / 1000;
  }
}
