/** Scale bar arithmetic for a map in µm. Pure. */

const STEPS = [1, 2, 5] as const;

/** A scale bar: its length in µm, its width in screen px and a label ("500 µm", "2 mm"). */
export interface ScaleBar {
  readonly um: number;
  readonly px: number;
  readonly label: string;
}

/** The longest 1-2-5 length (µm) drawn no wider than `maxPx` at `pxPerUm` screen px per µm. */
export function buildScaleBar(pxPerUm: number, maxPx = 120): ScaleBar {
  const maxUm = maxPx / pxPerUm;
  let best = 0.1;
  for (let exponent = -1; exponent <= 7; exponent++) {
    for (const step of STEPS) {
      const um = step * 10 ** exponent;
      if (um <= maxUm) best = um;
    }
  }
  const label = best >= 1000 ? `${+(best / 1000).toPrecision(3)} mm` : `${+best.toPrecision(3)} µm`;
  return { um: best, px: best * pxPerUm, label };
}
