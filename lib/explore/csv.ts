/** CSV text (RFC 4180) of the data behind a plot, built in the browser from the analysis result. Pure. */
import type { ExploreResult, RankingResult } from './results';

type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text with a header row. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** The patient-level rows behind the current view's plot (one row per patient; slides joined by ';'). */
export function resultToCsv(result: ExploreResult): string {
  if (result.view === 'groups') {
    const rows = result.groups.flatMap((g) =>
      g.points.map((p) => [p.patientId, p.slideIds.join(';'), g.level, p.value]),
    );
    return toCsv(['patient_id', 'slide_ids', result.groupBy.id, `${result.feature.id}_patient_mean`], rows);
  }
  if (result.view === 'correlation') {
    const rows = result.points.map((p) => [p.patientId, p.slideIds.join(';'), p.x, p.y]);
    return toCsv(
      ['patient_id', 'slide_ids', `${result.versus.id}_patient_mean`, `${result.feature.id}_patient_mean`],
      rows,
    );
  }
  const rows = result.points.map((p) => [p.patientId, p.slideIds.join(';'), p.time, p.event, p.group, p.value]);
  return toCsv(
    [
      'patient_id',
      'slide_ids',
      `${result.endpoint.id}_months`,
      `${result.endpoint.id}_event`,
      'group',
      `${result.splitBy.id}_patient_mean`,
    ],
    rows,
  );
}

/** The ranked feature table as CSV. */
export function rankingToCsv(ranking: RankingResult): string {
  return toCsv(
    ['feature', 'label', 'unit', 'patients', ranking.effectName, 'p', 'q_bh'],
    ranking.rows.map((r) => [r.id, r.label, r.unit, r.n, r.effect, r.p, r.q]),
  );
}
