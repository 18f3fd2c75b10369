/**
 * Renders the documentation images of one demo-scale simulated slide:
 * `npx tsx pipelines/simulate/render-docs.ts [slide_id] [seed]` writes
 * docs/images/simulated-slide.png (whole slide, 2 µm/px) and simulated-slide-detail.png (400 µm crop, 0.5 µm/px).
 */
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../dataset/atomic-write';
import { loadReferenceCohort } from '../reference/slides-csv';
import { PROFILES } from './profiles';
import { encodePngRgb, renderSlide } from './render-png';
import { simulateSlide, type SimulatedSlide } from './simulate-slide';

/** Centre (µm, slide frame) of the `sizeUm` window around a gland that holds the most nuclei. */
export function busiestWindow(slide: SimulatedSlide, sizeUm = 400): [number, number] {
  const { glands, nuclei } = slide;
  let best: [number, number] = [slide.layout.widthPx / 4, slide.layout.heightPx / 4];
  let most = -1;
  for (let i = 0; i < glands.count; i++) {
    const x = glands.centroid[2 * i]! * 0.5;
    const y = glands.centroid[2 * i + 1]! * 0.5;
    let n = 0;
    for (let j = 0; j < nuclei.count; j++) {
      if (
        Math.abs(nuclei.centroid[2 * j]! * 0.5 - x) < sizeUm / 2 &&
        Math.abs(nuclei.centroid[2 * j + 1]! * 0.5 - y) < sizeUm / 2
      )
        n++;
    }
    if (n > most) [most, best] = [n, [x, y]];
  }
  return best;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  const cohort = loadReferenceCohort();
  const row = cohort.find((r) => r.slide_id === process.argv[2]) ?? cohort[2]!;
  const slide = simulateSlide(row, { seed: Number(process.argv[3] ?? 1), scale: PROFILES.demo.scale });
  const images = fileURLToPath(new URL('../../docs/images/', import.meta.url));
  const whole = renderSlide(slide);
  writeFileAtomic(`${images}simulated-slide.png`, encodePngRgb(whole.width, whole.height, whole.rgb));
  const [cx, cy] = busiestWindow(slide);
  const detail = renderSlide(slide, { x0: cx - 200, y0: cy - 200, width: 800, height: 800, umPerPixel: 0.5 });
  writeFileAtomic(`${images}simulated-slide-detail.png`, encodePngRgb(detail.width, detail.height, detail.rgb));
  process.stdout.write(
    `${row.slide_id}: ${slide.nuclei.count} nuclei, ${slide.glands.count} glands, ${slide.lumina.count} lumina; detail centred at (${cx}, ${cy}) µm\n`,
  );
}
