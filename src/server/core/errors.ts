/**
 * An error a client can act on: an HTTP status, a stable id (e.g. "customer.not_found") that code can
 * match on, and a message a person understands. Anything else that escapes a handler is a 500.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly id: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id = `${what}.not_found`) => new AppError(404, id, `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, 'auth.forbidden', message);
export const unauthorized = () => new AppError(401, 'auth.required', 'Log in or send a valid API token');
export const badRequest = (id: string, message: string, details?: unknown) => new AppError(400, id, message, details);
export const conflict = (id: string, message: string, details?: unknown) => new AppError(409, id, message, details);
