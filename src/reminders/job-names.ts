/** Finds reminders that came due, records each once and requests its delivery job. */
export const SCAN_REMINDERS_JOB = 'reminders.scan';

/** Delivers up to 50 scheduled reminders due within one second: `{ reminderIds }`. */
export const DELIVER_REMINDER_JOB = 'reminders.deliver';
