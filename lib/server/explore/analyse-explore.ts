import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import type { ExploreState } from '../../explore/explore-state';
import type { ExploreResult } from '../../explore/results';
import { loadAnalysisSlides } from './analysis-slides';
import { analyseState } from './analyse-state';

/** Loads the slides (with biomarker columns) of `dataset` and analyses the current view of `state`. */
export async function analyseExplore(dataset: OpenedDataset, state: ExploreState): Promise<ExploreResult> {
  return analyseState(await loadAnalysisSlides(dataset, state.biomarkers), state);
}
