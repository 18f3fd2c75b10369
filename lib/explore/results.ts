/**
 * Result shapes of the explorer's analyses (server → client JSON). Every statistic is either
 * computed (`ok: true`) or carries the sentence saying why it could not be (`ok: false`).
 * Values are patient means of slide values, in the variable's registry unit.
 */
import type { SurvivalSplit } from './explore-state';
import type { EndpointId, VariableInfo } from './variables';

/** A computed statistic or the reason it is not shown. */
export type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string };

/** Patients left out of an analysis, with why ("12 patients without MSI status"). */
export interface Exclusion {
  readonly count: number;
  readonly reason: string;
}

/** One patient in a plot: value(s) are means over `slideIds`. */
export interface PatientPoint {
  readonly patientId: string;
  readonly slideIds: readonly string[];
  readonly value: number;
}

/** Box-plot summary of one group (R type-7 quartiles, Tukey whiskers at 1.5 IQR). */
export interface GroupSummary {
  readonly level: string;
  readonly n: number;
  readonly median: number | null;
  readonly q1: number | null;
  readonly q3: number | null;
  readonly whiskerLow: number | null;
  readonly whiskerHigh: number | null;
  readonly points: readonly PatientPoint[];
}

/** Mann–Whitney U (two groups, effect oriented second vs first level) or Kruskal–Wallis (more). */
export type GroupTest =
  | {
      readonly method: 'mann-whitney';
      readonly x: string;
      readonly y: string;
      readonly u: number;
      readonly p: number;
      readonly rankBiserial: number;
      readonly probabilityXGreater: number;
    }
  | {
      readonly method: 'kruskal-wallis';
      readonly h: number;
      readonly df: number;
      readonly p: number;
      readonly epsilonSquared: number;
    };

/** One feature of the ranked table: test against the chosen variable, BH q-value over all ranked features. */
export interface RankingRow {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly n: number;
  /** Spearman ρ, rank-biserial r (two groups) or ε² (more groups). */
  readonly effect: number;
  readonly p: number;
  readonly q: number;
}

/** Every numeric feature tested against one variable, sorted by p; features that cannot be tested are listed apart. */
export interface RankingResult {
  readonly against: string;
  readonly method: 'spearman' | 'mann-whitney' | 'kruskal-wallis';
  readonly effectName: string;
  readonly rows: readonly RankingRow[];
  readonly skipped: readonly { readonly id: string; readonly label: string; readonly reason: string }[];
}

/** Group comparison: a feature across levels of a categorical variable. */
export interface GroupsResult {
  readonly view: 'groups';
  readonly feature: VariableInfo;
  readonly groupBy: VariableInfo;
  readonly patients: number;
  readonly groups: readonly GroupSummary[];
  readonly test: Outcome<GroupTest>;
  readonly exclusions: readonly Exclusion[];
  readonly ranking: Outcome<RankingResult>;
}

/** Correlation: a feature against a continuous variable. */
export interface CorrelationResult {
  readonly view: 'correlation';
  readonly feature: VariableInfo;
  readonly versus: VariableInfo;
  readonly patients: number;
  readonly points: readonly { patientId: string; slideIds: readonly string[]; x: number; y: number }[];
  readonly test: Outcome<{ n: number; rho: number; p: number }>;
  readonly exclusions: readonly Exclusion[];
  readonly ranking: Outcome<RankingResult>;
}

/** One Kaplan–Meier curve (months), starting at S(0) = 1. */
export interface SurvivalCurve {
  readonly label: string;
  readonly n: number;
  readonly events: number;
  readonly medianMonths: number | null;
  readonly steps: readonly { time: number; survival: number; nRisk: number; nEvent: number; nCensor: number }[];
}

/** A hazard ratio with its 95 % CI and Wald p-value. */
export interface HazardRatio {
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly p: number;
}

/** Univariable Cox model (Efron ties): continuous feature (per unit and per SD) or group indicators vs a reference. */
export type CoxSummary =
  | {
      readonly kind: 'continuous';
      readonly n: number;
      readonly events: number;
      readonly perUnit: HazardRatio;
      readonly perSd: HazardRatio;
      readonly sd: number;
    }
  | {
      readonly kind: 'groups';
      readonly n: number;
      readonly events: number;
      readonly reference: string;
      readonly terms: readonly (HazardRatio & { level: string })[];
    };

/** Survival: KM curves per group, numbers at risk, log-rank and Cox. */
export interface SurvivalResult {
  readonly view: 'survival';
  readonly endpoint: { readonly id: EndpointId; readonly label: string };
  readonly split: SurvivalSplit;
  readonly splitBy: VariableInfo;
  readonly patients: number;
  /** Cut-points on the feature (unit of the feature); empty for a clinical-group split. */
  readonly cutPoints: readonly number[];
  readonly curves: Outcome<{
    curves: readonly SurvivalCurve[];
    atRiskTimes: readonly number[];
    atRisk: readonly (readonly number[])[];
  }>;
  readonly logRank: Outcome<{ chiSquare: number; df: number; p: number }>;
  readonly cox: Outcome<CoxSummary>;
  /** Plain warning when the cut-point comes from the data (optimistic p-values and HRs). */
  readonly warning: string | null;
  readonly exclusions: readonly Exclusion[];
  readonly points: readonly {
    patientId: string;
    slideIds: readonly string[];
    time: number;
    event: boolean;
    group: string;
    value: number | null;
  }[];
}

/** The analysis of the current view. */
export type ExploreResult = GroupsResult | CorrelationResult | SurvivalResult;
