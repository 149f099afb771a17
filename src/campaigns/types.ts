// GraphQL entry of the campaigns feature: each module registers its types and fields.
import './campaign-node.js';
import './campaign-query.js';
import './campaign-mutations.js';
import './target-mutations.js';
import './opportunity-fields.js';

export { CampaignRef } from './campaign-node.js';
