import { describe, expect, it } from 'vitest';
import { loadReferenceCohort } from '@/pipelines/reference/slides-csv';
import type { SimColumns } from '@/pipelines/simulate/columns';
import { BLOCK_CELLS, CELL_UM, tissueId } from '@/pipelines/simulate/layout';
import { simulateSlide } from '@/pipelines/simulate/simulate-slide';

const cohort = loadReferenceCohort();
const row = cohort.find((r) => r.msi_status === 'MSI-H')!;
const slide = simulateSlide(row, { seed: 3, scale: 0.01 });
const { nuclei, glands, lumina, layout } = slide;

function ringOf(columns: SimColumns, i: number): number[] {
  return Array.from(columns.ring.subarray(2 * columns.ringStart[i]!, 2 * columns.ringStart[i + 1]!));
}

function inside(ring: readonly number[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = ring.length / 2 - 1; i < ring.length / 2; j = i++) {
    const [xi, yi, xj, yj] = [ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!];
    if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) hit = !hit;
  }
  return hit;
}

function distanceToRing(ring: readonly number[], x: number, y: number): number {
  let best = Infinity;
  const n = ring.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const [ax, ay, bx, by] = [ring[2 * i]!, ring[2 * i + 1]!, ring[2 * j]!, ring[2 * j + 1]!];
    const t = Math.max(
      0,
      Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1)),
    );
    best = Math.min(best, Math.hypot(ax + t * (bx - ax) - x, ay + t * (by - ay) - y));
  }
  return best;
}

describe('simulated slide structure', () => {
  it('has demo-scale counts and valid classes, boxes and vertex counts', () => {
    expect(nuclei.count).toBeGreaterThan(2000);
    expect(glands.count).toBeGreaterThan(3);
    expect(lumina.count).toBeGreaterThan(3);
    let typical = 0;
    for (let i = 0; i < nuclei.count; i++) {
      const v = nuclei.vertices(i);
      expect(v).toBeGreaterThanOrEqual(3);
      if (v >= 8 && v <= 40) typical++;
      expect(nuclei.type[i]).toBeGreaterThanOrEqual(1);
      expect(nuclei.type[i]).toBeLessThanOrEqual(6);
      expect(nuclei.prob[i]).toBeGreaterThanOrEqual(0.5);
      expect(nuclei.prob[i]).toBeLessThanOrEqual(1);
      const ring = ringOf(nuclei, i);
      const xs = ring.filter((_, k) => k % 2 === 0);
      const ys = ring.filter((_, k) => k % 2 === 1);
      expect([Math.min(...xs), Math.min(...ys), Math.max(...xs) + 1, Math.max(...ys) + 1]).toEqual(
        Array.from(nuclei.box.subarray(4 * i, 4 * i + 4)),
      );
    }
    expect(typical / nuclei.count).toBeGreaterThan(0.95);
    for (let i = 0; i < glands.count; i++) expect([1, 2]).toContain(glands.type[i]);
  });

  it('quantises gland and lumen outlines to 2 px and keeps every lumen inside a gland', () => {
    for (const columns of [glands, lumina]) {
      for (let k = 0; k < 2 * columns.vertexCount; k++) expect(columns.ring[k]! % 2).toBe(0);
    }
    for (let i = 0; i < lumina.count; i++) {
      const ring = ringOf(lumina, i);
      const host = Array.from({ length: glands.count }, (_, g) => ringOf(glands, g)).find((g) =>
        inside(g, lumina.centroid[2 * i]!, lumina.centroid[2 * i + 1]!),
      );
      expect(host, `lumen ${i}`).toBeDefined();
      const outside = ring.filter((_, k) => k % 2 === 0).filter((x, k) => !inside(host!, x, ring[2 * k + 1]!)).length;
      expect(outside).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the tissue map blocky at 72 µm patches and cut only by the outline', () => {
    for (let br = 0; br < layout.blockRows; br++) {
      for (let bc = 0; bc < layout.blockCols; bc++) {
        const classes = new Set<number>();
        for (let r = br * BLOCK_CELLS; r < Math.min((br + 1) * BLOCK_CELLS, layout.mapHeight); r++) {
          for (let c = bc * BLOCK_CELLS; c < Math.min((bc + 1) * BLOCK_CELLS, layout.mapWidth); c++)
            classes.add(layout.tissue[r * layout.mapWidth + c]!);
        }
        classes.delete(0);
        expect(classes.size).toBeLessThanOrEqual(1);
      }
    }
    expect(layout.mapWidth).toBe(Math.ceil(layout.widthPx / 4));
  });

  it('puts epithelial nuclei on gland borders and lymphocytes in aggregates', () => {
    const borders = [
      ...Array.from({ length: glands.count }, (_, g) => ringOf(glands, g)),
      ...Array.from({ length: lumina.count }, (_, l) => ringOf(lumina, l)),
    ];
    let nearBorder = 0;
    let epithelial = 0;
    const tissueAt = (i: number): number => {
      const col = Math.floor((nuclei.centroid[2 * i]! * 0.5) / CELL_UM);
      const row = Math.floor((nuclei.centroid[2 * i + 1]! * 0.5) / CELL_UM);
      return layout.tissue[row * layout.mapWidth + col]!;
    };
    const lymphocytes = new Float64Array(9);
    for (let i = 0; i < nuclei.count; i++) {
      const x = nuclei.centroid[2 * i]!;
      const y = nuclei.centroid[2 * i + 1]!;
      if (nuclei.type[i] === 3) lymphocytes[tissueAt(i)]!++;
      if (nuclei.type[i] !== 2 || ![tissueId('tumour'), tissueId('normal')].includes(tissueAt(i))) continue;
      epithelial++;
      // within 30 µm (60 px) of a gland or lumen outline
      if (borders.some((ring) => distanceToRing(ring, x, y) < 60)) nearBorder++;
    }
    expect(epithelial).toBeGreaterThan(100);
    expect(nearBorder / epithelial).toBeGreaterThan(0.95);
    const area = (id: number): number => layout.tissue.filter((v) => v === id).length;
    const density = (id: number): number => lymphocytes[id]! / area(id);
    expect(density(tissueId('inflammatory'))).toBeGreaterThan(10 * density(tissueId('stroma')));
  });

  it('rarely overlaps nuclei', () => {
    const cell = 40;
    const grid = new Map<string, number[]>();
    let close = 0;
    for (let i = 0; i < nuclei.count; i++) {
      const x = nuclei.centroid[2 * i]!;
      const y = nuclei.centroid[2 * i + 1]!;
      const gx = Math.floor(x / cell);
      const gy = Math.floor(y / cell);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? [])
            if (Math.hypot(nuclei.centroid[2 * j]! - x, nuclei.centroid[2 * j + 1]! - y) < 4) close++;
        }
      grid.set(`${gx},${gy}`, [...(grid.get(`${gx},${gy}`) ?? []), i]);
    }
    expect(close).toBe(0);
  });
});
