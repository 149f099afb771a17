/** Delivers one queued email: `{ emailId, attempt }`. */
export const DELIVER_EMAIL_JOB = 'email.deliver';

/** Makes the first attempt of several queued emails: `{ emailIds }`. Retries go to `email.deliver`. */
export const DELIVER_EMAIL_BATCH_JOB = 'email.deliver-batch';

/** Re-enqueues queued emails whose delivery job was lost. */
export const REQUEUE_STALE_EMAILS_JOB = 'email.requeue-stale';
