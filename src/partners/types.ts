import './partner-queries.js';
import './partner-mutations.js';

export { PartnerKindEnum, PartnerRef } from './partner-type.js';
export { ContactRef, SiteRef } from './site-types.js';
