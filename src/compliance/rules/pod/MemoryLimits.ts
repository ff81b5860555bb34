import { limitRule } from './resource-limits';

/** Every container has a memory limit, so one pod cannot exhaust its node. */
export const MemoryLimits = limitRule('MemoryLimits', 'memory', 'C-0271');
