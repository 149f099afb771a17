/**
 * Zod schemas for the arguments of SMTP server mutations, which report every invalid field at
 * once with its input path.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { globalIdOf } from '../../graphql/global-id.js';
import { boundedText, emailAddress, requiredText, TEXT_LIMITS } from '../../validation/text.js';

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True for an IPv4 or IPv6 address, or a DNS name of at most 253 characters (RFC 1035). */
function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;

  return value.length <= 253 && value.split('.').every((label) => DNS_LABEL.test(label));
}

const smtpServerInput = z.object({
  name: requiredText(TEXT_LIMITS.name, 'name the server, such as "Office relay"'),
  host: boundedText(TEXT_LIMITS.hostName)
    .trim()
    .pipe(
      z
        .string()
        .refine(
          isHostName,
          'must be a host name such as smtp.firma.ro or an IP address such as 192.0.2.10; each dot-separated label has 1 to 63 letters, digits or inner hyphens',
        ),
    ),
  port: z.number().int().min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
  security: z.enum(['NONE', 'STARTTLS', 'TLS']),
  senderAddress: emailAddress('crm@firma.ro'),
  username: boundedText(TEXT_LIMITS.username).nullish(),
  password: boundedText(TEXT_LIMITS.password).nullish(),
  isDefault: z.boolean().nullish(),
});

export type SmtpServerInputValues = z.infer<typeof smtpServerInput>;

export const createSmtpServerArgs = z.object({ input: smtpServerInput });

export const updateSmtpServerArgs = z.object({
  id: globalIdOf('SmtpServer'),
  input: smtpServerInput,
});
