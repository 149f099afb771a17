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

/**
 * Formatted instants by time and zone. Luxon's lookup of the zone abbreviation took about 40% of
 * the reminder job's CPU time in a profile, and the reminders of a burst share few deadlines.
 */
const formattedInstants = new Map<string, string>();
const MAX_FORMATTED_INSTANTS = 1000;

/** Formats an instant as local date and time in the company zone, such as 2026-03-28 09:00 EET. */
export function formatLocal(instant: Date, timeZone: string): string {
  const key = `${instant.getTime()} ${timeZone}`;
  let text = formattedInstants.get(key);
  if (text === undefined) {
    text = DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
    if (formattedInstants.size >= MAX_FORMATTED_INSTANTS) formattedInstants.clear();
    formattedInstants.set(key, text);
  }

  return text;
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
