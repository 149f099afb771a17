import { formatLocal } from '../reminders/content.js';

export interface FollowUpFacts {
  opportunityTitle: string;
  /** The stage the row recorded, such as OFFER. */
  stage: string;
  notes: string | null;
  followUpAt: Date;
  /** The follow-up date applied before, when this one moves it. */
  previousFollowUpAt: Date | null;
  timeZone: string;
}

const STAGE_NAMES: Record<string, string> = {
  NEW: 'New',
  PRESENTATION: 'Presentation',
  OFFER: 'Offer',
  NEGOTIATION: 'Negotiation',
  SALE: 'Sale',
  LOST: 'Lost',
};

const stageName = (stage: string) => STAGE_NAMES[stage] ?? stage;

/** Builds the title of the follow-up task, such as `Follow-up (Offer): Servers for Acme`. */
export function followUpTaskTitle(facts: FollowUpFacts): string {
  return `Follow-up (${stageName(facts.stage)}): ${facts.opportunityTitle}`;
}

function details(facts: FollowUpFacts): string[] {
  const lines = [
    `Opportunity: ${facts.opportunityTitle}`,
    `Stage: ${stageName(facts.stage)}`,
    `Follow-up date: ${formatLocal(facts.followUpAt, facts.timeZone)}`,
  ];
  if (facts.previousFollowUpAt) {
    lines.push(`Previous follow-up date: ${formatLocal(facts.previousFollowUpAt, facts.timeZone)}`);
  }
  if (facts.notes) lines.push(`Notes: ${facts.notes}`);

  return lines;
}

/** Builds the in-app message that informs a delegate of a new follow-up task. */
export function followUpMessage(facts: FollowUpFacts) {
  return {
    subject: `New follow-up task: ${facts.opportunityTitle}`,
    body: [`You are the delegate of this stage and have a follow-up task.`, ...details(facts)].join(
      '\n',
    ),
  };
}

/** Builds the email to a delegate who has no user, for a new or a moved follow-up. */
export function followUpEmail(facts: FollowUpFacts) {
  const moved = facts.previousFollowUpAt !== null;

  return {
    subject: `${moved ? 'Follow-up moved' : 'Follow-up'}: ${facts.opportunityTitle}`,
    body: [
      moved
        ? 'The follow-up date of a stage you are the delegate of has changed.'
        : 'You are the delegate of this opportunity stage; please follow up by the date below.',
      ...details(facts),
    ].join('\n'),
  };
}
