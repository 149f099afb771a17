// The GraphQL schema of outgoing email: SMTP servers, mailboxes and the email log.
import './smtp-server-types.js';
import './mailbox-types.js';
import './email-log-types.js';
