/**
 * The generated sections of the docs: each sits in one page between a start and an end marker,
 * and `npm run generate` rewrites what lies between them (`npm run check:generated` fails when it
 * is stale). Everything outside the markers is hand-written.
 */

export interface DocSection {
  /** The page that holds the section, relative to the repository root. */
  file: string;
  start: string;
  end: string;
}

export const OPERATIONS_SECTION: DocSection = {
  file: "docs/client.md",
  start: "<!-- operations:start (written by npm run generate) -->",
  end: "<!-- operations:end -->",
};
export const SCENARIOS_SECTION: DocSection = {
  file: "docs/mock-server.md",
  start: "<!-- scenarios:start (written by npm run generate) -->",
  end: "<!-- scenarios:end -->",
};

/** The page with one section replaced by `content`; throws when its markers are missing. */
export function withSection(page: string, section: DocSection, content: string): string {
  const start = page.indexOf(section.start);
  const end = page.indexOf(section.end);
  if (start < 0 || end < start) throw new Error(`${section.file} needs the markers ${section.start} and ${section.end}`);
  return `${page.slice(0, start + section.start.length)}\n${content}${page.slice(end)}`;
}

/** What a page holds between a section's markers, or `undefined` when they are missing. */
export function sectionOf(page: string, section: DocSection): string | undefined {
  const start = page.indexOf(section.start);
  const end = page.indexOf(section.end);
  return start < 0 || end < start ? undefined : page.slice(start + section.start.length + 1, end);
}
