/** Delivers one queued email: `{ emailId, attempt }`. */
export const DELIVER_EMAIL_JOB = 'email.deliver';

/** Re-enqueues queued emails whose delivery job was lost. */
export const REQUEUE_STALE_EMAILS_JOB = 'email.requeue-stale';
