import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { loggableError } from './text-safety.js';

/** One error shape for every failure: { error: { id, message, details? } }. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return reply.status(err.status).send({ error: { id: err.id, message: err.message, details: err.details } });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`,
      message: v.message,
    }));
    const first = issues[0];
    return reply.status(400).send({
      error: {
        id: 'validation.failed',
        message: first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input',
        details: issues,
      },
    });
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send({ error: { id: 'request.too_large', message: 'The request body is too large' } });
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.status(415).send({ error: { id: 'request.unsupported_media_type', message: 'Send JSON (application/json)' } });
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe instanceof SyntaxError)) {
    return reply.status(400).send({ error: { id: 'request.invalid_json', message: 'The request body is not valid JSON' } });
  }
  if (fe.statusCode === 429) {
    return reply.status(429).send({ error: { id: 'request.rate_limited', message: 'Too many requests; wait a moment and try again' } });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send({ error: { id: 'request.invalid', message: fe.message } });
  }
  // Never the error's parameters or detail: they hold customers' names, emails and messages.
  req.log.error({ err: loggableError(err) }, 'unhandled error');
  return reply.status(500).send({ error: { id: 'internal', message: 'Something went wrong on our side' } });
}
