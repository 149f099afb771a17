import { UserRef } from '../auth/types.js';
import { builder } from '../graphql/builder.js';
import { anyOf } from '../graphql/pagination.js';
import { dossiers } from './tables.js';
import { NotFoundError } from '../errors.js';

export type DossierRow = typeof dossiers.$inferSelect;

/** A named folder [dosar] that attachments of any records are filed into. */
export const DossierRef = builder.loadableNode('Dossier', {
  description: 'A named folder [dosar] that attachments of any records are filed into.',
  id: { resolve: (dossier: DossierRow) => dossier.id },
  load: async (ids: string[], context) => {
    const rows = await context.db.select().from(dossiers).where(anyOf(dossiers.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    return ids.map((id) => byId.get(id) ?? new NotFoundError('dossier', id));
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    createdBy: t.field({ type: UserRef, nullable: true, resolve: (row) => row.createdById }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
