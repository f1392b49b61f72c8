/**
 * Text from AWS without its closing punctuation, so the sentence it is quoted in can end it once:
 * "…could not be indexed." quoted as "…could not be indexed. Set …", never "indexed.. Set".
 */
export function clause(text: string): string {
  return text.trim().replace(/[\s.!?]+$/, '');
}

/** "sync job" -> "Sync job", for a term that starts a sentence. */
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
