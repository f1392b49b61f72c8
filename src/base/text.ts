/**
 * Text from AWS without its closing punctuation, so the sentence it is quoted in can end it once:
 * "…could not be indexed." quoted as "…could not be indexed. Set …", never "indexed.. Set".
 */
export function clause(text: string): string {
  return text.trim().replace(/[\s.!?]+$/, '');
}

/** "sync job" -> "Sync job", for a term that starts a sentence. */
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Characters of a passage kept for a summary: enough to recognise it. */
const EXCERPT_CHARS = 200;

/** The start of a passage on one line, for a summary. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** Text safe in the job summary's HTML, table cells included (a pipe would split a cell). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'|]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '|': '&#124;' })[c] ??
      c,
  );
}
