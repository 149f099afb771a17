/** Stages in pipeline order. LOST closes an opportunity from any open stage. */
export const STAGES = ['NEW', 'PRESENTATION', 'OFFER', 'NEGOTIATION', 'SALE', 'LOST'] as const;

export type Stage = (typeof STAGES)[number];

/** The stage numbers users know: 0 to 4 for the open and won stages, X for LOST. */
export const STAGE_NUMBERS: Record<Stage, string> = {
  NEW: '0',
  PRESENTATION: '1',
  OFFER: '2',
  NEGOTIATION: '3',
  SALE: '4',
  LOST: 'X',
};

export function isClosedStage(stage: Stage): boolean {
  return stage === 'SALE' || stage === 'LOST';
}

/**
 * Returns why an opportunity at `current` may not enter `next` through a stage advance, or null
 * when it may. Stages move forward and may skip stages, and entering the current stage again adds a
 * history row (a new meeting, a revised offer). LOST is entered only by marking the opportunity
 * lost, which records the loss reason.
 */
export function stageAdvanceProblem(current: Stage, next: Stage): string | null {
  if (current === 'LOST') {
    return 'the opportunity is LOST and takes no further stages; create a new opportunity instead';
  }
  if (next === 'LOST') {
    return 'LOST is entered with markOpportunityLost, which records the loss reason';
  }
  if (current === 'SALE' && next !== 'SALE') {
    return 'the opportunity is won (SALE) and cannot leave that stage';
  }
  if (STAGES.indexOf(next) < STAGES.indexOf(current)) {
    return `stages only move forward and the opportunity is at ${current} (${STAGE_NUMBERS[current]}); pass ${current} or a later stage`;
  }

  return null;
}
