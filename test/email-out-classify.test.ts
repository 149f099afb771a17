import { describe, expect, it } from 'vitest';
import { createMessageId } from '../src/mail/outgoing/message-id.js';
import { createPasswordCipher } from '../src/mail/outgoing/password-cipher.js';
import { classifySmtpError } from '../src/mail/outgoing/smtp-errors.js';

describe('SMTP error classification', () => {
  const cases = [
    { error: { responseCode: 421, response: '421 busy', code: 'EMESSAGE' }, kind: 'TEMPORARY' },
    { error: { responseCode: 451, response: '451 later', code: 'EMESSAGE' }, kind: 'TEMPORARY' },
    { error: { responseCode: 454, response: '454 auth later', code: 'EAUTH' }, kind: 'TEMPORARY' },
    { error: { responseCode: 550, response: '550 no user', code: 'EMESSAGE' }, kind: 'PERMANENT' },
    { error: { responseCode: 535, response: '535 bad login', code: 'EAUTH' }, kind: 'PERMANENT' },
    { error: { code: 'ECONNECTION', message: 'Connection closed' }, kind: 'TEMPORARY' },
    { error: { code: 'ETIMEDOUT', message: 'Timeout' }, kind: 'TEMPORARY' },
    { error: { code: 'ESOCKET', message: 'connect ECONNREFUSED' }, kind: 'TEMPORARY' },
    { error: { code: 'EENVELOPE', message: 'No recipients defined' }, kind: 'PERMANENT' },
    { error: new Error('unexpected'), kind: 'PERMANENT' },
  ] as const;

  for (const { error, kind } of cases) {
    const label = 'responseCode' in error ? error.responseCode : (error as { code?: string }).code;
    it(`classifies ${label ?? 'an unknown error'} as ${kind}`, () => {
      expect(classifySmtpError(error).kind).toBe(kind);
    });
  }

  it("keeps the server's reply as the answer", () => {
    const outcome = classifySmtpError({ responseCode: 550, response: '550 5.1.1 no such user' });

    expect(outcome.answer).toBe('550 5.1.1 no such user');
  });
});

describe('password cipher', () => {
  const cipher = createPasswordCipher('a-secret-of-at-least-thirty-two-characters');

  it('decrypts what it encrypted', () => {
    expect(cipher.decrypt(cipher.encrypt('pässword 1'))).toBe('pässword 1');
  });

  it('uses a new IV for each encryption', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('rejects text encrypted under another secret', () => {
    const other = createPasswordCipher('another-secret-of-at-least-thirty-two-chars');

    expect(() => cipher.decrypt(other.encrypt('password'))).toThrow();
  });

  it('rejects altered ciphertext', () => {
    const stored = cipher.encrypt('password');
    const altered = `${stored.slice(0, -2)}${stored.endsWith('A') ? 'B' : 'A'}${stored.slice(-1)}`;

    expect(() => cipher.decrypt(altered)).toThrow();
  });
});

describe('Message-ID', () => {
  it("uses the sender's domain", () => {
    expect(createMessageId('ana@firma.ro')).toMatch(/^<[0-9a-f-]{36}@firma\.ro>$/);
  });
});
