import { limitRule } from './resource-limits';

/** Every container has a CPU limit, so one pod cannot starve its node. */
export const CpuLimits = limitRule('CpuLimits', 'cpu', 'C-0270');
