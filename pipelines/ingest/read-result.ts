/** Reads one slide's model output with the reader of its format, into the normalised SlideResult. */
import { readCerberusDat } from '../readers/cerberus-dat';
import { readHovernetJson } from '../readers/hovernet-json';
import { readQupathGeojson } from '../readers/qupath-geojson';
import { readTissueRuns, type TissueRuns } from '../readers/tissue-map';
import type { SlideResult } from '../readers/types';
import type { SlideTask } from './slide-task';

/** A slide's objects and metadata, with its tissue map (if any) as row runs rather than a cell grid. */
export type IngestSlideResult = Omit<SlideResult, 'tissue'> & { readonly tissue?: TissueRuns };

async function readObjects(task: SlideTask): Promise<SlideResult> {
  switch (task.format) {
    case 'cerberus-dat':
      return readCerberusDat(task.resultPath);
    case 'hovernet-json':
      return readHovernetJson(task.resultPath, { mpp: task.mpp });
    case 'qupath-geojson':
      if (task.mpp === undefined)
        throw new Error(
          `${task.resultPath}: QuPath GeoJSON needs the slide's µm per pixel (mpp column of --slides, or --mpp)`,
        );
      return readQupathGeojson(task.resultPath, { mpp: task.mpp });
  }
}

/**
 * Reads the task's result file and tissue map; throws ReadError naming the file on bad input. The
 * map inflates on the thread pool while the result file is parsed.
 */
export async function readSlideResult(task: SlideTask): Promise<IngestSlideResult> {
  const tissue = task.tissuePath ? readTissueRuns(task.tissuePath) : undefined;
  // Never leave the map's promise unobserved when the objects fail first.
  tissue?.catch(() => undefined);
  const { nuclei, glands, lumina, metadata } = await readObjects(task);
  // The dataset stores no nucleus source ids (only glands and lumina have `source_id`). Dropping
  // the ~630 k id strings here keeps them from staying live through the features and writing,
  // where every major GC would mark them again (≈ 5 % of a slide's CPU).
  const nucleiWithoutIds = { ...nuclei, sourceIds: [] };
  return { nuclei: nucleiWithoutIds, glands, lumina, metadata, ...(tissue ? { tissue: await tissue } : {}) };
}
