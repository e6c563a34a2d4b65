export * from './contract-validation';
export * from './evaluate-contract';
export * from './field-names';
export * from './field-stats';
export * from './finding';
export * from './payload-contract';
export * from './schema-fields';
