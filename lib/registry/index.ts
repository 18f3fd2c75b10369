/** The one registry of the data contract: classes, tables, columns, features. Pure; safe anywhere. */
export * from './classes';
export * from './column';
export * from './tables';
export * from './frame';
export { GRID_LEVELS_UM } from './aggregate-tables';
export { DATA_MODEL_VERSION } from './version';
export { SLIDE_CLINICAL_COLUMNS, SLIDE_IDENTITY_COLUMNS, SLIDE_IMAGE_FEATURE_COLUMNS } from './slide-columns';
export * from './bins';
