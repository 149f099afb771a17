import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/error-types.js';
import { globalIdOf } from '../../graphql/global-id.js';
import { SiteRef } from '../../partners/types.js';
import { boundedText, TEXT_LIMITS } from '../../validation/text.js';
import { clearEmailBounce } from './email-bounces.js';

builder.mutationField('clearEmailBounce', (t) =>
  t.field({
    type: SiteRef,
    description:
      'Clears the bounce record of an address of a site once the address works again; the address stays on the site. Records are kept per address, so the mark goes from every site that holds it.',
    authScopes: { manager: true },
    errors: mutationErrors,
    args: t.validate(
      {
        siteId: t.arg.id(),
        email: t.arg.string({ description: 'The address, as the site lists it in emails.' }),
      },
      z.object({
        siteId: globalIdOf('Site'),
        email: boundedText(TEXT_LIMITS.email).trim().toLowerCase(),
      }),
    ),
    resolve: async (_root, args, context) => {
      const cleared = await clearEmailBounce(context.db, args.siteId, args.email);
      context.log.info(
        { event: 'email_bounce_cleared', siteId: args.siteId, cleared },
        'email bounce cleared',
      );

      return args.siteId;
    },
  }),
);
