import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import { queryRows, toNumber } from '../export/connection';
import { CUBE_COUNT_SOURCE } from './cube-source';

/** Filtered and total objects of one kind on one slide, with the density per mm² of tissue. */
export interface SlideCount {
  readonly slideId: string;
  readonly count: number;
  /** All objects of the filter's kind on the slide. */
  readonly total: number;
  /** count / total; null when the slide has no objects of the kind. */
  readonly fraction: number | null;
  /** count / slides.tissue_area_mm2 (per mm²); null without a tissue area. */
  readonly densityPerMm2: number | null;
}

/** Where per-slide counts come from: the pre-aggregated cube when it answers exactly, else an exact scan. */
export interface CountSource {
  readonly name: string;
  /** True when this source answers `filter` exactly. */
  readonly canAnswer: (dataset: OpenedDataset, filter: ObjectFilter) => boolean;
  /** Work to do once before the first query (e.g. loading a cube into memory). */
  readonly prepare?: (dataset: OpenedDataset) => Promise<void>;
  /** The SQL this source runs for `filter` (shown to users and put in manifests). */
  readonly sql: (filter: ObjectFilter) => string;
}

/** Exact counts by a GROUP BY over the Hive-partitioned object table. */
export const SCAN_COUNT_SOURCE: CountSource = {
  name: 'scan',
  canAnswer: () => true,
  sql: (filter) =>
    `SELECT s.slide_id, coalesce(c.count, 0) AS count, coalesce(c.total, 0) AS total, s.tissue_area_mm2 ` +
    `FROM slides s LEFT JOIN (SELECT slide_id, count(*) FILTER (WHERE ${filterToSql(filter)}) AS count, count(*) AS total ` +
    `FROM ${identifier(filter.kind)} GROUP BY slide_id) c USING (slide_id) ORDER BY s.slide_id`,
};

/** Count sources in order of preference; the first that can answer is used (the cube, then the scan). */
export const COUNT_SOURCES: readonly CountSource[] = [CUBE_COUNT_SOURCE, SCAN_COUNT_SOURCE];

/** The result of a cohort count: per-slide counts plus which source and SQL produced them. */
export interface CohortCounts {
  readonly source: string;
  readonly sql: string;
  readonly slides: readonly SlideCount[];
}

/** Per-slide counts of the objects passing `filter` (exact), for every slide of the dataset. */
export async function countPerSlide(dataset: OpenedDataset, filter: ObjectFilter): Promise<CohortCounts> {
  const source = COUNT_SOURCES.find((s) => s.canAnswer(dataset, filter)) ?? SCAN_COUNT_SOURCE;
  await source.prepare?.(dataset);
  const sql = source.sql(filter);
  const rows = await queryRows(dataset, sql);
  const slides = rows.map((row): SlideCount => {
    const count = toNumber(row.count) ?? 0;
    const total = toNumber(row.total) ?? 0;
    const area = toNumber(row.tissue_area_mm2);
    return {
      slideId: String(row.slide_id),
      count,
      total,
      fraction: total > 0 ? count / total : null,
      densityPerMm2: area !== null && area > 0 ? count / area : null,
    };
  });
  return { source: source.name, sql, slides };
}
