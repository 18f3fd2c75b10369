/** Reads one slide's model output with the reader of its format, into the normalised SlideResult. */
import { readCerberusDat } from '../readers/cerberus-dat';
import { readHovernetJson } from '../readers/hovernet-json';
import { readQupathGeojson } from '../readers/qupath-geojson';
import { readTissueMap } from '../readers/tissue-map';
import type { SlideResult } from '../readers/types';
import type { SlideTask } from './slide-task';

/** Reads the task's result file (and tissue map); throws ReadError naming the file on bad input. */
export async function readSlideResult(task: SlideTask): Promise<SlideResult> {
  switch (task.format) {
    case 'cerberus-dat':
      return readCerberusDat(task.resultPath, { tissuePath: task.tissuePath });
    case 'hovernet-json': {
      const result = await readHovernetJson(task.resultPath, { mpp: task.mpp });
      return task.tissuePath ? { ...result, tissue: await readTissueMap(task.tissuePath) } : result;
    }
    case 'qupath-geojson': {
      if (task.mpp === undefined)
        throw new Error(
          `${task.resultPath}: QuPath GeoJSON needs the slide's µm per pixel (mpp column of --slides, or --mpp)`,
        );
      const result = await readQupathGeojson(task.resultPath, { mpp: task.mpp });
      return task.tissuePath ? { ...result, tissue: await readTissueMap(task.tissuePath) } : result;
    }
  }
}
