/**
 * Email import in the GraphQL schema: imported emails, the review queue, the import folder and
 * the IMAP mailboxes. Importing this module registers all of them on the schema builder.
 */
import './imported-email-queries.js';
import './review-types.js';
import './folder-status-types.js';
import './email-bounce-types.js';
import '../imap/mailbox-types.js';

export { ImportedEmailRef } from './imported-email-node.js';
