import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import type { BiomarkerDef } from '../../explore/biomarker';
import { countPerSlide } from '../cohort/count-per-slide';

/** Per-slide value of a biomarker (count, per mm² of tissue, or fraction); null where undefined (no tissue, empty denominator). */
export type BiomarkerValues = ReadonlyMap<string, number | null>;

const cache = new WeakMap<OpenedDataset, Map<string, Promise<BiomarkerValues>>>();

async function compute(dataset: OpenedDataset, biomarker: BiomarkerDef): Promise<BiomarkerValues> {
  const counts = await countPerSlide(dataset, biomarker.filter);
  const denominator =
    biomarker.measure === 'fraction' && biomarker.denominatorClass !== undefined
      ? new Map(
          (
            await countPerSlide(dataset, { kind: biomarker.filter.kind, classes: [biomarker.denominatorClass] })
          ).slides.map((s) => [s.slideId, s.count]),
        )
      : null;
  return new Map(
    counts.slides.map((slide) => {
      if (biomarker.measure === 'count') return [slide.slideId, slide.count];
      if (biomarker.measure === 'density') return [slide.slideId, slide.densityPerMm2];
      if (denominator === null) return [slide.slideId, slide.fraction];
      const total = denominator.get(slide.slideId) ?? 0;
      return [slide.slideId, total > 0 ? slide.count / total : null];
    }),
  );
}

/** Per-slide values of `biomarker` over every slide (exact counts via the cohort count source), cached per dataset. */
export function loadBiomarkerValues(dataset: OpenedDataset, biomarker: BiomarkerDef): Promise<BiomarkerValues> {
  const key = JSON.stringify({ ...biomarker, id: undefined });
  let perDataset = cache.get(dataset);
  if (!perDataset) cache.set(dataset, (perDataset = new Map()));
  let values = perDataset.get(key);
  if (!values) {
    values = compute(dataset, biomarker);
    perDataset.set(key, values);
    values.catch(() => perDataset.delete(key));
  }
  return values;
}
