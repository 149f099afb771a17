// GraphQL entry of the opportunities feature: each module registers its types and fields.
import './stage-types.js';
import './loss-reason-types.js';
import './opportunity-node.js';
import './opportunity-query.js';
import './opportunity-mutations.js';
import './potential-types.js';
import './partner-fields.js';

export { OpportunityRef } from './opportunity-node.js';
export { StageEnum } from './stage-types.js';
