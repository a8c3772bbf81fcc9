import { RoleSchema } from '../../../../shared/access';

/** Roles in the order people think of them: least to most powerful. */
export const ROLE_OPTIONS = [...RoleSchema.options].reverse();
