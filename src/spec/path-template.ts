/**
 * Path templates (`/guest-connections/{guest_org_id}`), split once: the one place that reads a
 * template's parameters, for the generator (the table's parameter order), the client (URLs) and
 * the mocks' router (matching a path).
 */

const compiled = new Map<string, readonly string[]>();

/** A template split into literal pieces and parameter names, alternating: `/a/{x}/b` → `["/a/", "x", "/b"]`. */
export function templatePieces(template: string): readonly string[] {
  let found = compiled.get(template);
  if (!found) {
    found = template.split(/\{([^}]+)\}/);
    compiled.set(template, found);
  }
  return found;
}

/** The path parameter names of a template, in order: `/a/{x}/b/{y}` → `["x", "y"]`. */
export const pathParameterNames = (template: string): string[] => templatePieces(template).filter((_, index) => index % 2 === 1);
