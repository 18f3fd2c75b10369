/** The shared object filter model: data, schema, SQL and URL forms. */
export * from './object-filter';
export * from './filter-sql';
export * from './filter-url';
