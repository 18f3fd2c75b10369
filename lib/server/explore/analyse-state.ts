/** Runs the analysis of the explorer's current view on slide rows (pure; the route and page call it). */
import type { ExploreState } from '../../explore/explore-state';
import type { ExploreResult } from '../../explore/results';
import {
  describeVariable,
  groupLevels,
  IMAGE_FEATURE_IDS,
  numericVariableIds,
  type VariableInfo,
} from '../../explore/variables';
import { analyseCorrelation } from './correlation-analysis';
import { rankFeatures } from './feature-ranking';
import { analyseGroups } from './group-analysis';
import { toPatientRows, type SlideRecord } from './patient-table';
import { analyseSurvival } from './survival-analysis';

function describe(id: string, state: ExploreState): VariableInfo {
  const info = describeVariable(id, state.biomarkers);
  if (!info) throw new Error(`unknown variable ${id}`);
  return info;
}

/** Analyses `state.view` on `slides` (which must carry every biomarker column), one row per patient. */
export function analyseState(slides: readonly SlideRecord[], state: ExploreState): ExploreResult {
  const numeric = numericVariableIds(state.biomarkers);
  const patients = toPatientRows(slides, numeric);
  const feature = describe(state.feature, state);
  const groupBy = describe(state.groupBy, state);
  const levels = state.levels ?? groupLevels(state.groupBy);
  const rankable = [...IMAGE_FEATURE_IDS, ...state.biomarkers.map((b) => b.id)].map((id) => describe(id, state));
  if (state.view === 'groups') {
    const result = analyseGroups(patients, feature, groupBy, levels);
    // Rank only over the levels present, so an empty level does not void every test.
    const present = result.groups.filter((g) => g.n > 0).map((g) => g.level);
    return {
      ...result,
      ranking: rankFeatures(patients, rankable, { kind: 'groups', variable: groupBy, levels: present }),
    };
  }
  if (state.view === 'correlation') {
    const versus = describe(state.versus, state);
    const result = analyseCorrelation(patients, feature, versus);
    return { ...result, ranking: rankFeatures(patients, rankable, { kind: 'continuous', variable: versus }) };
  }
  return analyseSurvival(patients, state, feature, groupBy, levels);
}
