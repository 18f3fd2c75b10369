/** The one registry of the data contract: classes, tables, columns, features. Pure; safe anywhere. */
export * from './classes';
export * from './column';
export * from './tables';
export * from './frame';
export { DATA_MODEL_VERSION } from './version';
