/**
 * What lies under each 2 µm tissue-map cell besides its tissue class: free, gland epithelium or
 * lumen. Glands are rasterised into it so nuclei and later glands respect them.
 */
import { CELL_UM, type SlideLayout } from './layout';
import { fillPolygon } from './raster';
import { lobePolygon, type Lobe } from './shapes';

/** Cell states: 0 free, 1 inside a gland, 2 inside a lumen. */
export const FREE = 0;
export const GLAND = 1;
export const LUMEN = 2;

/** Occupancy grid aligned with the tissue map (2 µm cells, slide frame). */
export class Occupancy {
  readonly cells: Uint8Array;

  constructor(readonly layout: SlideLayout) {
    this.cells = new Uint8Array(layout.mapWidth * layout.mapHeight);
  }

  /** Tissue class (0–8) at (x, y) µm; 0 outside the map. */
  tissueAt(x: number, y: number): number {
    const col = Math.floor(x / CELL_UM);
    const row = Math.floor(y / CELL_UM);
    if (col < 0 || row < 0 || col >= this.layout.mapWidth || row >= this.layout.mapHeight) return 0;
    return this.layout.tissue[row * this.layout.mapWidth + col]!;
  }

  /** Occupancy state at (x, y) µm; GLAND outside the map so nothing is placed there. */
  at(x: number, y: number): number {
    const col = Math.floor(x / CELL_UM);
    const row = Math.floor(y / CELL_UM);
    if (col < 0 || row < 0 || col >= this.layout.mapWidth || row >= this.layout.mapHeight) return GLAND;
    return this.cells[row * this.layout.mapWidth + col]!;
  }

  /** True when no cell under the lobes (grown by `margin` µm, approximately) is occupied. */
  isFree(lobes: readonly Lobe[], margin: number): boolean {
    let free = true;
    for (const lobe of lobes) {
      const grown = { ...lobe, r: lobe.r + margin };
      this.cover(grown, (i) => {
        if (this.cells[i] !== FREE) free = false;
      });
      if (!free) return false;
    }
    return true;
  }

  /** Marks the cells whose centres lie inside any lobe with `state`. */
  mark(lobes: readonly Lobe[], state: number): void {
    for (const lobe of lobes) this.cover(lobe, (i) => (this.cells[i] = state));
  }

  private cover(lobe: Lobe, visit: (index: number) => void): void {
    const { mapWidth, mapHeight } = this.layout;
    fillPolygon(lobePolygon(lobe), CELL_UM, mapWidth, mapHeight, (col, row) => visit(row * mapWidth + col));
  }
}
