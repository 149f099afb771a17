import { builder } from '../graphql/builder.js';
import { mutationErrors } from '../graphql/error-types.js';
import { OpportunityRef } from './opportunity-node.js';
import { setOpportunityStagePotentialArgs, setStagePotentialArgs } from './opportunity-schemas.js';
import { assertMayChangeOpportunity } from './permissions.js';
import {
  listStagePotentials,
  setDefaultStagePotential,
  setOpportunityStagePotential,
} from './potentials.js';
import { lockOpportunity } from './service.js';
import { StagePotentialRef, StageEnum } from './stage-types.js';

builder.queryField('stagePotentials', (t) =>
  t.field({
    type: [StagePotentialRef],
    description: 'Default potential of every stage, in pipeline order.',
    resolve: (_root, _args, context) => listStagePotentials(context.db),
  }),
);

builder.mutationField('setStagePotential', (t) =>
  t.field({
    type: StagePotentialRef,
    description:
      'Sets the default potential of a stage, which opportunities at that stage without an override take.',
    authScopes: { admin: true },
    errors: mutationErrors,
    args: t.validate(
      { stage: t.arg({ type: StageEnum }), potential: t.arg({ type: 'Decimal' }) },
      setStagePotentialArgs,
    ),
    resolve: (_root, args, context) =>
      context.db.transaction((tx) => setDefaultStagePotential(tx, args.stage, args.potential)),
  }),
);

builder.mutationField('setOpportunityStagePotential', (t) =>
  t.field({
    type: OpportunityRef,
    description:
      'Overrides the potential of one stage on one opportunity. A null potential removes the override.',
    errors: mutationErrors,
    args: t.validate(
      {
        opportunityId: t.arg.id(),
        stage: t.arg({ type: StageEnum }),
        potential: t.arg({ type: 'Decimal', required: false }),
      },
      setOpportunityStagePotentialArgs,
    ),
    resolve: (_root, args, context) =>
      context.db.transaction(async (tx) => {
        const opportunity = await lockOpportunity(tx, args.opportunityId, 'opportunityId');
        assertMayChangeOpportunity(
          context.viewer!,
          opportunity.ownerId,
          'setOpportunityStagePotential',
        );
        await setOpportunityStagePotential(tx, opportunity, args.stage, args.potential ?? null);

        return lockOpportunity(tx, opportunity.id);
      }),
  }),
);
