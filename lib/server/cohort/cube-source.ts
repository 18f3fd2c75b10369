import 'server-only';
import { cubeCountPerSlideSql, planCubeQuery } from '../../cube/cube-plan';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { TABLES } from '../../registry';
import { queryRows } from '../export/connection';
import type { CountSource } from './count-per-slide';

/** In-memory copy of the cube (≈ 10 bytes per cell): cohort-wide queries then scan memory, not 600 files. */
export const CUBE_TABLE = 'nuclei_cube_memory';

const loaded = new WeakMap<OpenedDataset, Promise<void>>();

/** True when the dataset was built with a nucleus cube. */
export function hasCube(dataset: OpenedDataset): boolean {
  return dataset.manifest.files.some((f) => f.path.startsWith(`${TABLES.nuclei_cube.path}/`));
}

/** Loads the cube into memory once per opened dataset (later calls share the load). */
export function loadCube(dataset: OpenedDataset): Promise<void> {
  let promise = loaded.get(dataset);
  if (!promise) {
    promise = queryRows(
      dataset,
      `CREATE TABLE IF NOT EXISTS ${CUBE_TABLE} AS SELECT * FROM nuclei_cube ORDER BY feature, slide_id`,
    ).then(() => undefined);
    promise.catch(() => loaded.delete(dataset));
    loaded.set(dataset, promise);
  }
  return promise;
}

/** Exact per-slide counts from the pre-aggregated cube, for filters it can answer (lib/cube/cube-plan.ts). */
export const CUBE_COUNT_SOURCE: CountSource = {
  name: 'cube',
  canAnswer: (dataset, filter) => hasCube(dataset) && planCubeQuery(filter) !== null,
  prepare: loadCube,
  sql: (filter) => {
    const plan = planCubeQuery(filter);
    if (!plan) throw new Error('cube cannot answer this filter');
    return (
      `SELECT s.slide_id, coalesce(c.count, 0) AS count, coalesce(c.total, 0) AS total, s.tissue_area_mm2 ` +
      `FROM slides s LEFT JOIN (${cubeCountPerSlideSql(plan, CUBE_TABLE)}) c USING (slide_id) ORDER BY s.slide_id`
    );
  },
};
