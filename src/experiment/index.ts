// Experiment-level services: full validation (schema + shapes + task + GPU limits),
// share-link codec, migrations and presets.
export * from './validate';
export * from './codec';
export * from './migrate';
export * from './presets';
export { checkLimits, formatBytes } from './limits';
export * from './adapt-to-data';
export * from './lessons';
