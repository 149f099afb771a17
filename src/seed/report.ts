import type { SeedReport } from './seed-demo.js';

const COUNT_LABELS: Record<keyof SeedReport['counts'], string> = {
  users: 'users',
  employees: 'employees',
  partners: 'partners',
  sites: 'partner sites',
  siteEmails: 'site email addresses',
  contacts: 'contact persons',
  campaigns: 'campaigns',
  campaignTargets: 'campaign targets',
  lossReasons: 'loss reasons',
  opportunities: 'opportunities',
  stageRows: 'stage history rows',
  tasks: 'tasks',
  taskResponses: 'task responses',
};

/** Formats the row counts of a seed as aligned lines for the terminal. */
export function formatSeedCounts(report: SeedReport): string {
  return Object.entries(COUNT_LABELS)
    .map(([key, label]) => {
      const value = report.counts[key as keyof SeedReport['counts']];

      return `  ${label.padEnd(22)}${String(value).padStart(7)}`;
    })
    .join('\n');
}

/**
 * Formats the demo logins with their passwords for the terminal. They are printed, never
 * logged, and are public, so the output reminds the operator to replace them.
 */
export function formatDemoLogins(report: SeedReport): string {
  const lines = report.logins.map(
    (login) => `  ${login.role.padEnd(8)}${login.email.padEnd(20)}${login.password}`,
  );

  return [
    'Demo logins (public passwords: change them with `crm user passwd` before real use):',
    ...lines,
  ].join('\n');
}
