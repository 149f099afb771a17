import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Plugin } from 'graphql-yoga';
import { authenticate, bearerToken } from '../auth/tokens.js';
import { findCrmError } from '../errors.js';
import type { AppServices, Viewer } from '../graphql/context.js';
import { moduleLogger } from '../logger.js';
import { contentDisposition } from './content-disposition.js';
import type { OpenedFile } from './file-store.js';
import { mayReadRecord } from './permissions.js';
import { attachments } from './tables.js';

const log = moduleLogger('files');

const ROUTE = /^\/files\/([^/]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ResponseClass = typeof Response;

function textResponse(Response: ResponseClass, status: number, message: string, headers = {}) {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}

/**
 * Returns whether the viewer may download a stored file. Managers and admins may download any
 * file, agents a file they stored or one attached to a record they may read.
 */
async function mayDownload(services: AppServices, viewer: Viewer, file: OpenedFile['file']) {
  if (viewer.role !== 'AGENT' || file.createdById === viewer.userId) return true;

  const links = await services.db
    .select({ type: attachments.recordType, id: attachments.recordId })
    .from(attachments)
    .where(eq(attachments.fileId, file.id));

  return links.some((link) => mayReadRecord(viewer, link));
}

function fileResponse(Response: ResponseClass, request: Request, opened: OpenedFile): Response {
  const etag = `"${opened.file.sha256}"`;
  const headers = {
    'content-type': opened.file.contentType,
    'content-disposition': contentDisposition(opened.file.filename),
    // Files are untrusted: never sniffed into HTML, never run as a page of this origin.
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-cache',
    etag,
  };
  if (request.method === 'HEAD' || request.headers.get('if-none-match') === etag) {
    opened.stream.destroy();
    const status = request.method === 'HEAD' ? 200 : 304;

    return new Response(null, { status, headers });
  }

  const body = opened.stream as unknown as ReadableStream<Uint8Array>;

  return new Response(body, {
    headers: { ...headers, 'content-length': String(opened.file.size) },
  });
}

async function serveFile(services: AppServices, request: Request, Response: ResponseClass) {
  const id = ROUTE.exec(new URL(request.url).pathname)![1]!;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(Response, 405, 'use GET to download a file', { allow: 'GET, HEAD' });
  }

  const token = bearerToken(request.headers.get('authorization'));
  const viewer = token ? await authenticate(services.db, token) : null;
  if (!viewer) {
    return textResponse(Response, 401, 'missing or invalid bearer token; log in to get one', {
      'www-authenticate': 'Bearer',
    });
  }

  const opened = UUID.test(id)
    ? await services.files.openFile(services.db, id).catch(notFound)
    : null;
  if (!opened || !(await mayDownload(services, viewer, opened.file))) {
    opened?.stream.destroy();

    return textResponse(Response, 404, `no file has id "${id}" that you may read`);
  }

  return fileResponse(Response, request, opened);
}

function notFound(error: unknown): null {
  if (findCrmError(error)?.code === 'NOT_FOUND') return null;
  throw error;
}

/**
 * Serves `GET /files/:id`: the content of a stored file, to a caller with a bearer token who may
 * read a record the file is attached to. Unknown and unreadable files both return 404, so the
 * route does not reveal which ids exist.
 */
export function useFileDownloads(services: AppServices): Plugin {
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (!ROUTE.test(new URL(request.url).pathname)) return;

      try {
        endResponse(await serveFile(services, request, fetchAPI.Response));
      } catch (error) {
        // Errors thrown from onRequest would reach the HTTP server unhandled.
        const errorId = randomUUID();
        log.error({ err: error, errorId }, 'file download failed');
        endResponse(textResponse(fetchAPI.Response, 500, `download failed (error id ${errorId})`));
      }
    },
  };
}
