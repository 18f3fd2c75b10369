/**
 * Coordinate frames. The contract's frame is µm in the slide's level-0 frame, origin top-left,
 * x right, y down. Cerberus writes pixels at its processing resolution (0.5 µm/px); slide viewers
 * and QuPath use level-0 pixels (`mpp` µm/px).
 */

/** Cerberus processing resolution, µm per pixel. */
export const CERBERUS_PROCESSING_UM_PER_PX = 0.5;
/** Cerberus tissue-map resolution, µm per cell (¼ of the processing grid). */
export const CERBERUS_TISSUE_CELL_UM = 2;

/** Processing-frame pixels (at `procMpp` µm/px) → µm. */
export function processingPxToUm(px: number, procMpp = CERBERUS_PROCESSING_UM_PER_PX): number {
  return px * procMpp;
}

/** µm → level-0 pixels of a slide whose level-0 pixel is `mpp` µm. */
export function umToLevel0Px(um: number, mpp: number): number {
  return um / mpp;
}

/** Level-0 pixels → µm. */
export function level0PxToUm(px: number, mpp: number): number {
  return px * mpp;
}
