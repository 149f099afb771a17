import { UnauthenticatedError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { isTokenValid } from './tokens.js';

/**
 * Wraps a subscription's event stream so it ends once the viewer's token stops authenticating
 * (logout, revocation, expiry or a deactivated user). One statement checks the token before
 * each event is yielded, so the first event after that point is dropped and the stream completes.
 * An idle stream stays open until its next event arrives.
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
          if (result.done || (await isTokenValid(context.db, viewer.tokenId))) return result;

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
