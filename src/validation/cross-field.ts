import type { z } from 'zod';

/**
 * Options for an object refinement that compares `fields`: it runs unless one of them already
 * has an issue. By default zod skips every refinement of an object once any field failed a
 * transform, such as a malformed id, and the cross-field problems would then go unreported.
 */
export function whenFieldsValid(...fields: string[]) {
  return {
    when: (payload: z.core.ParsePayload) =>
      !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
  };
}
