import type { FieldIssue } from '../errors.js';
import { displayValue, ValidationError } from '../errors.js';
import { decodeGlobalId } from '../graphql/global-id.js';
import { RECORD_SOURCES, type RecordType } from './record-sources.js';

/** A decoded record id, or the issue of the argument that made it undecodable. */
export type ParsedRecordId = { id: string } | { issue: FieldIssue };

/**
 * Decodes the global id of a record of `recordType` into its uuid, or returns the issue of
 * `recordType` (a type with no records) or of `field` (a malformed id or one of another type).
 */
export function parseRecordId(
  recordType: RecordType,
  value: string,
  field = 'recordId',
): ParsedRecordId {
  const typenames = RECORD_SOURCES[recordType].map((source) => source.typename);
  if (typenames.length === 0) {
    const message = `this server stores no ${recordType} records yet; use PARTNER, OPPORTUNITY, TASK or EMAIL`;

    return { issue: { field: 'recordType', value: recordType, message } };
  }

  for (const typename of typenames) {
    const id = decodeGlobalId(value, typename);
    if (id) return { id };
  }

  const message = `must be the id of a ${typenames.join(' or ')} to match recordType ${recordType}, as its id field returns it`;

  return { issue: { field, value: displayValue(value), message } };
}

/**
 * Decodes the global id of a record of `recordType` into its uuid. Raises ValidationError naming
 * `field` when the id is malformed or belongs to another type.
 */
export function decodeRecordId(recordType: RecordType, value: string, field = 'recordId'): string {
  const parsed = parseRecordId(recordType, value, field);
  if ('id' in parsed) return parsed.id;

  throw new ValidationError([parsed.issue]);
}
