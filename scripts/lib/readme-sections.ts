/**
 * The README's generated sections: each sits between a start and an end marker, and
 * `npm run generate` rewrites what lies between them (`npm run check:generated` fails when it is
 * stale). Everything outside the markers is hand-written.
 */

export interface ReadmeSection {
  start: string;
  end: string;
}

export const SCENARIOS_SECTION: ReadmeSection = { start: "<!-- scenarios:start (written by npm run generate) -->", end: "<!-- scenarios:end -->" };
export const OPERATIONS_SECTION: ReadmeSection = { start: "<!-- operations:start (written by npm run generate) -->", end: "<!-- operations:end -->" };

/** The README with one section replaced by `content`; throws when its markers are missing. */
export function withSection(readme: string, section: ReadmeSection, content: string): string {
  const start = readme.indexOf(section.start);
  const end = readme.indexOf(section.end);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${section.start} and ${section.end}`);
  return `${readme.slice(0, start + section.start.length)}\n${content}${readme.slice(end)}`;
}

/** What the README holds between a section's markers, or `undefined` when they are missing. */
export function sectionOf(readme: string, section: ReadmeSection): string | undefined {
  const start = readme.indexOf(section.start);
  const end = readme.indexOf(section.end);
  return start < 0 || end < start ? undefined : readme.slice(start + section.start.length + 1, end);
}
