/** A table cell of GitHub Markdown: one line, its pipes escaped. */
export const markdownCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
