import { join } from 'node:path';

export {
  createFileStore,
  DEFAULT_MAX_FILE_BYTES,
  type FileRow,
  type FileStore,
  type FileStoreOptions,
  type OpenedFile,
  type StoreFileInput,
} from './file-store.js';
export type { BlobLike, FileContent } from './blob-folder.js';
export { toStoredContentType, toStoredFilename } from './file-metadata.js';
export { attach, type AttachInput, type AttachmentRow } from './attach.js';
export { RECORD_TYPES, type RecordType } from './record-sources.js';
export { findRecords, type RecordRef, type RecordSummary } from './records.js';

/** Returns the store folder inside a data folder: `DATA_DIR/files`. */
export function fileStoreRoot(dataDir: string): string {
  return join(dataDir, 'files');
}
