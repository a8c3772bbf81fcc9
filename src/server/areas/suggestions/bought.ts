/**
 * What a customer really bought: orders (not quotes or contracts) past draft and not undone. The same
 * words as the segments' compile-rule.ts (each area owns its SQL; both read the orders tables).
 */
export const BOUGHT = `o.kind = 'order' AND o.status IN ('confirmed', 'paid', 'shipping', 'delivered', 'completed')`;
