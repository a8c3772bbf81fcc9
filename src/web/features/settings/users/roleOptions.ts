import { RoleSchema } from '../../../../shared/api';

/** Roles in the order people think of them: least to most powerful. */
export const ROLE_OPTIONS = [...RoleSchema.options].reverse();
