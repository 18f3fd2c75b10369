/** Version of the data contract (docs/data-model.md). Bump on any incompatible change to tables or encodings. */
export const DATA_MODEL_VERSION = 1;
