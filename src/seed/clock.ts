import { DateTime } from 'luxon';
import type { SeededRandom } from './random.js';

/** The company time zone of the demo data: working hours are Romanian working hours. */
export const DEMO_TIME_ZONE = 'Europe/Bucharest';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Places demo events in time relative to `now`, in the company time zone, so deadlines and
 * follow-ups stay current whenever the data set is loaded. Only the times depend on `now`.
 */
export class SeedClock {
  readonly today: DateTime;
  private readonly noons = new Map<number, number>();

  constructor(
    readonly now: Date,
    private readonly random: SeededRandom,
  ) {
    this.today = DateTime.fromJSDate(now, { zone: DEMO_TIME_ZONE }).startOf('day');
  }

  /**
   * Returns a working-hours instant (08:00 to 17:45 local time) `days` days after today, in the
   * past for negative days. The time is counted from local noon, which is exact because Romania
   * changes its clocks at 03:00 and 04:00, outside working hours.
   */
  workingTime(days: number): Date {
    const minutes = this.random.int(8, 17) * 60 + this.random.pick([0, 15, 30, 45]);

    return new Date(this.noonOf(days) + (minutes - 12 * 60) * 60_000);
  }

  /** Returns a working-hours instant `daysAgo` days back, at least one, so never after now. */
  past(daysAgo: number): Date {
    return this.workingTime(-Math.max(1, daysAgo));
  }

  /** Returns the calendar date (YYYY-MM-DD) `days` days after today. */
  date(days: number): string {
    return this.today.plus({ days }).toISODate()!;
  }

  /** Returns the whole days from today's midnight to `instant`, negative for the past. */
  dayOffset(instant: Date): number {
    return Math.floor((instant.getTime() - this.today.toMillis()) / DAY_MS);
  }

  /** Returns the calendar date of an instant in the company time zone. */
  dateOf(instant: Date): string {
    return DateTime.fromJSDate(instant, { zone: DEMO_TIME_ZONE }).toISODate()!;
  }

  /** Returns local noon of the day `days` after today, cached because zone lookups are slow. */
  private noonOf(days: number): number {
    let noon = this.noons.get(days);
    if (noon === undefined) {
      noon = this.today.plus({ days }).set({ hour: 12 }).toMillis();
      this.noons.set(days, noon);
    }

    return noon;
  }
}
