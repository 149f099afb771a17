import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmailsInText } from '../src/logger.js';

/** Creates a logger that keeps its output lines for inspection. */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });

  return { log: createLogger(destination), output: () => lines.join('') };
}

/** Builds a Drizzle query error as postgres.js raises it, with customer data in its text. */
function failedQuery(): Error {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: '22021',
    routine: 'report_invalid_encoding',
  });

  return new Error(
    'Failed query: insert into tasks (title, body) values ($1, $2)\nparams: Offer for ana.pop@firma.ro,SECRET BODY',
    { cause },
  );
}

describe('logger', () => {
  it('masks addresses inside free text', () => {
    const masked = maskEmailsInText('550 5.1.1 <reject.second@nordinstal.example>: rejected');

    expect(masked).toBe('550 5.1.1 <r***@nordinstal.example>: rejected');
  });

  it('leaves already masked addresses alone', () => {
    expect(maskEmailsInText('a***@firma.ro')).toBe('a***@firma.ro');
  });

  it('masks addresses in logged fields', () => {
    const { log, output } = capturingLogger();
    log.warn({ answer: '550 <ana.pop@firma.ro> unknown', to: ['ion@firma.ro'] }, 'failed');

    expect(output()).not.toContain('ana.pop@firma.ro');
    expect(output()).not.toContain('ion@firma.ro');
    expect(output()).toContain('a***@firma.ro');
  });

  it('masks addresses in the message', () => {
    const { log, output } = capturingLogger();
    log.info('sent to ana.pop@firma.ro');

    expect(output()).toContain('sent to a***@firma.ro');
  });

  it('drops the SQL text and parameters of a failed query', () => {
    const { log, output } = capturingLogger();
    log.error({ err: failedQuery(), jobId: 'job-1' }, 'job failed');

    expect(output()).not.toContain('SECRET BODY');
    expect(output()).not.toContain('insert into tasks');
    expect(output()).toContain('SQL and parameters omitted');
    expect(output()).toContain('22021');
    expect(output()).toContain('job-1');
  });

  it('masks addresses in error messages', () => {
    const { log, output } = capturingLogger();
    log.error({ err: new Error('mailbox ana.pop@firma.ro is full') }, 'delivery failed');

    expect(output()).not.toContain('ana.pop@firma.ro');
    expect(output()).toContain('"stack"');
  });

  it('still redacts passwords', () => {
    const { log, output } = capturingLogger();
    log.info({ mailbox: { password: 'hunter2-secret' } }, 'mailbox saved');

    expect(output()).not.toContain('hunter2-secret');
  });
});
