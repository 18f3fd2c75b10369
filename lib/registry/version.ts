/**
 * Version of the data contract (docs/data-model.md). Bump on any change to tables or encodings
 * that datasets built earlier lack; `npm start` rebuilds a demo dataset of another version.
 * 1: first contract. 2: the nuclei_cube table (exact cohort-wide answers) is part of every dataset.
 * 3: glands and lumina carry GeoParquet geometry (WKB polygons, `geo` file metadata).
 */
export const DATA_MODEL_VERSION = 3;
