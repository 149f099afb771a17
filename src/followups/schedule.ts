import type { Executor } from '../db/client.js';
import { enqueueManyAfterCommit } from '../jobs/outbox.js';
import { onStageChanged } from '../opportunities/stage-events.js';

/** Creates or moves the follow-up of one stage row: `{ stageId }`. */
export const FOLLOW_UP_JOB = 'followups.apply';

/**
 * Requests the follow-up job of each stage row in the caller's transaction, so it runs only if
 * the stage change commits. Any code that changes a stage row's follow-up date or delegate calls
 * this. The job reads the row as committed, so calling it for an unchanged row does nothing.
 */
export async function scheduleFollowUps(tx: Executor, stageIds: string[]): Promise<void> {
  await enqueueManyAfterCommit(
    tx,
    stageIds.map((stageId) => ({ jobName: FOLLOW_UP_JOB, data: { stageId } })),
  );
}

let unregister: (() => void) | null = null;

/**
 * Makes every new stage row with a follow-up date request its follow-up job. Each process that
 * writes stage rows (the api) calls this once at start; later calls change nothing.
 */
export function registerFollowUps(): void {
  if (unregister) return;

  unregister = onStageChanged(async (changes, tx) => {
    const dated = changes.filter((change) => change.followUpAt !== null);
    await scheduleFollowUps(
      tx,
      dated.map((change) => change.stageRowId),
    );
  });
}
