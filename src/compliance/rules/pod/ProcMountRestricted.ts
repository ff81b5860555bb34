import { procMountRule } from './ProcMount';
import { PSS_CHECKS } from '../../../standards/pss';

/** The default /proc masks stay on, in a user namespace too (restricted, from 1.35). */
export const ProcMountRestricted = procMountRule('ProcMountRestricted', PSS_CHECKS.procMountRestricted);
