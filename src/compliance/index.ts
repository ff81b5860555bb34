export * from './severity';
export * from './packs';
export * from './results';
export * from './compliance';
export * from './validation-plugin';
export * from './custom-rules';
