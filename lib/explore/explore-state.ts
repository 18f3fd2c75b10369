/**
 * Explorer state ⇄ URL search parameters (the URL is the source of truth; reload restores).
 * view=groups|correlation|survival  feature=<numeric id>  by=<categorical>  lv=L1,L2 (compared levels)
 * vs=<numeric id>  end=os|dss|pfs  split=median|tertiles|threshold|group  cut=<number>
 * plus user biomarkers b1 … b9 (lib/explore/biomarker.ts). Defaults are omitted from the URL.
 */
import { readBiomarkerParams, writeBiomarkerParams, type BiomarkerDef } from './biomarker';
import {
  ENDPOINT_IDS,
  GROUP_VARIABLE_IDS,
  groupLevels,
  numericVariableIds,
  type EndpointId,
  type GroupVariableId,
} from './variables';

/** The three linked views. */
export const EXPLORE_VIEWS = ['groups', 'correlation', 'survival'] as const;
/** One explorer view. */
export type ExploreView = (typeof EXPLORE_VIEWS)[number];

/** How survival curves are split: by the feature (median, tertiles, a threshold) or by the clinical group. */
export const SURVIVAL_SPLITS = ['median', 'tertiles', 'threshold', 'group'] as const;
/** One survival split. */
export type SurvivalSplit = (typeof SURVIVAL_SPLITS)[number];

/** Everything the explorer shows, as plain data. */
export interface ExploreState {
  readonly view: ExploreView;
  /** Numeric variable under study (image feature, biomarker id or age). */
  readonly feature: string;
  /** Categorical variable of the group comparison and of survival split by group. */
  readonly groupBy: GroupVariableId;
  /** Levels of `groupBy` to compare, in registry order; absent = every level. */
  readonly levels?: readonly string[];
  /** Continuous variable of the correlation view. */
  readonly versus: string;
  readonly endpoint: EndpointId;
  readonly split: SurvivalSplit;
  /** User threshold of split=threshold, in the feature's unit. */
  readonly threshold?: number;
  readonly biomarkers: readonly BiomarkerDef[];
}

/** The state of a bare /explore URL. */
export const DEFAULT_EXPLORE_STATE: ExploreState = {
  view: 'groups',
  feature: 'nuclei_lymphocyte_density_in_tumour_per_mm2',
  groupBy: 'msi_status',
  versus: 'age_years',
  endpoint: 'os',
  split: 'median',
  biomarkers: [],
};

function pick<T extends string>(value: string | null, allowed: readonly T[], key: string, errors: string[]) {
  if (value === null) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.push(`${key}: "${value}" is not one of ${allowed.join(', ')}`);
  return undefined;
}

/** Reads the explorer state from `params`; invalid parts fall back to defaults and are reported in `errors`. */
export function parseExploreState(params: URLSearchParams): { state: ExploreState; errors: string[] } {
  const errors: string[] = [];
  const { biomarkers, errors: biomarkerErrors } = readBiomarkerParams(params);
  errors.push(...biomarkerErrors);
  const numeric = numericVariableIds(biomarkers);
  const d = DEFAULT_EXPLORE_STATE;
  const groupBy = pick(params.get('by'), GROUP_VARIABLE_IDS, 'by', errors) ?? d.groupBy;
  let levels: string[] | undefined;
  const levelsText = params.get('lv');
  if (levelsText !== null) {
    const all = groupLevels(groupBy);
    const asked = levelsText.split(',').filter((l) => l !== '');
    const unknown = asked.filter((l) => !all.includes(l));
    if (unknown.length > 0 || asked.length === 0) errors.push(`lv: not levels of ${groupBy}: "${levelsText}"`);
    else levels = all.filter((l) => asked.includes(l));
  }
  let threshold: number | undefined;
  const cutText = params.get('cut');
  if (cutText !== null) {
    threshold = cutText.trim() === '' ? Number.NaN : Number(cutText);
    if (!Number.isFinite(threshold)) {
      errors.push(`cut: "${cutText}" is not a number`);
      threshold = undefined;
    }
  }
  const state: ExploreState = {
    view: pick(params.get('view'), EXPLORE_VIEWS, 'view', errors) ?? d.view,
    feature: pick(params.get('feature'), numeric, 'feature', errors) ?? d.feature,
    groupBy,
    ...(levels ? { levels } : {}),
    versus: pick(params.get('vs'), numeric, 'vs', errors) ?? d.versus,
    endpoint: pick(params.get('end'), ENDPOINT_IDS, 'end', errors) ?? d.endpoint,
    split: pick(params.get('split'), SURVIVAL_SPLITS, 'split', errors) ?? d.split,
    ...(threshold !== undefined ? { threshold } : {}),
    biomarkers,
  };
  return { state, errors };
}

/** The URL search parameters of `state` (defaults omitted). */
export function toExploreSearchParams(state: ExploreState): URLSearchParams {
  const params = new URLSearchParams();
  const d = DEFAULT_EXPLORE_STATE;
  if (state.view !== d.view) params.set('view', state.view);
  if (state.feature !== d.feature) params.set('feature', state.feature);
  if (state.groupBy !== d.groupBy) params.set('by', state.groupBy);
  if (state.levels) params.set('lv', state.levels.join(','));
  if (state.versus !== d.versus) params.set('vs', state.versus);
  if (state.endpoint !== d.endpoint) params.set('end', state.endpoint);
  if (state.split !== d.split) params.set('split', state.split);
  if (state.threshold !== undefined) params.set('cut', String(state.threshold));
  writeBiomarkerParams(state.biomarkers, params);
  return params;
}

/** The /explore address of `state`. */
export function exploreHref(state: ExploreState): string {
  const query = toExploreSearchParams(state).toString();
  return query ? `/explore?${query}` : '/explore';
}

/** `state` with the categorical variable changed (its level selection reset). */
export function withGroupBy(state: ExploreState, groupBy: GroupVariableId): ExploreState {
  const { levels: _levels, ...rest } = state;
  return { ...rest, groupBy };
}
