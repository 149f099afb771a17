import type { users } from '../auth/tables.js';
import type { employees } from '../employees/tables.js';
import type { Role } from '../graphql/context.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import type { SeededRandom } from './random.js';
import { emailLocalPart, phoneNumber } from './text.js';

export const DEPARTMENT_SIZES = {
  Management: 4,
  Vânzări: 16,
  Service: 12,
  Marketing: 8,
} as const;

export type Department = keyof typeof DEPARTMENT_SIZES;

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
  department: Department;
}

/** The demo users; their passwords are public, so a database seeded with them is for trials. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    email: 'admin@demo.crm',
    password: 'demo-admin-2026',
    role: 'ADMIN',
    name: 'Andrei Ionescu',
    department: 'Management',
  },
  {
    email: 'manager@demo.crm',
    password: 'demo-manager-2026',
    role: 'MANAGER',
    name: 'Elena Popescu',
    department: 'Vânzări',
  },
  {
    email: 'agent@demo.crm',
    password: 'demo-agent-2026',
    role: 'AGENT',
    name: 'Mihai Stoica',
    department: 'Vânzări',
  },
  {
    email: 'agent2@demo.crm',
    password: 'demo-agent2-2026',
    role: 'AGENT',
    name: 'Ioana Mureșan',
    department: 'Service',
  },
];

export interface DemoPeople {
  users: (typeof users.$inferInsert & { id: string })[];
  employees: (typeof employees.$inferInsert & { id: string })[];
  /** Employee ids of each department. */
  departments: Record<Department, string[]>;
}

/** Builds the employees of every department and the demo users linked to some of them. */
export function buildPeople(random: SeededRandom, passwordHashes: readonly string[]): DemoPeople {
  const people: DemoPeople = {
    users: [],
    employees: [],
    departments: { Management: [], Vânzări: [], Service: [], Marketing: [] },
  };
  const usedEmails = new Set<string>();

  DEMO_LOGINS.forEach((login, index) => {
    const userId = random.uuid();
    people.users.push({
      id: userId,
      email: login.email,
      name: login.name,
      role: login.role,
      passwordHash: passwordHashes[index]!,
    });
    addEmployee(random, people, usedEmails, login.name, login.department, userId);
  });

  for (const [department, size] of Object.entries(DEPARTMENT_SIZES) as [Department, number][]) {
    while (people.departments[department].length < size) {
      const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
      addEmployee(random, people, usedEmails, name, department, null);
    }
  }

  return people;
}

function addEmployee(
  random: SeededRandom,
  people: DemoPeople,
  usedEmails: Set<string>,
  name: string,
  department: Department,
  userId: string | null,
): void {
  const local = emailLocalPart(name);
  let email = `${local}@demo.crm`;
  for (let suffix = 2; usedEmails.has(email); suffix += 1) email = `${local}${suffix}@demo.crm`;
  usedEmails.add(email);

  const id = random.uuid();
  people.employees.push({
    id,
    name,
    email,
    phone: phoneNumber(random),
    department,
    hoursPerDay: random.pick(['8', '8', '8', '8', '7.5', '6', '4']),
    userId,
  });
  people.departments[department].push(id);
}
