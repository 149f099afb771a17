import { ValidationError } from '../errors.js';
import { decodeGlobalId } from '../graphql/global-id.js';
import { RECORD_SOURCES, type RecordType } from './record-sources.js';

/**
 * Decodes the global id of a record of `recordType` into its uuid. Raises ValidationError naming
 * `field` when the id is malformed or belongs to another type.
 */
export function decodeRecordId(recordType: RecordType, value: string, field = 'recordId'): string {
  const typenames = RECORD_SOURCES[recordType].map((source) => source.typename);
  if (typenames.length === 0) {
    throw ValidationError.of(
      'recordType',
      recordType,
      `this server stores no ${recordType} records yet; use PARTNER, OPPORTUNITY, TASK or EMAIL`,
    );
  }

  for (const typename of typenames) {
    const id = decodeGlobalId(value, typename);
    if (id) return id;
  }

  throw ValidationError.of(
    field,
    value,
    `must be the id of a ${typenames.join(' or ')} to match recordType ${recordType}, as its id field returns it`,
  );
}
