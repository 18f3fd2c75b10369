import 'server-only';
import { filterableFeatures } from '../../filters';
import { columnStore, type StoreDatabase } from './column-store';
import { loadFeatureStats } from './feature-stats';
import type { SlideSource } from './slide-source';

/**
 * Reads a slide's nucleus columns into memory and computes every nucleus feature's statistics
 * (colour and histogram domains), on a connection of its own: what the viewer's first requests
 * need, so the slide page starts it while the browser loads the viewer.
 */
export async function warmSlide(database: StoreDatabase, source: SlideSource, version = ''): Promise<void> {
  const connection = await database.instance.connect();
  try {
    await Promise.all([
      columnStore(database, source, 'nuclei', version),
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
