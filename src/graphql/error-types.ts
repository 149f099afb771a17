import type { CrmError } from '../errors.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.js';
import { builder } from './builder.js';

/** The shared interface of every expected failure; clients switch on `__typename`. */
export const ErrorInterface = builder.interfaceRef<CrmError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
});

const FieldIssueRef = builder.objectRef<ValidationError['issues'][number]>('FieldIssue').implement({
  fields: (t) => ({
    field: t.exposeString('field'),
    value: t.exposeString('value', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entity: t.exposeString('entity'),
    id: t.exposeString('id'),
    field: t.exposeString('field'),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field'),
    value: t.exposeString('value', { nullable: true }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ action: t.exposeString('action') }),
});

/** The failures every mutation may return as data. */
export const mutationErrors = {
  types: [ValidationError, NotFoundError, ConflictError, ForbiddenError],
};

export { UnauthenticatedError };
