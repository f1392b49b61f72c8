/**
 * Text from AWS without its closing punctuation, so the sentence it is quoted in can end it once:
 * "…could not be indexed." quoted as "…could not be indexed. Set …", never "indexed.. Set".
 */
export function clause(text: string): string {
  return text.trim().replace(/[\s.!?]+$/, '');
}
