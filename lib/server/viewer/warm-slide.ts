import 'server-only';
import { filterableFeatures } from '../../filters';
import { GRID_LEVELS_UM } from '../../registry';
import { columnStore, type StoreDatabase } from './column-store';
import { contourStore } from './contour-store';
import { loadFeatureStats } from './feature-stats';
import { cachedSlideGrid } from './nuclei-layer';
import type { SlideSource } from './slide-source';

/**
 * Reads a slide's nucleus columns, then its whole-slide cells and contour blobs, into memory and computes every nucleus
 * feature's statistics (colour and histogram domains), on connections of their own: what the
 * viewer's requests need, so the slide page starts it while the browser loads the viewer.
 */
export async function warmSlide(database: StoreDatabase, source: SlideSource, version = ''): Promise<void> {
  const connection = await database.instance.connect();
  try {
    const columns = columnStore(database, source, 'nuclei', version);
    await Promise.all([
      columns.then((store) => {
        // The unfiltered class-coloured cells of every level: the slide's first view.
        for (const level of GRID_LEVELS_UM) cachedSlideGrid(source, version, store, level);
        return contourStore(database, source, version, store);
      }),
      loadFeatureStats({ connection }, source, 'nuclei', filterableFeatures('nuclei'), version),
    ]);
  } finally {
    connection.closeSync();
  }
}

/** Starts warmSlide in the background; failures surface on the viewer's own requests. */
export function preloadSlide(database: StoreDatabase, source: SlideSource, version = ''): void {
  warmSlide(database, source, version).catch(() => undefined);
}
