// The outgoing email API for features: queue an email in a transaction.
export { type EmailLogRow, queueEmail, type QueueEmailInput } from './queue-email.js';
