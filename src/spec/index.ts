// The experiment spec: schema, types, enums, defaults, dataset facts and the validator.
export * from './schema';
export * from './datasets';
export * from './defaults';
export * from './validate';
export * from './json-depth';
export { formatPath, layerLabel, showShape, showValue } from './issues';
