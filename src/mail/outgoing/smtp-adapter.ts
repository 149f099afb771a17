import { createTransport, type Transporter } from 'nodemailer';
import type { OutgoingMessage, SmtpEndpoint, SmtpOutcome } from './smtp-types.js';
import { classifySmtpError } from './smtp-errors.js';

// NOTE: the tests run SMTP without TLS only; the STARTTLS and TLS settings are untested here.
/**
 * Builds nodemailer's SMTP settings for an endpoint. Certificates are verified against the
 * system's trusted authorities, as Node.js does by default.
 */
export function smtpOptions(endpoint: SmtpEndpoint) {
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'TLS',
    requireTLS: endpoint.security === 'STARTTLS',
    // NONE means plain SMTP even when the server offers STARTTLS.
    ignoreTLS: endpoint.security === 'NONE',
    auth: endpoint.auth ?? undefined,
    connectionTimeout: endpoint.timeoutMs,
    greetingTimeout: endpoint.timeoutMs,
    socketTimeout: endpoint.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Sends one message over a transport and returns the server's reply. SMTP failures are returned, not thrown. */
export async function sendMessage(
  transport: Transporter,
  message: OutgoingMessage,
): Promise<SmtpOutcome> {
  try {
    const info = await transport.sendMail({
      messageId: message.messageId,
      from: message.from,
      to: message.to,
      cc: message.cc,
      subject: message.subject,
      text: message.text,
      html: message.html ?? undefined,
      headers: message.headers,
      attachments: message.attachments.map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        content: attachment.content,
      })),
    });

    const answer = String(info.response ?? '');

    return {
      kind: 'SENT',
      answer,
      responseCode: Number(/^\d{3}/.exec(answer)?.[0]) || null,
      rejected: (info.rejected ?? []).map(String),
    };
  } catch (error) {
    return classifySmtpError(error);
  } finally {
    // A failed attempt may leave streams unread, and each one keeps its file open.
    for (const attachment of message.attachments) attachment.content.destroy();
  }
}

/** Connects and logs in (when the endpoint has a login) without sending anything. */
export async function verifySmtpLogin(endpoint: SmtpEndpoint): Promise<SmtpOutcome> {
  const transport = createTransport(smtpOptions(endpoint));
  try {
    await transport.verify();

    return { kind: 'SENT', answer: 'login accepted', responseCode: null, rejected: [] };
  } catch (error) {
    return classifySmtpError(error);
  } finally {
    transport.close();
  }
}
