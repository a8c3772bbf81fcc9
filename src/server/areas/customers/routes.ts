import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context.js';
import { customersRoutes } from './customers.routes.js';
import { customerMergesRoutes } from './customer-merges.routes.js';
import { customer360Routes } from './customer-360.routes.js';
import { customerCsvRoutes } from './customer-csv.routes.js';
import { identityClaimsRoutes } from './claims/identity-claims.routes.js';

/** Every customers-area route module (mounted under /api). */
export const customerAreaRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  await app.register(customersRoutes(ctx));
  await app.register(customerMergesRoutes(ctx));
  await app.register(customer360Routes(ctx));
  await app.register(customerCsvRoutes(ctx));
  await app.register(identityClaimsRoutes(ctx));
};
