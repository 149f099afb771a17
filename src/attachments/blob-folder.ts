import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import { formatBytes } from './file-metadata.js';

/** A Blob or File, including the ones graphql-yoga builds from multipart uploads. */
export interface BlobLike {
  readonly size: number;
  stream(): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

/** The content to store: bytes in memory, a stream, or a Blob. */
export type FileContent =
  | { bytes: Uint8Array; stream?: never; blob?: never }
  | { stream: AsyncIterable<Uint8Array | string>; bytes?: never; blob?: never }
  | { blob: BlobLike; bytes?: never; stream?: never };

export interface WrittenBlob {
  sha256: string;
  size: number;
}

/** Content written to `tmp/` and hashed, not yet in place under its SHA-256. */
export interface StagedBlob extends WrittenBlob {
  /** Moves the content into place; when a blob of the same SHA-256 is there, keeps that one. */
  place(): Promise<void>;
  /** Deletes the staged copy if it is still in `tmp/`; a no-op after `place`. */
  discard(): Promise<void>;
}

export interface BlobFolder {
  /** Writes the content to `tmp/` and hashes it; `filename` only names the file in errors. */
  stage(content: FileContent, filename: string): Promise<StagedBlob>;
  /** Returns the path of a stored blob, or null when it is not on disk. */
  existingPath(sha256: string): Promise<string | null>;
  /** Returns the last modification time of a stored blob, or null when it is not on disk. */
  modifiedAt(sha256: string): Promise<Date | null>;
  /** Deletes a stored blob; the caller must hold the exclusive lock of `blob-locks.ts`. */
  remove(sha256: string): Promise<void>;
  /** Lists the SHA-256 of every stored blob whose digest starts with the hex digit `shard`. */
  list(shard: string): Promise<string[]>;
  /** Deletes files in `tmp/` last modified before `before`, left by a crash; returns the count. */
  removeStaleParts(before: Date): Promise<number>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const HEX_DIGIT = /^[0-9a-f]$/;

/**
 * Creates the folder of blobs: each at `<root>/<first 2 hex digits>/<sha256>`. Paths are built
 * from the hex digest alone, never from a client's file name, so nothing lands outside `root`.
 * Content is first written to `<root>/tmp` (the same file system, so the rename is atomic) and
 * flushed to disk, so a crash leaves a whole blob or none.
 */
export function createBlobFolder(root: string, maxBytes: number): BlobFolder {
  const tmp = join(root, 'tmp');
  const blobPath = (sha256: string) => join(root, sha256.slice(0, 2), sha256);

  async function moveIntoPlace(tempPath: string, sha256: string): Promise<void> {
    const target = blobPath(sha256);
    if (await exists(target)) {
      await rm(tempPath, { force: true });

      return;
    }

    await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
    await rename(tempPath, target);
  }

  return {
    async stage(content, filename) {
      assertDeclaredSize(content, filename, maxBytes);
      await mkdir(tmp, { recursive: true });
      const tempPath = join(tmp, `${randomUUID()}.part`);

      let written: WrittenBlob;
      try {
        written = await writeHashed(tempPath, chunksOf(content), filename, maxBytes);
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }

      return {
        ...written,
        place: () => moveIntoPlace(tempPath, written.sha256),
        discard: () => rm(tempPath, { force: true }),
      };
    },

    async existingPath(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      const path = blobPath(sha256);

      return (await exists(path)) ? path : null;
    },

    async modifiedAt(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;

      return (await statOrNull(blobPath(sha256)))?.mtime ?? null;
    },

    async remove(sha256) {
      if (!SHA256_HEX.test(sha256)) return;
      await rm(blobPath(sha256), { force: true });
    },

    async list(shard) {
      if (!HEX_DIGIT.test(shard)) return [];
      const found: string[] = [];
      for (const folder of await namesIn(root)) {
        if (folder.length !== 2 || !folder.startsWith(shard)) continue;
        const names = await namesIn(join(root, folder));
        found.push(...names.filter((name) => SHA256_HEX.test(name) && name.startsWith(folder)));
      }

      return found;
    },

    async removeStaleParts(before) {
      let removed = 0;
      for (const name of await namesIn(tmp)) {
        const path = join(tmp, name);
        const info = await statOrNull(path);
        if (!info?.isFile() || info.mtime >= before) continue;
        await rm(path, { force: true });
        removed += 1;
      }

      return removed;
    },
  };
}

/** Returns the entry names of a folder, or none when the folder does not exist. */
async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Streams chunks into a new file while hashing and counting; stops past `maxBytes`. */
async function writeHashed(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  filename: string,
  maxBytes: number,
): Promise<WrittenBlob> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(path, 'wx', 0o600);

  try {
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(filename, size, maxBytes, 'at least ');

      hash.update(chunk);
      await writeAll(handle, chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }

  return { sha256: hash.digest('hex'), size };
}

async function writeAll(
  handle: Awaited<ReturnType<typeof open>>,
  chunk: Uint8Array,
): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset);
    offset += bytesWritten;
  }
}

async function* chunksOf(content: FileContent): AsyncIterable<Uint8Array> {
  if (content.bytes) {
    yield content.bytes;

    return;
  }

  const source = content.blob ? content.blob.stream() : content.stream!;
  const iterable = Symbol.asyncIterator in source ? source : readAll(source);
  for await (const chunk of iterable) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

/** Reads a web stream through its reader, for streams that are not async iterable. */
async function* readAll(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Rejects content whose size is known up front, before anything is written. */
function assertDeclaredSize(content: FileContent, filename: string, maxBytes: number): void {
  const size = content.bytes?.byteLength ?? content.blob?.size;
  if (size !== undefined && size > maxBytes) throw tooLarge(filename, size, maxBytes, '');
}

function tooLarge(filename: string, size: number, maxBytes: number, qualifier: string) {
  return ValidationError.of(
    'file',
    filename,
    `"${filename}" is ${qualifier}${size} bytes, more than the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes); send a smaller file`,
  );
}

async function exists(path: string): Promise<boolean> {
  return (await statOrNull(path)) !== null;
}
