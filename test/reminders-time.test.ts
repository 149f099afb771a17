import { DateTime } from 'luxon';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderDueAt } from '../src/reminders/reminder-time.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const ZONE = 'Europe/Bucharest';
const HOUR = 3_600_000;

interface Case {
  name: string;
  deadline: string;
  daysBefore: number;
  expected: string;
  /** Hours between the reminder and the deadline. */
  hours: number;
}

// The last Sundays of March and October 2026 are the 29th and the 25th; in 2027 the 28th and
// the 31st. Europe/Bucharest is UTC+2 in winter (EET) and UTC+3 in summer (EEST).
const cases: Case[] = [
  {
    name: 'three days across the March change',
    deadline: '2026-03-31T06:00:00Z',
    daysBefore: 3,
    expected: '2026-03-28T07:00:00.000Z',
    hours: 71,
  },
  {
    name: 'two days across the March change',
    deadline: '2027-03-29T06:00:00Z',
    daysBefore: 2,
    expected: '2027-03-27T07:00:00.000Z',
    hours: 47,
  },
  {
    name: 'one day on the March change day',
    deadline: '2027-03-29T06:00:00Z',
    daysBefore: 1,
    expected: '2027-03-28T06:00:00.000Z',
    hours: 24,
  },
  {
    name: 'three days across the October change',
    deadline: '2026-10-26T07:00:00Z',
    daysBefore: 3,
    expected: '2026-10-23T06:00:00.000Z',
    hours: 73,
  },
  {
    name: 'two days across the October change',
    deadline: '2027-11-01T07:00:00Z',
    daysBefore: 2,
    expected: '2027-10-30T06:00:00.000Z',
    hours: 49,
  },
  {
    name: 'zero days is the deadline itself',
    deadline: '2027-03-28T10:00:00Z',
    daysBefore: 0,
    expected: '2027-03-28T10:00:00.000Z',
    hours: 0,
  },
  {
    name: 'thirty days across the March change',
    deadline: '2027-04-15T06:00:00Z',
    daysBefore: 30,
    expected: '2027-03-16T07:00:00.000Z',
    hours: 30 * 24 - 1,
  },
];

describe('reminder due time', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const deadline = new Date(testCase.deadline);
      const due = reminderDueAt(deadline, testCase.daysBefore, ZONE);
      const localDeadline = DateTime.fromJSDate(deadline, { zone: ZONE });
      const localDue = DateTime.fromJSDate(due, { zone: ZONE });

      expect(due.toISOString()).toBe(testCase.expected);
      expect((deadline.getTime() - due.getTime()) / HOUR).toBe(testCase.hours);
      expect(localDue.toFormat('HH:mm')).toBe(localDeadline.toFormat('HH:mm'));
      expect(localDeadline.startOf('day').diff(localDue.startOf('day'), 'days').days).toBe(
        testCase.daysBefore,
      );
    });
  }

  it('skipped spring hour moves forward', () => {
    // 03:30 on 2027-03-28 does not exist in Bucharest: the clocks go from 03:00 to 04:00.
    const due = reminderDueAt(new Date('2027-03-29T00:30:00Z'), 1, ZONE);

    expect(due.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(DateTime.fromJSDate(due, { zone: ZONE }).toFormat('HH:mm')).toBe('04:30');
  });

  it('repeated autumn hour takes standard time', () => {
    // 03:30 on 2027-10-31 happens twice in Bucharest, at 00:30Z (EEST) and at 01:30Z (EET).
    const due = reminderDueAt(new Date('2027-11-01T01:30:00Z'), 1, ZONE);

    expect(due.toISOString()).toBe('2027-10-31T01:30:00.000Z');
  });
});

describe('reminder due time in PostgreSQL', () => {
  let database: TestDatabase;
  let sql: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = postgres(database.url, { max: 1, onnotice: () => undefined });
  });
  afterAll(async () => {
    await sql.end();
    await database.drop();
  });

  // The scan filters and orders rules with this expression and stores the luxon value, so the
  // two must agree, DST changes and skipped or repeated hours included.
  const samples: [string, number][] = [
    ...cases.map((testCase): [string, number] => [testCase.deadline, testCase.daysBefore]),
    ['2027-03-29T00:30:00Z', 1],
    ['2027-11-01T01:30:00Z', 1],
    ['2027-11-01T00:30:00Z', 1],
  ];
  for (const [deadline, daysBefore] of samples) {
    it(`matches luxon for ${deadline} minus ${daysBefore} days`, async () => {
      const [row] = await sql<{ due: Date }[]>`
        select ((${deadline}::timestamptz at time zone ${ZONE})
          - make_interval(days => ${daysBefore}::int)) at time zone ${ZONE} as due`;

      expect(row!.due.toISOString()).toBe(
        reminderDueAt(new Date(deadline), daysBefore, ZONE).toISOString(),
      );
    });
  }
});
