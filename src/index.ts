export * from './workloads/identity';
export * from './workloads/hardening-options';
export * from './workloads/deployment';
export * from './namespace/namespace';
export * from './rbac';
export * from './compliance';
export * from './report';
