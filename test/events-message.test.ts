import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '../src/events/event-message.js';

const log = pino({ level: 'silent' });

describe('event messages', () => {
  it('round-trips an event', () => {
    const text = encodeEvent('taskAssigned', { userId: 'u1', taskId: 't1' });

    expect(decodeEvent(text, log)).toEqual({
      event: 'taskAssigned',
      payload: { userId: 'u1', taskId: 't1' },
    });
  });

  it('rejects a payload over the NOTIFY limit', () => {
    const change = 'x'.repeat(8000);

    expect(() => encodeEvent('taskUpdated', { userId: 'u1', taskId: 't1', change })).toThrow(
      /above the 7900-byte limit/,
    );
  });

  it('ignores malformed messages', () => {
    expect(decodeEvent('{"event":"taskAssigned","payload":{}}', log)).toBeNull();
    expect(decodeEvent('not json', log)).toBeNull();
  });
});
