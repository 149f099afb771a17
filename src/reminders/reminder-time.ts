import { DateTime } from 'luxon';

/**
 * Returns when a reminder `daysBefore` calendar days before `deadline` is due: the same local
 * wall-clock time in `timeZone`. Across a DST change the reminder is therefore one hour more or
 * less than `daysBefore` times 24 hours before the deadline. With luxon 3.7, a local time that the spring change skips
 * (03:00-04:00 on the last Sunday of March in Europe/Bucharest) moves forward by the skipped hour,
 * and one that the autumn change repeats takes the later, standard-time offset. PostgreSQL 15's
 * `at time zone` resolves both cases the same way, which `dueAtSql` relies on.
 */
export function reminderDueAt(deadline: Date, daysBefore: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(deadline, { zone: timeZone });
  if (!local.isValid)
    throw new RangeError(`invalid time zone "${timeZone}" or deadline; use an IANA zone name`);

  return local.minus({ days: daysBefore }).toJSDate();
}
