/**
 * The slide map's frame signal, shared by browser tests and the first-paint benchmark: the map
 * element's data attributes say which level of detail and how many nuclei rows the last frame
 * drew (set in deck.gl's onAfterRender), and whether a fetch is in flight.
 */
import type { Page } from 'playwright-core';

/** Waits until the map has drawn the data it holds (optionally at a given level of detail) and returns its data attributes. */
export async function waitForMap(page: Page, lod?: string, timeout = 30_000): Promise<Record<string, string>> {
  await page.waitForFunction(
    (want) => {
      const map = document.querySelector<HTMLElement>('[data-testid="slide-map"]');
      const d = map?.dataset;
      return (
        !!d &&
        d.loading === 'false' &&
        d.frameLod === d.lod &&
        d.frameRows === d.nucleiRows &&
        (!want || d.lod === want)
      );
    },
    lod,
    { timeout },
  );
  return page.getByTestId('slide-map').evaluate((el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>);
}
