import DataLoader from 'dataloader';
import type { Executor } from '../db/client.js';
import { UnauthenticatedError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { validTokenIds } from './tokens.js';

/**
 * One batching loader per database client. An event reaches all its subscribers in the same
 * tick, so their token checks run as one statement instead of one per subscriber. Caching is
 * off, so every event reads the tokens' current state.
 */
const tokenCheckers = new WeakMap<Executor, DataLoader<string, boolean>>();

function tokenCheckerOf(db: Executor): DataLoader<string, boolean> {
  let checker = tokenCheckers.get(db);
  if (!checker) {
    checker = new DataLoader(
      async (tokenIds: readonly string[]) => {
        const valid = await validTokenIds(db, tokenIds);

        return tokenIds.map((tokenId) => valid.has(tokenId));
      },
      { cache: false },
    );
    tokenCheckers.set(db, checker);
  }

  return checker;
}

/**
 * Wraps a subscription's event stream so it ends once the viewer's token stops authenticating
 * (logout, revocation, expiry or a deactivated user). The token is checked before each event is
 * yielded, in one statement shared by the subscriptions that receive events in the same tick, so
 * the first event after that point is dropped and the stream completes. An idle stream stays open
 * until its next event arrives.
 */
export function whileTokenValid<T>(context: Context, source: AsyncIterable<T>): AsyncIterable<T> {
  const viewer = context.viewer;
  if (!viewer) throw new UnauthenticatedError();

  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const events = source[Symbol.asyncIterator]();
      // Forwarded directly, so a client that leaves releases its bus subscription at once.
      const end = async (): Promise<IteratorResult<T>> => {
        await events.return?.();

        return { done: true, value: undefined };
      };

      return {
        async next() {
          const result = await events.next();
          if (result.done || (await tokenCheckerOf(context.db).load(viewer.tokenId))) return result;

          context.log.info(
            { event: 'subscription_ended', userId: viewer.userId, tokenId: viewer.tokenId },
            'subscription ended because its token no longer authenticates',
          );

          return end();
        },
        return: end,
      };
    },
  };
}
