export * from './access-rule';
export * from './separated-rbac';
export * from './subject';
