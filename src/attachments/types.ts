/**
 * Attachments and dossiers: the File upload scalar, the Attachment, StoredFile and Dossier types
 * with their queries and mutations. Importing this module registers all of them on the builder.
 */
import './upload-scalar.js';
import './attachment-operations.js';
import './dossier-operations.js';
import './dossier-fields.js';

export { AttachedRecordUnion, AttachmentRef, StoredFileRef } from './attachment-node.js';
export { DossierRef } from './dossier-node.js';
export { useFileDownloads } from './download-route.js';
