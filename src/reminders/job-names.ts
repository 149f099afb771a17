/** Finds reminders that came due, records each once and requests its delivery job. */
export const SCAN_REMINDERS_JOB = 'reminders.scan';

/** Delivers one scheduled reminder: `{ reminderId }`. */
export const DELIVER_REMINDER_JOB = 'reminders.deliver';
