/** Customers: one profile per customer with every identity, matching and merging, the 360 view, CSV import and export. */
import type { Area } from '../../core/area.js';
import { registerExportCustomersCommand } from './cli/export-customers.js';
import { registerImportCustomersCommand } from './cli/import-customers.js';
import { customerAreaRoutes } from './routes.js';
// The customers' event types, merged into core's EventCatalog.
import './events.js';

export { registerExportCustomersCommand } from './cli/export-customers.js';
export { registerImportCustomersCommand } from './cli/import-customers.js';
export { followMerged } from './commands/customer-columns.js';
export { normalizeEmail, normalizeIdentities } from './commands/identities.js';
export { resolveCustomer, resolveCustomers } from './commands/resolve-customer.js';
export { updateCustomerInTx } from './commands/update-customer.js';
export { recordIdentityClaims } from './claims/identity-claims.js';
export { decodeCursor, encodeCursor } from './queries/list-customers.js';

export const customersArea: Area = {
  name: 'customers',
  routes: [{ plugin: customerAreaRoutes }],
  cli(program, openContext) {
    registerImportCustomersCommand(program, openContext);
    registerExportCustomersCommand(program, openContext);
  },
};
export { createCustomer } from './commands/create-customer.js';
