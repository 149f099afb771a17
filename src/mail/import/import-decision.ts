import type { Executor } from '../../db/client.js';
import type { MessageAnalysis } from '../analyze/analyze-message.js';
import type { ParsedMessage } from '../types.js';
import type { ImportStatus } from './tables.js';
import { findThreadTask, lockThread } from './thread-task.js';

/** The outcome chosen for a message that is neither recorded nor a duplicate. */
export interface ImportDecision {
  status: Exclude<ImportStatus, 'DUPLICATE' | 'FAILED'>;
  partnerId: string | null;
  siteId: string | null;
  /** The task of the message this one replies to; the email joins it instead of creating one. */
  threadTaskId: string | null;
  createTask: boolean;
}

function matchedSite(analysis: MessageAnalysis) {
  const match = analysis.match;

  return match.status === 'matched'
    ? { partnerId: match.partnerId, siteId: match.siteId }
    : { partnerId: null, siteId: null };
}

/**
 * Files a bounce on the partner whose site has the failed recipient, when only one does. The
 * import also counts the bounce against each such address (`recordEmailBounce`).
 */
function bouncedSite(analysis: MessageAnalysis) {
  const sites = analysis.bounce?.relatedSites ?? [];
  const partners = new Set(sites.map((site) => site.partnerId));

  return partners.size === 1
    ? { partnerId: sites[0]!.partnerId, siteId: sites[0]!.siteId }
    : { partnerId: null, siteId: null };
}

/**
 * Decides the outcome of a message. Bounces and automatic replies never create a task and never
 * join a thread. Any other message joins the task of its thread when one exists (see
 * `findThreadTask`), even from an address no partner has, and whichever message of the thread
 * came first. Otherwise a matched message creates a task, and an unmatched or ambiguous one waits
 * in the review queue. Runs inside the import's transaction, which holds the thread's lock.
 */
export async function decideImport(
  db: Executor,
  message: ParsedMessage,
  analysis: MessageAnalysis,
): Promise<ImportDecision> {
  const none = { threadTaskId: null, createTask: false };
  const kind = analysis.classification.kind;
  if (kind === 'bounce') return { status: 'BOUNCE', ...bouncedSite(analysis), ...none };
  if (kind === 'auto_reply') return { status: 'AUTO_REPLY', ...matchedSite(analysis), ...none };

  await lockThread(db, message);
  const thread = await findThreadTask(db, message);
  const site = matchedSite(analysis);
  if (thread) {
    const partnerId = site.partnerId ?? thread.beneficiaryId;
    const siteId = site.partnerId ? site.siteId : null;

    return {
      status: 'IMPORTED',
      partnerId,
      siteId,
      threadTaskId: thread.taskId,
      createTask: false,
    };
  }

  if (analysis.match.status === 'matched') {
    return { status: 'IMPORTED', ...site, threadTaskId: null, createTask: true };
  }
  const status = analysis.match.status === 'ambiguous' ? 'AMBIGUOUS' : 'UNMATCHED';

  return { status, ...site, ...none };
}
