import { and, ilike, sql } from 'drizzle-orm';
import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { resolveKeysetConnection } from '../graphql/keyset.js';
import { anyOf } from '../graphql/pagination.js';
import { TEXT_LIMITS } from '../validation/text.js';
import { createEmployeeArgs, updateEmployeeArgs } from './employee-schemas.js';
import { createEmployee, type EmployeeRow, updateEmployee } from './service.js';
import { employees } from './tables.js';
import { NotFoundError } from '../errors.js';

export const EmployeeRef = builder.loadableNode('Employee', {
  id: { resolve: (employee: EmployeeRow) => employee.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(employees).where(anyOf(employees.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('employee', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    department: t.exposeString('department', { nullable: true }),
    hoursPerDay: t.expose('hoursPerDay', { type: 'Decimal' }),
    hasUser: t.boolean({ resolve: (employee) => employee.userId !== null }),
  }),
});

const EmployeeFilter = builder.inputType('EmployeeFilter', {
  fields: (t) => ({
    text: t.string({ required: false, description: 'Part of the name, ignoring case.' }),
    department: t.string({ required: false }),
  }),
});

builder.queryField('employees', (t) =>
  t.connection({
    type: EmployeeRef,
    args: { filter: t.arg({ type: EmployeeFilter, required: false }) },
    resolve: (_root, args, context) =>
      resolveKeysetConnection(
        args,
        context.maxPageSize,
        {
          key: employees.name,
          id: employees.id,
          descending: false,
          cursorOf: (row: EmployeeRow) => [row.name, row.id],
        },
        ({ where, orderBy, limit }) =>
          context.db
            .select()
            .from(employees)
            .where(
              and(
                where,
                args.filter?.text ? ilike(employees.name, `%${args.filter.text}%`) : undefined,
                args.filter?.department
                  ? sql`${employees.department} = ${args.filter.department}`
                  : undefined,
              ),
            )
            .orderBy(...orderBy)
            .limit(limit),
      ),
  }),
);

const EmployeeInput = builder.inputType('EmployeeInput', {
  fields: (t) => ({
    name: t.string({ description: `Trimmed, 1 to ${TEXT_LIMITS.name} characters.` }),
    email: t.string({ required: false }),
    phone: t.string({
      required: false,
      description: `At most ${TEXT_LIMITS.phone} characters.`,
    }),
    department: t.string({
      required: false,
      description: `At most ${TEXT_LIMITS.label} characters.`,
    }),
    hoursPerDay: t.field({
      type: 'Decimal',
      required: false,
      description: 'Working hours per day, more than 0 and at most 24; 8 when omitted.',
    }),
  }),
});

builder.mutationField('createEmployee', (t) =>
  t.field({
    type: EmployeeRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ input: t.arg({ type: EmployeeInput }) }, createEmployeeArgs),
    resolve: (_root, { input }, context) =>
      createEmployee(context.db, {
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        department: input.department ?? null,
        hoursPerDay: input.hoursPerDay ?? '8',
      }),
  }),
);

builder.mutationField('updateEmployee', (t) =>
  t.field({
    type: EmployeeRef,
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate({ id: t.arg.id(), input: t.arg({ type: EmployeeInput }) }, updateEmployeeArgs),
    resolve: (_root, { id, input }, context) =>
      updateEmployee(context.db, id, {
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        department: input.department ?? null,
        ...(input.hoursPerDay ? { hoursPerDay: input.hoursPerDay } : {}),
      }),
  }),
);
