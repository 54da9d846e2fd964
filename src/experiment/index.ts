// Experiment-level services: full validation (schema + shapes + task + GPU limits),
// share-link codec, migrations and presets.
export * from './validate';
export * from './codec';
export * from './migrate';
export * from './presets';
export { checkLimits, formatBytes } from './limits';
// What loading a weights file matched (the runner's --init-from, the page's "Load weights").
export { nothingMatchedMessage, weightsReportLines, type WeightsReport } from '../train/weights-import';
export { decodeSafetensors, encodeSafetensors } from '../train/safetensors';
export * from './adapt-to-data';
export * from './lessons';
