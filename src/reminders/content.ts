import { DateTime } from 'luxon';

export interface ReminderText {
  subject: string;
  body: string;
}

export interface ReminderFacts {
  taskTitle: string;
  deadline: Date;
  dueAt: Date;
  daysBefore: number;
  late: boolean;
  timeZone: string;
}

/** Formats an instant as local date and time in the company zone, such as 2026-03-28 09:00 EET. */
export function formatLocal(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
}

/** Builds the subject and body of a deadline reminder, shared by the message and the email. */
export function reminderText(facts: ReminderFacts): ReminderText {
  const deadline = formatLocal(facts.deadline, facts.timeZone);
  const subject = `${facts.late ? 'Late reminder' : 'Reminder'}: ${facts.taskTitle}`;
  const when = facts.daysBefore === 0 ? 'at the deadline' : `${facts.daysBefore} day(s) before it`;
  const lines = [
    `The task "${facts.taskTitle}" has its deadline at ${deadline}; this reminder is ${when}.`,
  ];
  if (facts.late) {
    lines.push(
      `This reminder was due at ${formatLocal(facts.dueAt, facts.timeZone)} and is sent late.`,
    );
  }

  return { subject, body: lines.join('\n') };
}
